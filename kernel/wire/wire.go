// Package wire is the Jupyter messaging protocol's framing: the multipart
// ZeroMQ message with its identities, delimiter, HMAC signature and four
// JSON parts, and the connection file. It does no I/O.
package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"sync"
	"time"
)

// ProtocolVersion is the version of the messaging protocol spoken.
const ProtocolVersion = "5.3"

// Delimiter separates the routing identities from the message proper.
var Delimiter = []byte("<IDS|MSG>")

// Header is a message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one protocol message.
type Message struct {
	Identities [][]byte // ROUTER routing frames, echoed on replies
	Header     Header
	// RawHeader is the header as it arrived; replies use it verbatim as
	// their parent_header so that fields we do not model survive.
	RawHeader    json.RawMessage
	ParentHeader json.RawMessage // "{}" when there is none
	Metadata     json.RawMessage
	Content      json.RawMessage
	Buffers      [][]byte
}

// Signer signs and verifies messages with HMAC-SHA256 under the connection
// file's key. An empty key disables signing, as the protocol says.
type Signer struct {
	key  []byte
	pool sync.Pool
}

// NewSigner returns a Signer for key.
func NewSigner(key []byte) *Signer {
	s := &Signer{key: append([]byte(nil), key...)}
	s.pool.New = func() any { return hmac.New(sha256.New, s.key) }
	return s
}

// Sign returns the hex signature of the four JSON parts.
func (s *Signer) Sign(parts ...[]byte) []byte {
	if s == nil || len(s.key) == 0 {
		return nil
	}
	h := s.pool.Get().(hash.Hash)
	defer s.pool.Put(h)
	h.Reset()
	for _, p := range parts {
		h.Write(p)
	}
	sum := h.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// Verify reports whether sig is the signature of parts, in constant time.
func (s *Signer) Verify(sig []byte, parts ...[]byte) bool {
	if s == nil || len(s.key) == 0 {
		return true
	}
	return hmac.Equal(sig, s.Sign(parts...))
}

// Errors Decode returns.
var (
	ErrNoDelimiter = errors.New("wire: no <IDS|MSG> delimiter")
	ErrShort       = errors.New("wire: fewer than 5 frames after the delimiter")
	ErrSignature   = errors.New("wire: bad signature")
)

// Decode parses the frames of a message and checks its signature. A message
// whose signature does not verify is an error (the caller drops it).
func Decode(frames [][]byte, s *Signer) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], Delimiter) {
		i++
	}
	if i == len(frames) {
		return nil, ErrNoDelimiter
	}
	if len(frames)-i-1 < 5 {
		return nil, ErrShort
	}
	sig, header, parent, meta, content := frames[i+1], frames[i+2], frames[i+3], frames[i+4], frames[i+5]
	if !s.Verify(sig, header, parent, meta, content) {
		return nil, ErrSignature
	}
	m := &Message{
		Identities:   cloneFrames(frames[:i]),
		RawHeader:    clone(header),
		ParentHeader: clone(parent),
		Metadata:     clone(meta),
		Content:      clone(content),
		Buffers:      cloneFrames(frames[i+6:]),
	}
	if err := json.Unmarshal(header, &m.Header); err != nil {
		return nil, fmt.Errorf("wire: header: %w", err)
	}
	for _, part := range []struct {
		name string
		raw  *json.RawMessage
	}{{"parent_header", &m.ParentHeader}, {"metadata", &m.Metadata}, {"content", &m.Content}} {
		if !isObject(*part.raw) {
			return nil, fmt.Errorf("wire: %s is not a JSON object", part.name)
		}
	}
	if m.Header.MsgType == "" {
		return nil, errors.New("wire: header without msg_type")
	}
	return m, nil
}

// isObject reports whether raw is a JSON object.
func isObject(raw []byte) bool {
	t := bytes.TrimLeft(raw, " \t\r\n")
	return len(t) > 0 && t[0] == '{' && json.Valid(raw)
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

func cloneFrames(fs [][]byte) [][]byte {
	if len(fs) == 0 {
		return nil
	}
	out := make([][]byte, len(fs))
	for i, f := range fs {
		out[i] = clone(f)
	}
	return out
}

// Encode returns the frames of m, signed.
func Encode(m *Message, s *Signer) ([][]byte, error) {
	header := []byte(m.RawHeader)
	if len(header) == 0 {
		var err error
		if header, err = json.Marshal(m.Header); err != nil {
			return nil, err
		}
	}
	parent, meta, content := orEmpty(m.ParentHeader), orEmpty(m.Metadata), orEmpty(m.Content)
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, Delimiter, s.Sign(header, parent, meta, content), header, parent, meta, content)
	frames = append(frames, m.Buffers...)
	if frames[len(m.Identities)+1] == nil {
		frames[len(m.Identities)+1] = []byte{}
	}
	return frames, nil
}

func orEmpty(b json.RawMessage) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}

// NewHeader returns a header for a new message of msgType in session.
func NewHeader(msgType, session, username string) Header {
	return Header{
		MsgID:    NewID(),
		Session:  session,
		Username: username,
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// NewID returns a random UUID (version 4) as text.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// Reply builds a message of msgType answering req: same session and
// identities, req's header as parent.
func Reply(req *Message, msgType, session string, content any) (*Message, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return nil, err
	}
	return &Message{
		Identities:   req.Identities,
		Header:       NewHeader(msgType, session, req.Header.Username),
		ParentHeader: req.RawHeader,
		Metadata:     json.RawMessage("{}"),
		Content:      c,
	}, nil
}
