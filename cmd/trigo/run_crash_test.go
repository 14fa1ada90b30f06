package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"trigo/kernel/notebook"
)

// writeNotebook writes a notebook of code cells (a "# " source is a
// markdown cell) as dir/name.
func writeNotebook(t *testing.T, dir, name string, sources ...string) {
	t.Helper()
	nb := notebook.New()
	for _, s := range sources {
		if md, ok := strings.CutPrefix(s, "# "); ok {
			nb.Cells = append(nb.Cells, notebook.NewMarkdown(md))
		} else {
			nb.Cells = append(nb.Cells, notebook.NewCode(s))
		}
	}
	if err := notebook.WriteFile(filepath.Join(dir, name), nb); err != nil {
		t.Fatal(err)
	}
}

// validNbformat checks path with nbformat.validate when python3 has
// nbformat (CI installs it); otherwise the Go reader's check must do.
func validNbformat(t *testing.T, path string) {
	t.Helper()
	py := "/usr/bin/python3"
	if exec.Command(py, "-c", "import nbformat").Run() != nil {
		t.Logf("no python3 nbformat: %s checked by the Go reader only", path)
		return
	}
	out, err := exec.Command(py, "-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path).CombinedOutput()
	if err != nil {
		t.Errorf("%s is not valid nbformat: %v\n%s", path, err, out)
	}
}

// A fatal error in a cell (here Go's "stack overflow" from unbounded
// recursion) kills the process running the cells; trigo run used to exit 2
// with Go's report and nothing naming the cell, and wrote no notebook. Now
// it names the cell with Go's reason, exits 1, and the notebook keeps the
// cells before it plus the death as the cell's error.
func TestRunNamesTheCellAFatalErrorKilled(t *testing.T) {
	dir := t.TempDir()
	writeNotebook(t, dir, "nb.ipynb",
		"import (\n\t\"fmt\"\n\t\"os\"\n)\nfmt.Println(\"hello\", os.Getenv(\"TRIGO_RUN_CHILD\") == \"\")",
		"# Then it recurses.",
		"func rec(n int) int { return rec(n+1) + 1 }\nrec(0)",
		"fmt.Println(\"never\")")
	t0 := time.Now()
	r := trigo(t, dir, "run", "nb.ipynb", "-o", "out.ipynb")
	took := time.Since(t0)
	if r.code != 1 {
		t.Errorf("exit status %d, want 1", r.code)
	}
	want := "the kernel process died while running cell 2 (In [2]: func rec(n int) int { return rec(n+1) + 1 }): "
	if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "fatal error: stack overflow") {
		t.Errorf("stderr does not name the cell and Go's reason (want %q and \"fatal error: stack overflow\"):\n%s", want, tail(r.stderr, 20))
	}
	if took > 30*time.Second {
		t.Errorf("took %v to die", took)
	}
	t.Logf("died and reported in %v", took.Round(time.Millisecond))

	path := filepath.Join(dir, "out.ipynb")
	nb, err := notebook.ReadFile(path)
	if err != nil {
		t.Fatalf("the notebook was not written: %v", err)
	}
	validNbformat(t, path)
	c0, c2, c3 := nb.Cells[0], nb.Cells[2], nb.Cells[3]
	if c0.Count != 1 || len(c0.Outputs) != 1 || c0.Outputs[0].Text != "hello true\n" {
		t.Errorf("cell 0 (completed, the child's environment variable unset): count %d, outputs %+v", c0.Count, c0.Outputs)
	}
	if c2.Count != 2 || len(c2.Outputs) != 1 || c2.Outputs[0].EName != "DeadKernelError" ||
		!strings.Contains(c2.Outputs[0].EValue, "stack overflow") {
		t.Errorf("cell 2: count %d, want 2 and one DeadKernelError naming the stack overflow; outputs %+v", c2.Count, c2.Outputs)
	}
	if c3.Count != 0 || len(c3.Outputs) != 0 {
		t.Errorf("cell 3 ran after the crash? count %d, outputs %+v", c3.Count, c3.Outputs)
	}
	if st := nb.Metadata["trigo"].(map[string]any)["status"]; st != "died" {
		t.Errorf("metadata.trigo.status %v, want died", st)
	}
}

// An unrecovered panic on a goroutine a cell started (a time.AfterFunc
// callback) is fatal too; the cell is named, in a notebook and a script
// (whose cell 0 is its import block).
func TestRunNamesTheCellOfAPanickingCallback(t *testing.T) {
	dir := t.TempDir()
	cell := "import \"time\"\ntime.AfterFunc(time.Millisecond, func() { panic(\"boom in a timer\") })\ntime.Sleep(5 * time.Second)"
	writeNotebook(t, dir, "nb.ipynb", "x := 1", cell)
	r := trigo(t, dir, "run", "nb.ipynb", "-o", "-", "-q")
	if r.code != 1 {
		t.Errorf("exit status %d, want 1", r.code)
	}
	want := `nb.ipynb: the kernel process died while running cell 1 (In [2]: import "time"): panic: boom in a timer`
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, tail(r.stderr, 20))
	}
	nb, err := notebook.Read([]byte(r.stdout)) // -o -: the notebook on stdout
	if err != nil {
		t.Fatalf("no notebook on stdout: %v", err)
	}
	if o := nb.Cells[1].Outputs; len(o) != 1 || o[0].EName != "DeadKernelError" {
		t.Errorf("cell 1's outputs %+v, want a DeadKernelError", o)
	}

	script := "package main\n\nimport \"fmt\"\n\n// %%\nfmt.Println(\"first\")\n\n// %%\n" + cell + "\n"
	if err := os.WriteFile(filepath.Join(dir, "s.go"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	r = trigo(t, dir, "run", "s.go")
	if r.code != 1 || r.stdout != "first\n" || !strings.Contains(r.stderr, `s.go: the kernel process died while running cell 2 (In [3]: import "time")`) ||
		!strings.Contains(r.stderr, "panic: boom in a timer") {
		t.Errorf("script: exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, tail(r.stderr, 20))
	}
}

// Ctrl-C still interrupts the running cell through the supervisor (the
// notebook is written, the cell fails with Interrupted), whether it
// reaches the whole process group, as from a terminal, or the supervisor
// alone; a second one kills the cells' process.
func TestRunInterruptThroughTheSupervisor(t *testing.T) {
	dir := t.TempDir()
	writeNotebook(t, dir, "nb.ipynb", "import \"time\"", "time.Sleep(60 * time.Second)", "1 + 1")
	run := func(group bool, interrupts int) (int, string) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, trigoBin, "run", "nb.ipynb", "-o", "out.ipynb", "-q")
		cmd.Dir = dir
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		var se bytes.Buffer
		cmd.Stderr = &se
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1500 * time.Millisecond) // into the sleeping cell
		for i := 0; i < interrupts; i++ {
			pid := cmd.Process.Pid
			if group {
				pid = -pid
			}
			syscall.Kill(pid, syscall.SIGINT)
			time.Sleep(100 * time.Millisecond)
		}
		cmd.Wait()
		return cmd.ProcessState.ExitCode(), se.String()
	}
	for _, group := range []bool{true, false} {
		code, stderr := run(group, 1)
		if code != 1 || !strings.Contains(stderr, `cell 1 (In [2]: time.Sleep(60 * time.Second)) failed: Interrupted`) {
			t.Errorf("one interrupt (to the group: %v): exit %d, stderr:\n%s", group, code, stderr)
		}
	}
	code, stderr := run(false, 2)
	if code != 1 || !strings.Contains(stderr, "died while running cell 1 (In [2]: time.Sleep(60 * time.Second)): killed after a second interrupt") {
		t.Errorf("two interrupts: exit %d, stderr:\n%s", code, stderr)
	}
}

// tail is the last n lines of s (Go's reports run to thousands).
func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
