package exec

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// Where a panic happened. Yaegi v0.16.1 names the interpreted functions a
// panic unwinds, but the position it prints for each is where that
// function's code started (its recover handler looks at a shadowed
// variable), so "xs[k]" on line 3 of a cell is reported on line 1. The
// kernel therefore records, before each statement of a cell (and of the
// functions cells declare) that can panic, where it is:
//
//	__trigo_lines[slot] = cell*1e9 + line*1e4 + col
//
// one slot per function name as Yaegi's panic report names it ("main" for
// a cell's statements, "main.f", "main.f.func" for a function literal in
// f). After a panic, each reported function's slot holds the statement it
// was executing: the panicking one for the innermost, the call for the
// others. Statements that cannot panic (assignments of plain arithmetic,
// x++) are not instrumented, so tight loops of them cost nothing extra.

// lineSlots is how many functions get a slot; later ones are not tracked.
const lineSlots = 1 << 14

const linesPrelude = "\nvar __trigo_lines = make([]int, " + "16384" + ")\n"

// wrapMark flags a position recorded inside a statement the kernel wrapped
// in a function literal (wrap.go): the "main" frame that follows it in a
// panic report is that same statement.
const wrapMark = 1 << 62

// lineTrack is the interpreter's table of slots and cells.
type lineTrack struct {
	slots map[string]int
	cells []string // sources by cell number (1-based; 0 unused)
}

func (lt *lineTrack) slot(frame string) (int, bool) {
	if s, ok := lt.slots[frame]; ok {
		return s, true
	}
	if len(lt.slots) >= lineSlots {
		return 0, false
	}
	s := len(lt.slots)
	lt.slots[frame] = s
	return s, true
}

// mark is the statement text that records pos (in cell coordinates) for
// frame; "" when no slot is left.
func (lt *lineTrack) mark(frame string, cell, line, col int, wrapped bool) string {
	s, ok := lt.slot(frame)
	if !ok || col >= 1e4 || line >= 1e5 {
		return ""
	}
	v := cell*1e9 + line*1e4 + col
	if wrapped {
		v |= wrapMark
	}
	return "__trigo_lines[" + strconv.Itoa(s) + "] = " + strconv.Itoa(v) + "; "
}

// decode splits a recorded value.
func decodeLine(v int) (cell, line, col int, wrapped bool) {
	wrapped = v&wrapMark != 0
	v &^= wrapMark
	return v / 1e9, v % 1e9 / 1e4, v % 1e4, wrapped
}

// mayPanic reports whether the statement's own expressions (not the
// bodies of compound statements) can panic.
func mayPanic(st ast.Stmt, pkgs func(string) bool) bool {
	var roots []ast.Node
	switch s := st.(type) {
	case *ast.IfStmt:
		roots = []ast.Node{s.Init, s.Cond}
	case *ast.ForStmt:
		roots = []ast.Node{s.Init, s.Cond, s.Post}
	case *ast.RangeStmt:
		roots = []ast.Node{s.X}
	case *ast.SwitchStmt:
		roots = []ast.Node{s.Init, s.Tag}
	case *ast.TypeSwitchStmt:
		roots = []ast.Node{s.Init, s.Assign}
	case *ast.BlockStmt, *ast.SelectStmt, *ast.LabeledStmt, *ast.EmptyStmt, *ast.BranchStmt,
		*ast.CaseClause, *ast.CommClause: // clauses are not statements of a list
		return false
	default:
		roots = []ast.Node{st}
	}
	found := false
	for _, r := range roots {
		if r == nil {
			continue
		}
		ast.Inspect(r, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.StarExpr, *ast.TypeAssertExpr,
				*ast.SliceExpr, *ast.SendStmt, *ast.GoStmt, *ast.DeferStmt:
				found = true
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); !ok || !pkgs(id.Name) {
					found = true
				}
			case *ast.BinaryExpr:
				if n.Op == token.QUO || n.Op == token.REM {
					found = true
				}
			case *ast.AssignStmt:
				if n.Tok == token.QUO_ASSIGN || n.Tok == token.REM_ASSIGN {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// walkStmtLists calls visit for each statement list directly inside root's
// own function (function literals are reported through lit instead).
func walkStmtLists(root ast.Node, frame string, visit func(list []ast.Stmt, frame string), lit func(fl *ast.FuncLit, frame string)) {
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if n != root {
				lit(n, frame+".func")
				return false
			}
		case *ast.BlockStmt:
			visit(n.List, frame)
		case *ast.CaseClause:
			visit(n.Body, frame)
		case *ast.CommClause:
			visit(n.Body, frame)
		}
		return true
	})
}

// trackEdits are the insertions that record the positions of root's
// statements (frame names the function they run in); posOf maps a
// token.Pos to cell line and column, off to a byte offset of the piece.
func (lt *lineTrack) trackEdits(root ast.Node, frame string, wrapped bool, cell int, pkgs func(string) bool,
	posOf func(token.Pos) (int, int), off func(token.Pos) int, edits *[]edit, shifts *[]colShift) {
	var visit func(list []ast.Stmt, frame string)
	add := func(st ast.Stmt, frame string, wrapped bool) {
		line, col := posOf(st.Pos())
		text := lt.mark(frame, cell, line, col, wrapped)
		if text == "" {
			return
		}
		*edits = append(*edits, edit{at: off(st.Pos()), end: off(st.Pos()), text: text, prio: 1})
		*shifts = append(*shifts, colShift{line: line, col: col, n: len(text)})
	}
	visit = func(list []ast.Stmt, frame string) {
		for _, st := range list {
			if mayPanic(st, pkgs) {
				add(st, frame, wrapped && frame == "main.func")
			}
		}
	}
	var lit func(fl *ast.FuncLit, frame string)
	lit = func(fl *ast.FuncLit, frame string) { walkStmtLists(fl.Body, frame, visit, lit) }
	walkStmtLists(root, frame, visit, lit)
}

// trackDecls instruments the bodies of the functions and methods in src, a
// cell's declarations.
func (lt *lineTrack) trackDecls(src string, cell int, pkgs func(string) bool) (string, []colShift) {
	if !rewriteOn || !strings.Contains(src, "func") {
		return src, nil
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell", filePrefix+src, 0)
	if err != nil {
		return src, nil
	}
	base := fset.File(f.Pos()).Base() + len(filePrefix)
	off := func(p token.Pos) int { return int(p) - base }
	posOf := func(p token.Pos) (int, int) {
		pos := fset.Position(p)
		return pos.Line - 1, pos.Column
	}
	var edits []edit
	var shifts []colShift
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		lt.trackEdits(fd.Body, "main."+fd.Name.Name, false, cell, pkgs, posOf, off, &edits, &shifts)
	}
	if len(edits) == 0 {
		return src, nil
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
	return b.String(), shifts
}
