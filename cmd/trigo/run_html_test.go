package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trigo/kernel/notebook"
)

// trigo run --html writes a self-contained report beside the executed
// notebook: markdown rendered, the cell's image inline as a PNG data URL.
func TestRunHTMLReport(t *testing.T) {
	dir := t.TempDir()
	nb := notebook.New()
	nb.Cells = append(nb.Cells,
		notebook.NewMarkdown("# A report\n\nThe value is below."),
		notebook.NewCode("import (\n\t\"image\"\n\t\"fmt\"\n)\nfmt.Println(\"n =\", 3)\nimage.NewRGBA(image.Rect(0, 0, 4, 3))"))
	if err := notebook.WriteFile(filepath.Join(dir, "nb.ipynb"), nb); err != nil {
		t.Fatal(err)
	}
	r := trigo(t, dir, "run", "nb.ipynb", "-o", "out.ipynb", "--html", "report.html")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"<title>A report</title>", "<h1>A report</h1>", "n = 3", `<img src="data:image/png;base64,iVBORw0KGgo`} {
		if !strings.Contains(string(b), w) {
			t.Errorf("report.html lacks %q", w)
		}
	}
	if !strings.Contains(r.stderr, "wrote report.html") {
		t.Errorf("stderr does not name the report: %s", r.stderr)
	}

	if err := os.WriteFile(filepath.Join(dir, "s.go"), []byte("x := 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := trigo(t, dir, "run", "s.go", "--html", "s.html"); r.code == 0 || !strings.Contains(r.stderr, "--html") {
		t.Errorf("a script with --html: exit %d, stderr %q; want a refusal naming --html", r.code, r.stderr)
	}
}
