package ckpt

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trigo/engine/model"
	"trigo/engine/tensor"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	m := model.New(model.Tiny("multi", model.Ternary), 9)
	path := filepath.Join(t.TempDir(), "m.safetensors")
	opt := tensor.Full(0.5, 3)
	opt.Name = "optim.adamw.m.x"
	if err := Save(path, m, Meta{Stage: "pretrain", Step: 7, Data: "demo"}, []*tensor.Tensor{opt}); err != nil {
		t.Fatal(err)
	}
	back, f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	meta, _ := DecodeMeta(f.Meta)
	if meta.Step != 7 || meta.Stage != "pretrain" || meta.Seed != 9 || meta.Spec.JSON() != m.Spec.JSON() {
		t.Fatalf("metadata %+v", meta)
	}
	for _, p := range m.Params.List() {
		q := back.Params.Get(p.Name)
		for i := range p.T.Data {
			if p.T.Data[i] != q.Data[i] {
				t.Fatalf("%s differs", p.Name)
			}
		}
	}
	if len(f.OptimState()) != 1 {
		t.Fatal("optimizer state lost")
	}
	stripped := filepath.Join(t.TempDir(), "s.safetensors")
	if err := Strip(path, stripped); err != nil {
		t.Fatal(err)
	}
	if g, _ := ReadFile(stripped); len(g.OptimState()) != 0 {
		t.Fatal("Strip kept optimizer state")
	}
}

func TestReadErrorsNameFileAndProblem(t *testing.T) {
	dir := t.TempDir()
	m := model.New(model.Tiny("lite", model.FP32), 1)
	good := filepath.Join(dir, "good.safetensors")
	if err := Save(good, m, Meta{}, nil); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(good)
	hlen := binary.LittleEndian.Uint64(raw)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		return p
	}
	huge := append([]byte(nil), raw...)
	binary.LittleEndian.PutUint64(huge, 1<<40)
	badJSON := append([]byte(nil), raw...)
	badJSON[8] = '['
	cases := []struct {
		path, want string
	}{
		{write("short.safetensors", raw[:5]), "truncated"},
		{write("cut.safetensors", raw[:len(raw)-100]), "truncated"},
		{write("hdr.safetensors", raw[:8+hlen/2]), "truncated"},
		{write("huge.safetensors", huge), "header length"},
		{write("json.safetensors", badJSON), "corrupt header"},
		{filepath.Join(dir, "missing.safetensors"), "no such file"},
	}
	for _, c := range cases {
		_, err := ReadFile(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), filepath.Base(c.path)) {
			t.Errorf("%s: error %v, want one naming the file and %q", filepath.Base(c.path), err, c.want)
		}
	}
	// A checkpoint of another config does not load into this model.
	other := model.New(model.Tiny("vanilla", model.FP32), 1)
	f, err := ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	err = LoadInto(other, f)
	if err == nil || !strings.Contains(err.Error(), "good.safetensors") || !strings.Contains(err.Error(), "missing tensor") {
		t.Errorf("mismatch error: %v", err)
	}
	// A shape mismatch is named.
	wide := model.Tiny("lite", model.FP32)
	wide.FFN = 96
	err = LoadInto(model.New(wide, 1), f)
	if err == nil || !strings.Contains(err.Error(), "shape") {
		t.Errorf("shape mismatch error: %v", err)
	}
	// No config in metadata.
	plain := filepath.Join(dir, "plain.safetensors")
	x := tensor.Zeros(2)
	x.Name = "x"
	WriteFile(plain, nil, []*tensor.Tensor{x})
	if _, _, err := Load(plain); err == nil || !strings.Contains(err.Error(), "config") || !strings.Contains(err.Error(), "plain.safetensors") {
		t.Errorf("no-config error: %v", err)
	}
}

// FuzzReadCheckpoint: arbitrary bytes either parse or give an error; a
// parse that succeeds never holds out-of-range data.
func FuzzReadCheckpoint(f *testing.F) {
	x := tensor.New([]float32{1, 2, 3, 4}, 2, 2)
	x.Name = "x"
	good, _ := Encode(map[string]string{"config": "{}", "step": "1"}, []*tensor.Tensor{x})
	f.Add(good)
	f.Add([]byte{})
	f.Add([]byte("\x10\x00\x00\x00\x00\x00\x00\x00{\"a\":1}        "))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Parse(b)
		if err != nil {
			return
		}
		for _, name := range file.Names {
			tt := file.Tensors[name]
			n := 1
			for _, s := range tt.Shape {
				n *= s
			}
			if n != len(tt.Data) {
				t.Fatalf("%s: shape %v with %d values", name, tt.Shape, len(tt.Data))
			}
		}
		if _, err := DecodeMeta(file.Meta); err == nil {
			// A config that decodes must also validate (DecodeMeta checks).
			return
		}
	})
}

// A checkpoint whose weights hold NaN or ±Inf is refused on load with the
// tensors and counts named (an all-NaN model used to chat with exit 0).
func TestLoadRefusesNonFiniteWeights(t *testing.T) {
	dir := t.TempDir()
	m := model.New(model.Tiny("lite", model.FP32), 1)
	ps := m.Params.List()
	bad := ps[len(ps)-1]
	for i := range bad.T.Data {
		bad.T.Data[i] = float32(math.NaN())
	}
	ps[0].T.Data[3] = float32(math.Inf(-1))
	path := filepath.Join(dir, "nan.safetensors")
	if err := Save(path, m, Meta{}, nil); err != nil {
		t.Fatal(err)
	}
	_, _, err := Load(path)
	if err == nil {
		t.Fatal("non-finite weights loaded without an error")
	}
	for _, want := range []string{path, "non-finite", bad.Name, fmt.Sprintf("%d of %d", len(bad.T.Data), len(bad.T.Data)), ps[0].Name, "1 of"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	// All-NaN everywhere: the message stays short and gives the total.
	for _, p := range ps {
		for i := range p.T.Data {
			p.T.Data[i] = float32(math.NaN())
		}
	}
	if err := Save(path, m, Meta{}, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(path); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%d tensors", len(ps))) || len(err.Error()) > 1000 {
		t.Errorf("all-NaN checkpoint: %v", err)
	}
}
