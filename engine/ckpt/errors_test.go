package ckpt

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Loader errors wrap their cause (%w), so callers can ask errors.Is for a
// missing file instead of matching text; the message still names the file.
func TestMissingCheckpointIsErrNotExist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.safetensors")
	_, err1 := ReadFile(path)
	_, _, err2 := Load(path)
	_, err3 := LoadModel(path)
	for i, err := range []error{err1, err2, err3} {
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("loader %d: errors.Is(%v, fs.ErrNotExist) is false", i+1, err)
		}
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("loader %d: error %v does not name %s", i+1, err, path)
		}
	}
}

// A corrupt header keeps the JSON decoder's error inside, for errors.As.
func TestCorruptHeaderWrapsJSONError(t *testing.T) {
	hdr := []byte(`{"__metadata__": nope}`)
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(hdr)))
	path := filepath.Join(t.TempDir(), "bad.safetensors")
	if err := os.WriteFile(path, append(b, hdr...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(path)
	var syn *json.SyntaxError
	if !errors.As(err, &syn) || !strings.Contains(err.Error(), "corrupt header JSON") {
		t.Errorf("got %v, want a corrupt-header error wrapping *json.SyntaxError", err)
	}
}
