package data

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"trigo/internal/atomicfile"
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
// newline. Both files are written atomically. Inputs must be regular
// files (a device such as /dev/zero would never end).
func Prepare(inputs []string, outDir string, validFrac float64) (PrepareInfo, error) {
	var info PrepareInfo
	if len(inputs) == 0 {
		return info, fmt.Errorf("data: prepare needs at least one input file")
	}
	if !(validFrac > 0 && validFrac < 1) { // NaN fails too
		return info, fmt.Errorf("data: valid fraction %g must be in (0, 1)", validFrac)
	}
	var train, valid bytes.Buffer
	for _, in := range inputs {
		b, err := readRegular(in)
		if err != nil {
			return info, err
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
		return info, fmt.Errorf("data: %w", err)
	}
	for name, buf := range map[string]*bytes.Buffer{"train.bin": &train, "valid.bin": &valid} {
		if err := WriteFileAtomic(filepath.Join(outDir, name), buf.Bytes()); err != nil {
			return info, err
		}
	}
	info.TrainBytes, info.ValidBytes = train.Len(), valid.Len()
	return info, nil
}

// readRegular reads a regular file whole. Devices, pipes and folders are
// refused before reading; a file that grows while read is cut at the size
// it had when opened.
func readRegular(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("data: input %s is not a regular file (%v): give text files", path, st.Mode().Type())
	}
	b, err := io.ReadAll(io.LimitReader(f, st.Size()))
	if err != nil {
		return nil, fmt.Errorf("data: reading %s: %w", path, err)
	}
	return b, nil
}

// SplitPoint returns where the last frac of b starts, moved forward to the
// start of a paragraph (after a blank line) or else of a line when one
// lies within 4 KiB. Inputs under 2 bytes go wholly before the cut.
func SplitPoint(b []byte, frac float64) int {
	if len(b) < 2 {
		return len(b)
	}
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
// and renames it over path, so readers never see a partial file. The
// temporary file is named .NAME.tmp-PID-RANDOM; a writer killed mid-write
// leaves it behind, and the next write of path removes such leftovers
// (see RemoveStaleTemps). Errors wrap the cause (errors.Is works).
func WriteFileAtomic(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	return nil
}

// StaleTempAge (one hour) is the age past which any temporary file of a
// target is stale, whatever its PID says (PIDs get reused): one write
// never takes this long.
const StaleTempAge = atomicfile.StaleAge

// RemoveStaleTemps removes the temporary files that writers of path killed
// mid-write left beside it: those whose writer's PID is no longer running,
// and any older than StaleTempAge (including the .NAME.tmpDIGITS files of
// earlier versions). It returns the names removed; errors are ignored, as
// a leftover costs only disk space.
func RemoveStaleTemps(path string) []string { return atomicfile.RemoveStale(path) }

// CheckWritable checks, before a long job, that WriteFileAtomic will be
// able to write path: it removes stale temporary files of path
// (RemoveStaleTemps), then creates and removes a temporary file beside it.
// The folder must exist, and path must not be a folder.
func CheckWritable(path string) error {
	if err := atomicfile.CheckWritable(path); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	return nil
}
