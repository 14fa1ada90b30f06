package data

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
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

// readRegular reads a regular file whole. Devices, pipes and folders are
// refused before reading; a file that grows while read is cut at the size
// it had when opened.
func readRegular(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("data: %v", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("data: %v", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("data: input %s is not a regular file (%v): give text files", path, st.Mode().Type())
	}
	b, err := io.ReadAll(io.LimitReader(f, st.Size()))
	if err != nil {
		return nil, fmt.Errorf("data: reading %s: %v", path, err)
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
// (see RemoveStaleTemps).
func WriteFileAtomic(path string, data []byte) error {
	RemoveStaleTemps(path)
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPrefix(path)+strconv.Itoa(os.Getpid())+"-*")
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

// StaleTempAge is the age past which any temporary file of a target is
// stale, whatever its PID says (PIDs get reused): one write never takes
// this long.
const StaleTempAge = time.Hour

func tempPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }

// RemoveStaleTemps removes the temporary files that writers of path killed
// mid-write left beside it: those whose writer's PID is no longer running,
// and any older than StaleTempAge (including the .NAME.tmpDIGITS files of
// earlier versions). It returns the names removed; errors are ignored, as
// a leftover costs only disk space.
func RemoveStaleTemps(path string) []string {
	dir, base := filepath.Dir(path), filepath.Base(path)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	prefix, legacy := tempPrefix(path), "."+base+".tmp"
	var removed []string
	for _, e := range ents {
		name := e.Name()
		if !strings.HasPrefix(name, legacy) || !e.Type().IsRegular() {
			continue
		}
		stale := false
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > StaleTempAge {
			stale = true
		} else if rest, ok := strings.CutPrefix(name, prefix); ok {
			pidStr, _, _ := strings.Cut(rest, "-")
			if pid, err := strconv.Atoi(pidStr); err == nil && pid > 0 && !processAlive(pid) {
				stale = true
			}
		}
		if stale && os.Remove(filepath.Join(dir, name)) == nil {
			removed = append(removed, name)
		}
	}
	return removed
}

// processAlive reports whether a process with this PID exists. Where that
// cannot be asked (Windows), every process counts as alive and only age
// makes a temporary file stale.
func processAlive(pid int) bool {
	if pid == os.Getpid() || runtime.GOOS == "windows" {
		return true
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// CheckWritable checks, before a long job, that WriteFileAtomic will be
// able to write path: it removes stale temporary files of path
// (RemoveStaleTemps), then creates and removes a temporary file beside it.
// The folder must exist, and path must not be a folder.
func CheckWritable(path string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("data: cannot write %s: it is a folder", path)
	}
	RemoveStaleTemps(path)
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPrefix(path)+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("data: cannot write %s: %v in %s", path, err, filepath.Dir(path))
	}
	name := tmp.Name()
	tmp.Close()
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("data: cannot write %s: %v", path, err)
	}
	return nil
}
