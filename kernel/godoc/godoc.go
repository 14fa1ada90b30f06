// Package godoc reads the documentation of a Go package from its source:
// the declaration and doc comment of every exported symbol. The stdlib
// generator uses it to bake the project's docs into a table; the
// interpreter uses it at run time for the standard library (from GOROOT).
package godoc

import (
	"bytes"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
)

// Entry is one documented symbol.
type Entry struct {
	Decl string // declaration, without a function's body
	Text string // doc comment
}

// Package returns the docs of the package at importPath, keyed by "Name"
// for package-level symbols, "Type.Method" for methods and "" for the
// package comment. dir is where the import is resolved from ("." is fine
// inside a module).
func Package(importPath, dir string) (map[string]Entry, error) {
	bp, err := build.Import(importPath, dir, 0)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(bp.Dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, importPath)
	if err != nil {
		return nil, err
	}
	out := map[string]Entry{"": {"package " + p.Name, p.Doc}}
	decl := func(n ast.Node) string {
		var b bytes.Buffer
		cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
		_ = cfg.Fprint(&b, fset, n)
		return b.String()
	}
	funcDecl := func(f *doc.Func) string {
		d := *f.Decl
		d.Body, d.Doc = nil, nil
		return decl(&d)
	}
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			g := *v.Decl
			g.Doc = nil
			for _, name := range v.Names {
				if token.IsExported(name) {
					out[name] = Entry{decl(&g), v.Doc}
				}
			}
		}
	}
	values(p.Consts)
	values(p.Vars)
	for _, f := range p.Funcs {
		out[f.Name] = Entry{funcDecl(f), f.Doc}
	}
	for _, t := range p.Types {
		g := *t.Decl
		g.Doc = nil
		out[t.Name] = Entry{decl(&g), t.Doc}
		values(t.Consts)
		values(t.Vars)
		for _, f := range t.Funcs {
			out[f.Name] = Entry{funcDecl(f), f.Doc}
		}
		for _, m := range t.Methods {
			out[t.Name+"."+m.Name] = Entry{funcDecl(m), m.Doc}
		}
	}
	return out, nil
}
