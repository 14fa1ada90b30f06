package atomicfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// A temporary file a killed writer left (its PID is gone) is removed by the
// next write of the same target; one of a live process, and those of other
// targets, stay.
func TestWriteFileRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "run.safetensors")
	dead := deadPID(t)
	stale := filepath.Join(dir, tempPrefix(target)+itoa(dead)+"-12345")
	live := filepath.Join(dir, tempPrefix(target)+itoa(os.Getppid())+"-999")
	legacyOld := filepath.Join(dir, ".run.safetensors.tmp4242") // the old pattern, an hour old
	other := filepath.Join(dir, tempPrefix(filepath.Join(dir, "other.bin"))+itoa(dead)+"-1")
	for _, p := range []string{stale, live, legacyOld, other} {
		if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * StaleAge)
	os.Chtimes(legacyOld, old, old)
	if err := WriteFile(target, []byte("whole")); err != nil {
		t.Fatal(err)
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	if exists(stale) || exists(legacyOld) {
		t.Errorf("stale temporaries left: dead-PID %v, hour-old legacy %v", exists(stale), exists(legacyOld))
	}
	if !exists(live) || !exists(other) {
		t.Errorf("removed too much: live writer's temp %v, other target's %v", exists(live), exists(other))
	}
	// A writer's own temporary carries its PID, so the next one can tell.
	if !strings.HasPrefix(tempPrefix(target), ".run.safetensors.tmp-") {
		t.Errorf("temp prefix %q", tempPrefix(target))
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 3 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v", names)
	}
}

// deadPID returns the PID of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Skip(err)
	}
	return cmd.Process.Pid
}

func itoa(n int) string { return strconv.Itoa(n) }

// Concurrent writers of one target each use their own temporary, so every
// write succeeds and the target always holds one writer's whole bytes (a
// fixed temporary name made writers rename each other's files away).
func TestWriteFileConcurrentWriters(t *testing.T) {
	target := filepath.Join(t.TempDir(), "claim.md")
	var wg sync.WaitGroup
	errs := make(chan error, 8*20)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			text := bytes.Repeat([]byte{'a' + byte(w)}, 4096)
			for range 20 {
				if err := WriteFile(target, text); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4096 || !bytes.Equal(got, bytes.Repeat(got[:1], 4096)) {
		t.Errorf("target holds %d bytes, not one writer's 4096 equal ones", len(got))
	}
	ents, _ := os.ReadDir(filepath.Dir(target))
	if len(ents) != 1 {
		t.Errorf("folder holds %d entries, want the target alone", len(ents))
	}
}

// A write into a missing folder names the target and wraps the cause.
func TestWriteFileMissingFolder(t *testing.T) {
	target := filepath.Join(t.TempDir(), "missing", "x.bin")
	err := WriteFile(target, []byte("x"))
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), target) {
		t.Errorf("got %v, want an fs.ErrNotExist naming %s", err, target)
	}
	if err := CheckWritable(target); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("CheckWritable: got %v, want fs.ErrNotExist", err)
	}
}
