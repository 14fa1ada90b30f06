package notebook

import (
	"strings"
	"testing"
)

func TestMarkdownHTML(t *testing.T) {
	for _, c := range []struct {
		name, md string
		want     []string
	}{
		{"heading", "## N1 — *router* entropy", []string{"<h2>N1 — <em>router</em> entropy</h2>"}},
		{"paragraph joins lines", "one\ntwo", []string{"<p>one\ntwo</p>"}},
		{"inline", "**bold**, *it*, `a<b`, snake_case_name", []string{"<strong>bold</strong>", "<em>it</em>", "<code>a&lt;b</code>", "snake_case_name"}},
		{"fence", "```go\nx := 1 < 2\n```\nafter", []string{`<pre><code class="language-go">x := 1 &lt; 2</code></pre>`, "<p>after</p>"}},
		{"bullets", "- a\n- b\n  more\n\ntext", []string{"<ul>\n<li>a</li>\n<li>b\nmore</li>\n</ul>", "<p>text</p>"}},
		{"ordered", "1. first\n2. second", []string{"<ol>\n<li>first</li>\n<li>second</li>\n</ol>"}},
		{"table", "| col | value |\n|---|---:|\n| `a|b` | 0.5 |", []string{
			"<th>col</th><th style=\"text-align:right\">value</th>",
			"<td><code>a|b</code></td><td style=\"text-align:right\">0.5</td>"}},
		{"link", "[docs](../docs/notebooks.md) and [x](javascript:alert(1))", []string{`<a href="../docs/notebooks.md">docs</a>`, `<a href="#">x</a>`}},
		{"raw html escaped", "<script>alert(1)</script>", []string{"&lt;script&gt;"}},
		{"quote", "> said\n> twice", []string{"<blockquote>\n<p>said\ntwice</p>\n</blockquote>"}},
		{"rule", "a\n\n---\n\nb", []string{"<hr>"}},
	} {
		got := MarkdownHTML(c.md)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: MarkdownHTML(%q) =\n%s\nwant it to contain %q", c.name, c.md, got, w)
			}
		}
		if strings.Contains(got, "<script") {
			t.Errorf("%s: raw <script> passed through: %s", c.name, got)
		}
	}
}
