// Package atomicfile writes files so that readers never see a partial one:
// the bytes go to a temporary file in the target's folder (a rename is
// atomic only within one file system), are synced to disk, and the file
// is renamed over the target. It is the one writer behind checkpoints,
// packed models, data folders, results files and notebooks.
//
// A temporary file is named .NAME.tmp-PID-RANDOM: the random part lets
// concurrent writers of one target never share a temporary, and the PID
// lets the next writer recognise what a killed one left behind.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// WriteFile writes data to a temporary file beside path, syncs it, and
// renames it over path (mode 0644). It first removes the temporaries that
// killed writers of path left behind (RemoveStale). Errors name path and
// wrap the cause, so errors.Is sees e.g. fs.ErrNotExist for a missing
// folder.
func WriteFile(path string, data []byte) error {
	RemoveStale(path)
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPrefix(path)+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
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
		return fmt.Errorf("writing %s: %w", path, werr)
	}
	return nil
}

// StaleAge is the age past which any temporary file of a target is stale,
// whatever its PID says (PIDs get reused): one write never takes this long.
const StaleAge = time.Hour

func tempPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }

// RemoveStale removes the temporary files that writers of path killed
// mid-write left beside it: those whose writer's PID is no longer running,
// and any older than StaleAge (including the .NAME.tmpDIGITS files of
// earlier versions). It returns the names removed; errors are ignored, as
// a leftover costs only disk space.
func RemoveStale(path string) []string {
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
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > StaleAge {
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

// CheckWritable checks, before a long job, that WriteFile will be able to
// write path: it removes stale temporary files of path (RemoveStale), then
// creates and removes a temporary file beside it. The folder must exist,
// and path must not be a folder.
func CheckWritable(path string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("cannot write %s: it is a folder", path)
	}
	RemoveStale(path)
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPrefix(path)+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		// The path error would repeat the temporary's random name; the
		// cause and the folder say what is wrong.
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot write %s: %w in %s", path, err, filepath.Dir(path))
	}
	name := tmp.Name()
	tmp.Close()
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}
