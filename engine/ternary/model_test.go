package ternary

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trigo/engine/model"
	"trigo/engine/tensor"
)

func validBytes(t *testing.T) []byte {
	b, err := os.ReadFile(filepath.Join("..", "..", "data", "stories_demo", "valid.bin"))
	if err != nil {
		t.Skipf("no demo data: %v", err)
	}
	return b
}

// The packed decoder reproduces the training forward (fake quantisation)
// for every family: logits close, next-byte argmax ≥ 99 % equal on real
// text, with every kernel.
func TestPackedMatchesForwardTiny(t *testing.T) {
	data := validBytes(t)
	for _, fam := range []string{"lite", "multi", "vanilla"} {
		m := model.New(model.Tiny(fam, model.Ternary), 11)
		pm, err := FromModel(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range Kernels() {
			prev, _ := SetKernel(k.Name)
			agree, total := Agreement(m, pm, data, 64, 512)
			SetKernel(prev)
			if total != 512 || float64(agree) < 0.99*float64(total) {
				t.Fatalf("%s (%s kernel): argmax agrees on %d of %d positions (< 99 %%)", m.Spec.Name, k.Name, agree, total)
			}
			t.Logf("%s %s: %d/%d", m.Spec.Name, k.Name, agree, total)
		}
		// Logits: relative difference small on a short window (where an
		// int8 rounding tie is unlikely to have flipped yet).
		ids := make([]int, 16)
		for i := range ids {
			ids[i] = int(data[i])
		}
		var ref *model.Output
		tensor.NoGrad(func() { ref = m.Forward(ids, 1, len(ids)) })
		d := pm.NewDecoder(model.DecodeOptions{})
		var maxRef, maxDiff float64
		for p, id := range ids {
			got := d.Step(id)
			for j, v := range ref.Logits.Data[p*256 : (p+1)*256] {
				maxRef = max(maxRef, math.Abs(float64(v)))
				maxDiff = max(maxDiff, math.Abs(float64(got[j]-v)))
			}
		}
		if maxDiff > 1e-3*maxRef {
			t.Fatalf("%s: packed logits differ from forward by %.3g (max |ref| %.3g)", m.Spec.Name, maxDiff, maxRef)
		}
	}
}

func TestPackedLiteAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("lite-ternary: a few seconds")
	}
	data := validBytes(t)
	m := model.New(model.Config("lite-ternary"), 2)
	pm, err := FromModel(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	agree, total := Agreement(m, pm, data, 128, 512)
	if float64(agree) < 0.99*float64(total) {
		t.Fatalf("lite-ternary (random init): argmax agrees on %d of %d positions (< 99 %%)", agree, total)
	}
	t.Logf("lite-ternary random init: %d/%d", agree, total)
	fp := m.NewDecoder(model.DecodeOptions{}).WeightBytes()
	pk := pm.NewDecoder(model.DecodeOptions{}).WeightBytes()
	if fp < 10*pk {
		t.Fatalf("packed weights %d bytes, float32 %d: less than 10× smaller", pk, fp)
	}
	t.Logf("weights: float32 %d bytes, packed %d bytes (%.1f×)", fp, pk, float64(fp)/float64(pk))
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, fam := range []string{"lite", "multi", "vanilla"} {
		m := model.New(model.Tiny(fam, model.Ternary), 4)
		pm, err := FromModel(m, map[string]string{"stage": "chat-sft", "step": "7"})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fam+".safetensors")
		if err := pm.Save(path); err != nil {
			t.Fatal(err)
		}
		if ok, err := IsPacked(path); !ok || err != nil {
			t.Fatalf("IsPacked = %v, %v", ok, err)
		}
		pm2, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if pm2.Meta["stage"] != "chat-sft" || pm2.Spec.Name != m.Spec.Name || pm2.Seed != 4 {
			t.Fatalf("metadata lost: %v %q", pm2.Meta, pm2.Spec.Name)
		}
		d1, d2 := pm.NewDecoder(model.DecodeOptions{}), pm2.NewDecoder(model.DecodeOptions{})
		for _, id := range []int{1, 200, 33, 33, 7, 99, 0, 255} {
			a, b := d1.Step(id), d2.Step(id)
			for j := range a {
				if a[j] != b[j] {
					t.Fatalf("%s: loaded model decodes differently", fam)
				}
			}
		}
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	m := model.New(model.Tiny("lite", model.Ternary), 4)
	pm, _ := FromModel(m, nil)
	good := filepath.Join(dir, "good.safetensors")
	if err := pm.Save(good); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(good)
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	cases := map[string]string{
		write("short", b[:5]):                                  "truncated",
		write("cut", b[:len(b)-100]):                           "outside",
		write("junk", []byte("hello world, not a checkpoint")): "not a safetensors file",
		filepath.Join(dir, "missing"):                          "no such file",
	}
	for path, want := range cases {
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%s): %v, want an error containing %q", filepath.Base(path), err, want)
		}
	}
	// A float checkpoint-like file without the packed format.
	if _, err := FromModel(model.New(model.Tiny("lite", model.FP32), 1), nil); err == nil || !strings.Contains(err.Error(), "only \"ternary\" models pack") {
		t.Errorf("FromModel(fp32): %v", err)
	}
}
