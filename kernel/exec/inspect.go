package exec

import (
	"fmt"
	"go/build"
	"path/filepath"
	"reflect"
	"strings"
	"sync"

	"trigo/kernel/display"
	"trigo/kernel/godoc"
	"trigo/stdlib"
)

// Inspect documents the symbol at byte offset cursor in code: its
// declaration (signature) and doc comment, as a MIME bundle with text/plain
// and text/markdown. It knows package members — the project's from the
// generated table in trigo/stdlib, the standard library's from GOROOT when
// the sources are there — the names cells declared, and variables.
func (in *Interp) Inspect(code string, cursor int) (display.Bundle, bool) {
	if cursor < 0 || cursor > len(code) {
		cursor = len(code)
	}
	// The word under (or just before) the cursor and the selector chain
	// leading to it.
	ws := wordStart(code[:cursor])
	we := cursor + wordEnd(code[cursor:])
	if ws == we && ws > 0 && code[ws-1] == '(' { // "f(|": document f
		we = ws - 1
		ws = wordStart(code[:we])
	}
	if ws == we {
		return nil, false
	}
	chain := append(chainBefore(code[:ws]), code[ws:we])
	decl, doc, ok := in.lookup(chain)
	if !ok {
		return nil, false
	}
	plain := decl
	md := "```go\n" + decl + "\n```\n"
	if doc != "" {
		plain += "\n\n" + doc
		md += "\n" + doc
	}
	return display.Bundle{display.MIMEText: plain, display.MIMEMarkdown: md}, true
}

func (in *Interp) lookup(chain []string) (decl, doc string, ok bool) {
	name := chain[0]
	if path, isPkg := in.pkgs[name]; isPkg || (len(chain) > 1 && in.index[name] == nil && in.globals()[name] == (reflect.Value{})) {
		if !isPkg {
			path, isPkg = in.findPackage(name)
		}
		if isPkg {
			return in.packageLookup(path, chain[1:])
		}
	}
	if len(chain) == 1 {
		if sym, found := in.index[name]; found {
			decl := sym.decl
			if v, ok := in.globals()[name]; ok && v.IsValid() && (sym.kind == "var" || sym.kind == "const") {
				decl = fmt.Sprintf("%s %s %s = %s", sym.kind, name, typeString(v), short(v))
			}
			return decl, sym.doc, true
		}
		if v, ok := in.globals()[name]; ok && v.IsValid() {
			return fmt.Sprintf("var %s %s = %s", name, typeString(v), short(v)), "", true
		}
		if d, ok := builtinDocs[name]; ok {
			return d, "", true
		}
		return "", "", false
	}
	// x.f...: a method declared in a cell, or a field or method of a value.
	if sym := in.index[name]; sym != nil && len(chain) == 2 {
		if m, ok := in.index[sym.typ+"."+chain[1]]; ok {
			return m.decl, m.doc, true
		}
	}
	v, found := in.globals()[name]
	if !found {
		return "", "", false
	}
	for i, field := range chain[1:] {
		last := i == len(chain)-2
		if last {
			if m, ok := methodOf(v, field); ok {
				t := m.Type
				decl := fmt.Sprintf("func (%s) %s%s", typeString(v), field, strings.TrimPrefix(t.String(), "func"))
				return decl, methodDoc(v.Type(), field), true
			}
		}
		s := deref(v)
		if !s.IsValid() || s.Kind() != reflect.Struct {
			return "", "", false
		}
		f, ok := s.Type().FieldByName(field)
		if !ok {
			return "", "", false
		}
		v = s.FieldByIndex(f.Index)
		if last {
			return fmt.Sprintf("field %s %s = %s", field, f.Type, short(v)), "", true
		}
	}
	return "", "", false
}

// findPackage finds an importable package named name (a cell may ask
// about strings.Fields before importing strings).
func (in *Interp) findPackage(name string) (string, bool) {
	best := ""
	for p, n := range in.pathName {
		if n == name && (best == "" || len(p) < len(best)) {
			best = p
		}
	}
	return best, best != ""
}

func (in *Interp) packageLookup(path string, rest []string) (decl, doc string, ok bool) {
	docs := packageDocs(path)
	key := strings.Join(rest, ".")
	if e, ok := docs[key]; ok {
		return e.Decl, e.Text, true
	}
	if len(rest) == 0 {
		return "package " + in.pathName[path] + ` // import "` + path + `"`, "", true
	}
	// No sources: the signature alone, from the symbol table.
	v, ok := in.packageSymbols(path)[rest[0]]
	if !ok || len(rest) > 1 {
		return "", "", false
	}
	switch {
	case v.Kind() == reflect.Func:
		return "func " + rest[0] + strings.TrimPrefix(v.Type().String(), "func"), "", true
	case v.Kind() == reflect.Ptr && v.IsNil():
		return "type " + rest[0] + " " + v.Type().Elem().String(), "", true
	}
	return fmt.Sprintf("%s.%s %s", in.pathName[path], rest[0], v.Type()), "", true
}

var (
	docCacheMu sync.Mutex
	docCache   = map[string]map[string]stdlib.Doc{}
)

// packageDocs returns the docs of path: the generated table for project
// packages, the GOROOT sources for the standard library.
func packageDocs(path string) map[string]stdlib.Doc {
	if d, ok := stdlib.Docs[path]; ok {
		return d
	}
	docCacheMu.Lock()
	defer docCacheMu.Unlock()
	if d, ok := docCache[path]; ok {
		return d
	}
	out := map[string]stdlib.Doc{}
	if root := build.Default.GOROOT; root != "" && !strings.Contains(path, ".") {
		if entries, err := godoc.Package(path, filepath.Join(root, "src")); err == nil {
			for k, e := range entries {
				out[k] = stdlib.Doc{Decl: e.Decl, Text: e.Text}
			}
		}
	}
	docCache[path] = out
	return out
}

func methodOf(v reflect.Value, name string) (reflect.Method, bool) {
	if !v.IsValid() {
		return reflect.Method{}, false
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if m, ok := v.Type().MethodByName(name); ok {
		return m, true
	}
	if v.Kind() != reflect.Ptr {
		return reflect.PointerTo(v.Type()).MethodByName(name)
	}
	return reflect.Method{}, false
}

// methodDoc finds the doc comment of a compiled type's method.
func methodDoc(t reflect.Type, method string) string {
	for t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	if t.PkgPath() == "" || t.Name() == "" {
		return ""
	}
	return packageDocs(t.PkgPath())[t.Name()+"."+method].Text
}

func typeString(v reflect.Value) string {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		return v.Elem().Type().String()
	}
	return v.Type().String()
}

// short is a value's text form, cut to one line.
func short(v reflect.Value) string {
	if !v.IsValid() || !v.CanInterface() {
		return "?"
	}
	s := display.TextOf(v.Interface())
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	if len(s) > 120 {
		s = s[:120] + " …"
	}
	return s
}

var builtinDocs = map[string]string{
	"append":  "func append(slice []Type, elems ...Type) []Type",
	"cap":     "func cap(v Type) int",
	"clear":   "func clear[T ~[]Type | ~map[Type]Type1](t T)",
	"close":   "func close(c chan<- Type)",
	"copy":    "func copy(dst, src []Type) int",
	"delete":  "func delete(m map[Type]Type1, key Type)",
	"len":     "func len(v Type) int",
	"make":    "func make(t Type, size ...IntegerType) Type",
	"max":     "func max[T cmp.Ordered](x T, y ...T) T",
	"min":     "func min[T cmp.Ordered](x T, y ...T) T",
	"new":     "func new(Type) *Type",
	"panic":   "func panic(v any)",
	"print":   "func print(args ...Type)",
	"println": "func println(args ...Type)",
	"recover": "func recover() any",
}
