package exec

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

var wallTime = regexp.MustCompile(`(?m)^Wall time: [0-9.]+ (s|ms|µs|ns)$`)

// A % line used to fail with Go's "expected statement, found '%'".
func TestMagicTimeLine(t *testing.T) {
	in, o := newInterp(t)
	got, err := run(t, in, "import \"time\"\nx := 20\n%time time.Sleep(30 * time.Millisecond)\ny := x + 1\n%time x * y")
	if err != nil {
		t.Fatal(err)
	}
	if got != "420" {
		t.Errorf("result of the cell ending in %%time x * y = %q, want 420", got)
	}
	stdout, _ := o.take()
	if n := len(wallTime.FindAllString(stdout, -1)); n != 2 {
		t.Fatalf("want two Wall time lines, got %d in %q", n, stdout)
	}
	if !strings.Contains(stdout, "CPU times: user ") {
		t.Errorf("no CPU times line in %q", stdout)
	}
	// The sleep's line comes first and takes at least its 30 ms.
	first := wallTime.FindString(stdout)
	if !strings.HasSuffix(first, " ms") && !strings.HasSuffix(first, " s") {
		t.Errorf("30 ms sleep timed as %q", first)
	}
	// %time defines variables like any statement.
	if _, err := run(t, in, "%time z := x * 2"); err != nil {
		t.Fatal(err)
	}
	if got, _ := run(t, in, "z"); got != "40" {
		t.Errorf("z after %%time z := x * 2 = %q", got)
	}
}

func TestMagicTimeCell(t *testing.T) {
	in, o := newInterp(t)
	got, err := run(t, in, "%%time\nimport \"fmt\"\nfunc sq(v int) int { return v * v }\nfmt.Println(\"in the cell\")\nsq(9)")
	if err != nil {
		t.Fatal(err)
	}
	if got != "81" {
		t.Errorf("%%%%time cell result = %q, want 81", got)
	}
	stdout, _ := o.take()
	if !strings.HasPrefix(stdout, "in the cell\n") || !wallTime.MatchString(stdout) {
		t.Errorf("stdout = %q, want the cell's output then the times", stdout)
	}
	// Errors keep the cell's line numbers and the time is still printed.
	_, err = run(t, in, "%%time\nxs := []int{1}\ni := 3\n_ = xs[i]")
	var e *Error
	if !errors.As(err, &e) || e.Line != 4 {
		t.Fatalf("panic in a %%%%time cell: %v (line %d), want line 4", err, lineOf(e))
	}
	if stdout, _ := o.take(); !wallTime.MatchString(stdout) {
		t.Errorf("no wall time after a failing cell: %q", stdout)
	}
	// Not on the first line: said so.
	_, err = run(t, in, "x := 1\n%%time\nx")
	if !errors.As(err, &e) || e.Name != "UsageError" || !strings.Contains(e.Value, "first line") || e.Line != 2 {
		t.Errorf("%%%%time on line 2: %v", err)
	}
}

func lineOf(e *Error) int {
	if e == nil {
		return 0
	}
	return e.Line
}

func TestMagicWho(t *testing.T) {
	in, o := newInterp(t)
	if _, err := run(t, in, "%who"); err != nil {
		t.Fatal(err)
	}
	if stdout, _ := o.take(); stdout != "Interactive namespace is empty.\n" {
		t.Errorf("%%who of a fresh kernel printed %q", stdout)
	}
	run(t, in, "type P struct{ A int }\nn := 3\nname := \"go\"\np := P{2}\nvar lr float64 = 0.5\nfunc f() {}")
	o.take()
	if _, err := run(t, in, "%who"); err != nil {
		t.Fatal(err)
	}
	stdout, _ := o.take()
	want := []string{"Variable   Type", "lr         float64", "n          int", "name       string", "p          P"}
	if got := strings.Split(strings.TrimRight(stdout, "\n"), "\n"); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%%who printed\n%s\nwant\n%s", stdout, strings.Join(want, "\n"))
	}
	run(t, in, "%whos int")
	if stdout, _ := o.take(); !strings.Contains(stdout, "n          int    3") || strings.Contains(stdout, "name") {
		t.Errorf("%%whos int printed %q", stdout)
	}
}

// Other magics and shell lines say what to write instead.
func TestMagicUnsupported(t *testing.T) {
	in, _ := newInterp(t)
	cases := []struct {
		code, want string
		line       int
	}{
		{"x := 1\n!ls -la\n", `exec.Command("sh", "-c", "ls -la")`, 2},
		{"%pwd", "os.Getwd()", 1},
		{"%timeit f()", "time.Since", 1},
		{"%%bash\necho hi", `exec.Command("bash"`, 1},
		{"%matplotlib inline", "display inline", 1},
		{"%foo", "%foo is not supported", 1},
		{"for i := 0; i < 2; i++ {\n%time f()\n}", "top level", 2},
	}
	for _, c := range cases {
		_, err := run(t, in, c.code)
		var e *Error
		if !errors.As(err, &e) || e.Name != "UsageError" || !strings.Contains(e.Value, c.want) || e.Line != c.line {
			t.Errorf("%q: got %v (line %d), want a UsageError on line %d containing %q", c.code, err, lineOf(e), c.line, c.want)
		}
	}
}

// Go that has % or ! at the start of a line is not a magic.
func TestMagicNotInGo(t *testing.T) {
	in, _ := newInterp(t)
	cases := []struct{ code, want string }{
		{"a, b := true, false\nc := a &&\n!b\nc", "true"},
		{"s := `\n%time not a magic\n!nor this`\nlen(s)", "28"},
		{"x := 7 /*\n%who\n*/\nx", "7"},
		{"import \"fmt\"\nfmt.Sprintf(\"%d%%\",\n5)", "5%"},
	}
	for _, c := range cases {
		if got, err := run(t, in, c.code); err != nil || got != c.want {
			t.Errorf("%q = %q, %v; want %q", c.code, got, err, c.want)
		}
	}
}

func TestFormatTime(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{1230 * time.Millisecond, "1.23 s"}, {12300 * time.Microsecond, "12.3 ms"}, {5 * time.Microsecond, "5 µs"},
		{999 * time.Nanosecond, "999 ns"}, {time.Millisecond, "1 ms"}, {65 * time.Second, "1min 5s"}, {0, "0 ns"},
	} {
		if got := formatTime(c.d); got != c.want {
			t.Errorf("formatTime(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// jupyter console asks is_complete before running a line.
func TestMagicIsComplete(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{"%who", "complete"}, {"%time x := 1", "complete"}, {"%%time", "incomplete"},
		{"%%time\nx := 1", "complete"}, {"%%time\nfor {", "incomplete"}, {"!ls", "complete"},
	} {
		if got, _ := IsComplete(c.code); got != c.want {
			t.Errorf("IsComplete(%q) = %s, want %s", c.code, got, c.want)
		}
	}
}
