package exec

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/scanner"
	"go/token"
	"strings"
)

// A cell is the source of one notebook cell split into the pieces Yaegi
// evaluates one after another: imports, then declarations (functions,
// types, and the variables and constants that do not depend on the cell's
// own statements), then statements, then the last statement when it is an
// expression whose value the cell shows.
//
// Each piece keeps the cell's layout: the text of the other pieces is
// replaced by spaces (newlines kept), so a line:column that Yaegi reports
// is a line:column of the cell.
type cell struct {
	src       string
	imports   []*ast.ImportSpec // from importFile
	importSrc string
	declSrc   string
	decls     []ast.Decl // from declFile
	stmtSrc   string     // statements but the last expression; "" when none
	lastSrc   string     // the last expression statement; "" when none
	lastEnd   int        // where it ends (a byte offset in src)
	last      ast.Expr   // its AST
	fset      *token.FileSet
}

// unit kinds
const (
	unitStmt = iota
	unitImport
	unitDecl
	unitVar     // var or const: a declaration unless it reads the cell's statements
	unitComment // a comment outside the units above
)

type unit struct {
	kind       int
	start, end int // byte offsets in the cell
}

// SyntaxError is a cell that does not parse.
type SyntaxError struct {
	Line, Col  int
	Msg        string
	Incomplete bool // the error is at the end of the cell: more input would help
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// scanUnits splits src into top-level units: each is a run of tokens at
// bracket depth 0 up to a semicolon (written or inserted at a newline).
func scanUnits(src string) ([]unit, int, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, scanner.ScanComments)

	type tok struct {
		off int
		t   token.Token
		lit string
	}
	var toks []tok
	var comments []unit
	depth := 0
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		if t == token.COMMENT {
			// Comments between units belong to every piece (a doc comment
			// stays next to its declaration).
			off := file.Offset(pos)
			comments = append(comments, unit{kind: unitComment, start: off, end: off + len(lit)})
			continue
		}
		switch t {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		}
		toks = append(toks, tok{file.Offset(pos), t, lit})
	}
	if errs.Len() > 0 {
		return nil, depth, errs.Err()
	}

	var units []unit
	d := 0
	startTok := -1
	flush := func(endTok int) {
		if startTok < 0 {
			return
		}
		first := toks[startTok]
		u := unit{kind: unitStmt, start: first.off}
		last := toks[endTok-1]
		u.end = last.off + tokenLen(last.t, last.lit, src[last.off:])
		switch first.t {
		case token.IMPORT:
			u.kind = unitImport
		case token.TYPE:
			u.kind = unitDecl
		case token.VAR, token.CONST:
			u.kind = unitVar
		case token.FUNC:
			kinds := make([]token.Token, 0, endTok-startTok)
			for _, tk := range toks[startTok:endTok] {
				kinds = append(kinds, tk.t)
			}
			if isFuncDecl(kinds) {
				u.kind = unitDecl
			}
		}
		units = append(units, u)
		startTok = -1
	}
	for i, tk := range toks {
		switch tk.t {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			d++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			d--
		}
		if tk.t == token.SEMICOLON && d == 0 {
			flush(i)
			if tk.lit == ";" && len(units) > 0 && units[len(units)-1].end <= tk.off {
				// A written semicolon belongs to the unit it ends, so that
				// "a(); b()" keeps its separator in every piece.
				units[len(units)-1].end = tk.off + 1
			}
			continue
		}
		if startTok < 0 {
			startTok = i
		}
	}
	flush(len(toks))
	return append(units, comments...), depth, nil
}

// isFuncDecl tells a function or method declaration from a statement that
// starts with a function literal: `func (r T) M(` has a name after the
// receiver, `func(x int) T {` does not.
func isFuncDecl(toks []token.Token) bool {
	at := func(i int) token.Token { return toks[i] }
	if len(toks) < 2 {
		return false
	}
	switch at(1) {
	case token.IDENT:
		return true
	case token.LPAREN:
		d := 0
		for i := 1; i < len(toks); i++ {
			switch at(i) {
			case token.LPAREN:
				d++
			case token.RPAREN:
				d--
				if d == 0 {
					return i+2 < len(toks) && at(i+1) == token.IDENT && (at(i+2) == token.LPAREN || at(i+2) == token.LBRACK)
				}
			}
		}
	}
	return false
}

// tokenLen is the length of a token's text at the start of rest.
func tokenLen(t token.Token, lit, rest string) int {
	switch {
	case t == token.SEMICOLON && lit == "\n":
		return 0
	case lit != "":
		return len(lit)
	default:
		return len(t.String())
	}
}

// blankExcept returns src with every byte outside the kept ranges replaced
// by a space, newlines excepted.
func blankExcept(src string, keep func(off int) bool) string {
	b := []byte(src)
	for i, c := range b {
		if c != '\n' && c != '\r' && !keep(i) {
			b[i] = ' '
		}
	}
	return string(b)
}

// splitCell parses src into a cell.
func splitCell(src string) (*cell, error) {
	c := &cell{src: src, fset: token.NewFileSet()}
	units, _, err := scanUnits(src)
	if err != nil {
		return nil, syntaxError(err, src, 0)
	}
	in := func(kinds ...int) func(off int) bool {
		kinds = append(kinds, unitComment)
		return func(off int) bool {
			for _, u := range units {
				if off >= u.start && off < u.end {
					for _, k := range kinds {
						if u.kind == k {
							return true
						}
					}
					return false
				}
			}
			return false
		}
	}
	// Statements are parsed inside a function whose opening line is line 0,
	// so statement positions are cell positions.
	stmtText := blankExcept(src, in(unitStmt, unitVar))
	body, err := parseStmts(c.fset, stmtText)
	if err != nil {
		return nil, syntaxError(err, src, 1)
	}

	// Names the cell's statements define: a var or const that reads one of
	// them must run in statement order, not hoisted with the declarations.
	defined := map[string]bool{}
	for _, st := range body {
		if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					defined[id.Name] = true
				}
			}
		}
	}
	stmtBase := 0
	if len(body) > 0 {
		stmtBase = c.fset.File(body[0].Pos()).Base() + len(stmtPrefix)
	}
	for i := range units {
		if units[i].kind != unitVar {
			continue
		}
		units[i].kind = unitDecl
		for _, st := range body {
			ds, ok := st.(*ast.DeclStmt)
			if !ok || int(ds.Pos())-stmtBase != units[i].start {
				continue
			}
			ast.Inspect(ds, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && defined[id.Name] {
					units[i].kind = unitStmt
				}
				return true
			})
		}
	}

	// Imports and declarations are parsed as a file whose package clause
	// sits on line 0.
	has := func(kind int) bool {
		for _, u := range units {
			if u.kind == kind {
				return true
			}
		}
		return false
	}
	if has(unitImport) {
		c.importSrc = blankExcept(src, in(unitImport))
		f, err := parser.ParseFile(c.fset, "cell", filePrefix+c.importSrc, parser.ImportsOnly)
		if err != nil {
			return nil, syntaxError(err, src, 1)
		}
		c.imports = f.Imports
	}
	if has(unitDecl) {
		c.declSrc = blankExcept(src, in(unitDecl))
		df, err := parser.ParseFile(c.fset, "cell", filePrefix+c.declSrc, parser.ParseComments)
		if err != nil {
			return nil, syntaxError(err, src, 1)
		}
		c.decls = df.Decls
	}

	// Statements in order, the last expression apart.
	stmtKeep := in(unitStmt)
	var lastStart, lastEnd = -1, -1
	for i := len(body) - 1; i >= 0; i-- {
		st := body[i]
		off := int(st.Pos()) - stmtBase
		if !stmtKeep(off) {
			continue // a hoisted var or const
		}
		if es, ok := st.(*ast.ExprStmt); ok {
			lastStart, lastEnd = off, int(es.End())-stmtBase
			c.last, c.lastEnd = es.X, lastEnd
		}
		break
	}
	c.stmtSrc = blankExcept(src, func(off int) bool {
		return stmtKeep(off) && !(off >= lastStart && off < lastEnd)
	})
	if strings.TrimSpace(c.stmtSrc) == "" {
		c.stmtSrc = ""
	}
	if lastStart >= 0 {
		c.lastSrc = blankExcept(src, func(off int) bool { return off >= lastStart && off < lastEnd })
	}
	return c, nil
}

// syntaxError converts a scanner or parser error into a SyntaxError in cell
// coordinates; lineShift is the number of lines the parsed text had before
// the cell's first line.
func syntaxError(err error, src string, lineShift int) error {
	list, ok := err.(scanner.ErrorList)
	if !ok || len(list) == 0 {
		return &SyntaxError{Line: 1, Col: 1, Msg: err.Error()}
	}
	e := list[0]
	line := e.Pos.Line - lineShift
	se := &SyntaxError{Line: line, Col: e.Pos.Column, Msg: e.Msg}
	lines := strings.Count(src, "\n") + 1
	if line > lines || strings.Contains(e.Msg, "EOF") ||
		(line == lines && e.Pos.Column > len(lastLine(src))) {
		se.Incomplete = true
	}
	if se.Line < 1 {
		se.Line = 1
	}
	if se.Line > lines {
		se.Line = lines
	}
	return se
}

func lastLine(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

const stmtPrefix = "package p; func _() {\n"

// filePrefix opens the file that imports and declarations are parsed as,
// with its package clause on a line of its own.
const filePrefix = "package p;\n"

// parseStmts parses src as the body of a function whose opening line comes
// before src's first line, so that statement lines are src lines.
func parseStmts(fset *token.FileSet, src string) ([]ast.Stmt, error) {
	f, err := parser.ParseFile(fset, "cell", stmtPrefix+src+"\n}", parser.ParseComments)
	if err != nil {
		return nil, err
	}
	return f.Decls[0].(*ast.FuncDecl).Body.List, nil
}

// printNode formats n as Go source.
func printNode(fset *token.FileSet, n ast.Node) string {
	var b strings.Builder
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}
