package stdlib

// Doc is the documentation of one exported symbol, for inspect requests.
type Doc struct {
	Decl string // the declaration, e.g. "func For(n, minChunk int, body func(lo, hi int))"
	Text string // the doc comment
}

// Docs maps an import path to its documented symbols: "Name" for package
// level functions, types, variables and constants, "Type.Method" for
// methods, and "" for the package comment. It is generated from the sources
// of the packages in generate.go, so it works without them at run time.
var Docs = map[string]map[string]Doc{}
