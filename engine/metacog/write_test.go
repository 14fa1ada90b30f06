package metacog

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Two reproductions writing one results file at once (e.g. `trigo
// reproduce all --write` beside a notebook) must both succeed and leave a
// whole file: a fixed temporary name (PATH.tmp) let one writer rename the
// other's temporary away, failing it with "no such file".
func TestWriteAtomicConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results", "claim_01_architecture.md")
	var wg sync.WaitGroup
	errs := make(chan error, 4*25)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			text := strings.Repeat(fmt.Sprintf("writer %d\n", w), 500)
			for range 25 {
				if err := WriteAtomic(path, text); err != nil {
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
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(got), "\n")
	if string(got) != strings.Repeat(first+"\n", 500) {
		t.Errorf("results file is not one writer's whole text (%d bytes)", len(got))
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Errorf("results folder holds %d entries, want the file alone", len(ents))
	}
}
