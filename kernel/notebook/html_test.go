package notebook

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pngBytes is a 1×1 PNG.
var pngBytes, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

func reportNotebook() *Notebook {
	nb := New()
	nb.Cells = append(nb.Cells, NewMarkdown("# Negative results\n\nN1 **holds** on `probe_b`."))
	code := NewCode("x := 1 < 2\nx")
	code.Count = 3
	png := base64.StdEncoding.EncodeToString(pngBytes)
	code.Outputs = []*Output{
		{Type: Stream, Name: "stdout", Text: "hello <world>\n"},
		{Type: DisplayData, Data: map[string]any{"image/png": png[:20] + "\n" + png[20:], "text/plain": "Figure \"Loss\" 800×500"}},
		{Type: ExecuteResult, Count: 3, Data: map[string]any{"text/html": "<table><tr><td>cell</td></tr></table>", "text/plain": "table"}},
		{Type: DisplayData, Data: map[string]any{"text/markdown": "| a |\n|---|\n| 1 |"}},
		{Type: ErrorOutput, EName: "panic", EValue: "boom", Traceback: []string{"\x1b[31mpanic\x1b[0m: boom"}},
	}
	hidden := NewCode("secret := 42")
	hidden.SetTags("remove-input")
	hidden.Outputs = []*Output{{Type: Stream, Name: "stderr", Text: "warn\n"}}
	gone := NewCode("removed()")
	gone.SetTags("remove-cell")
	nb.Cells = append(nb.Cells, code, hidden, gone, NewCode(""))
	return nb
}

func TestWriteHTML(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, reportNotebook(), "Report <08>"); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	png := base64.StdEncoding.EncodeToString(pngBytes)
	for _, w := range []string{
		"<!DOCTYPE html>", "<title>Report &lt;08&gt;</title>",
		"<h1>Negative results</h1>", "<strong>holds</strong>", "<code>probe_b</code>",
		"In [3]:", "x := 1 &lt; 2", // source escaped
		`<pre class="stream">hello &lt;world&gt;`,
		`<img src="data:image/png;base64,` + png + `" alt="Figure &#34;Loss&#34; 800×500">`, // the base64 joined again
		"<table><tr><td>cell</td></tr></table>",                                             // HTML output as is
		"<th>a</th>",                                                                        // Markdown output rendered
		`<pre class="error">panic: boom</pre>`,                                              // ANSI colours removed
		`<pre class="stream stderr">warn`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("report lacks %q:\n%s", w, got)
		}
	}
	for _, bad := range []string{"\x1b", "secret := 42", "removed()", "<script", "<link", "http://", "https://"} {
		if strings.Contains(got, bad) {
			t.Errorf("report contains %q (hidden input, removed cell, escape code or an external resource)", bad)
		}
	}
	if n := strings.Count(got, `<section class="cell code">`); n != 2 {
		t.Errorf("%d code sections, want 2 (the blank cell and the removed one left out)", n)
	}
}

func TestWriteHTMLFileTitle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nb.html")
	if err := WriteHTMLFile(path, reportNotebook()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "<title>Negative results</title>") {
		t.Errorf("title not taken from the first heading: %.200s", b)
	}
	if got := Title(New(), "fallback"); got != "fallback" {
		t.Errorf("Title of a notebook without headings = %q, want the fallback", got)
	}
	if err := WriteHTMLFile(filepath.Join(t.TempDir(), "no", "dir.html"), New()); err == nil || !strings.Contains(err.Error(), "html report") {
		t.Errorf("writing into a missing folder: err = %v, want an html report error", err)
	}
}
