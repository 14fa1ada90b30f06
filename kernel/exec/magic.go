package exec

import (
	"context"
	"fmt"
	"go/scanner"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// IPython's magics, the few a Go notebook needs: %time STMT, %%time (a
// whole cell) and %who / %whos. Any other line that starts with % or ! (a
// shell escape) is a UsageError that names the Go way to do it, instead of
// Go's "expected statement, found '%'".
//
// A magic line is one that starts, at the top level of the cell where a
// statement could start, with % or !. Neither can start a Go statement
// there (a % never, a ! only an expression whose value is unused), so no
// valid Go changes meaning. A cell with magic lines runs as consecutive
// cells: the Go before a magic line, the magic, the Go after it — each
// with the rest of the cell blanked, so error positions stay the cell's.

// magicLine is one magic line of a cell.
type magicLine struct {
	line       int    // 1-based
	start, end int    // byte offsets of the line's text (end before '\n')
	col        int    // 1-based column of the % or !
	text       string // the line without surrounding space
	nested     bool   // inside a block, where magics do not work
}

// findMagics returns the magic lines of src, in order.
func findMagics(src string) []magicLine {
	if !strings.ContainsAny(src, "%!") {
		return nil
	}
	var out []magicLine
	offset, depth := 0, 0
	prev := token.SEMICOLON // the cell's start: a statement may begin
	for offset < len(src) {
		var s scanner.Scanner
		fset := token.NewFileSet()
		file := fset.AddFile("", -1, len(src)-offset)
		// Errors are Go's to report, when the cell is run as Go.
		s.Init(file, []byte(src[offset:]), func(token.Position, string) {}, 0)
		next := len(src)
		for {
			pos, tok, _ := s.Scan()
			if tok == token.EOF {
				break
			}
			off := offset + file.Offset(pos)
			if off < len(src) && (src[off] == '%' || src[off] == '!') && lineStart(src, off) &&
				(prev == token.SEMICOLON || prev == token.LBRACE || prev == token.COLON) {
				ls := strings.LastIndexByte(src[:off], '\n') + 1
				le := strings.IndexByte(src[off:], '\n')
				if le < 0 {
					le = len(src)
				} else {
					le += off
				}
				out = append(out, magicLine{
					line: strings.Count(src[:off], "\n") + 1, start: ls, end: le, col: off - ls + 1,
					text: strings.TrimSpace(src[off:le]), nested: depth > 0,
				})
				// The rest of the line is not Go: scan on from the next one.
				next, prev = le+1, token.SEMICOLON
				break
			}
			switch tok {
			case token.LPAREN, token.LBRACE, token.LBRACK:
				depth++
			case token.RPAREN, token.RBRACE, token.RBRACK:
				depth--
			}
			prev = tok
		}
		offset = next
	}
	return out
}

// lineStart reports whether only spaces precede off on its line.
func lineStart(src string, off int) bool {
	ls := strings.LastIndexByte(src[:off], '\n') + 1
	return strings.TrimLeft(src[ls:off], " \t\r") == ""
}

// blankOutside keeps src's bytes in [from, to) and turns every other
// character but newlines into a space, so positions stay the cell's.
func blankOutside(src string, from, to int) string {
	return blankExcept(src, func(off int) bool { return off >= from && off < to })
}

// runCell runs a cell that may hold magic lines.
func (in *Interp) runCell(ctx context.Context, code string) (*Result, error) {
	ms := findMagics(code)
	if len(ms) == 0 {
		return in.execGo(ctx, code)
	}
	for i, m := range ms {
		if m.nested {
			return nil, magicErr(code, m, "magic and shell lines work at the top level of a cell only, not inside a block")
		}
		if strings.HasPrefix(m.text, "%%") && (i > 0 || strings.TrimSpace(code[:m.start]) != "") {
			return nil, magicErr(code, m, "a cell magic ("+magicName(m.text)+") must be the cell's first line")
		}
	}
	if first := ms[0]; strings.HasPrefix(first.text, "%%") {
		name := magicName(first.text)
		if name != "%%time" {
			return nil, magicErr(code, first, unsupported(name, first.text))
		}
		if strings.TrimSpace(first.text[len(name):]) != "" {
			return nil, magicErr(code, first, "%%time takes no arguments: the rest of the cell is timed")
		}
		body := blankOutside(code, first.end, len(code))
		var res *Result
		err := in.timed(func() error {
			var err error
			res, err = in.runCell(ctx, body)
			return err
		})
		return res, err
	}
	// Go and line magics, one after the other; the result is the last
	// piece's.
	var res *Result
	from := 0
	run := func(to int) error {
		if strings.TrimSpace(code[from:to]) == "" {
			return nil
		}
		var err error
		res, err = in.execGo(ctx, blankOutside(code, from, to))
		return err
	}
	for _, m := range ms {
		if err := run(m.start); err != nil {
			return nil, err
		}
		res = nil
		var err error
		if res, err = in.lineMagic(ctx, code, m); err != nil {
			return nil, err
		}
		from = m.end
	}
	if err := run(len(code)); err != nil {
		return nil, err
	}
	if res == nil {
		res = &Result{}
	}
	return res, nil
}

// lineMagic runs one % or ! line.
func (in *Interp) lineMagic(ctx context.Context, code string, m magicLine) (*Result, error) {
	name := magicName(m.text)
	arg := strings.TrimSpace(m.text[len(name):])
	switch name {
	case "%time":
		if arg == "" {
			return nil, magicErr(code, m, "%time needs a statement to time: %time h := train.Fit(m, dir, opts)")
		}
		// The statement keeps its columns: only "%time" is blanked.
		at := m.start + m.col - 1 + len(name)
		var res *Result
		err := in.timed(func() error {
			var err error
			res, err = in.execGo(ctx, blankOutside(code, at, m.end))
			return err
		})
		return res, err
	case "%who", "%whos":
		in.who(ctx, arg, name == "%whos")
		return &Result{}, nil
	}
	return nil, magicErr(code, m, unsupported(name, m.text))
}

// magicName is "%%time", "%who", "!" … of a magic line.
func magicName(text string) string {
	if strings.HasPrefix(text, "!") {
		return "!"
	}
	i := strings.IndexFunc(text, func(r rune) bool { return r == ' ' || r == '\t' })
	if i < 0 {
		return text
	}
	return text[:i]
}

// goEquivalent names the Go way for magics users reach for.
var goEquivalent = map[string]string{
	"%timeit":      "time it in a loop: t := time.Now(); for i := 0; i < n; i++ { f() }; fmt.Println(time.Since(t) / time.Duration(n)); or %time for one run",
	"%%timeit":     "time it in a loop: t := time.Now(); for i := 0; i < n; i++ { f() }; fmt.Println(time.Since(t) / time.Duration(n)); or %%time for one run",
	"%pwd":         `os.Getwd() (import "os")`,
	"%cd":          `os.Chdir(dir) (import "os")`,
	"%ls":          `os.ReadDir(".") (import "os")`,
	"%env":         `os.Getenv("NAME") / os.Setenv("NAME", value) / os.Environ() (import "os")`,
	"%set_env":     `os.Setenv("NAME", value) (import "os")`,
	"%matplotlib":  "nothing to do: figures (trigo/plots) display inline by themselves",
	"%%html":       `display.HTML(s) (import "trigo/kernel/display")`,
	"%%markdown":   `display.Markdown(s) (import "trigo/kernel/display")`,
	"%%latex":      `display.Latex(s) (import "trigo/kernel/display")`,
	"%%svg":        `display.SVG(s) (import "trigo/kernel/display")`,
	"%%javascript": "not supported: the kernel sends no JavaScript",
	"%%js":         "not supported: the kernel sends no JavaScript",
	"%%writefile":  `os.WriteFile(name, []byte(text), 0o644) (import "os")`,
	"%%bash":       `exec.Command("bash", "-c", script).CombinedOutput() (import "os/exec")`,
	"%%sh":         `exec.Command("sh", "-c", script).CombinedOutput() (import "os/exec")`,
	"%%script":     `exec.Command(interpreter, "-c", script).CombinedOutput() (import "os/exec")`,
	"%%capture":    "not supported: output is always shown; write to a strings.Builder or bytes.Buffer instead of os.Stdout to keep it",
	"%pip":         "not supported: cells import Go's standard library and the packages stdlib/ lists (docs/kernel.md, \"Exposing a package to cells\")",
	"%conda":       "not supported: cells import Go's standard library and the packages stdlib/ lists (docs/kernel.md, \"Exposing a package to cells\")",
	"%load_ext":    "not supported: the kernel has no extensions",
	"%reload_ext":  "not supported: the kernel has no extensions",
	"%autoreload":  "not supported: a cell's imports are compiled into the kernel; restart it to change them",
	"%run":         "not supported: run a notebook with `trigo run NOTEBOOK.ipynb` from a terminal",
	"%load":        "not supported: paste the code, or read it with os.ReadFile",
	"%reset":       "not supported: restart the kernel for a fresh interpreter",
	"%debug":       "not supported: the kernel has no debugger",
	"%prun":        "not supported: profile with runtime/pprof, or `trigo kernel -cpuprofile FILE`",
	"%history":     "not supported: the front-end's history (jupyter console: up arrow) comes from the kernel's history file",
	"%who_ls":      "%who",
	"%lsmagic":     "the magics are %time, %%time, %who and %whos",
}

// unsupported explains a magic line that is not one of ours.
func unsupported(name, text string) string {
	if name == "!" {
		cmd := strings.TrimSpace(strings.TrimPrefix(text, "!"))
		return fmt.Sprintf("shell commands (!) are not supported: run it from Go, out, err := exec.Command(\"sh\", \"-c\", %s).CombinedOutput() (import \"os/exec\")", strconv.Quote(cmd))
	}
	if eq, ok := goEquivalent[name]; ok {
		return name + " is not a magic here; " + eq
	}
	return name + " is not supported: the magics are %time STMT, %%time (first line of a cell), %who and %whos; otherwise write Go"
}

// magicErr is a UsageError (IPython's name) pointing at line m.
func magicErr(code string, m magicLine, msg string) *Error {
	e := &Error{Name: "UsageError", Value: msg, Line: m.line, Col: m.col}
	e.Traceback = append([]string{header(e.Name, e.Value)}, pointAt(code, m.line, m.col, "")...)
	return e
}

// timed runs f and prints the time it took the way IPython's %time does:
// CPU times of the process (all its threads) and the wall time.
func (in *Interp) timed(f func() error) error {
	u0, s0 := cpuTimes()
	t0 := time.Now()
	err := f()
	wall := time.Since(t0)
	u1, s1 := cpuTimes()
	in.Flush()
	out := osStdout()
	if u0 >= 0 && u1 >= 0 {
		fmt.Fprintf(out, "CPU times: user %s, sys %s, total %s\n", formatTime(u1-u0), formatTime(s1-s0), formatTime(u1-u0+s1-s0))
	}
	fmt.Fprintf(out, "Wall time: %s\n", formatTime(wall))
	return err
}

// formatTime writes d as IPython's _format_time does: three significant
// digits in s, ms, µs or ns; "1min 5s" from a minute on.
func formatTime(d time.Duration) string {
	sec := d.Seconds()
	if sec >= 60 {
		var parts []string
		rest := sec
		for _, u := range []struct {
			name string
			len  float64
		}{{"d", 86400}, {"h", 3600}, {"min", 60}, {"s", 1}} {
			if v := int(rest / u.len); v > 0 {
				parts = append(parts, fmt.Sprintf("%d%s", v, u.name))
				rest -= float64(v) * u.len
			}
		}
		return strings.Join(parts, " ")
	}
	units := []string{"s", "ms", "µs", "ns"}
	order := 3
	if sec > 0 {
		order = min(-int(floorLog1000(sec)), 3)
	}
	v := sec
	for i := 0; i < order; i++ {
		v *= 1000
	}
	return strconv.FormatFloat(v, 'g', 3, 64) + " " + units[order]
}

// floorLog1000 is floor(log(x)/log(1000)) for 0 < x < 60, without floats
// rounding 1e-3 to the wrong side.
func floorLog1000(x float64) int {
	n := 0
	for x < 1 && n > -3 {
		x *= 1000
		n--
	}
	return n
}

// who prints the variables the cells defined, with their types (%who), and
// their values (%whos). arg, when given, keeps the types it names.
func (in *Interp) who(ctx context.Context, arg string, values bool) {
	var names []string
	for n, sym := range in.index {
		if sym.kind == "var" && !strings.Contains(n, ".") && !strings.HasPrefix(n, "__trigo") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	filter := strings.Fields(arg)
	w := tabwriter.NewWriter(osStdout(), 0, 0, 3, ' ', 0)
	header := "Variable\tType"
	if values {
		header += "\tData/Info"
	}
	shown := 0
	for _, n := range names {
		v, err := in.eval(ctx, "\n"+n)
		if err != nil {
			continue // declared by a cell that failed before defining it
		}
		typ := in.index[n].typ
		if typ == "" && v.IsValid() {
			typ = typeString(v)
		}
		if len(filter) > 0 && !contains(filter, typ) && !contains(filter, strings.TrimPrefix(typ, "*")) {
			continue
		}
		if shown == 0 {
			fmt.Fprintln(w, header)
		}
		shown++
		line := n + "\t" + typ
		if values {
			line += "\t" + short(v)
		}
		fmt.Fprintln(w, line)
	}
	if shown == 0 {
		if len(filter) > 0 {
			fmt.Fprintf(osStdout(), "No variables of type %s.\n", strings.Join(filter, ", "))
		} else {
			fmt.Fprintln(osStdout(), "Interactive namespace is empty.")
		}
		return
	}
	w.Flush()
}
