package notebook

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// Tags of the papermill convention.
const (
	// ParametersTag marks the cell that declares a notebook's parameters
	// with their defaults.
	ParametersTag = "parameters"
	// InjectedTag marks the cell the runner inserts after it.
	InjectedTag = "injected-parameters"
)

// Param is one parameter given on the command line (-p name=value).
type Param struct{ Name, Value string }

// ParseParam splits "name=value".
func ParseParam(s string) (Param, error) {
	name, value, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || !token.IsIdentifier(name) {
		return Param{}, fmt.Errorf("parameter %q: want name=value with a Go identifier as name", s)
	}
	return Param{name, value}, nil
}

// declared is a parameter the parameters cell declares.
type declared struct {
	typ   string // Go type when known: "int", "float64", "string", "bool", ... ; "" unknown
	konst bool   // declared with const
}

// declaredParams reads the names, types and kinds of the variables and
// constants a parameters cell declares (x := 1, var x float64 = 2,
// const name = "a", and grouped forms).
func declaredParams(src string) (map[string]declared, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "parameters", "package p\nfunc _() {\n"+src+"\n}", 0)
	if err != nil {
		return nil, fmt.Errorf("the parameters cell does not parse: %v", err)
	}
	out := map[string]declared{}
	body := f.Decls[0].(*ast.FuncDecl).Body
	for _, st := range body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				continue
			}
			for i, l := range st.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok || id.Name == "_" {
					continue
				}
				d := declared{}
				if len(st.Rhs) == len(st.Lhs) {
					d.typ = exprType(st.Rhs[i])
				}
				out[id.Name] = d
			}
		case *ast.DeclStmt:
			g, ok := st.Decl.(*ast.GenDecl)
			if !ok || (g.Tok != token.VAR && g.Tok != token.CONST) {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if n.Name == "_" {
						continue
					}
					d := declared{konst: g.Tok == token.CONST}
					if vs.Type != nil {
						d.typ = typeString(vs.Type)
					} else if i < len(vs.Values) {
						d.typ = exprType(vs.Values[i])
					}
					out[n.Name] = d
				}
			}
		}
	}
	return out, nil
}

// exprType is the default type of a literal (30 → int, 1e-3 → float64,
// "a" → string, true → bool, -2 → int, float32(1) → float32), "" for other
// expressions.
func exprType(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.BasicLit:
		switch e.Kind {
		case token.INT:
			return "int"
		case token.FLOAT:
			return "float64"
		case token.STRING:
			return "string"
		case token.CHAR:
			return "rune"
		}
	case *ast.Ident:
		if e.Name == "true" || e.Name == "false" {
			return "bool"
		}
	case *ast.UnaryExpr:
		if e.Op == token.SUB || e.Op == token.ADD {
			if t := exprType(e.X); t == "int" || t == "float64" {
				return t
			}
		}
	case *ast.ParenExpr:
		return exprType(e.X)
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && len(e.Args) == 1 && basicKind(id.Name) != "" {
			return id.Name
		}
	}
	return ""
}

func typeString(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// basicKind groups Go's basic types: "int", "float", "string", "bool".
func basicKind(typ string) string {
	switch typ {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "byte", "rune":
		return "int"
	case "float32", "float64":
		return "float"
	case "string":
		return "string"
	case "bool":
		return "bool"
	}
	return ""
}

// goValue turns a command-line value into Go source for a parameter of the
// given type ("" when unknown: Go literal syntax decides, and anything that
// is not a literal is taken as a string).
func goValue(name, typ, value string) (string, error) {
	v := strings.TrimSpace(value)
	switch basicKind(typ) {
	case "int":
		if !isIntLit(v) {
			return "", fmt.Errorf("parameter %s is %s: %q is not an integer", name, typ, value)
		}
		return v, nil
	case "float":
		if !isIntLit(v) && !isFloatLit(v) {
			return "", fmt.Errorf("parameter %s is %s: %q is not a number", name, typ, value)
		}
		return v, nil
	case "bool":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return "", fmt.Errorf("parameter %s is bool: %q is not true or false", name, value)
		}
		return strconv.FormatBool(b), nil
	case "string":
		if isStringLit(v) {
			return v, nil
		}
		return strconv.Quote(value), nil
	}
	if typ != "" {
		// A named or composite type, or an expression: the value is Go source.
		if _, err := parser.ParseExpr(v); err != nil {
			return "", fmt.Errorf("parameter %s: %q is not a Go expression", name, value)
		}
		return v, nil
	}
	switch {
	case isIntLit(v), isFloatLit(v), isStringLit(v):
		return v, nil
	case v == "true" || v == "false":
		return v, nil
	}
	return strconv.Quote(value), nil
}

func isIntLit(v string) bool { return isSignedLit(v, token.INT) }

func isFloatLit(v string) bool { return isSignedLit(v, token.FLOAT) }

// isSignedLit reports whether v is a literal of kind, with an optional
// leading + or −.
func isSignedLit(v string, kind token.Token) bool {
	e, err := parser.ParseExpr(v)
	if err != nil {
		return false
	}
	if u, ok := e.(*ast.UnaryExpr); ok && (u.Op == token.SUB || u.Op == token.ADD) {
		e = u.X
	}
	lit, ok := e.(*ast.BasicLit)
	return ok && lit.Kind == kind
}

func isStringLit(v string) bool {
	lit, ok := parseBasic(v)
	return ok && lit.Kind == token.STRING
}

func parseBasic(v string) (*ast.BasicLit, bool) {
	e, err := parser.ParseExpr(v)
	if err != nil {
		return nil, false
	}
	lit, ok := e.(*ast.BasicLit)
	return lit, ok
}

// InjectParameters removes the cells an earlier run injected and, when
// params is not empty, inserts a cell tagged injected-parameters that sets
// them right after the cell tagged parameters (at the top when there is
// none, as papermill does). Values are typed by the parameters cell's
// declarations: an int parameter takes an integer, a string parameter
// takes any text (quoted for you). It returns the names the parameters
// cell does not declare (they are declared by the injected cell), for a
// warning.
func InjectParameters(nb *Notebook, params []Param) (unknown []string, err error) {
	kept := nb.Cells[:0]
	for _, c := range nb.Cells {
		if !c.HasTag(InjectedTag) {
			kept = append(kept, c)
		}
	}
	nb.Cells = kept
	if len(params) == 0 {
		return nil, nil
	}
	at := 0
	decl := map[string]declared{}
	for i, c := range nb.Cells {
		if c.Type == Code && c.HasTag(ParametersTag) {
			at = i + 1
			if decl, err = declaredParams(c.Source); err != nil {
				return nil, err
			}
			break
		}
	}
	var b strings.Builder
	b.WriteString("// Parameters (injected by trigo run)\n")
	seen := map[string]bool{}
	for _, p := range params {
		if seen[p.Name] {
			return nil, fmt.Errorf("parameter %s is given twice", p.Name)
		}
		seen[p.Name] = true
		d, known := decl[p.Name]
		typ := d.typ
		if known && typ == "" {
			typ = "expr" // declared by an expression: the value is Go source
		}
		v, err := goValue(p.Name, typ, p.Value)
		if err != nil {
			return nil, err
		}
		switch {
		case !known:
			unknown = append(unknown, p.Name)
			fmt.Fprintf(&b, "var %s = %s\n", p.Name, v)
		case d.konst && d.typ != "" && basicKind(d.typ) != "" && !isDefaultType(d.typ, v):
			fmt.Fprintf(&b, "const %s %s = %s\n", p.Name, d.typ, v)
		case d.konst:
			fmt.Fprintf(&b, "const %s = %s\n", p.Name, v)
		default:
			fmt.Fprintf(&b, "%s = %s\n", p.Name, v)
		}
	}
	sort.Strings(unknown)
	c := NewCode(strings.TrimSuffix(b.String(), "\n"))
	c.SetTags(InjectedTag)
	nb.Cells = append(nb.Cells[:at], append([]*Cell{c}, nb.Cells[at:]...)...)
	return unknown, nil
}

// isDefaultType reports whether the untyped constant v has type typ by
// default (so `const x = v` keeps the declared type).
func isDefaultType(typ, v string) bool {
	switch typ {
	case "int":
		return isIntLit(v)
	case "float64":
		return isFloatLit(v)
	case "string":
		return isStringLit(v)
	case "bool":
		return v == "true" || v == "false"
	}
	return false
}
