package exec

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"trigo/kernel/display"
)

func TestOutputStreamsWhileRunning(t *testing.T) {
	o := &out{}
	first := make(chan time.Time, 1)
	opts := o.opts()
	opts.Stdout = func(s string) {
		select {
		case first <- time.Now():
		default:
		}
		o.mu.Lock()
		o.stdout.WriteString(s)
		o.mu.Unlock()
	}
	in, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	start := time.Now()
	if _, err := in.Execute(context.Background(), "import (\"fmt\"; \"time\")\nfmt.Println(\"a\")\ntime.Sleep(500 * time.Millisecond)\nfmt.Println(\"b\")"); err != nil {
		t.Fatal(err)
	}
	end := time.Now()
	select {
	case at := <-first:
		if at.Sub(start) > 300*time.Millisecond || end.Sub(at) < 300*time.Millisecond {
			t.Errorf("first output after %v, cell took %v: not streamed", at.Sub(start), end.Sub(start))
		}
	default:
		t.Fatal("no output")
	}
	if got, _ := o.take(); got != "a\nb\n" {
		t.Errorf("stdout = %q", got)
	}
}

func TestCaptureFD(t *testing.T) {
	o := &out{}
	opts := o.opts()
	opts.CaptureFD = true
	var before, during syscall.Stat_t
	syscall.Fstat(2, &before)
	in, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	// Compiled code writing straight to fd 1. fd 2 stays the real stderr,
	// where the runtime reports fatal errors (capture.go); stderr is
	// captured through os.Stderr.
	syscall.Write(1, []byte("to fd 1\n"))
	if syscall.Fstat(2, &during); during.Ino != before.Ino || during.Dev != before.Dev {
		t.Error("fd 2 was redirected")
	}
	if _, err := in.Execute(context.Background(), `import "os"`+"\nos.Stderr.WriteString(\"interp err\\n\")\nprintln(\"builtin\")"); err != nil {
		t.Fatal(err)
	}
	in.Close()
	stdout, stderr := o.take()
	if stdout != "to fd 1\nbuiltin\n" { // Yaegi's println writes to stdout
		t.Errorf("stdout = %q", stdout)
	}
	if !strings.Contains(stderr, "interp err\n") {
		t.Errorf("stderr = %q", stderr)
	}
}

func TestStdin(t *testing.T) {
	o := &out{}
	opts := o.opts()
	var prompts []string
	answers := []string{"gopher", "42"}
	opts.Input = func(prompt string, password bool) (string, error) {
		prompts = append(prompts, prompt)
		a := answers[0]
		answers = answers[1:]
		return a, nil
	}
	in, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	got, err := run(t, in, "import (\"bufio\"; \"fmt\"; \"os\")\nfmt.Print(\"name? \")\nname, _ := bufio.NewReader(os.Stdin).ReadString('\\n')\nvar n int\nfmt.Scanln(&n)\nfmt.Sprint(name, n)")
	if err != nil {
		t.Fatal(err)
	}
	if got != "gopher\n42" {
		t.Errorf("got %q", got)
	}
	if len(prompts) != 2 {
		t.Errorf("asked %d times", len(prompts))
	}
	if stdout, _ := o.take(); stdout != "name? " {
		t.Errorf("stdout = %q", stdout)
	}
}

// recorder is a display.Sink that keeps what it was shown.
type recorder struct{ shown []display.Bundle }

func (r *recorder) Show(b display.Bundle, _ map[string]any, id string, update bool) {
	r.shown = append(r.shown, b)
}
func (r *recorder) Clear(bool)                         {}
func (r *recorder) Input(string, bool) (string, error) { return "", nil }

func TestDisplayInterpretedTypes(t *testing.T) {
	in, _ := newInterp(t)
	rec := &recorder{}
	prev := display.SetSink(rec)
	defer display.SetSink(prev)
	code := `import "trigo/kernel/display"
type Bold struct{ S string }
func (b Bold) HTML() string { return "<b>" + b.S + "</b>" }
type Name string
func (n Name) String() string { return "name:" + string(n) }
display.Display(Bold{"x"})
display.HTML("<i>y</i>")
Bold{"z"}`
	res, err := in.Execute(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Data["text/html"]; got != "<b>z</b>" {
		t.Errorf("result bundle = %v", res.Data)
	}
	if len(rec.shown) != 2 || rec.shown[0]["text/html"] != "<b>x</b>" || rec.shown[1]["text/html"] != "<i>y</i>" {
		t.Errorf("shown = %v", rec.shown)
	}
	if got, err := run(t, in, `Name("go")`); err != nil || got != "name:go" {
		t.Errorf("Stringer: %q %v", got, err)
	}
}

// A burst far larger than a pipe's buffer, written by compiled code to fd 1,
// arrives whole.
func TestCaptureFDLargeOutput(t *testing.T) {
	var mu sync.Mutex
	var n int
	in, err := New(Options{CaptureFD: true, Stdout: func(s string) { mu.Lock(); n += len(s); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	for i := 0; i < 4; i++ {
		if _, err := os.Stdout.Write(chunk); err != nil {
			in.Close()
			t.Fatal(err)
		}
	}
	in.Close()
	if n != 4<<20 {
		t.Errorf("captured %d bytes, want %d", n, 4<<20)
	}
}
