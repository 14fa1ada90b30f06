package notebook

import (
	"encoding/json"
	"go/parser"
	"go/token"
	"regexp"
	"strings"
)

// FromScript turns a Go script into a notebook so that it runs with the
// same semantics as a notebook's cells:
//
//   - lines "// %%" split it into cells (the percent format of jupytext and
//     VS Code); "// %% [markdown]" starts a markdown cell whose lines are
//     comments, and `tags=["parameters"]` after "// %%" tags the cell;
//     without markers the whole file is one cell;
//   - a package clause is dropped, and a func main is renamed main_ and
//     called at the end (the interpreter would otherwise run a cell-declared
//     main after every later cell).
//
// Code cells start with blank lines so that the line numbers in errors are
// the file's.
func FromScript(src string) *Notebook {
	nb := New()
	src = dropPackage(src)
	var cur *Cell
	var buf []string
	first := 0 // line index (0-based) of buf[0] in the file
	flush := func() {
		if cur == nil {
			if isBlank(strings.Join(buf, "\n")) {
				buf = nil
				return
			}
			cur = NewCode("")
		}
		text := strings.Join(buf, "\n")
		if cur.Type == Markdown {
			text = uncomment(text)
		}
		text = strings.TrimRight(text, "\n\t ")
		if cur.Type == Code {
			// Blank lines in front keep the file's line numbers in errors.
			text = strings.Repeat("\n", first) + text
		}
		cur.Source = text
		nb.Cells = append(nb.Cells, cur)
		cur, buf = nil, nil
	}
	for i, line := range strings.Split(src, "\n") {
		if m := cellMarker.FindStringSubmatch(line); m != nil {
			flush()
			first = i + 1
			cur = NewCode("")
			rest := m[1]
			if strings.Contains(rest, "[markdown]") {
				cur.Type = Markdown
			}
			if t := tagsAttr.FindStringSubmatch(rest); t != nil {
				var tags []string
				if json.Unmarshal([]byte(t[1]), &tags) == nil {
					cur.SetTags(tags...)
				}
			}
			continue
		}
		buf = append(buf, line)
	}
	flush()
	renameMain(nb)
	return nb
}

var (
	cellMarker = regexp.MustCompile(`^\s*//\s?%%(.*)$`)
	tagsAttr   = regexp.MustCompile(`tags\s*=\s*(\[[^\]]*\])`)
)

// dropPackage blanks a package clause, keeping line numbers.
func dropPackage(src string) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.PackageClauseOnly)
	if err != nil || f.Package == token.NoPos {
		return src
	}
	start := fset.Position(f.Package).Offset
	end := fset.Position(f.Name.End()).Offset
	return src[:start] + strings.Repeat(" ", end-start) + src[end:]
}

// uncomment strips the "// " of a markdown cell's lines.
func uncomment(s string) string {
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		l = strings.TrimLeft(l, " \t")
		l = strings.TrimPrefix(l, "//")
		ls[i] = strings.TrimPrefix(l, " ")
	}
	return strings.Trim(strings.Join(ls, "\n"), "\n")
}

// mainDecl finds a top-level func main() (gofmt puts it at column 0).
var mainDecl = regexp.MustCompile(`(?m)^func\s+main\s*\(\s*\)`)

// renameMain renames a declared func main to main_ and appends a cell that
// calls it.
func renameMain(nb *Notebook) {
	for _, c := range nb.Cells {
		if c.Type != Code || !mainDecl.MatchString(c.Source) {
			continue
		}
		c.Source = mainDecl.ReplaceAllStringFunc(c.Source, func(s string) string {
			return strings.Replace(s, "main", "main_", 1)
		})
		nb.Cells = append(nb.Cells, NewCode("main_()"))
		return
	}
}
