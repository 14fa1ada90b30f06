package kernel

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// history answers history_request: "tail" (the last n cells), "range"
// (cells start..stop of a session) and "search" (a glob pattern, * and ?),
// with or without outputs.
func history(k *Kernel, r *request) {
	var req struct {
		Output         bool   `json:"output"`
		HistAccessType string `json:"hist_access_type"`
		Session        int    `json:"session"`
		Start          int    `json:"start"`
		Stop           int    `json:"stop"`
		N              int    `json:"n"`
		Pattern        string `json:"pattern"`
		Unique         bool   `json:"unique"`
	}
	if err := r.content(&req); err != nil {
		k.reply(r, "history_reply", errorContent("BadRequest", err.Error(), nil, 0))
		return
	}
	var entries []histEntry
	switch req.HistAccessType {
	case "tail":
		entries = k.hist.tail(req.N)
	case "range":
		entries = k.hist.between(req.Session, req.Start, req.Stop)
	case "search":
		entries = k.hist.search(req.Pattern, req.N, req.Unique)
	}
	out := make([]any, 0, len(entries))
	for _, e := range entries {
		if req.Output {
			out = append(out, []any{e.Session, e.Line, []any{e.Input, e.Output}})
		} else {
			out = append(out, []any{e.Session, e.Line, e.Input})
		}
	}
	k.reply(r, "history_reply", map[string]any{"status": "ok", "history": out})
}

// histEntry is one executed cell.
type histEntry struct {
	Session int    `json:"session"`
	Line    int    `json:"line"`
	Input   string `json:"input"`
	Output  string `json:"output,omitempty"`
}

// historyStore keeps executed cells in memory and, when it has a file, in
// a JSON-lines file shared by all sessions (so jupyter console's history
// survives restarts). Sessions are numbered on from the file's last one.
// The file is read in the background: it only grows (20,000 cells with
// outputs are ≈ 20 MB, 150–350 ms to parse), and kernel_info must not wait
// for it. Every method but close waits until it is read.
type historyStore struct {
	loaded  chan struct{} // closed once the file has been read
	mu      sync.Mutex
	file    string
	f       *os.File // opened on the first add
	session int
	entries []histEntry
}

const historyKeep = 10000

func openHistory(file string) *historyStore {
	h := &historyStore{file: file, session: 1, loaded: make(chan struct{})}
	if file == "" {
		close(h.loaded)
		return h
	}
	go h.load()
	return h
}

// load reads the history file.
func (h *historyStore) load() {
	defer close(h.loaded)
	f, err := os.Open(h.file)
	if err != nil {
		return
	}
	defer f.Close()
	var entries []histEntry
	session := 1
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e histEntry
		if json.Unmarshal(sc.Bytes(), &e) == nil {
			entries = append(entries, e)
			if e.Session >= session {
				session = e.Session + 1
			}
			if len(entries) > 2*historyKeep {
				entries = append(entries[:0:0], entries[len(entries)-historyKeep:]...)
			}
		}
	}
	if len(entries) > historyKeep {
		entries = entries[len(entries)-historyKeep:]
	}
	h.mu.Lock()
	h.entries, h.session = entries, session
	h.mu.Unlock()
}

// lock waits for the file to be read, then locks the store.
func (h *historyStore) lock() {
	<-h.loaded
	h.mu.Lock()
}

func (h *historyStore) add(line int, input, output string) {
	if h == nil {
		return
	}
	h.lock()
	defer h.mu.Unlock()
	e := histEntry{Session: h.session, Line: line, Input: input, Output: output}
	h.entries = append(h.entries, e)
	if h.file == "" {
		return
	}
	if h.f == nil {
		if err := os.MkdirAll(filepath.Dir(h.file), 0o755); err != nil {
			h.file = ""
			return
		}
		f, err := os.OpenFile(h.file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			h.file = ""
			return
		}
		h.f = f
	}
	b, _ := json.Marshal(e)
	h.f.Write(append(b, '\n'))
}

func (h *historyStore) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.f != nil {
		h.f.Close()
		h.f = nil
	}
}

func (h *historyStore) tail(n int) []histEntry {
	h.lock()
	defer h.mu.Unlock()
	if n <= 0 || n > len(h.entries) {
		n = len(h.entries)
	}
	return append([]histEntry(nil), h.entries[len(h.entries)-n:]...)
}

// between returns cells start ≤ line < stop of session; a session ≤ 0
// counts back from the current one (0 is the current session).
func (h *historyStore) between(session, start, stop int) []histEntry {
	h.lock()
	defer h.mu.Unlock()
	if session <= 0 {
		session += h.session
	}
	var out []histEntry
	for _, e := range h.entries {
		if e.Session == session && e.Line >= start && (stop <= 0 || e.Line < stop) {
			out = append(out, e)
		}
	}
	return out
}

// search returns the last n cells (all when n ≤ 0) whose input matches the
// glob pattern, oldest first; unique keeps the last of equal inputs.
func (h *historyStore) search(pattern string, n int, unique bool) []histEntry {
	re, err := regexp.Compile("^(?s)" + globToRegexp(pattern) + "$")
	if err != nil {
		return nil
	}
	h.lock()
	defer h.mu.Unlock()
	var out []histEntry
	seen := map[string]bool{}
	for i := len(h.entries) - 1; i >= 0 && (n <= 0 || len(out) < n); i-- {
		e := h.entries[i]
		if !re.MatchString(e.Input) || (unique && seen[e.Input]) {
			continue
		}
		seen[e.Input] = true
		out = append(out, e)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func globToRegexp(glob string) string {
	var b strings.Builder
	for _, r := range glob {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	return b.String()
}
