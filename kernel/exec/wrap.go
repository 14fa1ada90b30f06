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

// rewriteOn switches rewriteStmts (off only to measure what it fixes).
var rewriteOn = true

// colShift records that columns at or after col on line were moved right
// by n bytes.
type colShift struct{ line, col, n int }

// rewritten is the statement piece of a cell after rewriteStmts: pieces
// evaluated one after the other, each the cell's layout with the other
// pieces blanked out.
type rewritten struct {
	pieces []string
	shifts []colShift
	defers bool // the cell registers deferred calls
}

// unshift maps a line:column of the rewritten text back to the cell's:
// the text inserted before the column is taken off.
func unshift(shifts []colShift, line, col int) int {
	var on []colShift
	for _, s := range shifts {
		if s.line == line {
			on = append(on, s)
		}
	}
	sort.SliceStable(on, func(i, j int) bool { return on[i].col < on[j].col })
	d := 0
	for _, s := range on {
		if col < s.col+d+s.n {
			break
		}
		d += s.n
	}
	return col - d
}

type edit struct {
	at, end int // replace src[at:end]; at == end inserts
	text    string
	prio    int // order of edits at the same offset
}

// rewriteStmts applies the two rewrites to src, the statements of a cell.
// Source that does not parse is returned unchanged for the evaluation to
// report.
func rewriteStmts(src string, names cellNames, lt *lineTrack, cell int) rewritten {
	out := rewritten{pieces: []string{src}}
	if !rewriteOn {
		return out
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell", stmtPrefix+src+"\n}", 0)
	if err != nil {
		return out
	}
	base := fset.File(f.Pos()).Base() + len(stmtPrefix)
	off := func(p token.Pos) int { return int(p) - base }
	posOf := func(p token.Pos) (int, int) {
		pos := fset.Position(p)
		return pos.Line - 1, pos.Column
	}
	var edits []edit
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	for _, st := range body {
		wrapped := needsWrap(st)
		if wrapped {
			start, end := off(st.Pos()), off(st.End())
			edits = append(edits, edit{at: start, end: start, text: wrapOpen}, edit{at: end, end: end, text: wrapClose, prio: 3})
			pos := fset.Position(st.Pos())
			out.shifts = append(out.shifts, colShift{line: pos.Line - 1, col: pos.Column, n: len(wrapOpen)})
		}
		if lt != nil {
			frame := "main"
			if wrapped {
				frame = "main.func"
				// The wrapper's frame is marked even when its header
				// cannot panic: the report's next "main" frame is this
				// statement again.
				line, col := posOf(st.Pos())
				if text := lt.mark(frame, cell, line, col, true); text != "" {
					edits = append(edits, edit{at: off(st.Pos()), end: off(st.Pos()), text: text, prio: 1})
					out.shifts = append(out.shifts, colShift{line: line, col: col, n: len(text)})
				}
			} else if mayPanic(st, names.isPackage) {
				line, col := posOf(st.Pos())
				if text := lt.mark(frame, cell, line, col, false); text != "" {
					edits = append(edits, edit{at: off(st.Pos()), end: off(st.Pos()), text: text, prio: 1})
					out.shifts = append(out.shifts, colShift{line: line, col: col, n: len(text)})
				}
			}
			lt.trackEdits(st, frame, wrapped, cell, names.isPackage, posOf, off, &edits, &out.shifts)
		}
		if text, ok := commaOK(st, src, off); ok {
			start, end := off(st.Pos()), off(st.End())
			edits = append(edits, edit{at: start, end: end, text: text, prio: 2})
			pos := fset.Position(st.End())
			out.shifts = append(out.shifts, colShift{line: pos.Line - 1, col: pos.Column, n: len(text) - (end - start)})
			continue
		}
		inspectOwnLevel(st, func(n ast.Node) {
			if d, ok := n.(*ast.DeferStmt); ok {
				g := &goGuard{src: src, base: base, names: names}
				edits = append(edits, edit{at: off(d.Pos()), end: off(d.End()), text: g.captured(d.Call, "__trigo_d", "__trigo_defer(func() { ", " })"), prio: 2})
				out.defers = true
			}
		})
	}
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].at != edits[j].at {
			return edits[i].at < edits[j].at
		}
		return edits[i].prio < edits[j].prio
	})
	// Pieces: a new one starts at each top-level multi-value definition
	// but the first statement.
	var cuts []int
	for i, st := range body {
		if i > 0 && isMultiDefine(st) {
			cuts = append(cuts, off(st.Pos()))
		}
	}
	if len(edits) == 0 && len(cuts) == 0 {
		return out
	}
	cuts = append(cuts, len(src))
	out.pieces = nil
	lo := 0
	for _, hi := range cuts {
		var b strings.Builder
		at := 0
		// Outside [lo, hi) only the line breaks remain.
		blank := func(s string, from int) string {
			return blankExcept(s, func(o int) bool { o += from; return o >= lo && o < hi })
		}
		for _, e := range edits {
			if e.at < lo || e.at > hi || (e.at == hi && e.end == hi && e.text != wrapClose) {
				continue
			}
			b.WriteString(blank(src[at:e.at], at))
			b.WriteString(e.text)
			at = e.end
		}
		b.WriteString(blank(src[at:], at))
		out.pieces = append(out.pieces, b.String())
		lo = hi
	}
	return out
}

// isMultiDefine reports `a, b := f()` and `var a, b = f()`.
func isMultiDefine(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.AssignStmt:
		return st.Tok == token.DEFINE && len(st.Lhs) > 1 && len(st.Rhs) == 1
	case *ast.DeclStmt:
		if g, ok := st.Decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
			for _, sp := range g.Specs {
				if vs := sp.(*ast.ValueSpec); len(vs.Names) > 1 && len(vs.Values) == 1 {
					return true
				}
			}
		}
	}
	return false
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

// needsWrap reports a top-level compound statement that defines names
// (`:=`, var, a range or if/for/switch clause), and holds no return or
// goto that wrapping would change. Besides multi-value definitions, Yaegi
// treats names defined in a top-level block as the cell's globals: `for
// i := ...` overwrites a cell variable i, `x := 2` in a block changes the
// outer x, `k := k` in a loop body breaks the closures that capture it.
func needsWrap(st ast.Stmt) bool {
	switch st.(type) {
	case *ast.BlockStmt, *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt,
		*ast.TypeSwitchStmt, *ast.SelectStmt, *ast.LabeledStmt:
	default:
		return false
	}
	defines, jumps := false, false
	inspectOwnLevel(st, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				defines = true
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				defines = true
			}
		case *ast.ValueSpec:
			defines = true
		case *ast.ReturnStmt:
			jumps = true
		case *ast.BranchStmt:
			if n.Tok == token.GOTO {
				jumps = true
			}
		}
	})
	return defines && !jumps
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

// commaOK rewrites a comma-ok definition at the top level, which Yaegi
// v0.16.1 fails with "nil type" (`v, ok := m[k]`, `t, ok := x.(T)`), into
// the single-value definition or a typed declaration and an assignment,
// which it compiles:
//
//	v, ok := m[k]    →   v := m[k]; var ok bool; v, ok = m[k]
//	t, ok := x.(T)   →   var t T; var ok bool; t, ok = x.(T)
//
// The map and key (or the asserted value) are read twice, so only
// expressions without calls or receives are rewritten. A receive
// (`v, ok := <-ch`) is left alone: its element type is not in the text.
func commaOK(st ast.Stmt, src string, off func(token.Pos) int) (string, bool) {
	as, ok := st.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return "", false
	}
	a, ok1 := as.Lhs[0].(*ast.Ident)
	b, ok2 := as.Lhs[1].(*ast.Ident)
	if !ok1 || !ok2 || hasCall(as.Rhs[0]) {
		return "", false
	}
	text := func(n ast.Node) string { return src[off(n.Pos()):off(n.End())] }
	rhs := text(as.Rhs[0])
	var parts []string
	switch x := ast.Unparen(as.Rhs[0]).(type) {
	case *ast.IndexExpr:
		if a.Name != "_" {
			parts = append(parts, a.Name+" := "+rhs)
		}
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return "", false
		}
		if a.Name != "_" {
			parts = append(parts, "var "+a.Name+" "+text(x.Type))
		}
	default:
		return "", false
	}
	if b.Name != "_" {
		parts = append(parts, "var "+b.Name+" bool", a.Name+", "+b.Name+" = "+rhs)
	} else if _, isAssert := ast.Unparen(as.Rhs[0]).(*ast.TypeAssertExpr); isAssert && a.Name != "_" {
		parts = append(parts, a.Name+" = "+rhs)
	}
	return strings.Join(parts, "; "), true
}

// hasCall reports calls and receives in e (evaluating them twice would
// repeat their effects).
func hasCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr, *ast.FuncLit:
			found = true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				found = true
			}
		}
		return !found
	})
	return found
}
