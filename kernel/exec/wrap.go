package exec

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// Two rewrites of a cell's statements work around Yaegi v0.16.1 at the top
// level, where the statements of a cell run outside any function.
//
// Multi-value definitions in blocks. `n, err := strconv.Atoi(s)` (or
// `v, ok := m[k]`, `var a, b = f()`) inside a for, if, switch, select or
// { } block at the top level fails to compile ("undefined: n"): Yaegi's
// compiler leaves global-scope multi-value definitions to its declaration
// pass, which does not look inside blocks. Inside a function they work. So
// such a top-level statement runs inside a function literal:
//
//	for ... { n, err := f() }   →   func() { for ... { n, err := f() } }()
//
// A compound statement declares nothing that is visible after it, so the
// cell sees no difference: assignments to cell variables inside reach them
// (they are globals, not copies), break and continue (labelled or not)
// stay inside the statement, go statements are guarded as everywhere, and
// an interrupt still stops the loop. Only statements that need it are
// wrapped; one that holds a `return` or `goto` at its own level is left
// alone (a return at the top level of a cell is reported by checkReturn,
// and goto may leave the statement).
//
// Deferred calls. Yaegi keeps a top-level `defer` in its global frame and
// runs it again at the end of every later evaluation. A defer at the top
// level of a cell (also inside a top-level block) is therefore rewritten
// to register the call with the cell, which runs the registered calls in
// reverse order when the cell ends, as Go runs main's defers when main
// returns:
//
//	defer f.Close()   →   { __trigo_defer(func() { f.Close() }) }
//
// The call's arguments are evaluated at the defer statement, as Go
// specifies (the go-statement guard's rules, gostmt.go); recover() in a
// call deferred at the top level returns nil, as there is nothing to
// recover there.
//
// Both rewrites keep every statement on its lines; the text inserted before
// a wrapped statement shifts the columns of its first line, which
// colShift undoes for error positions.

// deferPrelude is the cell's list of deferred calls (prelude in interp.go).
const deferPrelude = `
var __trigo_defers []func()

func __trigo_defer(f func()) { __trigo_defers = append(__trigo_defers, f) }

func __trigo_rundefers() {
	for len(__trigo_defers) > 0 {
		f := __trigo_defers[len(__trigo_defers)-1]
		__trigo_defers = __trigo_defers[:len(__trigo_defers)-1]
		f()
	}
}
`

const (
	wrapOpen  = "func() { "
	wrapClose = " }()"
)

// colShift records that columns at or after col on line were moved right
// by n bytes.
type colShift struct{ line, col, n int }

// rewritten is the statement piece of a cell after rewriteStmts.
type rewritten struct {
	src    string
	shifts []colShift
	defers bool // the cell registers deferred calls
}

// unshift maps a line:column of the rewritten text back to the cell's.
func unshift(shifts []colShift, line, col int) int {
	out := col
	for _, s := range shifts {
		if s.line == line && col >= s.col+s.n {
			out -= s.n
		}
	}
	return out
}

type edit struct {
	at, end int // replace src[at:end]; at == end inserts
	text    string
}

// rewriteStmts applies the two rewrites to src, the statements of a cell.
// Source that does not parse is returned unchanged for the evaluation to
// report.
func rewriteStmts(src string, names cellNames) rewritten {
	out := rewritten{src: src}
	if !strings.Contains(src, ":=") && !strings.Contains(src, "var") && !strings.Contains(src, "defer") {
		return out
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell", stmtPrefix+src+"\n}", 0)
	if err != nil {
		return out
	}
	base := fset.File(f.Pos()).Base() + len(stmtPrefix)
	off := func(p token.Pos) int { return int(p) - base }
	var edits []edit
	for _, st := range f.Decls[0].(*ast.FuncDecl).Body.List {
		if needsWrap(st) {
			start, end := off(st.Pos()), off(st.End())
			edits = append(edits, edit{at: start, end: start, text: wrapOpen}, edit{at: end, end: end, text: wrapClose})
			pos := fset.Position(st.Pos())
			out.shifts = append(out.shifts, colShift{line: pos.Line - 1, col: pos.Column, n: len(wrapOpen)})
		}
		inspectOwnLevel(st, func(n ast.Node) {
			if d, ok := n.(*ast.DeferStmt); ok {
				g := &goGuard{src: src, base: base, names: names}
				edits = append(edits, edit{at: off(d.Pos()), end: off(d.End()), text: g.captured(d.Call, "__trigo_d", "__trigo_defer(func() { ", " })")})
				out.defers = true
			}
		})
	}
	if len(edits) == 0 {
		return out
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at < edits[j].at })
	var b strings.Builder
	at := 0
	for _, e := range edits {
		b.WriteString(src[at:e.at])
		b.WriteString(e.text)
		at = e.end
	}
	b.WriteString(src[at:])
	out.src = b.String()
	return out
}

// inspectOwnLevel calls visit for every node of st that runs in st's own
// function: function literals are not entered.
func inspectOwnLevel(st ast.Node, visit func(ast.Node)) {
	ast.Inspect(st, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if n != nil {
			visit(n)
		}
		return true
	})
}

// needsWrap reports a top-level compound statement that holds a
// multi-value definition Yaegi cannot compile at the top level, and no
// return or goto that wrapping would change.
func needsWrap(st ast.Stmt) bool {
	switch st.(type) {
	case *ast.BlockStmt, *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt,
		*ast.TypeSwitchStmt, *ast.SelectStmt, *ast.LabeledStmt:
	default:
		return false
	}
	multi, jumps := false, false
	inspectOwnLevel(st, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) > 1 && len(n.Rhs) == 1 {
				multi = true
			}
		case *ast.ValueSpec:
			if len(n.Names) > 1 && len(n.Values) == 1 {
				multi = true
			}
		case *ast.ReturnStmt:
			jumps = true
		case *ast.BranchStmt:
			if n.Tok == token.GOTO {
				jumps = true
			}
		}
	})
	return multi && !jumps
}

// checkReturn reports a return statement at the top level of a cell, which
// Yaegi's compiler otherwise crashes on.
func checkReturn(c *cell) *Error {
	if c.stmtSrc == "" {
		return nil
	}
	fset := token.NewFileSet()
	body, err := parseStmts(fset, c.stmtSrc)
	if err != nil {
		return nil
	}
	var ret *ast.ReturnStmt
	for _, st := range body {
		inspectOwnLevel(st, func(n ast.Node) {
			if r, ok := n.(*ast.ReturnStmt); ok && ret == nil {
				ret = r
			}
		})
	}
	if ret == nil {
		return nil
	}
	pos := fset.Position(ret.Pos())
	e := &Error{Name: "SyntaxError", Value: "return outside a function: a cell's statements run at the top level, not inside a function (end the cell's work with if/else, or put it in a func)", Line: pos.Line - 1, Col: pos.Column}
	e.Traceback = append([]string{header(e.Name, e.Value)}, pointAt(c.src, e.Line, e.Col, "")...)
	return e
}

// captured is call with its arguments evaluated now, into variables named
// prefix0, prefix1, ..., and the call itself placed between open and close:
// `{ prefix0 := a; open F(prefix0) close }`.
func (g *goGuard) captured(call *ast.CallExpr, prefix, open, close string) string {
	var b strings.Builder
	b.WriteString("{ ")
	var args []string
	for i, a := range call.Args {
		t := g.text(a)
		if g.inPlace(a) {
			args = append(args, t)
			continue
		}
		// One statement per argument, in order: Yaegi v0.16 loses the
		// first value of `a, b := f(), []int{1}` in a closure.
		name := fmt.Sprintf("%s%d", prefix, i)
		fmt.Fprintf(&b, "%s := %s; ", name, t)
		args = append(args, name)
	}
	ell := ""
	if call.Ellipsis.IsValid() {
		ell = "..."
	}
	fmt.Fprintf(&b, "%s%s(%s%s)%s }", open, g.text(call.Fun), strings.Join(args, ", "), ell, close)
	return b.String()
}
