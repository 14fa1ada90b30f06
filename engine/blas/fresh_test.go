package blas

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestKernelAsmFresh regenerates kernel_amd64.s with gen_kernels.go (the
// `go generate ./engine/blas` step) into a temporary folder and fails when
// the committed file differs: a generator edit without regeneration, or a
// hand edit of the generated assembly, would otherwise go unnoticed on
// machines whose CPU takes another kernel path.
func TestKernelAsmFresh(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to regenerate kernel_amd64.s: %v", err)
	}
	gen, err := filepath.Abs("gen_kernels.go")
	if err != nil {
		t.Fatal(err)
	}
	// The generator writes kernel_amd64.s into its working directory.
	tmp := t.TempDir()
	cmd := exec.Command(gobin, "run", gen)
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run gen_kernels.go: %v\n%s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(tmp, "kernel_amd64.s"))
	if err != nil {
		t.Fatalf("gen_kernels.go wrote no kernel_amd64.s: %v", err)
	}
	committed, err := os.ReadFile("kernel_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, committed) {
		t.Fatalf("kernel_amd64.s is stale: %s; run `go generate ./engine/blas` and commit the result", firstDiff(committed, got))
	}
}

// firstDiff names the first line where the committed file and the
// regenerated one differ.
func firstDiff(committed, regenerated []byte) string {
	a := bytes.Split(committed, []byte("\n"))
	b := bytes.Split(regenerated, []byte("\n"))
	for i := 0; i < len(a) || i < len(b); i++ {
		var la, lb []byte
		if i < len(a) {
			la = a[i]
		}
		if i < len(b) {
			lb = b[i]
		}
		if !bytes.Equal(la, lb) || (i < len(a)) != (i < len(b)) {
			return fmt.Sprintf("line %d is %q, the generator writes %q (%d vs %d lines)", i+1, la, lb, len(a), len(b))
		}
	}
	return "same lines, different bytes"
}
