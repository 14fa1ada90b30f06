package kernel

import (
	"bytes"
	"sync"

	"trigo/kernel/wire"
)

// digestHistorySize is how many signatures the kernel remembers, as
// jupyter_client's Session (digest_history_size = 2^16).
const digestHistorySize = 1 << 16

// digestHistory rejects a signed message seen before: whoever can read a
// client's traffic could otherwise replay it (run a cell again) without
// the key. It forgets the oldest signature first once full.
type digestHistory struct {
	mu   sync.Mutex
	seen map[string]struct{}
	ring []string
	next int
}

func newDigestHistory(size int) *digestHistory {
	return &digestHistory{seen: make(map[string]struct{}, size), ring: make([]string, size)}
}

// fresh records sig and reports whether it was new.
func (h *digestHistory) fresh(sig []byte) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, dup := h.seen[string(sig)]; dup {
		return false
	}
	if old := h.ring[h.next]; old != "" {
		delete(h.seen, old)
	}
	s := string(sig)
	h.ring[h.next] = s
	h.next = (h.next + 1) % len(h.ring)
	h.seen[s] = struct{}{}
	return true
}

// signature is the signature frame of a message's frames (nil if none).
func signature(frames [][]byte) []byte {
	for i, f := range frames {
		if bytes.Equal(f, wire.Delimiter) && i+1 < len(frames) {
			return frames[i+1]
		}
	}
	return nil
}
