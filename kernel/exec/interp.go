// Package exec runs notebook cells: Go source evaluated by one persistent
// Yaegi interpreter, so that imports, declarations and variables survive
// from one cell to the next. It knows nothing of Jupyter; the kernel and the
// headless runner both build on it.
//
//	in, _ := exec.New(exec.Options{Stdout: send("stdout"), Stderr: send("stderr")})
//	defer in.Close()
//	res, err := in.Execute(ctx, `x := 6 * 7; x`)   // res.Data["text/plain"] == "42"
//
// A cell is split into imports, declarations and statements, evaluated in
// that order (see splitCell); the value of a last expression statement is
// the cell's result, rendered through the display package's rules. Errors
// — syntax, compile, panics, interrupts — come back as *Error with a
// traceback in cell coordinates, and the interpreter stays usable.
package exec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"log"
	"os"
	"path"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"
	yaegistd "github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"

	"trigo/engine/interrupt"
	"trigo/kernel/display"
	"trigo/stdlib"
)

// Options configure an interpreter.
type Options struct {
	// Stdout and Stderr receive what cells (interpreted and compiled code)
	// print, as text chunks: every FlushInterval while a cell runs, on
	// Flush, and when a cell ends. When both are nil nothing is captured
	// and output goes where the process's output goes.
	Stdout, Stderr func(text string)
	// FlushInterval is how often output is handed on while a cell runs;
	// 0 means 50 ms.
	FlushInterval time.Duration
	// CaptureFD captures at the file-descriptor level (linux): compiled
	// code writing to fd 1 or 2 and child processes are captured too. It
	// changes the whole process's descriptors, so only one Interp at a
	// time may use it. Without it the os.Stdout and os.Stderr variables
	// are redirected instead.
	CaptureFD bool
	// Input answers a cell that reads os.Stdin or calls fmt.Scan: it is
	// asked for one line (without newline). nil means stdin is at EOF.
	Input func(prompt string, password bool) (string, error)
	// Args is os.Args as the cells see it.
	Args []string
}

// Result is what a cell evaluated to.
type Result struct {
	// Data is the MIME bundle of the cell's last expression, nil when the
	// cell does not end with an expression that has a value.
	Data display.Bundle
	// Value holds the values themselves (a call can return several).
	Value []any
}

// Interp is one interpreter session. Execute, Complete and Inspect must
// not be called concurrently with each other; Flush may be called from any
// goroutine (a display sink calls it to keep outputs in order).
type Interp struct {
	opts Options
	yi   *interp.Interpreter
	mu   sync.Mutex

	out, errs *stream
	cap       *capture
	flushMu   sync.Mutex
	stopTick  chan struct{}
	panics    *panicLog

	pathName map[string]string   // import path → package name, for every package cells can import
	pkgs     map[string]string   // package name in cells → import path
	imported map[string]bool     // "name path" already imported
	index    map[string]*symbol  // cell-declared functions, types, variables
	methods  map[string][]string // type name → method names declared in cells
	result   []any
	resultOK bool
	shifts   []colShift // of the piece being evaluated (wrap.go, lines.go)
	lines    lineTrack  // statement positions for panics (lines.go)
	lastGID  int64      // goroutine of an interrupted cell, 0 if none
}

// symbol is something a cell declared.
type symbol struct {
	kind string // "func", "type", "var", "const"
	decl string // its declaration text
	doc  string
	typ  string // for variables: the type name when the declaration shows it
	src  string // the cell that declared it
}

const hookPkg = "trigo/kernel/exec/cell"

// prelude stands in for the Go 1.21 builtins min and max, which Yaegi
// v0.16 lacks, as generic functions of the cells' package. (Arguments mixing
// untyped floats and integers, min(2.5, 1), need a conversion.)
const prelude = `
type __trigo_ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}

func min[T __trigo_ordered](x T, y ...T) T {
	for _, v := range y {
		if v < x {
			x = v
		}
	}
	return x
}

func max[T __trigo_ordered](x T, y ...T) T {
	for _, v := range y {
		if v > x {
			x = v
		}
	}
	return x
}
`

// New starts an interpreter with Go's standard library and the project's
// packages (stdlib.Symbols) importable.
func New(opts Options) (*Interp, error) {
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = 50 * time.Millisecond
	}
	in := &Interp{
		opts:     opts,
		pathName: map[string]string{},
		pkgs:     map[string]string{},
		imported: map[string]bool{},
		index:    map[string]*symbol{},
		methods:  map[string][]string{},
		panics:   &panicLog{},
		lines:    lineTrack{slots: map[string]int{}, cells: []string{""}},
	}
	capturing := opts.Stdout != nil || opts.Stderr != nil
	if capturing {
		discard := func(string) {}
		in.out = &stream{emit: opts.Stdout}
		in.errs = &stream{emit: opts.Stderr}
		if in.out.emit == nil {
			in.out.emit = discard
		}
		if in.errs.emit == nil {
			in.errs.emit = discard
		}
		c, err := startCapture(opts.CaptureFD && fdCapture, in.out, in.errs)
		if err != nil {
			return nil, fmt.Errorf("capturing output: %w", err)
		}
		in.cap = c
		in.stopTick = make(chan struct{})
		go in.tick()
	}
	in.panics.fwd = func(p []byte) { osStderr().Write(p) }

	args := opts.Args
	if args == nil {
		args = []string{"trigo"}
	}
	yopts := interp.Options{
		Stdin:  &stdinReader{in: in},
		Stdout: stdoutWriter{}, // follows os.Stdout (capture.go)
		Stderr: in.panics,
		Args:   args,
		// Cells may run programs and read the environment; the kernel is
		// the user's own process, not a sandbox.
		Unrestricted: true,
	}
	in.yi = interp.New(yopts)
	// os/exec comes from yaegi's unrestricted set; os.Exit and log.Fatal
	// stay the restricted versions, which panic instead of killing the kernel.
	osexec := interp.Exports{"os/exec/exec": unrestricted.Symbols["os/exec/exec"]}
	for _, syms := range []interp.Exports{yaegistd.Symbols, osexec, stdlib.Symbols} {
		if err := in.yi.Use(syms); err != nil {
			in.Close()
			return nil, err
		}
		for key := range syms {
			if key != "." {
				in.pathName[path.Dir(key)] = path.Base(key)
			}
		}
	}
	// os.Stdin in cells reads through Input; the variable's type becomes
	// io.Reader, which is what every reader of stdin needs.
	var stdin io.Reader = yopts.Stdin
	_ = in.yi.Use(interp.Exports{"os/os": {"Stdin": reflect.ValueOf(&stdin).Elem()}})

	// The hook that receives the value of a cell's last expression. Passed
	// through `any`, interpreted values are wrapped as the first display
	// interface their type implements.
	set := reflect.ValueOf(func(vs ...any) { in.result, in.resultOK = vs, true })
	err := in.yi.Use(interp.Exports{
		hookPkg + "/cell": {"Set": set, "GoPanic": reflect.ValueOf(goPanic)},
		".":               {"MapTypes": reflect.ValueOf(map[reflect.Value][]reflect.Type{set: display.Renderers()})},
	})
	if err == nil {
		_, err = in.eval(context.Background(), `import __trigo_cell "`+hookPkg+`"`)
	}
	if err == nil {
		_, err = in.eval(context.Background(), prelude+guardGo+deferPrelude+linesPrelude)
	}
	if err != nil {
		in.Close()
		return nil, err
	}
	return in, nil
}

// osStdout and osStderr are the process's streams as they are now (the
// capture may have swapped the variables).
func osStdout() *os.File { return os.Stdout }
func osStderr() *os.File { return os.Stderr }

// Close stops capturing output. The interpreter must not be used after.
func (in *Interp) Close() error {
	if in.stopTick != nil {
		close(in.stopTick)
		in.stopTick = nil
	}
	if in.cap != nil {
		in.Flush()
		in.cap.stop()
		in.flushStreams(true)
		in.cap = nil
	}
	return nil
}

func (in *Interp) tick() {
	t := time.NewTicker(in.opts.FlushInterval)
	defer t.Stop()
	stop := in.stopTick
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			in.flushStreams(false)
		}
	}
}

// Flush hands on everything printed so far. A display sink calls it before
// showing anything, so that output appears in the order it was produced.
func (in *Interp) Flush() {
	if in.cap == nil {
		return
	}
	in.cap.sync()
	in.flushStreams(false)
}

func (in *Interp) flushStreams(all bool) {
	if in.out == nil {
		return
	}
	in.flushMu.Lock()
	defer in.flushMu.Unlock()
	if s := in.out.take(all); s != "" {
		in.out.emit(s)
	}
	if s := in.errs.take(all); s != "" {
		in.errs.emit(s)
	}
}

// Execute runs one cell. The error, when not nil, is an *Error. A cancelled
// ctx stops interpreted code at once and asks compiled engine loops to stop
// through trigo/engine/interrupt; Execute returns when the cell has stopped
// (or after a grace period if compiled code ignores the request).
func (in *Interp) Execute(ctx context.Context, code string) (res *Result, err error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.waitPrevious()
	interrupt.Reset()
	defer in.Flush()
	return in.runCell(ctx, code)
}

// execGo runs one cell of Go (no magic lines).
func (in *Interp) execGo(ctx context.Context, code string) (res *Result, err error) {
	in.shifts = nil
	in.lines.cells = append(in.lines.cells, code)
	cellNo := len(in.lines.cells) - 1
	c, serr := splitCell(code)
	if serr != nil {
		return nil, syntaxErr(serr.(*SyntaxError), code)
	}

	// Imports: each new one on its own, known ones skipped (Yaegi rejects
	// importing a package twice).
	for _, spec := range c.imports {
		if err := in.importSpec(ctx, c, spec); err != nil {
			return nil, err
		}
	}
	runMain := in.renameMain(c)
	if c.declSrc != "" {
		in.warnRedeclared(c)
		decls, shifts := in.lines.trackDecls(c.declSrc, cellNo, in.isPackage)
		in.shifts = shifts
		if _, err := in.eval(ctx, "\n"+guardGoStmts(decls, false, in)); err != nil {
			return nil, in.toError(err, code)
		}
		in.shifts = nil
		in.indexDecls(c)
	}
	if e := checkReturn(c); e != nil {
		return nil, e
	}
	if c.stmtSrc != "" {
		rw := rewriteStmts(c.stmtSrc, in, &in.lines, cellNo)
		in.shifts = rw.shifts
		if rw.defers {
			// The cell's deferred calls run when it ends, however it ends.
			defer func() {
				if ctx.Err() != nil {
					// Interrupted: the calls are dropped, not run.
					in.eval(context.Background(), "__trigo_defers = nil")
					return
				}
				if _, derr := in.eval(ctx, "__trigo_rundefers()"); derr != nil && err == nil {
					res, err = nil, in.toError(derr, code)
				}
			}()
		}
		for _, piece := range rw.pieces {
			if _, err := in.eval(ctx, ";\n"+guardGoStmts(piece, true, in)); err != nil {
				return nil, in.toError(err, code)
			}
		}
		in.shifts = nil
		in.indexVars(c)
	}
	if runMain {
		if _, err := in.eval(ctx, ";\n"+mainName+"()"); err != nil {
			return nil, in.toError(err, code)
		}
	}
	if c.lastSrc == "" {
		return &Result{}, nil
	}
	// The last expression is evaluated after a line of its own (";\n"
	// or the hook's), where the record of its position goes.
	mark := ""
	if c.last != nil {
		pos := c.fset.Position(c.last.Pos())
		mark = in.lines.mark("main", cellNo, pos.Line-1, pos.Column, false)
	}
	if isPrintCall(c.last) {
		_, err := in.eval(ctx, ";"+mark+"\n"+c.lastSrc)
		if err != nil {
			return nil, in.toError(err, code)
		}
		return &Result{}, nil
	}
	// Pass the value through the hook; a call without results does not
	// compile that way and runs as it is.
	in.result, in.resultOK = nil, false
	end := c.lastEnd
	hooked := ";" + mark + "__trigo_cell.Set(\n" + c.lastSrc[:end] + ")" + c.lastSrc[end:]
	prog, cerr := in.compile(hooked)
	if cerr != nil {
		if _, err := in.eval(ctx, ";"+mark+"\n"+c.lastSrc); err != nil {
			return nil, in.toError(err, code)
		}
		return &Result{}, nil
	}
	if _, err := in.run(ctx, prog); err != nil {
		return nil, in.toError(err, code)
	}
	if !in.resultOK {
		return &Result{}, nil
	}
	return &Result{Data: bundleOf(in.result), Value: in.result}, nil
}

// bundleOf renders the values of a cell's last expression.
func bundleOf(vs []any) display.Bundle {
	if len(vs) == 1 {
		return display.Of(vs[0])
	}
	texts := make([]string, len(vs))
	for i, v := range vs {
		texts[i] = display.TextOf(v)
	}
	return display.Bundle{display.MIMEText: strings.Join(texts, " ")}
}

// isPrintCall reports whether e calls one of fmt's Print functions, whose
// byte counts nobody wants to see as a cell's result.
func isPrintCall(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	name := sel.Sel.Name
	return ok && pkg.Name == "fmt" && (strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fprint"))
}

func (in *Interp) importSpec(ctx context.Context, c *cell, spec *ast.ImportSpec) error {
	p, err := strconv.Unquote(spec.Path.Value)
	if err != nil {
		return &Error{Name: "SyntaxError", Value: err.Error(), Traceback: []string{header("SyntaxError", err.Error())}}
	}
	name := in.pathName[p]
	if spec.Name != nil {
		name = spec.Name.Name
	}
	key := name + " " + p
	if in.imported[key] {
		return nil
	}
	line := c.fset.Position(spec.Pos()).Line - 1
	src := strings.Repeat("\n", line) + "import "
	if spec.Name != nil {
		src += spec.Name.Name + " "
	}
	src += spec.Path.Value
	if _, err := in.eval(ctx, src); err != nil {
		e := in.toError(err, c.src)
		if _, known := in.pathName[p]; !known {
			e.Name = "ImportError"
			e.Value = fmt.Sprintf("package %q is not available to cells (the standard library as of Go 1.22 and the packages listed in trigo/stdlib are)", p)
			e.Line, e.Col = line, 0
			e.Traceback = append([]string{header(e.Name, e.Value)}, pointAt(c.src, e.Line, 0, "")...)
		}
		return e
	}
	in.imported[key] = true
	if name != "_" && name != "." && name != "" {
		in.pkgs[name] = p
	}
	return nil
}

// eval compiles and runs src.
func (in *Interp) eval(ctx context.Context, src string) (reflect.Value, error) {
	prog, err := in.compile(src)
	if err != nil {
		return reflect.Value{}, err
	}
	return in.run(ctx, prog)
}

// compilePanic is Yaegi's compiler giving up with a panic (log.Panic) —
// e.g. on range-over-int, which v0.16 does not know.
type compilePanic struct {
	value any
	log   string
}

func (e *compilePanic) Error() string { return fmt.Sprint(e.value) }

// compile compiles src, turning a panic of the compiler into an error. The
// compiler logs before it panics; that line goes into the error, not to
// the cell's stderr.
func (in *Interp) compile(src string) (prog *interp.Program, err error) {
	var logged bytes.Buffer
	prev := log.Writer()
	log.SetOutput(&logged)
	defer func() {
		log.SetOutput(prev)
		if r := recover(); r != nil {
			prog, err = nil, &compilePanic{value: r, log: logged.String()}
			return
		}
		if logged.Len() > 0 {
			prev.Write(logged.Bytes())
		}
	}()
	return in.yi.Compile(src)
}

// run executes prog; on cancellation it asks compiled loops to stop and
// waits for the cell's goroutine to finish.
func (in *Interp) run(ctx context.Context, prog *interp.Program) (reflect.Value, error) {
	in.panics.reset()
	stop := context.AfterFunc(ctx, interrupt.Request)
	defer stop()
	v, err := in.execute(ctx, prog) // cancel.go: lets an interrupted engine call return its result
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		gid := goid()
		deadline := time.Now().Add(2 * time.Second)
		for cellRunning(gid) && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond)
		}
		e := &Error{Name: "Interrupted", Value: "interrupted"}
		if cellRunning(gid) {
			in.lastGID = gid
			e.Value = "interrupted; compiled code of the cell is still running in the background (it does not poll trigo/engine/interrupt)"
		}
		e.Traceback = []string{header(e.Name, e.Value)}
		return v, e
	}
	return v, err
}

// waitPrevious gives the goroutine of an interrupted cell that was still
// inside compiled code a last chance to finish before the next cell.
func (in *Interp) waitPrevious() {
	if in.lastGID == 0 {
		return
	}
	deadline := time.Now().Add(time.Second)
	for cellRunning(in.lastGID) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if cellRunning(in.lastGID) {
		fmt.Fprintln(osStderr(), "warning: an interrupted cell is still running compiled code in the background")
	}
	in.lastGID = 0
}

// goid is the current goroutine's id.
func goid() int64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	f := strings.Fields(string(buf[:n]))
	if len(f) < 2 {
		return 0
	}
	id, _ := strconv.ParseInt(f[1], 10, 64)
	return id
}

// cellRunning reports whether the goroutine Yaegi started for a cell from
// goroutine gid is still alive. Yaegi does not say when a cancelled run has
// really stopped; the goroutine dump does.
func cellRunning(gid int64) bool {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	marker := fmt.Sprintf("created by github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext in goroutine %d\n", gid)
	return bytes.Contains(buf, []byte(marker))
}

// mainName is what a cell's func main is renamed to: Yaegi runs a
// package-level main after every later evaluation, so a cell's main runs
// once, at the end of its own cell, under another name.
const mainName = "__trigo_main"

// renameMain renames a func main the cell declares and reports whether it
// did.
func (in *Interp) renameMain(c *cell) bool {
	for _, d := range c.decls {
		f, ok := d.(*ast.FuncDecl)
		if !ok || f.Recv != nil || f.Name.Name != "main" {
			continue
		}
		off := c.fset.Position(f.Name.Pos()).Offset - len(filePrefix)
		if off < 0 || off+4 > len(c.declSrc) || c.declSrc[off:off+4] != "main" {
			return false
		}
		c.declSrc = c.declSrc[:off] + mainName + c.declSrc[off+4:]
		f.Name.Name = mainName
		return true
	}
	return false
}

// warnRedeclared warns when a cell changes a type declared by an earlier
// cell: Yaegi silently keeps the first declaration.
func (in *Interp) warnRedeclared(c *cell) {
	for _, d := range c.decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, s := range g.Specs {
			ts := s.(*ast.TypeSpec)
			old, ok := in.index[ts.Name.Name]
			if ok && old.kind == "type" && old.decl != nodeText(c, ts) {
				fmt.Fprintf(osStderr(), "warning: type %s was declared by an earlier cell; the interpreter keeps that declaration (restart the kernel to change it)\n", ts.Name.Name)
			}
		}
	}
}

// indexDecls remembers what a cell declared, for completion and inspection.
func (in *Interp) indexDecls(c *cell) {
	for _, d := range c.decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			text := nodeText(c, &ast.FuncDecl{Recv: d.Recv, Name: d.Name, Type: d.Type})
			if d.Recv != nil && len(d.Recv.List) > 0 {
				recv := typeName(d.Recv.List[0].Type)
				if !contains(in.methods[recv], d.Name.Name) {
					in.methods[recv] = append(in.methods[recv], d.Name.Name)
				}
				in.index[recv+"."+d.Name.Name] = &symbol{kind: "func", decl: text, doc: d.Doc.Text(), src: c.src}
				continue
			}
			in.index[d.Name.Name] = &symbol{kind: "func", decl: text, doc: d.Doc.Text(), src: c.src}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if old, ok := in.index[s.Name.Name]; ok && old.kind == "type" {
						continue // Yaegi keeps the first one
					}
					doc := s.Doc.Text()
					if doc == "" {
						doc = d.Doc.Text()
					}
					in.index[s.Name.Name] = &symbol{kind: "type", decl: nodeText(c, s), doc: doc, src: c.src}
				case *ast.ValueSpec:
					in.indexValue(c, d.Tok.String(), s, d.Doc.Text())
				}
			}
		}
	}
}

func (in *Interp) indexValue(c *cell, kind string, s *ast.ValueSpec, doc string) {
	for i, n := range s.Names {
		sym := &symbol{kind: kind, decl: kind + " " + nodeText(c, s), doc: doc, src: c.src}
		if s.Type != nil {
			sym.typ = typeName(s.Type)
		} else if i < len(s.Values) {
			sym.typ = litType(s.Values[i])
		}
		in.index[n.Name] = sym
	}
}

// indexVars remembers the variables a cell's statements define, with their
// type when the right-hand side shows it (x := T{...}, x := &T{}).
func (in *Interp) indexVars(c *cell) {
	fset := token.NewFileSet()
	body, err := parseStmts(fset, c.stmtSrc)
	if err != nil {
		return
	}
	for _, st := range body {
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
				sym := &symbol{kind: "var", decl: "var " + id.Name, src: c.src}
				if len(st.Rhs) == len(st.Lhs) {
					sym.typ = litType(st.Rhs[i])
				}
				in.index[id.Name] = sym
			}
		case *ast.DeclStmt:
			if g, ok := st.Decl.(*ast.GenDecl); ok {
				for _, s := range g.Specs {
					if vs, ok := s.(*ast.ValueSpec); ok {
						in.indexValue(&cell{src: c.stmtSrc, fset: fset}, g.Tok.String(), vs, "")
					}
				}
			}
		}
	}
}

// litType is the type name a composite literal or &T{} shows.
func litType(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.CompositeLit:
		return typeName(e.Type)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return litType(e.X)
		}
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && id.Name == "new" && len(e.Args) == 1 {
			return typeName(e.Args[0])
		}
	}
	return ""
}

// typeName is T for T, *T, pkg.T and T[...].
func typeName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.StarExpr:
		return typeName(e.X)
	case *ast.SelectorExpr:
		return typeName(e.X) + "." + e.Sel.Name
	case *ast.IndexExpr:
		return typeName(e.X)
	case *ast.IndexListExpr:
		return typeName(e.X)
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// nodeText prints n, a node of c's declarations.
func nodeText(c *cell, n ast.Node) string {
	return printNode(c.fset, n)
}

// panicLog is the interpreter's stderr. Yaegi prints "L:C: panic: f(...)"
// for every interpreted frame a panic unwinds; those lines are kept for the
// traceback and everything else (log output of cells) is passed on.
type panicLog struct {
	mu     sync.Mutex
	frames []string
	fwd    func([]byte)
}

var panicLine = regexp.MustCompile(`^(\d+):(\d+): panic: (.*)$`)

func (p *panicLog) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var rest []byte
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if panicLine.Match(bytes.TrimRight(line, "\n")) {
			p.frames = append(p.frames, string(bytes.TrimRight(line, "\n")))
			continue
		}
		rest = append(rest, line...)
	}
	if len(rest) > 0 && p.fwd != nil {
		p.fwd(rest)
	}
	return len(b), nil
}

func (p *panicLog) reset() {
	p.mu.Lock()
	p.frames = nil
	p.mu.Unlock()
}

func (p *panicLog) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.frames
	p.frames = nil
	return f
}

// Globals lists the names cells have declared, sorted.
func (in *Interp) Globals() []string {
	names := make([]string, 0, len(in.index))
	for n := range in.index {
		if !strings.Contains(n, ".") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}
