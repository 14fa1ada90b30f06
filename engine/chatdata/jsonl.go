package chatdata

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"trigo/internal/atomicfile"
)

// WriteJSONL writes one example per line as JSON:
//
//	{"kind":"facts","needs_facts":1,"turns":[{"role":"user","text":"…"},{"role":"assistant","text":"…"}]}
func WriteJSONL(w io.Writer, examples []Example) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i, e := range examples {
		if err := enc.Encode(e); err != nil {
			return fmt.Errorf("chatdata.WriteJSONL: example %d: %w", i, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("chatdata.WriteJSONL: %w", err)
	}
	return nil
}

// SaveJSONL writes examples to path with WriteJSONL, atomically (a synced
// temporary file renamed into place; internal/atomicfile).
func SaveJSONL(path string, examples []Example) error {
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, examples); err != nil {
		return fmt.Errorf("chatdata.SaveJSONL %s: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, buf.Bytes()); err != nil {
		return fmt.Errorf("chatdata.SaveJSONL: %w", err)
	}
	return nil
}

// ReadJSONL reads examples written by WriteJSONL. name labels errors
// ("name:LINE: …"); blank lines are skipped. Each example must have at
// least one turn, known roles, no newline in a text, and needs_facts 0
// or 1.
func ReadJSONL(r io.Reader, name string) ([]Example, error) {
	br := bufio.NewReader(r)
	var out []Example
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			var e Example
			if jerr := json.Unmarshal(b, &e); jerr != nil {
				return nil, fmt.Errorf("%s:%d: %v", name, line, jerr)
			}
			if len(e.Turns) == 0 {
				return nil, fmt.Errorf("%s:%d: example has no turns", name, line)
			}
			if e.NeedsFacts != 0 && e.NeedsFacts != 1 {
				return nil, fmt.Errorf("%s:%d: needs_facts = %d, want 0 or 1", name, line, e.NeedsFacts)
			}
			if _, _, rerr := Render(e.Turns); rerr != nil {
				return nil, fmt.Errorf("%s:%d: %v", name, line, rerr)
			}
			out = append(out, e)
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
}

// LoadJSONL reads a file written by SaveJSONL.
func LoadJSONL(path string) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("chatdata.LoadJSONL: %w", err)
	}
	defer f.Close()
	return ReadJSONL(f, path)
}
