package stdlib

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// TestSymbolsFresh regenerates every table listed in generate.go into a
// temporary folder and fails when a committed file differs from it, is
// missing, or is left over from a package no longer listed.
func TestSymbolsFresh(t *testing.T) {
	if testing.Short() {
		t.Skip("regeneration builds yaegi; skipped with -short")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to regenerate the tables: %v", err)
	}
	// The temporary folder lives inside the module (so that yaegi extract
	// resolves trigo/... imports) under a dot name that go tooling ignores.
	tmp, err := os.MkdirTemp(".", ".fresh-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	yaegi := filepath.Join(t.TempDir(), "yaegi")
	build := exec.Command(gobin, "build", "-o", yaegi, "github.com/traefik/yaegi/cmd/yaegi")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building yaegi: %v\n%s", err, out)
	}

	lines, err := generateLines("generate.go")
	if err != nil {
		t.Fatal(err)
	}
	// Extractions are independent: run them side by side.
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var mu sync.Mutex
	var failures []string
	for _, line := range lines {
		fields := strings.Fields(line) // //go:generate go run CMD ARGS...
		var dir, name, want string
		var args []string
		switch {
		case len(fields) > 4 && fields[3] == "github.com/traefik/yaegi/cmd/yaegi":
			dir, name, args = tmp, yaegi, fields[4:]
			want = strings.NewReplacer("/", "-", ".", "_", "~", "_").Replace(fields[len(fields)-1]) + ".go"
		case len(fields) > 3 && fields[3] == "./internal/gendoc":
			dir, name, args = ".", gobin, append([]string{"run", "./internal/gendoc"}, fields[4:]...)
			for i, a := range args {
				if a == "-o" && i+1 < len(args) {
					want = args[i+1]
					args[i+1] = filepath.Join(tmp, args[i+1])
				}
			}
		default:
			t.Fatalf("unknown go:generate line %q", line)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			cmd := exec.Command(name, args...)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if _, statErr := os.Stat(filepath.Join(tmp, want)); err != nil || statErr != nil {
				mu.Lock()
				failures = append(failures, fmt.Sprintf("%s: produced no %s (%v)\n%s", line, want, err, out))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	if len(failures) > 0 {
		t.FailNow()
	}

	fresh, err := filepath.Glob(filepath.Join(tmp, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, f := range fresh {
		name := filepath.Base(f)
		want[name] = true
		a, _ := os.ReadFile(f)
		b, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%s is missing: run go generate ./stdlib", name)
			continue
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s is stale: run go generate ./stdlib", name)
		}
	}
	committed, _ := filepath.Glob("*.go")
	for _, name := range committed {
		if want[name] || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if b, _ := os.ReadFile(name); bytes.HasPrefix(b, []byte("// Code generated")) {
			t.Errorf("%s is generated but no go:generate line makes it any more: delete it", name)
		}
	}
	if len(fresh) == 0 {
		t.Fatal("nothing was generated")
	}
}

func generateLines(file string) ([]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); strings.HasPrefix(l, "//go:generate ") {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}

// TestSymbolsLoad checks that every generated table registered itself.
func TestSymbolsLoad(t *testing.T) {
	for _, path := range []string{"trigo/kernel/display/display", "trigo/engine/interrupt/interrupt"} {
		if len(Symbols[path]) == 0 {
			t.Errorf("no symbols for %s", path)
		}
	}
	if len(Docs["trigo/kernel/display"]) == 0 {
		t.Error("no docs for trigo/kernel/display")
	}
}
