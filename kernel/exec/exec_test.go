package exec

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	"trigo/engine/interrupt"
)

// out collects what an Interp printed.
type out struct {
	mu             sync.Mutex
	stdout, stderr strings.Builder
}

func (o *out) opts() Options {
	return Options{
		Stdout: func(s string) { o.mu.Lock(); o.stdout.WriteString(s); o.mu.Unlock() },
		Stderr: func(s string) { o.mu.Lock(); o.stderr.WriteString(s); o.mu.Unlock() },
	}
}

func (o *out) take() (string, string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	a, b := o.stdout.String(), o.stderr.String()
	o.stdout.Reset()
	o.stderr.Reset()
	return a, b
}

func newInterp(t *testing.T) (*Interp, *out) {
	t.Helper()
	o := &out{}
	in, err := New(o.opts())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close() })
	return in, o
}

func run(t *testing.T, in *Interp, code string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := in.Execute(ctx, code)
	if err != nil {
		return "", err
	}
	if res.Data == nil {
		return "", nil
	}
	s, _ := res.Data["text/plain"].(string)
	return s, nil
}

func TestStatePersists(t *testing.T) {
	in, o := newInterp(t)
	steps := []struct{ code, want string }{
		{`import "fmt"`, ""},
		{"x := 6\ny := 7", ""},
		{"x * y", "42"},
		{"func double(v int) int { return 2 * v }\ndouble(x)", "12"},
		{"import \"strings\"\nfmt.Println(strings.ToUpper(\"hi\"))\ntype P struct{ A int }\np := P{3}\np.A", "3"},
		{`import "fmt"` + "\n" + `fmt.Sprint(x)`, "6"},
		{`fmt.Println("hello, world")`, ""},
		{`import "strconv"` + "\n" + `strconv.Atoi("12")`, "12 <nil>"},
		{"var cache = map[string]int{\"a\": 1}\nfunc get(k string) int { return cache[k] }\nget(\"a\")", "1"},
		{"z := 5\nvar w = z * 2\nw", "10"},
		{"z = 1; z++; z", "2"},
		{"type A struct{}; func (A) M() int { return 7 }; A{}.M()", "7"},
		{"func main() { fmt.Println(\"main ran\") }", ""},
		{"1", "1"},
		{"min(3, 1, 2) + max(4, 9)", "10"},
	}
	for _, s := range steps {
		got, err := run(t, in, s.code)
		if err != nil {
			t.Fatalf("%q: %v", s.code, err)
		}
		if got != s.want {
			t.Errorf("%q = %q, want %q", s.code, got, s.want)
		}
	}
	stdout, _ := o.take()
	if strings.Count(stdout, "main ran") != 1 {
		t.Errorf("a cell's main ran %d times", strings.Count(stdout, "main ran"))
	}
	if !strings.Contains(stdout, "HI\n") || !strings.Contains(stdout, "hello, world\n") {
		t.Errorf("stdout = %q", stdout)
	}
}

func TestErrors(t *testing.T) {
	in, o := newInterp(t)
	cases := []struct {
		code, name, value string
		line              int
	}{
		{"x := 1\ny := )", "SyntaxError", "expected operand", 2},
		{"a := 1\n\nundefinedThing + 1", "CompileError", "undefined: undefinedThing", 3},
		{"func boom() { panic(\"boom\") }\n\nboom()", "panic", "boom", 1},
		{"for i := range 3 { _ = i }", "CompileError", "range over integers", 1},
		{"var s []int\n_ = s[3]", "runtime error", "index out of range", 2},
	}
	for _, c := range cases {
		_, err := run(t, in, c.code)
		e, ok := err.(*Error)
		if !ok {
			t.Fatalf("%q: err = %v, want *Error", c.code, err)
		}
		if e.Name != c.name || !strings.Contains(e.Value, c.value) || e.Line != c.line {
			t.Errorf("%q: got %s %q line %d, want %s %q line %d\n%s", c.code, e.Name, e.Value, e.Line, c.name, c.value, c.line, strings.Join(e.Traceback, "\n"))
		}
	}
	if got, err := run(t, in, "40 + 2"); err != nil || got != "42" {
		t.Errorf("after errors: %q, %v", got, err)
	}
	_, stderr := o.take()
	if stderr != "" {
		t.Errorf("stderr = %q, want nothing", stderr)
	}
}

func TestInterrupt(t *testing.T) {
	in, _ := newInterp(t)
	if _, err := run(t, in, "n := 0"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	_, err := in.Execute(ctx, "for { n++ }")
	if e, ok := err.(*Error); !ok || e.Name != "Interrupted" {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 1300*time.Millisecond {
		t.Errorf("interrupt took %v", d)
	}
	got, err := run(t, in, "n > 0")
	if err != nil || got != "true" {
		t.Errorf("after interrupt: %q %v", got, err)
	}
}

func TestImportErrors(t *testing.T) {
	in, _ := newInterp(t)
	_, err := run(t, in, "x := 1\nimport \"github.com/nobody/nothing\"")
	e, ok := err.(*Error)
	if !ok || e.Name != "ImportError" || e.Line != 2 || len(e.Traceback) == 0 {
		t.Fatalf("err = %#v", err)
	}
}

// Compiled code that polls trigo/engine/interrupt (as engine loops do) stops
// on an interrupt too, and the next cell starts with the request cleared.
func TestInterruptCompiledLoop(t *testing.T) {
	in, _ := newInterp(t)
	spin := func() int {
		n := 0
		for !interrupt.Requested() {
			n++
			time.Sleep(time.Millisecond)
		}
		return n
	}
	if err := in.yi.Use(interp.Exports{"testhook/testhook": {"Spin": reflect.ValueOf(spin)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, in, `import "testhook"`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	_, err := in.Execute(ctx, "spun := testhook.Spin()")
	if e, ok := err.(*Error); !ok || e.Name != "Interrupted" || strings.Contains(e.Value, "background") {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("stopped after %v", d)
	}
	if got, err := run(t, in, "1"); err != nil || got != "1" || interrupt.Requested() {
		t.Errorf("next cell: %q %v", got, err)
	}
}
