// Package stdlib holds the symbol tables through which interpreted notebook
// cells reach compiled packages: the project's own packages (engine, plots,
// the display API) by import path. Go's standard library comes from yaegi's
// own stdlib package.
//
// The tables and docs_gen.go are generated, never edited; generate.go,
// maptypes.go, docs.go and internal/ are written by hand. To expose another
// package to notebooks, add one go:generate line below, run
// `go generate ./stdlib` and commit the new files. TestSymbolsFresh fails
// when a table is stale.
package stdlib

import "reflect"

// Symbols maps "import/path/name" to the package's exported symbols, in the
// form interp.Use takes.
var Symbols = map[string]map[string]reflect.Value{}

// The project packages interpreted code can import, one per line. The doc
// generator (last line) reads this list too.
//
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/blas
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/chatdata
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/ckpt
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/corpus
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/data
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/experiment
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/gen
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/interrupt
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/metacog
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/model
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/nn
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/optim
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/parallel
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/probe
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/tensor
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/ternary
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/engine/train
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/kernel/display
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/kernel/widgets
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract -name stdlib trigo/plots
//go:generate go run ./internal/gendoc -o docs_gen.go
