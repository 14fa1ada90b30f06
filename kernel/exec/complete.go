package exec

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

var keywords = []string{
	"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface",
	"map", "package", "range", "return", "select", "struct", "switch", "type", "var",
}

var builtins = []string{
	"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len",
	"make", "max", "min", "new", "panic", "print", "println", "real", "recover",
	"bool", "byte", "complex128", "complex64", "error", "float32", "float64",
	"int", "int16", "int32", "int64", "int8", "rune", "string",
	"uint", "uint16", "uint32", "uint64", "uint8", "uintptr", "any",
	"true", "false", "nil", "iota",
}

// Complete returns the completions of the word before byte offset cursor
// in code, and the byte range [start, end) they replace. It knows import
// paths (inside an import's quotes), package members, the names cells
// declared, and the fields and methods of variables.
func (in *Interp) Complete(code string, cursor int) (matches []string, start, end int) {
	if cursor < 0 || cursor > len(code) {
		cursor = len(code)
	}
	before := code[:cursor]
	if q, ok := importQuote(before); ok {
		prefix := before[q+1:]
		for p := range in.pathName {
			if strings.HasPrefix(p, prefix) && !strings.Contains(p, "internal") {
				matches = append(matches, p)
			}
		}
		return sortUnique(matches), q + 1, cursor
	}
	ws := wordStart(before)
	word := before[ws:]
	chain := chainBefore(before[:ws])
	// A key of a struct literal (train.Options{Ste|): its fields come first,
	// as "Steps:", the way Jedi offers keyword arguments; values may also
	// stand there (Point{x, y}), so the usual names follow.
	var fields []string
	if chain == nil {
		for _, f := range in.literalFields(before[:ws]) {
			if strings.HasPrefix(f, word) {
				fields = append(fields, f+":")
			}
		}
	}
	var cands []string
	if chain == nil {
		cands = append(cands, keywords...)
		cands = append(cands, builtins...)
		cands = append(cands, in.Globals()...)
		for name := range in.pkgs {
			cands = append(cands, name)
		}
	} else {
		cands = in.members(chain)
	}
	for _, c := range cands {
		if strings.HasPrefix(c, word) && !strings.HasPrefix(c, "_") {
			matches = append(matches, c)
		}
	}
	matches = sortUnique(matches)
	if fields != nil {
		matches = append(sortUnique(fields), matches...)
	}
	return matches, ws, cursor
}

// globals is Yaegi's Globals, which panics (index out of range) after a
// cell whose declaration failed to compile: the symbol is recorded but the
// global frame only grows when a program next runs. Running an empty
// program grows it, as the next successful cell would; if that is not
// possible now, no variables are known rather than no reply.
func (in *Interp) globals() map[string]reflect.Value {
	try := func() (g map[string]reflect.Value, ok bool) {
		defer func() {
			if recover() != nil {
				g, ok = nil, false
			}
		}()
		return in.yi.Globals(), true
	}
	if g, ok := try(); ok {
		return g
	}
	if in.mu.TryLock() {
		if prog, err := in.compile(";"); err == nil {
			func() {
				defer func() { recover() }()
				in.yi.Execute(prog)
			}()
		}
		in.mu.Unlock()
		if g, ok := try(); ok {
			return g
		}
	}
	return map[string]reflect.Value{}
}

// literalFields lists the field names of the struct type whose composite
// literal before ends inside, at the position of a key (after "{" or ","),
// or nil. It knows package types (pkg.T{), cell types (T{, &T{) and the
// elided element types of slice, array and map literals ([]T{{).
func (in *Interp) literalFields(before string) []string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	src := []byte(before)
	s.Init(fset.AddFile("", -1, len(src)), src, func(token.Position, string) {}, 0)
	type tok struct {
		t   token.Token
		lit string
	}
	var toks []tok
	var open []int // indexes in toks of the brackets not closed yet
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		if t == token.SEMICOLON && lit == "\n" {
			continue
		}
		switch t {
		case token.LBRACE, token.LPAREN, token.LBRACK:
			open = append(open, len(toks))
		case token.RBRACE, token.RPAREN, token.RBRACK:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
		toks = append(toks, tok{t, lit})
	}
	if len(open) == 0 || len(toks) == 0 {
		return nil
	}
	if last := toks[len(toks)-1].t; last != token.LBRACE && last != token.COMMA {
		return nil
	}
	// typeBefore renders the type tokens that precede the brace at i, or,
	// for a brace that opens an elided element literal, the element type
	// of the literal around it.
	var typeBefore func(i, depth int) string
	typeBefore = func(i, depth int) string {
		if toks[i].t != token.LBRACE || depth > 8 {
			return ""
		}
		j := i
		nest := 0
	scan:
		for j > 0 {
			switch t := toks[j-1].t; {
			case t == token.RBRACK:
				nest++
			case t == token.LBRACK:
				if nest == 0 {
					break scan
				}
				nest--
			case t == token.IDENT, t == token.PERIOD, t == token.MUL, t == token.MAP, t == token.INT:
			case nest > 0:
			default:
				break scan
			}
			j--
		}
		if j == i {
			// No type: an element of the enclosing literal, whose type
			// names it ([]T{{...}} or map[K]T{k: {...}}).
			if j == 0 || (toks[j-1].t != token.COMMA && toks[j-1].t != token.LBRACE && toks[j-1].t != token.COLON) {
				return ""
			}
			k := len(open) - 1
			for k >= 0 && open[k] >= i {
				k--
			}
			if k < 0 {
				return ""
			}
			return elemType(typeBefore(open[k], depth+1))
		}
		var b strings.Builder
		for _, t := range toks[j:i] {
			if t.lit != "" {
				b.WriteString(t.lit)
			} else {
				b.WriteString(t.t.String())
			}
			if t.t == token.MAP {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	return in.structFields(strings.TrimLeft(typeBefore(open[len(open)-1], 0), "*"))
}

// elemType is the element type of a slice, array or map type, without
// pointer stars: "[]*T" → "T", "map[string]T" → "T".
func elemType(t string) string {
	expr, err := parser.ParseExpr(t)
	if err != nil {
		return ""
	}
	var el ast.Expr
	switch e := expr.(type) {
	case *ast.ArrayType:
		el = e.Elt
	case *ast.MapType:
		el = e.Value
	default:
		return ""
	}
	for {
		st, ok := el.(*ast.StarExpr)
		if !ok {
			break
		}
		el = st.X
	}
	return typeName(el)
}

// structFields lists the fields of the struct type named name ("T" or
// "pkg.T") that a literal outside its package may set.
func (in *Interp) structFields(name string) []string {
	pkg, typ, qualified := strings.Cut(name, ".")
	if !qualified {
		sym := in.index[name]
		if sym == nil || sym.kind != "type" {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p; type "+sym.decl, 0)
		if err != nil || len(f.Decls) == 0 {
			return nil
		}
		spec := f.Decls[0].(*ast.GenDecl).Specs[0].(*ast.TypeSpec)
		st, ok := spec.Type.(*ast.StructType)
		if !ok {
			return nil
		}
		var out []string
		for _, fl := range st.Fields.List {
			if len(fl.Names) == 0 { // embedded: the field is the type's name
				if n := typeName(fl.Type); n != "" {
					out = append(out, n[strings.LastIndexByte(n, '.')+1:])
				}
			}
			for _, n := range fl.Names {
				out = append(out, n.Name)
			}
		}
		return out
	}
	path, ok := in.pkgs[pkg]
	if !ok {
		if path, ok = in.findPackage(pkg); !ok {
			return nil
		}
	}
	v, ok := in.packageSymbols(path)[typ]
	// A type is listed as (*T)(nil).
	if !ok || v.Kind() != reflect.Ptr || !v.IsNil() {
		return nil
	}
	t := v.Type().Elem()
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.IsExported() {
			out = append(out, f.Name)
		}
	}
	return out
}

// importQuote reports whether before ends inside the quotes of an import
// path, and where the opening quote is.
func importQuote(before string) (int, bool) {
	q := strings.LastIndexByte(before, '"')
	if q < 0 || strings.ContainsAny(before[q+1:], "\"\n") {
		return 0, false
	}
	// Tokens before the quote: an import keyword, then an optional name or
	// an open parenthesis not closed since.
	var s scanner.Scanner
	fset := token.NewFileSet()
	src := []byte(before[:q])
	s.Init(fset.AddFile("", -1, len(src)), src, nil, 0)
	var toks []token.Token
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		if t == token.SEMICOLON && lit == "\n" {
			continue
		}
		toks = append(toks, t)
	}
	for i := len(toks) - 1; i >= 0; i-- {
		if toks[i] != token.IMPORT {
			continue
		}
		after := toks[i+1:]
		switch {
		case len(after) == 0, len(after) == 1 && (after[0] == token.IDENT || after[0] == token.PERIOD):
			return q, true
		case after[0] == token.LPAREN:
			for _, t := range after {
				if t == token.RPAREN {
					return 0, false
				}
			}
			return q, true
		}
		return 0, false
	}
	return 0, false
}

func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// wordStart is where the identifier that ends s begins.
func wordStart(s string) int {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !isIdentRune(r) {
			break
		}
		i -= size
	}
	return i
}

// wordEnd is where the identifier that starts s ends.
func wordEnd(s string) int {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isIdentRune(r) {
			break
		}
		i += size
	}
	return i
}

// chainBefore returns the selector chain "a.b." that s ends with, as
// ["a", "b"], or nil when s does not end with a dot.
func chainBefore(s string) []string {
	var chain []string
	for strings.HasSuffix(s, ".") {
		s = s[:len(s)-1]
		ws := wordStart(s)
		if ws == len(s) {
			return nil // "(...)." or "]." — an expression we do not evaluate
		}
		chain = append([]string{s[ws:]}, chain...)
		s = s[:ws]
	}
	return chain
}

// members lists what can follow chain and a dot.
func (in *Interp) members(chain []string) []string {
	p, ok := in.pkgs[chain[0]]
	if !ok && in.index[chain[0]] == nil {
		if _, isVar := in.globals()[chain[0]]; !isVar {
			// A package the cells have not imported yet: complete it anyway.
			p, ok = in.findPackage(chain[0])
		}
	}
	if ok {
		syms := in.packageSymbols(p)
		if len(chain) == 1 {
			var out []string
			for name := range syms {
				out = append(out, name)
			}
			return out
		}
		v, ok := syms[chain[1]]
		if !ok {
			return nil
		}
		if v.Kind() == reflect.Ptr && v.Type().Elem().Kind() != reflect.Interface && v.IsNil() {
			return nil // a type: (*T)(nil)
		}
		return valueMembers(v, chain[2:], nil)
	}
	globals := in.globals()
	v, ok := globals[chain[0]]
	if !ok {
		return nil
	}
	var extra []string
	if sym := in.index[chain[0]]; sym != nil && len(chain) == 1 {
		extra = in.methods[sym.typ]
	}
	return valueMembers(v, chain[1:], extra)
}

// packageSymbols returns the exported symbols of the package at path.
func (in *Interp) packageSymbols(path string) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	for key, syms := range in.yi.Symbols(path) {
		if key == "." {
			continue
		}
		for name, v := range syms {
			if !strings.HasPrefix(name, "_") {
				out[name] = v
			}
		}
	}
	return out
}

// valueMembers walks rest (field names) from v and lists the fields and
// methods of what it reaches.
func valueMembers(v reflect.Value, rest []string, extra []string) []string {
	for _, name := range rest {
		v = deref(v)
		if !v.IsValid() || v.Kind() != reflect.Struct {
			return nil
		}
		v = v.FieldByName(name)
	}
	if !v.IsValid() {
		return nil
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	names := append([]string(nil), extra...)
	t := v.Type()
	addMethods := func(t reflect.Type) {
		for i := 0; i < t.NumMethod(); i++ {
			names = append(names, t.Method(i).Name)
		}
	}
	addMethods(t)
	if t.Kind() != reflect.Ptr && t.Kind() != reflect.Interface {
		addMethods(reflect.PointerTo(t))
	}
	if s := deref(v); s.IsValid() && s.Kind() == reflect.Struct {
		st := s.Type()
		for i := 0; i < st.NumField(); i++ {
			// Interpreted structs are unnamed at run time; their lower-case
			// fields belong to the cells' own package.
			if f := st.Field(i); f.IsExported() || st.Name() == "" {
				names = append(names, f.Name)
			}
		}
	}
	return names
}

func deref(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Ptr || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

func sortUnique(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}
