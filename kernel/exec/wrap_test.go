package exec

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Multi-value definitions inside blocks at the top level of a cell (Yaegi
// v0.16.1 fails them with "undefined: n"), and the edge cases of running
// such a block inside a function literal.
func TestMultiValueDefineInTopLevelBlocks(t *testing.T) {
	in, o := newInterp(t)
	if _, err := run(t, in, "import (\n\t\"fmt\"\n\t\"strconv\"\n)"); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, code, stdout, result string }{
		{"for", `sum := 0
for _, s := range []string{"1", "x", "3"} {
	n, err := strconv.Atoi(s)
	if err != nil {
		fmt.Println("skip", s)
		continue
	}
	sum += n
}
sum`, "skip x\n", "4"},
		{"if", `if true {
	n, err := strconv.Atoi("7")
	fmt.Println(n, err)
}`, "7 <nil>\n", ""},
		{"block", `{
	v, ok := map[string]int{"a": 1}["a"]
	fmt.Println(v, ok)
}`, "1 true\n", ""},
		{"var in block", `{
	var q, r = divmod(7, 2)
	fmt.Println(q, r)
}
func divmod(a, b int) (int, int) { return a / b, a % b }`, "3 1\n", ""},
		{"switch", `switch x := any(3).(type) {
case int:
	s, ok := map[int]string{3: "three"}[x]
	fmt.Println(s, ok)
}`, "three true\n", ""},
		{"select", `ch := make(chan int, 1)
ch <- 5
select {
case v, ok := <-ch:
	fmt.Println(v, ok)
}`, "5 true\n", ""},
		// A labelled loop: break and continue to the label stay inside.
		{"labels", `found := -1
outer:
for i := 0; i < 3; i++ {
	for j := 0; j < 3; j++ {
		v, err := strconv.Atoi(strconv.Itoa(i*3 + j))
		if err != nil {
			continue outer
		}
		if v == 4 {
			found = v
			break outer
		}
	}
}
found`, "", "4"},
		// Assignments inside reach the cell's variables, also a variable
		// defined by an earlier cell, and variables defined after.
		{"outer vars", `total := 0
for _, s := range []string{"2", "3"} {
	n, _ := strconv.Atoi(s)
	total += n
	sum += n
}
after := total * 10
fmt.Println(total, sum, after)`, "5 9 50\n", ""},
		// x, err := f() directly at the top level was never wrapped.
		{"top level", "x, err := strconv.Atoi(\"5\")\nfmt.Println(x, err)", "5 <nil>\n", ""},
		// go statements inside compose with the goroutine guard, and
		// goroutines see the values passed at the go statement.
		{"go", `results := make(chan string, 3)
for i := 0; i < 3; i++ {
	s, err := strconv.Itoa(i), error(nil)
	_ = err
	q, _ := strconv.Atoi(s)
	go func(k int) { results <- strconv.Itoa(k * 10) }(q)
}
got := map[string]bool{}
for i := 0; i < 3; i++ {
	got[<-results] = true
}
fmt.Println(got["0"], got["10"], got["20"])`, "true true true\n", ""},
	}
	for _, c := range cases {
		got, err := run(t, in, c.code)
		stdout, stderr := o.take()
		if err != nil {
			t.Errorf("%s: %v\n%s", c.name, err, strings.Join(err.(*Error).Traceback, "\n"))
			continue
		}
		if stdout != c.stdout || got != c.result || stderr != "" {
			t.Errorf("%s: stdout %q result %q stderr %q, want %q %q", c.name, stdout, got, stderr, c.stdout, c.result)
		}
	}
}

// Deferred calls at the top level of a cell run once, when the cell ends
// (Yaegi alone runs them again after every later evaluation), in reverse
// order, with their arguments evaluated at the defer statement.
func TestTopLevelDefer(t *testing.T) {
	in, o := newInterp(t)
	code := `import "fmt"
fmt.Println("start")
defer fmt.Println("deferred last")
for i := 0; i < 2; i++ {
	defer fmt.Println("loop", i)
}
fmt.Println("end of cell")`
	if _, err := run(t, in, code); err != nil {
		t.Fatal(err)
	}
	stdout, _ := o.take()
	want := "start\nend of cell\nloop 1\nloop 0\ndeferred last\n"
	if stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	if _, err := run(t, in, `fmt.Println("next")`); err != nil {
		t.Fatal(err)
	}
	if stdout, _ := o.take(); stdout != "next\n" {
		t.Errorf("next cell printed %q: deferred calls ran again", stdout)
	}
	// A cell that panics still runs its deferred calls.
	_, err := run(t, in, "defer fmt.Println(\"cleanup\")\npanic(\"boom\")")
	if e, ok := err.(*Error); !ok || e.Name != "panic" {
		t.Fatalf("err = %v", err)
	}
	if stdout, _ := o.take(); stdout != "cleanup\n" {
		t.Errorf("after a panic: %q", stdout)
	}
}

// A return at the top level says so, with its line (Yaegi's compiler
// crashes on it).
func TestTopLevelReturn(t *testing.T) {
	in, _ := newInterp(t)
	_, err := run(t, in, "x := 1\nif x > 0 {\n\treturn\n}")
	e, ok := err.(*Error)
	if !ok || e.Line != 3 || !strings.Contains(e.Value, "return outside a function") {
		t.Fatalf("err = %#v", err)
	}
	// Inside a function literal it is fine.
	if got, err := run(t, in, "f := func() int { return 3 }\nf()"); err != nil || got != "3" {
		t.Errorf("%q %v", got, err)
	}
}

// A compile error inside a wrapped block points at the cell's line and
// column.
func TestWrappedBlockErrorPositions(t *testing.T) {
	in, _ := newInterp(t)
	if _, err := run(t, in, `import "strconv"`); err != nil {
		t.Fatal(err)
	}
	_, err := run(t, in, "for i := 0; i < 1; i++ { n, err := strconv.Atoi(\"1\"); _, _ = n, err; undefinedThing++ }")
	e, ok := err.(*Error)
	if !ok || e.Line != 1 || e.Col != 70 || !strings.Contains(e.Value, "undefined: undefinedThing") {
		t.Fatalf("err = %#v", err)
	}
}

// An interrupt stops a wrapped loop.
func TestInterruptWrappedLoop(t *testing.T) {
	in, _ := newInterp(t)
	if _, err := run(t, in, "import \"strconv\"\nn := 0"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	_, err := in.Execute(ctx, "for {\n\tv, err := strconv.Atoi(\"1\")\n\t_ = err\n\tn += v\n}")
	if e, ok := err.(*Error); !ok || e.Name != "Interrupted" {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 1300*time.Millisecond {
		t.Errorf("interrupt took %v", d)
	}
	if got, err := run(t, in, "n > 0"); err != nil || got != "true" {
		t.Errorf("after interrupt: %q %v", got, err)
	}
}

// Comma-ok definitions at the top level (Yaegi: "nil type"), and names
// defined in a top-level block that shadow the cell's (Yaegi overwrote the
// outer variable).
func TestTopLevelCommaOKAndShadowing(t *testing.T) {
	in, o := newInterp(t)
	cases := []struct{ code, stdout string }{
		{"import \"fmt\"\nm := map[string]int{\"a\": 1}\nv, ok := m[\"a\"]\nw, ok2 := m[\"b\"]\n_, has := m[\"a\"]\nfmt.Println(v, ok, w, ok2, has)", "1 true 0 false true\n"},
		{"var x any = \"s\"\ns, ok := x.(string)\nn, isInt := x.(int)\nfmt.Println(s, ok, n, isInt)", "s true 0 false\n"},
		{"i := 100\nfor i := 0; i < 3; i++ {\n}\nfmt.Println(i)", "100\n"},
		{"y := 1\nif y := 5; y > 0 {\n\tfmt.Println(y)\n}\n{\n\ty := 2\n\t_ = y\n}\nfmt.Println(y)", "5\n1\n"},
		{"adders := map[int]func(int) int{}\nfor _, k := range []int{1, 10} {\n\tk := k\n\tadders[k] = func(x int) int { return x + k }\n}\nfmt.Println(adders[1](5), adders[10](5))", "6 15\n"},
	}
	for _, c := range cases {
		if _, err := run(t, in, c.code); err != nil {
			t.Errorf("%q: %v", c.code, err)
			continue
		}
		if stdout, _ := o.take(); stdout != c.stdout {
			t.Errorf("%q printed %q, want %q", c.code, stdout, c.stdout)
		}
	}
}
