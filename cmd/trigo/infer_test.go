package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trigo/engine/ckpt"
	"trigo/engine/model"
)

// capture runs f with stdout redirected and returns what it printed.
func capture(t *testing.T, f func() error) (string, error) {
	t.Helper()
	old := os.Stdout
	r, w, _ := os.Pipe()
	os.Stdout = w
	done := make(chan []byte)
	go func() {
		var b []byte
		buf := make([]byte, 4096)
		for {
			n, err := r.Read(buf)
			b = append(b, buf[:n]...)
			if err != nil {
				done <- b
				return
			}
		}
	}()
	err := f()
	w.Close()
	os.Stdout = old
	return string(<-done), err
}

func tinyCheckpoint(t *testing.T, dir, prec, stage string) string {
	t.Helper()
	m := model.New(model.Tiny("lite", prec), 2)
	p := filepath.Join(dir, "tiny-"+prec+".safetensors")
	if err := ckpt.Save(p, m, ckpt.Meta{Stage: stage}, nil); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestInferExportChat(t *testing.T) {
	dir := t.TempDir()
	fp := tinyCheckpoint(t, dir, model.FP32, "pretrain")
	out, err := capture(t, func() error {
		return runInfer([]string{"--ckpt", fp, "--prompt", "Once", "--max-bytes", "10", "--temperature", "0"})
	})
	if err != nil || len(out) == 0 {
		t.Fatalf("infer: %q, %v", out, err)
	}
	tern := tinyCheckpoint(t, dir, model.Ternary, "chat-sft")
	packed := filepath.Join(dir, "packed.safetensors")
	valid := filepath.Join("..", "..", "data", "stories_demo", "valid.bin")
	out, err = capture(t, func() error {
		return runExport([]string{"--ckpt", tern, "--out", packed, "--verify", valid, "--verify-positions", "256"})
	})
	if err != nil || !strings.Contains(out, "agreement") {
		t.Fatalf("export: %q, %v", out, err)
	}
	out, err = capture(t, func() error {
		return runChat([]string{"--ckpt", packed, "--max-bytes", "20", "hello", "there"})
	})
	if err != nil {
		t.Fatalf("chat with packed checkpoint: %q, %v", out, err)
	}
	// Clear errors, no panics.
	for _, c := range [][]string{
		{"infer", "--ckpt", filepath.Join(dir, "missing.safetensors"), "--prompt", "x"},
		{"infer", "--ckpt", fp},
		{"export", "--ckpt", fp, "--out", filepath.Join(dir, "x.safetensors")},
		{"export", "--ckpt", packed, "--out", filepath.Join(dir, "y.safetensors")},
	} {
		var err error
		_, _ = capture(t, func() error {
			if c[0] == "infer" {
				err = runInfer(c[1:])
			} else {
				err = runExport(c[1:])
			}
			return err
		})
		if err == nil {
			t.Errorf("%v: no error", c)
		}
	}
}

func TestChatWithoutCheckpoint(t *testing.T) {
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(t.TempDir())
	_, err := capture(t, func() error { return runChat([]string{"hi"}) })
	if err == nil || !strings.Contains(err.Error(), "no chat checkpoint") || !strings.Contains(err.Error(), "--ckpt") {
		t.Fatalf("chat without a checkpoint: %v", err)
	}
}
