package ckpt_test

import (
	"encoding/json"
	"flag"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"trigo/engine/ckpt"
	"trigo/engine/optim"
	"trigo/engine/tensor"
)

// Checkpoints written by the PyTorch bridge (tools/torch_ref/train.py) must
// load in Trigo unchanged and give the logits PyTorch computes. For each
// X.logits.safetensors in the folder (written by `train.py logits --ckpt
// X.safetensors`), X.safetensors is loaded and run on the same ids. The
// committed fixture is a 2-rank gloo run of lite-tiny-ternary; CI's
// .ci/steps/60-bridge.sh points -bridge at the files it has just trained.
var bridgeDir = flag.String("bridge", "testdata/bridge", "folder of bridge checkpoints X.safetensors with PyTorch logits X.logits.safetensors")

// bridgeLogitTol is engine/model's parity tolerance: max |Δ| / max |ref|.
const bridgeLogitTol = 1e-4

func TestBridgeCheckpoint(t *testing.T) {
	golds, _ := filepath.Glob(filepath.Join(*bridgeDir, "*.logits.safetensors"))
	if len(golds) == 0 {
		t.Fatalf("no *.logits.safetensors in %s", *bridgeDir)
	}
	for _, g := range golds {
		path := strings.TrimSuffix(g, ".logits.safetensors") + ".safetensors"
		t.Run(filepath.Base(path), func(t *testing.T) {
			m, f, err := ckpt.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			meta, err := ckpt.DecodeMeta(f.Meta)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"sampler", "history", "train_options", "optimizer_name"} {
				if meta.Extra[k] == "" {
					t.Errorf("metadata lacks %q, which trigo train --resume reads", k)
				}
			}
			// The optimizer state has exactly the tensors Trigo's optimizer
			// of that name saves, under the same names and sizes.
			opt, err := optim.New(meta.Extra["optimizer_name"], m.Params.List(), 1e-3, 0.02, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			if err := opt.LoadState(f.OptimState()); err != nil {
				t.Errorf("optimizer state: %v", err)
			}
			if got, want := len(f.OptimState()), len(opt.State()); got != want {
				t.Errorf("file holds %d optim.* tensors, Trigo's %s has %d", got, meta.Extra["optimizer_name"], want)
			}
			gold, err := ckpt.ReadFile(g)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int
			if err := json.Unmarshal([]byte(gold.Meta["ids"]), &ids); err != nil {
				t.Fatalf("%s: metadata ids: %v", g, err)
			}
			B, errB := strconv.Atoi(gold.Meta["B"])
			T, errT := strconv.Atoi(gold.Meta["T"])
			if errB != nil || errT != nil || B*T != len(ids) {
				t.Fatalf("%s: B=%q T=%q do not fit %d ids", g, gold.Meta["B"], gold.Meta["T"], len(ids))
			}
			var logits []float32
			tensor.NoGrad(func() { logits = m.Forward(ids, B, T).Logits.Data })
			want := gold.Tensors["logits"].Data
			if len(want) != len(logits) {
				t.Fatalf("PyTorch logits have %d values, Trigo's %d", len(want), len(logits))
			}
			var diff, mag float64
			for i := range want {
				diff = math.Max(diff, math.Abs(float64(logits[i])-float64(want[i])))
				mag = math.Max(mag, math.Abs(float64(want[i])))
			}
			e := diff / math.Max(mag, 1e-12)
			t.Logf("%s (%s, step %d, %s): logits relative error %.3g", meta.Spec.Name, meta.Extra["trained_by"], meta.Step, meta.Extra["optimizer_name"], e)
			if e > bridgeLogitTol || math.IsNaN(e) {
				t.Errorf("logits differ from PyTorch's: relative error %.3g > %g", e, bridgeLogitTol)
			}
		})
	}
}
