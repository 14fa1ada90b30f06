package exec

import (
	"sync"
	"unicode/utf8"
)

// stream collects the bytes written to stdout or stderr and hands them on
// as text in chunks: when flushed (every FlushInterval while a cell runs,
// before a display or an input prompt, and at the end of a cell). A chunk
// never splits a UTF-8 character.
type stream struct {
	mu   sync.Mutex
	buf  []byte
	emit func(text string)
}

func (s *stream) Write(p []byte) (int, error) {
	s.mu.Lock()
	s.buf = append(s.buf, p...)
	s.mu.Unlock()
	return len(p), nil
}

// take removes and returns the complete characters buffered so far; with
// all it returns incomplete trailing bytes too.
func (s *stream) take(all bool) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.buf)
	if !all {
		n = completeUTF8(s.buf)
	}
	if n == 0 {
		return ""
	}
	out := string(s.buf[:n])
	s.buf = append(s.buf[:0], s.buf[n:]...)
	return out
}

// completeUTF8 is the length of the longest prefix of b that does not end
// inside a multi-byte character.
func completeUTF8(b []byte) int {
	n := len(b)
	for i := 1; i <= utf8.UTFMax && i <= n; i++ {
		c := b[n-i]
		if c < utf8.RuneSelf {
			return n // ASCII: nothing pending
		}
		if utf8.RuneStart(c) {
			if r, size := utf8.DecodeRune(b[n-i:]); r == utf8.RuneError && size <= 1 && i < utf8.UTFMax && !utf8.FullRune(b[n-i:]) {
				return n - i // the last character is cut
			}
			return n
		}
	}
	return n
}
