package data

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// PrepareInfo describes what Prepare wrote.
type PrepareInfo struct {
	// TrainBytes and ValidBytes are the sizes of train.bin and valid.bin.
	TrainBytes, ValidBytes int
	// Files is the number of input files.
	Files int
}

// Prepare packs text files into outDir/train.bin and outDir/valid.bin. The
// last validFrac of each file (cut at a line break when there is one
// nearby) goes to valid.bin, the rest to train.bin; files are joined with a
// newline. Both files are written atomically.
func Prepare(inputs []string, outDir string, validFrac float64) (PrepareInfo, error) {
	var info PrepareInfo
	if len(inputs) == 0 {
		return info, fmt.Errorf("data: prepare needs at least one input file")
	}
	if validFrac <= 0 || validFrac >= 1 {
		return info, fmt.Errorf("data: valid fraction %g must be in (0, 1)", validFrac)
	}
	var train, valid bytes.Buffer
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil {
			return info, fmt.Errorf("data: %v", err)
		}
		if len(b) == 0 {
			continue
		}
		cut := SplitPoint(b, validFrac)
		appendDoc(&train, b[:cut])
		appendDoc(&valid, b[cut:])
		info.Files++
	}
	if train.Len() < MinBytes || valid.Len() < MinBytes {
		return info, fmt.Errorf("data: inputs too small: %d train and %d valid bytes", train.Len(), valid.Len())
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return info, fmt.Errorf("data: %v", err)
	}
	for name, buf := range map[string]*bytes.Buffer{"train.bin": &train, "valid.bin": &valid} {
		if err := WriteFileAtomic(filepath.Join(outDir, name), buf.Bytes()); err != nil {
			return info, err
		}
	}
	info.TrainBytes, info.ValidBytes = train.Len(), valid.Len()
	return info, nil
}

// SplitPoint returns where the last frac of b starts, moved forward to the
// start of a paragraph (after a blank line) or else of a line when one
// lies within 4 KiB.
func SplitPoint(b []byte, frac float64) int {
	cut := len(b) - int(float64(len(b))*frac)
	cut = max(1, min(cut, len(b)-1))
	window := b[cut:min(len(b)-1, cut+4096)]
	if i := bytes.Index(window, []byte("\n\n")); i >= 0 {
		return cut + i + 2
	}
	if i := bytes.IndexByte(window, '\n'); i >= 0 {
		cut += i + 1
	}
	return cut
}

func appendDoc(buf *bytes.Buffer, doc []byte) {
	if buf.Len() > 0 && !bytes.HasSuffix(buf.Bytes(), []byte("\n")) {
		buf.WriteByte('\n')
	}
	buf.Write(doc)
}

// WriteFileAtomic writes data to a temporary file beside path, syncs it,
// and renames it over path, so readers never see a partial file.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("data: %v", err)
	}
	werr := tmp.Chmod(0o644)
	if werr == nil {
		_, werr = tmp.Write(data)
	}
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("data: writing %s: %v", path, werr)
	}
	return nil
}
