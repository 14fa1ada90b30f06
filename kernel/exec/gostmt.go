package exec

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// A panic in a goroutine kills the whole process: Go offers no way to
// recover it from outside that goroutine. So before a cell runs, each of its
// `go` statements is rewritten to start the goroutine with a deferred
// recover that reports the panic on stderr (GoPanic) and lets the kernel,
// its state and the other goroutines live on:
//
//	go F(a, b)   →   { __trigo_g0 := a; __trigo_g1 := b; go func() { defer __trigo_guard(); F(__trigo_g0, __trigo_g1) }() }
//
// The arguments are still evaluated by the goroutine that runs the go
// statement, as Go specifies (and as loops need: Yaegi keeps one loop
// variable for all iterations). Literals, true/false/nil/iota, constants
// the cells declared and package members (fmt.Println, math.Pi) stay in
// place so that untyped constants keep converting to the parameter type.
// The function value F itself is evaluated when the goroutine starts, not
// before: that differs from Go only when F is a variable reassigned right
// after the go statement. The rewritten text stays on the statement's
// lines, so error positions still point at the cell's lines.

// guardGo is the prelude's recover hook (prelude in interp.go).
const guardGo = `
func __trigo_guard() {
	if r := recover(); r != nil {
		__trigo_cell.GoPanic(r)
	}
}
`

// cellNames answers what guardGoStmts leaves in place besides literals:
// constants the cells declared and imported package names. The Interp is
// one; asking it per argument costs nothing for cells without go statements.
type cellNames interface {
	isConst(name string) bool
	isPackage(name string) bool
}

func (in *Interp) isConst(name string) bool {
	sym := in.index[name]
	return sym != nil && sym.kind == "const"
}

func (in *Interp) isPackage(name string) bool {
	_, ok := in.pkgs[name]
	return ok
}

// guardGoStmts rewrites the go statements of src, a cell piece: statements
// (stmts) or declarations. Source it cannot parse is returned unchanged
// (the evaluation that follows reports the error).
func guardGoStmts(src string, stmts bool, names cellNames) string {
	if !strings.Contains(src, "go") {
		return src
	}
	prefix, suffix := filePrefix, ""
	if stmts {
		prefix, suffix = stmtPrefix, "\n}"
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell", prefix+src+suffix, 0)
	if err != nil {
		return src
	}
	local := map[string]bool{}
	var gos []*ast.GoStmt
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			gos = append(gos, n)
		case *ast.GenDecl:
			if n.Tok == token.CONST {
				for _, s := range n.Specs {
					for _, id := range s.(*ast.ValueSpec).Names {
						local[id.Name] = true
					}
				}
			}
		}
		return true
	})
	if len(gos) == 0 {
		return src
	}
	g := &goGuard{src: src, base: fset.File(f.Pos()).Base() + len(prefix), gos: gos, names: names, local: local}
	return g.render(0, len(src))
}

type goGuard struct {
	src   string
	base  int           // token.Pos of src's first byte
	gos   []*ast.GoStmt // in source order (ast.Inspect visits them so)
	names cellNames
	local map[string]bool // constants declared in src itself
}

func (g *goGuard) off(p token.Pos) int { return int(p) - g.base }

// render is src[lo:hi] with every go statement in it rewritten (those
// nested inside another rewritten by the outer one's rewrite).
func (g *goGuard) render(lo, hi int) string {
	var b strings.Builder
	at := lo
	for _, s := range g.gos {
		start, end := g.off(s.Pos()), g.off(s.End())
		if start < at || end > hi {
			continue // outside the range, or nested in one already written
		}
		b.WriteString(g.src[at:start])
		b.WriteString(g.rewrite(s))
		at = end
	}
	b.WriteString(g.src[at:hi])
	return b.String()
}

func (g *goGuard) text(n ast.Node) string { return g.render(g.off(n.Pos()), g.off(n.End())) }

func (g *goGuard) rewrite(s *ast.GoStmt) string {
	return g.captured(s.Call, "__trigo_g", "go func() { defer __trigo_guard(); ", " }()")
}

// inPlace reports arguments that are left in the call: constants (which
// must stay untyped) and package members (whose evaluation time does not
// matter).
func (g *goGuard) inPlace(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return g.inPlace(e.X)
	case *ast.UnaryExpr:
		return e.Op != token.AND && e.Op != token.ARROW && g.inPlace(e.X)
	case *ast.BinaryExpr:
		return g.inPlace(e.X) && g.inPlace(e.Y)
	case *ast.Ident:
		switch e.Name {
		case "true", "false", "nil", "iota":
			return true
		}
		return g.local[e.Name] || g.names.isConst(e.Name)
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		return ok && g.names.isPackage(x.Name)
	}
	return false
}

// goPanic reports a panic that guardGoStmts' recover caught in a goroutine
// a cell started. It goes to the process's stderr, which the kernel sends
// to the cell that is running when it happens.
func goPanic(r any) {
	fmt.Fprintf(osStderr(), "panic in a goroutine started by a cell: %v\n(recovered: that goroutine ended; the kernel and its variables are intact)\n", r)
}
