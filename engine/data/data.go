// Package data reads and writes the training data folders (train.bin and
// valid.bin: raw bytes, one stream each), samples training batches with a
// seedable generator whose state can be saved, and cuts the fixed windows
// validation uses.
package data

import (
	"fmt"
	"os"
	"path/filepath"
)

// Dataset is a data folder loaded in memory.
type Dataset struct {
	// Dir is the folder the dataset came from.
	Dir string
	// Train and Valid are the raw byte streams.
	Train, Valid []byte
}

// MinBytes is the smallest stream Load accepts: one window of two bytes.
const MinBytes = 2

// Load reads dir/train.bin and dir/valid.bin.
func Load(dir string) (*Dataset, error) {
	d := &Dataset{Dir: dir}
	for _, f := range []struct {
		name string
		dst  *[]byte
	}{{"train.bin", &d.Train}, {"valid.bin", &d.Valid}} {
		path := filepath.Join(dir, f.name)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("data: %w (a data folder holds train.bin and valid.bin; make one with 'trigo prepare')", err)
		}
		if len(b) < MinBytes {
			return nil, fmt.Errorf("data: %s: %d bytes is too short to train on", path, len(b))
		}
		*f.dst = b
	}
	return d, nil
}

// Describe is a short description for checkpoint metadata.
func (d *Dataset) Describe() string {
	return fmt.Sprintf("%s (train %d bytes, valid %d bytes)", filepath.ToSlash(d.Dir), len(d.Train), len(d.Valid))
}

// CheckWindow returns an error when stream cannot hold one window of T
// inputs plus the next-byte target.
func CheckWindow(name string, stream []byte, T int) error {
	if T <= 0 {
		return fmt.Errorf("data: sequence length %d must be positive", T)
	}
	if len(stream) < T+1 {
		return fmt.Errorf("data: %s has %d bytes, fewer than one window of seq-len %d + 1", name, len(stream), T)
	}
	return nil
}
