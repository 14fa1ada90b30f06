package gen

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"trigo/engine/ternary"
)

// A missing checkpoint is fs.ErrNotExist to errors.Is, for the float and
// the packed loaders alike, and the message still names the file.
func TestMissingCheckpointIsErrNotExist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.safetensors")
	_, err := Load(path)
	if !errors.Is(err, fs.ErrNotExist) || err.Error() != "gen: checkpoint "+path+" does not exist" {
		t.Errorf("gen.Load: %v (errors.Is ErrNotExist %v)", err, errors.Is(err, fs.ErrNotExist))
	}
	_, err = ternary.Load(path)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Errorf("ternary.Load: %v (errors.Is ErrNotExist %v)", err, errors.Is(err, fs.ErrNotExist))
	}
}
