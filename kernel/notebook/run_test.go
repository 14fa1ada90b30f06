package notebook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func runTestdata(t *testing.T, name string, opts Options) (*Notebook, error) {
	t.Helper()
	nb, err := ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return nb, Run(ctx, nb, opts)
}

// cellBySource finds the code cell whose source starts with prefix.
func cellBySource(t *testing.T, nb *Notebook, prefix string) *Cell {
	t.Helper()
	for _, c := range nb.Cells {
		if c.Type == Code && strings.HasPrefix(c.Source, prefix) {
			return c
		}
	}
	t.Fatalf("no cell starts with %q", prefix)
	return nil
}

func TestRunNotebook(t *testing.T) {
	var log bytes.Buffer
	nb, err := runTestdata(t, "runner.ipynb", Options{
		Params: []Param{{"steps", "4"}, {"name", "trigo"}, {"lr", "1"}, {"verbose", "true"}, {"extra", "7"}},
		Log:    &log,
	})

	// The error cell stops the run and is named.
	var ce *CellError
	if !errors.As(err, &ce) {
		t.Fatalf("Run: got %v, want a *CellError", err)
	}
	if !strings.Contains(ce.Value, "out of range") || ce.FirstLine != "var xs []int" {
		t.Errorf("cell error: %+v", ce)
	}
	if !strings.Contains(err.Error(), "cell 10 (In [9]: var xs []int)") {
		t.Errorf("error message %q does not name the cell", err)
	}
	if !strings.Contains(log.String(), "extra") {
		t.Errorf("no warning about the undeclared parameter in the log:\n%s", log.String())
	}

	// The injected cell follows the parameters cell, typed by it.
	var at int
	for i, c := range nb.Cells {
		if c.HasTag(ParametersTag) {
			at = i
		}
	}
	inj := nb.Cells[at+1]
	if !inj.HasTag(InjectedTag) {
		t.Fatalf("cell after the parameters cell is not injected: %q", inj.Source)
	}
	for _, want := range []string{"steps = 4\n", `name = "trigo"`, "lr = 1\n", "verbose = true", "var extra = 7"} {
		if !strings.Contains(inj.Source, want) {
			t.Errorf("injected cell lacks %q:\n%s", want, inj.Source)
		}
	}

	// Streams, coalesced per name.
	c := cellBySource(t, nb, "fmt.Printf")
	if len(c.Outputs) != 1 || c.Outputs[0].Type != Stream || c.Outputs[0].Name != "stdout" ||
		c.Outputs[0].Text != "hello trigo, 4 steps, lr 1, verbose true\nsecond line\n" {
		t.Errorf("stream outputs: %+v", c.Outputs)
	}

	// Displays, an update in place from a later cell, and the result.
	c = cellBySource(t, nb, "display.Markdown")
	if len(c.Outputs) != 3 {
		t.Fatalf("display cell has %d outputs, want 3: %+v", len(c.Outputs), c.Outputs)
	}
	if o := c.Outputs[0]; o.Type != DisplayData || o.Data["text/markdown"] != "**bold**" {
		t.Errorf("markdown output: %+v", o)
	}
	if o := c.Outputs[1]; o.Type != DisplayData || o.Data["text/plain"] != "updated from a later cell" {
		t.Errorf("handle output not updated in place: %+v", o)
	}
	if o := c.Outputs[2]; o.Type != ExecuteResult || o.Data["text/plain"] != "8" || o.Count != c.Count {
		t.Errorf("execute_result: %+v (cell count %d)", o, c.Count)
	}
	if c := cellBySource(t, nb, `h.Text("updated`); len(c.Outputs) != 0 {
		t.Errorf("an update added outputs to its own cell: %+v", c.Outputs)
	}

	// clear_output now, and with wait.
	if c := cellBySource(t, nb, `fmt.Print("gone")`); len(c.Outputs) != 1 || c.Outputs[0].Text != "kept" {
		t.Errorf("clear_output(false): %+v", c.Outputs)
	}
	if c := cellBySource(t, nb, `fmt.Print("old")`); len(c.Outputs) != 1 || c.Outputs[0].Text != "new" {
		t.Errorf("clear_output(true): %+v", c.Outputs)
	}

	// The error output, and nothing after it.
	c = cellBySource(t, nb, "var xs")
	if len(c.Outputs) != 1 || c.Outputs[0].Type != ErrorOutput || c.Outputs[0].EName != ce.Name || len(c.Outputs[0].Traceback) == 0 {
		t.Errorf("error output: %+v", c.Outputs)
	}
	if c := cellBySource(t, nb, `fmt.Println("not reached")`); c.Count != 0 || len(c.Outputs) != 0 {
		t.Errorf("cell after the error ran: count %d outputs %+v", c.Count, c.Outputs)
	}
	for _, c := range nb.Cells {
		if c.Type == Code && c.Source == "" && c.Count != 0 {
			t.Errorf("the empty cell got execution count %d", c.Count)
		}
	}

	if ks, _ := nb.Metadata["kernelspec"].(map[string]any); ks["name"] != "trigo" {
		t.Errorf("kernelspec: %v", nb.Metadata["kernelspec"])
	}
	if m, _ := nb.Metadata["trigo"].(map[string]any); m["status"] != "failed" {
		t.Errorf("metadata.trigo: %v", nb.Metadata["trigo"])
	}

	// Written and read back, the notebook is the same and validates.
	path := filepath.Join(t.TempDir(), "out.ipynb")
	if err := WriteFile(path, nb); err != nil {
		t.Fatal(err)
	}
	back, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := nb.Marshal()
	b2, _ := back.Marshal()
	if !bytes.Equal(b1, b2) {
		t.Errorf("write/read/write differs")
	}
	validate(t, path)
}

// validate checks path with Python's nbformat when it is installed (CI's
// 40-notebooks step requires it).
func validate(t *testing.T, path string) {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Logf("no %s: nbformat validation skipped", py)
		return
	}
	if exec.Command(py, "-c", "import nbformat").Run() != nil {
		t.Logf("python3 has no nbformat: validation skipped")
		return
	}
	out, err := exec.Command(py, "-c", `import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
assert nb.nbformat_minor >= 5 and all("id" in c for c in nb.cells)`, path).CombinedOutput()
	if err != nil {
		t.Errorf("nbformat rejects %s: %v\n%s", path, err, out)
	}
}

func TestRunTimeoutAndAllowErrors(t *testing.T) {
	nb := New()
	nb.Cells = []*Cell{
		NewCode("for {}"),
		NewCode("panic(\"boom\")"),
		NewCode("1 + 1"),
	}
	nb.Cells[1].SetTags(RaisesTag)
	err := Run(context.Background(), nb, Options{Timeout: 300 * time.Millisecond})
	var ce *CellError
	if !errors.As(err, &ce) || ce.Name != "CellTimeoutError" || ce.Index != 0 {
		t.Fatalf("got %v, want a CellTimeoutError in cell 0", err)
	}
	if nb.Cells[1].Count != 0 {
		t.Errorf("the run went on after the timeout")
	}

	// With AllowErrors every cell runs; a raises-exception cell is not a
	// failure.
	nb.Cells = nb.Cells[1:]
	if err := Run(context.Background(), nb, Options{}); err != nil {
		t.Fatalf("raises-exception cell failed the run: %v", err)
	}
	if o := nb.Cells[0].Outputs; len(o) != 1 || o[0].EName != "panic" || o[0].EValue != "boom" {
		t.Errorf("panic output: %+v", o)
	}
	if o := nb.Cells[1].Outputs; len(o) != 1 || o[0].Data["text/plain"] != "2" {
		t.Errorf("cell after a raises-exception cell: %+v", o)
	}
}

func TestRunInputFails(t *testing.T) {
	nb := New()
	nb.Cells = []*Cell{NewCode("import \"trigo/kernel/display\"\ns, err := display.Input(\"name? \")\nif err != nil { panic(err) }\ns")}
	err := Run(context.Background(), nb, Options{})
	if err == nil || !strings.Contains(err.Error(), "stdin is not available") {
		t.Fatalf("got %v, want the no-stdin error", err)
	}
}

func TestRunParameterErrors(t *testing.T) {
	for _, p := range []Param{{"steps", "ten"}, {"lr", "fast"}, {"verbose", "maybe"}} {
		nb, err := ReadFile("testdata/runner.ipynb")
		if err != nil {
			t.Fatal(err)
		}
		err = Run(context.Background(), nb, Options{Params: []Param{p}})
		if err == nil || !strings.Contains(err.Error(), "parameter "+p.Name) {
			t.Errorf("-p %s=%s: got %v", p.Name, p.Value, err)
		}
	}
}

// Started names each cell as it starts and Snapshot hands over the
// notebook before the first cell and after each one, with the outputs so
// far: what trigo run's supervisor keeps to report and write a run whose
// process died in a cell.
func TestRunStartedAndSnapshot(t *testing.T) {
	nb := New()
	nb.Cells = append(nb.Cells, NewCode("import \"fmt\"\nfmt.Println(\"a\")"), NewMarkdown("text"), NewCode("  \n"), NewCode("fmt.Println(\"b\")"))
	var events []string
	opts := Options{
		Started: func(i, n int, first string) { events = append(events, fmt.Sprintf("start %d %d %s", i, n, first)) },
		Snapshot: func(nb *Notebook) {
			b, err := nb.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			snap, err := Read(b)
			if err != nil {
				t.Fatal(err)
			}
			var outs []string
			for _, c := range snap.Cells {
				for _, o := range c.Outputs {
					outs = append(outs, strings.TrimSpace(o.Text))
				}
			}
			events = append(events, fmt.Sprintf("snapshot %v", outs))
		},
	}
	if err := Run(context.Background(), nb, opts); err != nil {
		t.Fatal(err)
	}
	want := []string{"snapshot []", `start 0 1 import "fmt"`, "snapshot [a]", `start 3 2 fmt.Println("b")`, "snapshot [a b]"}
	if fmt.Sprint(events) != fmt.Sprint(want) {
		t.Errorf("events:\n%q\nwant\n%q", events, want)
	}
}
