package exec

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	"trigo/engine/corpus"
	"trigo/engine/data"
)

// An interrupt during `h := train.Fit(...)` keeps the steps taken: the
// training loop stops at its next check and returns its History, which the
// cell's variable receives (Yaegi alone drops the result of a call it was
// cancelled in).
func TestInterruptKeepsFitResult(t *testing.T) {
	dir := t.TempDir()
	text := corpus.Generate(40000, 5)
	cut := data.SplitPoint(text, 0.1)
	os.WriteFile(filepath.Join(dir, "train.bin"), text[:cut], 0o644)
	os.WriteFile(filepath.Join(dir, "valid.bin"), text[cut:], 0o644)

	in, o := newInterp(t)
	started := make(chan struct{})
	var once sync.Once
	hook := func() { once.Do(func() { close(started) }) }
	if err := in.yi.Use(interp.Exports{"testhook/testhook": {"Started": reflect.ValueOf(hook)}}); err != nil {
		t.Fatal(err)
	}
	setup := fmt.Sprintf(`import (
	"os"
	"testhook"
	"trigo/engine/model"
	"trigo/engine/train"
)
m := model.New(model.Tiny("lite", model.FP32), 1)
opts := train.Options{Steps: 1000000, BatchSize: 4, SeqLen: 24, LR: 3e-3, Warmup: 2, Progress: os.Stdout,
	OnStep: func(s train.StepInfo) {
		if s.Step == 3 {
			testhook.Started()
		}
	}}
dir := %q`, dir)
	if _, err := run(t, in, setup); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		select {
		case <-started:
		case <-time.After(60 * time.Second):
		}
		cancel()
	}()
	_, err := in.Execute(ctx, "h := train.Fit(m, dir, opts)")
	if e, ok := err.(*Error); !ok || e.Name != "Interrupted" {
		t.Fatalf("the interrupted cell: err = %v", err)
	}
	for code, want := range map[string]string{
		"h != nil":                          "true",
		"h.Interrupted":                     "true",
		"len(h.Steps) >= 3":                 "true",
		"len(h.Steps) == len(h.Loss)":       "true",
		"h.Steps[len(h.Steps)-1] < 1000000": "true",
	} {
		if got, err := run(t, in, code); err != nil || got != want {
			t.Errorf("%s = %q, %v; want %s", code, got, err, want)
		}
	}
	if stdout, _ := o.take(); !strings.Contains(stdout, "interrupted at step ") {
		t.Errorf("the progress output does not say it was interrupted: %q", stdout)
	}
}
