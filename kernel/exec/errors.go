package exec

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"

	"trigo/engine/interrupt"
)

// Error is a cell that failed: it did not parse or compile, it panicked, or
// it was interrupted. Name, Value and Traceback are what Jupyter's error
// messages carry (ename, evalue, traceback); Line and Col point into the
// cell (0 when unknown).
type Error struct {
	Name      string
	Value     string
	Traceback []string
	Line, Col int
}

func (e *Error) Error() string { return e.Name + ": " + e.Value }

// ANSI colours, as Jupyter front-ends render them in tracebacks.
const (
	red   = "\x1b[0;31m"
	green = "\x1b[0;32m"
	bold  = "\x1b[1m"
	reset = "\x1b[0m"
)

func syntaxErr(se *SyntaxError, src string) *Error {
	e := &Error{Name: "SyntaxError", Value: se.Msg, Line: se.Line, Col: se.Col}
	e.Traceback = append([]string{header(e.Name, e.Value)}, pointAt(src, se.Line, se.Col, "")...)
	return e
}

func header(name, value string) string {
	return red + bold + name + reset + ": " + value
}

// pointAt shows line (1-based) of src with a caret under col.
func pointAt(src string, line, col int, label string) []string {
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	text := strings.ReplaceAll(lines[line-1], "\t", "    ")
	if label == "" {
		label = "cell"
	}
	out := []string{fmt.Sprintf("%s%s, line %d%s", green, label, line, reset), "    " + text}
	if col > 0 {
		// Columns count bytes; tabs were widened to four spaces.
		raw := lines[line-1]
		if col-1 <= len(raw) {
			prefix := strings.ReplaceAll(raw[:col-1], "\t", "    ")
			out = append(out, "    "+strings.Repeat(" ", len([]rune(prefix)))+red+"^"+reset)
		}
	}
	return out
}

var posPrefix = regexp.MustCompile(`^(\d+):(\d+): `)

// toError turns what Yaegi returned into an *Error. Positions Yaegi reports
// are one line past the cell's (sources start with a line of their own).
func (in *Interp) toError(err error, src string) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var cp *compilePanic
	if errors.As(err, &cp) {
		e = &Error{Name: "CompileError", Value: "the interpreter failed on this cell: " + fmt.Sprint(cp.value)}
		if hint := yaegiHint(src, fmt.Sprint(cp.value)); hint != "" {
			e.Value += " (" + hint + ")"
		}
		in.explain(e, src, fmt.Sprint(cp.value))
		e.Traceback = append([]string{header(e.Name, e.Value)}, pointAt(src, e.Line, e.Col, "")...)
		return e
	}
	var p interp.Panic
	if errors.As(err, &p) {
		return in.panicError(p, src)
	}
	// A compile error: "L:C: message".
	msg := err.Error()
	e = &Error{Name: "CompileError", Value: msg}
	if m := posPrefix.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Col, _ = strconv.Atoi(m[2])
		e.Line--
		e.Col = unshift(in.shifts, e.Line, e.Col)
		e.Value = msg[len(m[0]):]
	}
	if hint := yaegiHint(src, e.Value); hint != "" {
		e.Value += " (" + hint + ")"
	}
	in.explain(e, src, e.Value)
	e.Traceback = append([]string{header(e.Name, e.Value)}, pointAt(src, e.Line, e.Col, "")...)
	return e
}

// yaegiHint explains the interpreter's known gaps when an error looks like
// one of them.
func yaegiHint(src, msg string) string {
	switch {
	case msg == "nil type" && strings.Contains(src, "range"):
		return "the interpreter (Yaegi v0.16) has no range over integers or functions; write for i := 0; i < n; i++"
	case strings.Contains(msg, "undefined selector") && (strings.Contains(msg, "slices.") || strings.Contains(msg, "maps.")):
		return "many generic standard-library functions (slices.Sort, slices.Max, maps.Keys, ...) are not available to cells; write the loop, use package sort, or a helper from the engine"
	case msg == "undefined: clear":
		return "the interpreter (Yaegi v0.16) lacks the Go 1.21 builtin clear; delete keys in a loop or make a new map"
	}
	return ""
}

// panicError builds the error of a cell that panicked: the interpreted
// frames Yaegi reported, innermost first, then the compiled project frames
// (engine code) the panic went through.
func (in *Interp) panicError(p interp.Panic, src string) *Error {
	value := p.Value
	e := &Error{Name: "panic", Value: fmt.Sprint(value)}
	if err, ok := value.(error); ok {
		if errors.Is(err, interrupt.ErrInterrupted) {
			e.Name, e.Value = "Interrupted", "interrupted"
		}
		var re runtime.Error
		if errors.As(err, &re) {
			e.Name = "runtime error"
			e.Value = strings.TrimPrefix(err.Error(), "runtime error: ")
		}
	}
	mapReflectPanic(e)
	e.Traceback = []string{header(e.Name, e.Value)}
	var recorded reflect.Value
	if v, err := in.yi.Eval("__trigo_lines"); err == nil && v.Kind() == reflect.Slice {
		recorded = v
	}
	skipMain := false
	for _, f := range in.panics.take() {
		m := panicLine.FindStringSubmatch(f)
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		line--
		frame := strings.TrimSuffix(m[3], "(...)")
		if frame == "main" && skipMain {
			skipMain = false
			continue // the statement the kernel wrapped, reported already
		}
		skipMain = false
		fn := strings.TrimPrefix(frame, "main.")
		where, code := "cell", src
		if fn != "main" && fn != "" && !strings.HasPrefix(fn, "func") {
			where = "in " + strings.TrimSuffix(fn, ".func")
			if strings.HasSuffix(fn, ".func") {
				where = "in a function literal in " + strings.TrimSuffix(fn, ".func")
			}
			if sym, ok := in.index[strings.TrimSuffix(fn, ".func")]; ok {
				code = sym.src
			}
		}
		// The position the kernel recorded beats the one Yaegi printed
		// (the start of the function).
		if slot, ok := in.lines.slots[frame]; ok && recorded.IsValid() && slot < recorded.Len() {
			if v := int(recorded.Index(slot).Int()); v != 0 {
				cell, l, c, wrapped := decodeLine(v)
				// The cell's own frames are of this cell; an older record
				// there is stale.
				stale := (frame == "main" || strings.HasPrefix(frame, "main.func")) && cell != len(in.lines.cells)-1
				if !stale && cell > 0 && cell < len(in.lines.cells) {
					line, col, code = l, c, in.lines.cells[cell]
					skipMain = wrapped
				}
			}
		}
		if code != src && !strings.HasPrefix(where, "cell") {
			where += " (declared in an earlier cell)"
		} else if code != src {
			where = "an earlier cell"
		}
		if e.Line == 0 && code == src {
			e.Line, e.Col = line, col // the innermost frame in this cell
		}
		e.Traceback = append(e.Traceback, pointAt(code, line, col, where)...)
	}
	e.Traceback = append(e.Traceback, compiledFrames(p.Stack)...)
	return e
}

// mapReflectPanic turns the reflect package's words for a failed
// operation of interpreted code into what Go says for it.
func mapReflectPanic(e *Error) {
	v := e.Value
	switch {
	case strings.HasPrefix(v, "reflect: slice index out of range"), strings.HasPrefix(v, "reflect: array index out of range"),
		strings.HasPrefix(v, "reflect: string index out of range"):
		e.Name, e.Value = "runtime error", "index out of range"
	case strings.HasPrefix(v, "reflect: slice bounds out of range"), strings.HasPrefix(v, "reflect.Value.Slice: slice index out of bounds"),
		strings.Contains(v, "slice index out of bounds"):
		e.Name, e.Value = "runtime error", "slice bounds out of range"
	case strings.HasPrefix(v, "reflect: call of reflect.Value.") && strings.HasSuffix(v, "on zero Value"),
		strings.Contains(v, "reflect: call of reflect.Value.") && strings.Contains(v, "nil pointer"):
		e.Name, e.Value = "runtime error", "invalid memory address or nil pointer dereference"
	case strings.HasPrefix(v, "reflect: reflect.Value.SetMapIndex") || strings.Contains(v, "assignment to entry in nil map"):
		e.Name, e.Value = "runtime error", "assignment to entry in nil map"
	}
}

// compiledFrames picks the project's compiled functions (engine code) out of
// a goroutine dump, for tracebacks of panics raised there.
func compiledFrames(stack []byte) []string {
	lines := strings.Split(string(stack), "\n")
	var out []string
	for i := 0; i+1 < len(lines); i++ {
		fn := lines[i]
		if !strings.HasPrefix(fn, "trigo/") || strings.HasPrefix(fn, "trigo/kernel/exec") || strings.HasPrefix(fn, "trigo/stdlib") {
			continue
		}
		if j := strings.LastIndex(fn, "("); j > 0 {
			fn = fn[:j]
		}
		file := strings.TrimSpace(lines[i+1])
		if k := strings.LastIndex(file, " +0x"); k > 0 {
			file = file[:k]
		}
		if len(out) == 0 {
			out = append(out, "compiled code:")
		}
		out = append(out, "    "+fn+" "+file)
		i++
	}
	return out
}
