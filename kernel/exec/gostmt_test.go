package exec

import (
	"strings"
	"testing"
)

// knownNames is a cellNames with fixed answers.
type knownNames struct{ consts, pkgs map[string]bool }

func (k knownNames) isConst(name string) bool   { return k.consts[name] }
func (k knownNames) isPackage(name string) bool { return k.pkgs[name] }

func TestGuardGoStmtsText(t *testing.T) {
	names := knownNames{consts: map[string]bool{"K": true}, pkgs: map[string]bool{"fmt": true}}
	const wrap = "go func() { defer __trigo_guard(); "
	for _, c := range []struct{ src, want string }{
		{`go f(x)`, `{ __trigo_g0 := x; ` + wrap + `f(__trigo_g0) }() }`},
		// Constants and package members stay in place (untyped constants).
		{`go f(1, -2.5, "s", K, true, nil, fmt.Sprint, K*2)`, `{ ` + wrap + `f(1, -2.5, "s", K, true, nil, fmt.Sprint, K*2) }() }`},
		{`go f(a, 3, xs...)`, `{ __trigo_g0 := a; __trigo_g2 := xs; ` + wrap + `f(__trigo_g0, 3, __trigo_g2...) }() }`},
		{`go obj.Run(&cfg)`, `{ __trigo_g0 := &cfg; ` + wrap + `obj.Run(__trigo_g0) }() }`},
		// A go statement inside a goroutine's function literal is guarded too.
		{"go func() {\n\tgo g(y)\n}()", "{ " + wrap + "func() {\n\t{ __trigo_g0 := y; " + wrap + "g(__trigo_g0) }() }\n}() }() }"},
		// No go statement: unchanged, even with "go" in names and strings.
		{`gopher := "go f()"`, `gopher := "go f()"`},
	} {
		if got := guardGoStmts(c.src, true, names); got != c.want {
			t.Errorf("guardGoStmts(%q)\n got %q\nwant %q", c.src, got, c.want)
		}
	}
	// Declarations: constants declared in the same piece stay in place.
	decl := "const N = 3\nfunc start() { go work(N, n) }"
	want := "const N = 3\nfunc start() { { __trigo_g1 := n; " + wrap + "work(N, __trigo_g1) }() } }"
	if got := guardGoStmts(decl, false, knownNames{}); got != want {
		t.Errorf("declarations:\n got %q\nwant %q", got, want)
	}
	// Unparsable source is left for the evaluation to report.
	if got := guardGoStmts("go f(", true, knownNames{}); got != "go f(" {
		t.Errorf("broken source rewritten to %q", got)
	}
}

// A panic in a goroutine a cell started is reported on stderr, and the
// kernel, its variables and later cells go on.
func TestGoroutinePanicDoesNotKillTheKernel(t *testing.T) {
	in, o := newInterp(t)
	if _, err := run(t, in, `import "time"
kept := 41
done := make(chan bool)
go func() {
	defer close(done)
	var m map[string]int
	m["x"]++ // assignment to entry in nil map
}()
<-done
time.Sleep(20 * time.Millisecond)`); err != nil {
		t.Fatal(err)
	}
	_, stderr := o.take()
	if !strings.Contains(stderr, "panic in a goroutine started by a cell") || !strings.Contains(stderr, "nil map") {
		t.Fatalf("stderr %q: want the recovered panic reported", stderr)
	}
	// A go statement inside a function a cell declared is guarded too.
	if _, err := run(t, in, `func boom(msg string) { panic(msg) }
func launch() { go boom("from a declared func") }
launch()
time.Sleep(50 * time.Millisecond)`); err != nil {
		t.Fatal(err)
	}
	if _, stderr := o.take(); !strings.Contains(stderr, "from a declared func") {
		t.Fatalf("stderr %q: want the second panic reported", stderr)
	}
	if got, err := run(t, in, `kept + 1`); err != nil || got != "42" {
		t.Fatalf("after the panics: %q, %v; want 42", got, err)
	}
}

// Arguments are evaluated when the go statement runs, as in Go: each
// goroutine of a loop sees its own i although Yaegi shares the loop
// variable between iterations.
func TestGoStatementArgumentsEvaluatedAtOnce(t *testing.T) {
	in, _ := newInterp(t)
	got, err := run(t, in, `import "sort"
ch := make(chan int, 4)
for i := 0; i < 4; i++ {
	go func(j int) { ch <- j }(i)
}
seen := []int{<-ch, <-ch, <-ch, <-ch}
sort.Ints(seen)
seen`)
	if err != nil || got != "[0 1 2 3]" {
		t.Fatalf("got %q, %v; want [0 1 2 3]", got, err)
	}
}
