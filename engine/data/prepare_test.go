package data

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Tiny inputs and bad fractions are errors, never a panic (a 1-byte file
// panicked in SplitPoint; NaN passed the range check).
func TestPrepareRejectsTinyInputsAndBadFractions(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{1, 2, 3} {
		p := filepath.Join(dir, "tiny.txt")
		os.WriteFile(p, []byte(strings.Repeat("a", size)), 0o644)
		if _, err := Prepare([]string{p}, filepath.Join(dir, "out"), 0.1); err == nil || !strings.Contains(err.Error(), "too small") {
			t.Errorf("%d-byte input: %v, want a too-small error", size, err)
		}
	}
	p := filepath.Join(dir, "ok.txt")
	os.WriteFile(p, []byte(strings.Repeat("some text\n", 100)), 0o644)
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, 1, -0.5, 1.5} {
		if _, err := Prepare([]string{p}, filepath.Join(dir, "out"), f); err == nil || !strings.Contains(err.Error(), "valid fraction") {
			t.Errorf("valid fraction %v: %v", f, err)
		}
	}
	for n := 0; n < 8; n++ {
		b := []byte(strings.Repeat("x\n", n))[:n]
		if c := SplitPoint(b, 0.5); c < 0 || c > n {
			t.Errorf("SplitPoint of %d bytes = %d", n, c)
		}
	}
}

// Devices, pipes and folders are refused by name before anything is read
// (/dev/zero used to be read forever).
func TestPrepareRefusesNonRegularFiles(t *testing.T) {
	dir := t.TempDir()
	inputs := []string{dir}
	if runtime.GOOS != "windows" {
		inputs = append(inputs, "/dev/zero")
	}
	for _, in := range inputs {
		done := make(chan error, 1)
		go func() { _, err := Prepare([]string{in}, filepath.Join(dir, "out"), 0.1); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), in) || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("%s: %v", in, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: Prepare still reading after 10 s", in)
		}
	}
}

// CheckWritable finds an unwritable destination before any work is done.
func TestCheckWritable(t *testing.T) {
	dir := t.TempDir()
	if err := CheckWritable(filepath.Join(dir, "ok.bin")); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("probe left %d files", len(ents))
	}
	if err := CheckWritable(filepath.Join(dir, "missing", "x.bin")); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing folder: %v", err)
	}
	if runtime.GOOS != "windows" && os.Geteuid() != 0 {
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		if err := CheckWritable(filepath.Join(ro, "x.bin")); err == nil || !strings.Contains(err.Error(), "cannot write") {
			t.Errorf("read-only folder: %v", err)
		}
	}
	if err := CheckWritable(dir); err == nil {
		t.Error("a folder as the target was accepted")
	}
}
