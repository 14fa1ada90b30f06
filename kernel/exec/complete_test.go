package exec

import (
	"strings"
	"testing"
)

func TestComplete(t *testing.T) {
	in, _ := newInterp(t)
	if _, err := run(t, in, "import (\"fmt\"; \"strings\")\ntype Point struct{ X, Y int }\nfunc (p Point) Norm1() int { return p.X + p.Y }\npt := Point{1, 2}\nvar sb strings.Builder\ncounter := 3"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		code  string
		want  []string
		start int
	}{
		{"fmt.Print", []string{"Print", "Printf", "Println"}, 4},
		{"x := strings.ToU", []string{"ToUpper", "ToUpperSpecial"}, 13},
		{"pt.", []string{"Norm1", "X", "Y"}, 3},
		{"sb.Wr", []string{"Write", "WriteByte", "WriteRune", "WriteString"}, 3},
		{"coun", []string{"counter"}, 0},
		{"Poi", []string{"Point"}, 0},
		{"import \"encoding/js", []string{"encoding/json"}, 8},
		{"import (\n\t\"fmt\"\n\t\"net/ht", []string{"net/http", "net/http/cgi", "net/http/cookiejar", "net/http/fcgi", "net/http/httptest", "net/http/httptrace", "net/http/httputil", "net/http/pprof"}, 18},
		{"import \"trigo/engine/inter", []string{"trigo/engine/interrupt"}, 8},
	}
	for _, c := range cases {
		got, start, end := in.Complete(c.code, len(c.code))
		if strings.Join(got, " ") != strings.Join(c.want, " ") || start != c.start || end != len(c.code) {
			t.Errorf("Complete(%q) = %v [%d,%d), want %v [%d,%d)", c.code, got, start, end, c.want, c.start, len(c.code))
		}
	}
}

func TestInspect(t *testing.T) {
	in, _ := newInterp(t)
	if _, err := run(t, in, "import \"strings\"\n// Twice doubles.\nfunc Twice(x int) int { return 2 * x }\nn := 41"); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ code, want string }{
		{"strings.Fields", "func Fields(s string) []string"},
		{"Twice(", "func Twice(x int) int\n\nTwice doubles."},
		{"n", "var n int = 41"},
		{"parallel.For", "func For(n, minChunk int, body func(lo, hi int))"},
		{"display.NewHandle", "func NewHandle() *Handle"},
	}
	for _, c := range cases {
		b, ok := in.Inspect(c.code, len(c.code))
		if !ok {
			t.Errorf("Inspect(%q): not found", c.code)
			continue
		}
		if got := b["text/plain"].(string); !strings.HasPrefix(got, c.want) {
			t.Errorf("Inspect(%q) = %q, want prefix %q", c.code, got, c.want)
		}
	}
}

func TestIsComplete(t *testing.T) {
	cases := map[string]string{
		"":                           "complete",
		"x := 1":                     "complete",
		"fmt.Println(\"hi\")":        "complete",
		"func f() {":                 "incomplete",
		"for i := 0; i < 3; i++ {":   "incomplete",
		"x := []int{1,":              "incomplete",
		"s := `raw":                  "incomplete",
		"y := 1 +":                   "incomplete",
		"x := )":                     "invalid",
		"}":                          "invalid",
		"func f() {\n}\n":            "complete",
		"x := 1 +/ 2":                "invalid",
		"import \"fmt\"\nfmt.Print(": "incomplete",
	}
	for code, want := range cases {
		if got, _ := IsComplete(code); got != want {
			t.Errorf("IsComplete(%q) = %s, want %s", code, got, want)
		}
	}
}

// A typed var that fails to compile leaves Yaegi's globals inconsistent
// (its Globals panics until a program runs); completion and inspection must
// still answer, and know the variables of earlier cells.
func TestCompleteInspectAfterFailedVar(t *testing.T) {
	in, _ := newInterp(t)
	if _, err := run(t, in, "import \"strings\"\nvar sb strings.Builder\ncount := 41"); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, in, `var lr float64 = "0.002"`); err == nil {
		t.Fatal("the typed var with a string value compiled")
	}
	if got, _, _ := in.Complete("sb.Wr", 5); strings.Join(got, " ") != "Write WriteByte WriteRune WriteString" {
		t.Errorf("Complete(sb.Wr) = %v", got)
	}
	if got, _, _ := in.Complete("cou", 3); strings.Join(got, " ") != "count" {
		t.Errorf("Complete(cou) = %v", got)
	}
	b, ok := in.Inspect("count", 5)
	if !ok || b["text/plain"] != "var count int = 41" {
		t.Errorf("Inspect(count) = %v, %v", b, ok)
	}
	if _, err := run(t, in, "count++\ncount"); err != nil {
		t.Errorf("a cell after the failed one: %v", err)
	}
}

func TestCompleteLiteralFields(t *testing.T) {
	in, _ := newInterp(t)
	if _, err := run(t, in, "import \"trigo/engine/train\"\ntype Point struct{ X, Y int; Label string }\nsteady := 1"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		code string
		want string // the first matches, space-separated
	}{
		{"o := train.Options{Ste", "Steps:"},
		{"o := train.Options{", "BatchSize: Batches: Eval: EvalBatches:"},
		{"o := train.Options{\n\tSteps: 10,\n\tEvalEv", "EvalEvery:"},
		{"p := &Point{X: 1, La", "Label:"},
		{"ps := []Point{{Y: 2}, {La", "Label:"},
		{"m := map[string]*Point{\"a\": {La", "Label:"},
		{"f(Point{", "Label: X: Y:"},
		// Not a key: a value, a call, a block.
		{"o := train.Options{Steps: ste", "steady"},
		{"fmt.Println(ste", "steady"},
		{"if steady > 0 {\n\tste", "steady"},
	}
	for _, c := range cases {
		got, start, _ := in.Complete(c.code, len(c.code))
		if g := strings.Join(got, " "); !strings.HasPrefix(g, c.want) || start != wordStart(c.code) {
			t.Errorf("Complete(%q) = %v from %d, want %q first", c.code, got, start, c.want)
		}
	}
}
