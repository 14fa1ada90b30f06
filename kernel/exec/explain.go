package exec

import (
	"go/ast"
	"go/token"
	"reflect"
	"strings"
)

// explain replaces compile errors of Yaegi that do not say what is wrong
// (or where) by what the Go compiler would say, when the cell shows it:
//
//   - a package name that is neither imported nor declared (`modle.New`,
//     Yaegi: "constant definition loop") → "undefined: modle";
//   - a call of a struct field (`m.Params()` where Params is a field,
//     Yaegi: "CFG post-order panic") → "m.Params is a field, not a method";
//   - range over an integer (Yaegi: "nil type", no position) → the line of
//     the range statement.
func (in *Interp) explain(e *Error, src, msg string) {
	c, err := splitCell(src)
	if err != nil {
		return
	}
	var roots []ast.Node
	fset := c.fset
	if c.stmtSrc != "" || c.lastSrc != "" {
		text := c.stmtSrc
		if text == "" {
			text = c.lastSrc
		} else if c.lastSrc != "" {
			text = blankExcept(src, func(off int) bool { return c.stmtSrc[off] != ' ' || c.lastSrc[off] != ' ' })
		}
		if body, err := parseStmts(fset, text); err == nil {
			for _, st := range body {
				roots = append(roots, st)
			}
		}
	}
	for _, d := range c.decls {
		roots = append(roots, d)
	}
	at := func(p token.Pos) (int, int) {
		pos := fset.Position(p)
		return pos.Line - 1, pos.Column
	}
	defined := definedNames(roots)
	known := func(name string) bool {
		if _, ok := in.pkgs[name]; ok {
			return true
		}
		if _, ok := in.index[name]; ok {
			return true
		}
		return defined[name] || universe[name] || strings.HasPrefix(name, "__trigo")
	}
	var found bool
	for _, r := range roots {
		ast.Inspect(r, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok && !known(id.Name) &&
					(msg == "constant definition loop" || strings.Contains(msg, "undefined")) {
					e.Value = "undefined: " + id.Name
					e.Line, e.Col = at(id.Pos())
					found = true
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok {
					break
				}
				id, ok := sel.X.(*ast.Ident)
				if !ok || in.index[id.Name] == nil || in.index[id.Name].kind != "var" {
					break
				}
				if in.isField(id.Name, sel.Sel.Name) {
					e.Value = id.Name + "." + sel.Sel.Name + " is a field, not a method (drop the parentheses)"
					e.Line, e.Col = at(sel.Sel.Pos())
					found = true
				}
			case *ast.RangeStmt:
				if lit, ok := n.X.(*ast.BasicLit); ok && lit.Kind == token.INT && strings.Contains(msg, "nil type") {
					e.Line, e.Col = at(n.Pos())
					found = true
				} else if strings.Contains(msg, "nil type") && e.Line == 0 {
					e.Line, e.Col = at(n.Pos()) // a candidate; a literal beats it
				}
			}
			return !found
		})
	}
}

// isField reports whether the cell variable name is a struct (or pointer
// to one) with a field called field.
func (in *Interp) isField(name, field string) bool {
	v, err := in.yi.Eval(name)
	if err != nil || !v.IsValid() {
		return false
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return false
	}
	_, ok := v.Type().FieldByName(field)
	return ok
}

// definedNames collects the names the nodes declare anywhere (variables,
// parameters, functions, types, labels).
func definedNames(roots []ast.Node) map[string]bool {
	names := map[string]bool{}
	add := func(ids ...*ast.Ident) {
		for _, id := range ids {
			if id != nil {
				names[id.Name] = true
			}
		}
	}
	for _, r := range roots {
		ast.Inspect(r, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE {
					for _, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							add(id)
						}
					}
				}
			case *ast.RangeStmt:
				for _, x := range []ast.Expr{n.Key, n.Value} {
					if id, ok := x.(*ast.Ident); ok {
						add(id)
					}
				}
			case *ast.ValueSpec:
				add(n.Names...)
			case *ast.TypeSpec:
				add(n.Name)
			case *ast.FuncDecl:
				add(n.Name)
			case *ast.Field:
				add(n.Names...)
			case *ast.LabeledStmt:
				add(n.Label)
			case *ast.ImportSpec:
				add(n.Name)
			}
			return true
		})
	}
	return names
}

// universe is Go's predeclared identifiers.
var universe = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64
		rune string uint uint8 uint16 uint32 uint64 uintptr any comparable true false iota nil
		append cap clear close complex copy delete imag len make max min new panic print println real recover`) {
		m[n] = true
	}
	return m
}()
