package exec

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The snippet corpus (testdata/snippets/*.txt) is ordinary notebook-style
// Go, each snippet a few cells. TestSnippets runs every snippet through the
// executor and compares what it prints (stdout, then each cell's result on
// a line) with what the same code prints as a compiled program, recorded
// in testdata/snippets/golden.json. With -update-golden the golden outputs
// are regenerated from real Go: every snippet becomes a package (imports
// and declarations at package level, the statements of its cells in order
// in a function; a cell's last expression printed with fmt.Println), all
// are built into one program with one `go build`, and its output is split
// per snippet. CI regenerates and checks that nothing changed
// (.ci/steps/35-snippets.sh).
var (
	updateGolden = flag.Bool("update-golden", false, "regenerate testdata/snippets/golden.json with go build")
	noWrap       = flag.Bool("nowrap", false, "measure: run the snippets without the block rewrite of wrap.go")
)

// knownSnippetFailures are snippets that show a documented limit of the
// interpreter (docs/kernel.md, "What Yaegi v0.16.1 cannot do"); the test
// checks that they still fail, so that a fixed limit is noticed.
var knownSnippetFailures = map[string]string{
	"slice_builtin_min_max":       "max(2.5, 1.0): untyped float does not implement the constraint",
	"closure_defer_order_in_func": "defer in a loop inside a function sees the last iteration's values",
	"iface_stringer_slice":        "a slice of a cell type with String() prints without String",
	"iface_fmt_formatter_value":   "%d of a cell type with methods prints the interpreter's wrapper",
	"err_custom_type":             "errors.As into a cell-declared error type panics",
	"gen_map_func":                "generic type parameter inferred from a function literal",
	"gen_keys_sorted":             "generic function over map[K]V crashes the compiler",
	"gen_max_generic":             "variadic generic function without explicit instantiation",
}

type snippet struct {
	file, name string
	cells      []string
}

const snippetDir = "testdata/snippets"

func loadSnippets(t *testing.T) []snippet {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(snippetDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no snippets: %v", err)
	}
	var out []snippet
	seen := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var cur *snippet
		var cell []string
		endCell := func() {
			if cur != nil {
				cur.cells = append(cur.cells, strings.Join(cell, "\n"))
			}
			cell = nil
		}
		for _, line := range strings.Split(string(data), "\n") {
			switch {
			case strings.HasPrefix(line, "// === "):
				endCell()
				if cur != nil {
					out = append(out, *cur)
				}
				name := strings.TrimSpace(strings.TrimPrefix(line, "// === "))
				if seen[name] {
					t.Fatalf("%s: snippet %s twice", f, name)
				}
				seen[name] = true
				cur = &snippet{file: filepath.Base(f), name: name}
			case line == "// %%":
				endCell()
			case cur != nil:
				cell = append(cell, line)
			}
		}
		endCell()
		if cur != nil {
			out = append(out, *cur)
		}
	}
	return out
}

// runSnippet runs s's cells in a fresh interpreter and returns what they
// printed; a failing cell ends the snippet with an "ERROR" line.
func runSnippet(t *testing.T, s snippet) string {
	t.Helper()
	o := &out{}
	in, err := New(o.opts())
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var b strings.Builder
	for _, c := range s.cells {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		res, err := in.Execute(ctx, c)
		cancel()
		stdout, _ := o.take()
		b.WriteString(stdout)
		if err != nil {
			fmt.Fprintf(&b, "ERROR %v\n", err)
			return b.String()
		}
		if res.Data != nil {
			text, _ := res.Data["text/plain"].(string)
			b.WriteString(text + "\n")
		}
	}
	return b.String()
}

func TestSnippets(t *testing.T) {
	snips := loadSnippets(t)
	if len(snips) < 200 {
		t.Errorf("%d snippets, want at least 200", len(snips))
	}
	goldenPath := filepath.Join(snippetDir, "golden.json")
	if *updateGolden {
		golden := goldenFromGo(t, snips)
		data, _ := json.MarshalIndent(golden, "", "  ")
		if err := os.WriteFile(goldenPath, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatalf("%v (go test ./kernel/exec -run Snippets -update-golden writes it)", err)
	}
	var golden map[string]string
	if err := json.Unmarshal(data, &golden); err != nil {
		t.Fatal(err)
	}
	if *noWrap {
		rewriteOn = false
		defer func() { rewriteOn = true }()
	}
	pass := 0
	var failed []string
	for _, s := range snips {
		want, ok := golden[s.name]
		if !ok {
			t.Errorf("%s: no golden output (run with -update-golden)", s.name)
			continue
		}
		got := runSnippet(t, s)
		_, known := knownSnippetFailures[s.name]
		switch {
		case got == want && known:
			t.Errorf("%s (%s) passes now: remove it from knownSnippetFailures and docs/kernel.md", s.name, s.file)
		case got == want:
			pass++
		case known:
			failed = append(failed, s.name+" (known)")
		default:
			failed = append(failed, s.name)
			t.Errorf("%s (%s):\n got %q\nwant %q", s.name, s.file, got, want)
		}
	}
	t.Logf("snippets: %d of %d pass; failing: %v", pass, len(snips), failed)
}

// goldenFromGo builds all snippets as one Go program and returns each
// snippet's output.
func goldenFromGo(t *testing.T, snips []snippet) map[string]string {
	dir, err := os.MkdirTemp(".", "_snippetgen")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	abs, _ := filepath.Abs(dir)
	modPath := "trigo/kernel/exec/" + filepath.Base(dir)
	progs := make([]*goSnippet, len(snips))
	for i, s := range snips {
		g, err := newGoSnippet(s, fmt.Sprintf("s%03d", i))
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		progs[i] = g
	}
	var main strings.Builder
	main.WriteString("package main\n\nimport (\n\t\"fmt\"\n")
	for _, g := range progs {
		fmt.Fprintf(&main, "\t%s %q\n", g.pkg, modPath+"/"+g.pkg)
	}
	main.WriteString(")\n\nfunc main() {\n")
	for i, g := range progs {
		fmt.Fprintf(&main, "\tfmt.Println(%q)\n\trun(%s.Run)\n", "\x00=== "+snips[i].name, g.pkg)
	}
	main.WriteString("}\n\nfunc run(f func()) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\tfmt.Println(\"PANIC\", r)\n\t\t}\n\t}()\n\tf()\n}\n")
	if err := os.MkdirAll(filepath.Join(abs, "main"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(abs, "main", "main.go"), []byte(main.String()), 0o644)
	bin := filepath.Join(abs, "snippets.bin")
	// Build, fixing what only the compiler can tell (a last expression
	// without a value, an import a cell does not use), until it builds.
	for attempt := 0; ; attempt++ {
		for _, g := range progs {
			os.MkdirAll(filepath.Join(abs, g.pkg), 0o755)
			os.WriteFile(filepath.Join(abs, g.pkg, "snippet.go"), []byte(g.source()), 0o644)
		}
		cmd := osexec.Command("go", "build", "-o", bin, "./"+filepath.Base(dir)+"/main")
		outb, err := cmd.CombinedOutput()
		if err == nil {
			break
		}
		if attempt == 5 || !fixFromErrors(progs, string(outb)) {
			t.Fatalf("go build of the snippets: %v\n%s", err, outb)
		}
	}
	cmd := osexec.Command(bin)
	cmd.Dir = "."
	outb, err := cmd.Output()
	if err != nil {
		t.Fatalf("running the snippets: %v\n%s", err, outb)
	}
	golden := map[string]string{}
	var name string
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(string(outb)))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	flush := func() {
		if name != "" {
			golden[name] = b.String()
		}
		b.Reset()
	}
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "\x00=== ") {
			flush()
			name = strings.TrimPrefix(line, "\x00=== ")
			continue
		}
		b.WriteString(line + "\n")
	}
	flush()
	return golden
}

// goSnippet is a snippet as a Go package.
type goSnippet struct {
	pkg     string
	imports map[string]string // path → name ("" for the default)
	decls   []string
	cells   [][]string // per cell: statement lines
	unused  map[string]bool
	novalue map[int]bool // line numbers (in source()) of last expressions without a value
	lines   map[int]int  // source line of a last expression → its index in shows
	shows   []string
}

func newGoSnippet(s snippet, pkg string) (*goSnippet, error) {
	g := &goSnippet{pkg: pkg, imports: map[string]string{}, unused: map[string]bool{}, novalue: map[int]bool{}}
	defined := map[string]bool{}
	for _, src := range s.cells {
		c, err := splitCell(src)
		if err != nil {
			return nil, err
		}
		for _, im := range c.imports {
			p, _ := strconv.Unquote(im.Path.Value)
			name := ""
			if im.Name != nil {
				name = im.Name.Name
			}
			g.imports[p] = name
		}
		if c.declSrc != "" {
			g.decls = append(g.decls, c.declSrc)
		}
		var stmts []string
		if c.stmtSrc != "" {
			text := c.stmtSrc
			// A name a cell defines again is assigned in a program.
			if body, err := parseStmts(c.fset, text); err == nil {
				for _, st := range body {
					as, ok := st.(*ast.AssignStmt)
					if !ok || as.Tok.String() != ":=" {
						continue
					}
					allOld := true
					var names []string
					for _, l := range as.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
							names = append(names, id.Name)
							if !defined[id.Name] {
								allOld = false
							}
						}
					}
					for _, n := range names {
						defined[n] = true
					}
					if allOld {
						return nil, fmt.Errorf("redefines %v with := (a program cannot; use =)", names)
					}
				}
			}
			stmts = append(stmts, text)
		}
		if c.stmtSrc != "" {
			if body, err := parseStmts(c.fset, c.stmtSrc); err == nil {
				for _, st := range body {
					if ds, ok := st.(*ast.DeclStmt); ok {
						for _, sp := range ds.Decl.(*ast.GenDecl).Specs {
							if vs, ok := sp.(*ast.ValueSpec); ok {
								for _, id := range vs.Names {
									defined[id.Name] = true
								}
							}
						}
					}
				}
			}
		}
		// Cell variables may go unused; a program's may not.
		names := make([]string, 0, len(defined))
		for n := range defined {
			if n != "_" {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			stmts = append(stmts, "_ = "+n)
		}
		if c.lastSrc != "" {
			expr := strings.TrimSpace(c.lastSrc)
			if isPrintCall(c.last) {
				stmts = append(stmts, expr)
			} else {
				stmts = append(stmts, "\x01"+strconv.Itoa(len(g.shows)))
				g.shows = append(g.shows, expr)
			}
		}
		g.cells = append(g.cells, stmts)
	}
	return g, nil
}

// source is the package's text; it records the lines of the printed last
// expressions.
func (g *goSnippet) source() string {
	var b strings.Builder
	line := 1
	w := func(s string) {
		b.WriteString(s)
		line += strings.Count(s, "\n")
	}
	w("package " + g.pkg + "\n\nimport (\n\t__fmt \"fmt\"\n")
	paths := make([]string, 0, len(g.imports))
	for p := range g.imports {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if g.unused[p] {
			continue
		}
		w(fmt.Sprintf("\t%s %q\n", g.imports[p], p))
	}
	w(")\n\nvar _ = __fmt.Sprint\n\n")
	for _, d := range g.decls {
		w(d + "\n")
	}
	w("\nfunc Run() {\n")
	g.lines = map[int]int{}
	for _, stmts := range g.cells {
		for _, s := range stmts {
			if strings.HasPrefix(s, "\x01") {
				i, _ := strconv.Atoi(s[1:])
				g.lines[line] = i
				if g.novalue[i] {
					w(g.shows[i] + "\n")
				} else {
					w("__fmt.Println(" + g.shows[i] + ")\n")
				}
				continue
			}
			w(s + "\n")
		}
	}
	w("}\n")
	return b.String()
}

var buildErr = regexp.MustCompile(`(?m)^\S*?(s\d{3})/snippet\.go:(\d+):\d+: (.*)$`)

// fixFromErrors changes what the compiler's errors ask for and reports
// whether it changed anything.
func fixFromErrors(progs []*goSnippet, out string) bool {
	changed := false
	byPkg := map[string]*goSnippet{}
	for _, g := range progs {
		byPkg[g.pkg] = g
	}
	for _, m := range buildErr.FindAllStringSubmatch(out, -1) {
		g := byPkg[m[1]]
		line, _ := strconv.Atoi(m[2])
		msg := m[3]
		switch {
		case strings.Contains(msg, "used as value") || strings.Contains(msg, "no value"):
			if i, ok := g.lines[line]; ok && !g.novalue[i] {
				g.novalue[i] = true
				changed = true
			}
		case strings.Contains(msg, "imported and not used"):
			if q := regexp.MustCompile(`"([^"]+)"`).FindStringSubmatch(msg); q != nil && !g.unused[q[1]] {
				g.unused[q[1]] = true
				changed = true
			}
		}
	}
	return changed
}
