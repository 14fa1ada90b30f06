package wire

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func sample(t testing.TB, s *Signer) [][]byte {
	m := &Message{
		Identities: [][]byte{[]byte("peer-1")},
		Header:     NewHeader("execute_request", "sess", "me"),
		Metadata:   json.RawMessage(`{}`),
		Content:    json.RawMessage(`{"code":"1+1","silent":false}`),
	}
	frames, err := Encode(m, s)
	if err != nil {
		t.Fatal(err)
	}
	return frames
}

func TestRoundTrip(t *testing.T) {
	s := NewSigner([]byte("secret"))
	frames := sample(t, s)
	m, err := Decode(frames, s)
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.MsgType != "execute_request" || string(m.Identities[0]) != "peer-1" || string(m.ParentHeader) != "{}" {
		t.Errorf("decoded %+v", m)
	}
	again, _ := Encode(m, s)
	for i := range frames {
		if !bytes.Equal(frames[i], again[i]) {
			t.Errorf("frame %d changed: %q → %q", i, frames[i], again[i])
		}
	}
}

func TestForgedMessagesRejected(t *testing.T) {
	s := NewSigner([]byte("secret"))
	frames := sample(t, s)
	// Tampered content.
	bad := append([][]byte(nil), frames...)
	bad[6] = []byte(`{"code":"os.RemoveAll(\"/\")"}`)
	if _, err := Decode(bad, s); err != ErrSignature {
		t.Errorf("tampered content: %v", err)
	}
	// Signed with another key.
	if _, err := Decode(sample(t, NewSigner([]byte("other"))), s); err != ErrSignature {
		t.Errorf("wrong key: %v", err)
	}
	// No signature at all.
	bad = append([][]byte(nil), frames...)
	bad[2] = nil
	if _, err := Decode(bad, s); err != ErrSignature {
		t.Errorf("unsigned: %v", err)
	}
	// Structure.
	if _, err := Decode(frames[:5], s); err != ErrShort {
		t.Errorf("short: %v", err)
	}
	if _, err := Decode([][]byte{[]byte("x")}, s); err != ErrNoDelimiter {
		t.Errorf("no delimiter: %v", err)
	}
}

func TestUnsignedWhenNoKey(t *testing.T) {
	frames := sample(t, NewSigner(nil))
	if len(frames[2]) != 0 {
		t.Errorf("signature %q with empty key", frames[2])
	}
	if _, err := Decode(frames, NewSigner(nil)); err != nil {
		t.Error(err)
	}
}

func TestConnectionFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "k.json")
	os.WriteFile(p, []byte(`{"shell_port": 5, "iopub_port": 6, "stdin_port": 7, "control_port": 8, "hb_port": 9,
		"ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "trigo"}`), 0o600)
	c, err := ReadConnection(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr(c.ShellPort) != "tcp://127.0.0.1:5" || c.Key != "k" {
		t.Errorf("%+v", c)
	}
}

// FuzzDecode feeds the decoder arbitrary frames: it must never panic, and
// whatever it accepts must survive a re-encode and decode unchanged.
func FuzzDecode(f *testing.F) {
	s := NewSigner([]byte("fuzz-key"))
	join := func(frames [][]byte) []byte { return bytes.Join(frames, []byte{0}) }
	f.Add(join(sample(f, s)))
	f.Add(join(sample(f, NewSigner([]byte("other")))))
	f.Add([]byte("<IDS|MSG>\x00\x00{}\x00{}\x00{}\x00{}"))
	f.Add([]byte("id\x00<IDS|MSG>\x00sig\x00{\"msg_type\":1}\x00[]\x00null\x00{}\x00buf"))
	f.Fuzz(func(t *testing.T, data []byte) {
		frames := bytes.Split(data, []byte{0})
		for _, signer := range []*Signer{s, NewSigner(nil)} {
			m, err := Decode(frames, signer)
			if err != nil {
				continue
			}
			out, err := Encode(m, signer)
			if err != nil {
				t.Fatalf("re-encode: %v", err)
			}
			m2, err := Decode(out, signer)
			if err != nil {
				t.Fatalf("re-decode: %v", err)
			}
			if m2.Header != m.Header || !bytes.Equal(m2.Content, m.Content) || len(m2.Buffers) != len(m.Buffers) {
				t.Fatalf("round trip changed the message")
			}
		}
	})
}
