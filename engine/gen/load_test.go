package gen

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trigo/engine/ckpt"
	"trigo/engine/model"
	"trigo/engine/tensor"
	"trigo/engine/ternary"
)

func saveTiny(t *testing.T, dir, name, fam, prec, stage string) (string, *model.Model) {
	t.Helper()
	m := model.New(model.Tiny(fam, prec), 5)
	path := filepath.Join(dir, name)
	if err := ckpt.Save(path, m, ckpt.Meta{Stage: stage, Step: 3}, nil); err != nil {
		t.Fatal(err)
	}
	return path, m
}

func TestLoadFloatAndPacked(t *testing.T) {
	dir := t.TempDir()
	path, m := saveTiny(t, dir, "a.safetensors", "multi", model.Ternary, "chat-sft")
	lm, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if lm.Packed != nil || lm.Spec.Name != m.Spec.Name || lm.Stage() != "chat-sft" {
		t.Fatalf("float checkpoint loaded as %+v", lm.Describe())
	}
	pm, err := ternary.FromModel(m, lm.Meta)
	if err != nil {
		t.Fatal(err)
	}
	ppath := filepath.Join(dir, "a.packed.safetensors")
	if err := pm.Save(ppath); err != nil {
		t.Fatal(err)
	}
	lp, err := Load(ppath)
	if err != nil {
		t.Fatal(err)
	}
	if lp.Packed == nil || lp.Stage() != "chat-sft" || !strings.Contains(lp.Describe(), "packed") {
		t.Fatalf("packed checkpoint loaded as %s", lp.Describe())
	}
	// Both generate (greedy) the same first bytes on the same prompt, up
	// to rare int8 rounding flips; require most of them.
	a, _ := Generate(lm.NewDecoder(model.DecodeOptions{}), []byte("hello there"), Options{MaxNewBytes: 8})
	b, _ := Generate(lp.NewDecoder(model.DecodeOptions{}), []byte("hello there"), Options{MaxNewBytes: 8})
	if a.Text[0] != b.Text[0] {
		t.Fatalf("float %q, packed %q", a.Text, b.Text)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	path, _ := saveTiny(t, dir, "ok.safetensors", "lite", model.FP32, "pretrain")
	b, _ := os.ReadFile(path)
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// An unknown architecture in an otherwise valid file.
	f, _ := ckpt.ReadFile(path)
	f.Meta["config"] = strings.Replace(f.Meta["config"], `"arch":"routed"`, `"arch":"mamba"`, 1)
	arch := filepath.Join(dir, "arch.safetensors")
	var tensors []*tensor.Tensor
	for _, n := range f.Names {
		tensors = append(tensors, f.Tensors[n])
	}
	if err := ckpt.WriteFile(arch, f.Meta, tensors); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		filepath.Join(dir, "nope.safetensors"):                                              "does not exist",
		write("short.safetensors", b[:6]):                                                   "not a safetensors file",
		write("cut.safetensors", b[:len(b)/2]):                                              "truncated",
		write("text.safetensors", []byte("just some text that is not a checkpoint at all")): "safetensors",
		arch: "unsupported model",
	}
	for p, want := range cases {
		_, err := Load(p)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%s) = %v, want an error containing %q", filepath.Base(p), err, want)
		}
	}
}

func TestFindChatCheckpoint(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "checkpoints")
	os.MkdirAll(dir, 0o755)
	if _, err := FindChatCheckpoint(dir); !errors.Is(err, ErrNoChatCheckpoint) || !strings.Contains(err.Error(), "--ckpt") {
		t.Fatalf("empty dir: %v", err)
	}
	saveTiny(t, dir, "base.safetensors", "lite", model.FP32, "pretrain")
	saveTiny(t, dir, "chat.safetensors", "lite", model.FP32, "chat-sft")
	// No manifest: files are inspected.
	if p, err := FindChatCheckpoint(dir); err != nil || filepath.Base(p) != "chat.safetensors" {
		t.Fatalf("scan: %q, %v", p, err)
	}
	saveTiny(t, dir, "abstain.safetensors", "lite", model.FP32, "abstain-sft")
	if p, _ := FindChatCheckpoint(dir); filepath.Base(p) != "abstain.safetensors" {
		t.Fatalf("scan prefers abstain-sft, got %q", p)
	}
	// Manifests of several shapes; stages from the manifest or the file.
	manifests := []string{
		`{"checkpoints": [{"file": "base.safetensors", "stage": "pretrain"}, {"file": "chat.safetensors", "stage": "chat-sft"}]}`,
		`[{"path": "checkpoints/chat.safetensors", "sha256": "x"}]`,
		`{"chat.safetensors": {"stage": "chat-sft", "sha256": "x"}}`,
	}
	for _, js := range manifests {
		os.WriteFile(filepath.Join(dir, "MANIFEST.json"), []byte(js), 0o644)
		if p, err := FindChatCheckpoint(dir); err != nil || filepath.Base(p) != "chat.safetensors" {
			t.Fatalf("manifest %s: %q, %v", js, p, err)
		}
	}
	os.WriteFile(filepath.Join(dir, "MANIFEST.json"), []byte("{not json"), 0o644)
	if _, err := FindChatCheckpoint(dir); err == nil {
		t.Fatal("corrupt manifest accepted")
	}
}
