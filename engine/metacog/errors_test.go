package metacog

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// LoadCheckpoint's missing file is fs.ErrNotExist to errors.Is and names
// the file.
func TestLoadCheckpointMissingIsErrNotExist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.safetensors")
	_, err := LoadCheckpoint(path)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Errorf("got %v, want an fs.ErrNotExist naming %s", err, path)
	}
}
