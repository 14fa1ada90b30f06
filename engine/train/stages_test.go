package train

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"trigo/engine/ckpt"
	"trigo/engine/interrupt"
	"trigo/engine/model"
	"trigo/engine/tensor"
)

// MetacogBCE's value is the BCE and its gradient is dBCE/de, although it
// is built from a linear surrogate.
func TestMetacogBCEValueAndGradient(t *testing.T) {
	e := tensor.New([]float32{0.2, 0.7, 0.5, 0.95}, 4).SetRequiresGrad(true)
	y := []float32{1, 0, 1, 0}
	l := MetacogBCE(e, y)
	var want float64
	for i, v := range e.Data {
		p, yy := float64(v), float64(y[i])
		want -= yy*math.Log(p) + (1-yy)*math.Log(1-p)
	}
	want /= 4
	if got := float64(l.Item()); math.Abs(got-want) > 1e-5 {
		t.Fatalf("value %v, want %v", got, want)
	}
	tensor.Backward(l)
	for i, v := range e.Data {
		p, yy := float64(v), float64(y[i])
		g := (p - yy) / (p * (1 - p)) / 4
		if math.Abs(float64(e.Grad[i])-g) > 1e-4*math.Max(1, math.Abs(g)) {
			t.Errorf("grad[%d] = %v, want %v", i, e.Grad[i], g)
		}
	}
}

// PromptRouterEntropy lies in [0, 1] and its gradient reaches the routers.
func TestPromptRouterEntropyReachesRouter(t *testing.T) {
	m := model.New(model.Tiny("lite", model.FP32), 3)
	ids := make([]int, 2*10)
	for i := range ids {
		ids[i] = 'a' + i%7
	}
	mask := make([]float32, 20)
	for i := 0; i < 6; i++ {
		mask[i], mask[10+i] = 1, 1
	}
	out := m.Forward(ids, 2, 10)
	e := PromptRouterEntropy(out, mask)
	for _, v := range e.Data {
		if v < 0 || v > 1 {
			t.Fatalf("normalised entropy %v outside [0, 1]", v)
		}
	}
	tensor.Backward(MetacogBCE(e, []float32{1, 0}))
	rb := m.Blocks[0].(*model.RoutedBlock)
	nz := false
	for _, g := range rb.Router.W.Grad {
		nz = nz || g != 0
	}
	if !nz {
		t.Fatal("no gradient in the router weights")
	}
}

func TestStageCheck(t *testing.T) {
	van := model.New(model.Tiny("vanilla", model.FP32), 1)
	lite := model.New(model.Tiny("lite", model.FP32), 1)
	for _, c := range []struct {
		m    *model.Model
		s    Stage
		fail bool
	}{
		{lite, Stage{Name: StageAbstainSFT, MetacogWeight: 0.5}, false},
		{van, Stage{Name: StageAbstainSFT}, false},
		{van, Stage{Name: StageAbstainSFT, MetacogWeight: 0.5}, true},
		{van, Stage{Name: StageChatSFT, FreezeRouter: true}, true},
		{lite, Stage{Name: StageChatSFT, MetacogWeight: 0.5}, true},
		{lite, Stage{Name: "sft"}, true},
		{lite, Stage{Name: StageAbstainSFT, MetacogWeight: -1}, true},
	} {
		if err := c.s.Check(c.m); (err != nil) != c.fail {
			t.Errorf("%s %+v: err = %v, want failure %v", c.m.Spec.Name, c.s, err, c.fail)
		}
	}
}

// With FreezeRouter the router weights stay bit-identical while the rest
// of the model trains, and the checkpoint records the stage.
func TestFreezeRouterAndStageMeta(t *testing.T) {
	m := model.New(model.Tiny("lite", model.FP32), 5)
	rb := m.Blocks[1].(*model.RoutedBlock)
	w0 := append([]float32(nil), rb.Router.W.Data...)
	e0 := append([]float32(nil), m.Embed.W.Data...)
	out := filepath.Join(t.TempDir(), "f.safetensors")
	h := FitStage(m, "", Stage{Name: StageAbstainSFT, Examples: 200, EvalExamples: 8, FreezeRouter: true},
		Options{Steps: 3, BatchSize: 4, SeqLen: 64, EvalEvery: -1, Out: out})
	defer UnfreezeRouter(m)
	if h.Err != nil {
		t.Fatal(h.Err)
	}
	for i := range w0 {
		if rb.Router.W.Data[i] != w0[i] {
			t.Fatal("router weight changed although frozen")
		}
	}
	same := true
	for i := range e0 {
		same = same && m.Embed.W.Data[i] == e0[i]
	}
	if same {
		t.Fatal("embedding did not train")
	}
	f, err := ckpt.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	meta, _ := ckpt.DecodeMeta(f.Meta)
	if meta.Stage != StageAbstainSFT || meta.Step != 3 {
		t.Fatalf("stage %q step %d", meta.Stage, meta.Step)
	}
	if want := "corpustell.Generate(n=200, seed=1, abstain_frac=0.3); loss: ce(assistant) + 1·bce(abstain); router frozen; batches by length"; meta.Data != want {
		t.Fatalf("data %q, want %q", meta.Data, want)
	}
}

// A chat stage resumed from a checkpoint continues bit for bit (the chat
// sampler's state travels in the checkpoint).
func TestChatStageResumeIsBitExact(t *testing.T) {
	spec := model.Tiny("lite", model.FP32)
	st := Stage{Name: StageAbstainSFT, Examples: 300, EvalExamples: 8, MetacogWeight: 0.3}
	o := Options{Steps: 6, BatchSize: 3, SeqLen: 48, EvalEvery: 3, Warmup: 2}
	_, second := stopAndResume(t, spec, st, o, 3)
	if len(second.Loss) != 6 {
		t.Fatalf("resumed history has %d steps", len(second.Loss))
	}
}

// Story replay interleaves next-byte batches of a data folder with the
// conversations, records the story validation loss beside the chat one,
// and resumes bit for bit (the mixed sampler's state is in the
// checkpoint).
func TestChatStageReplay(t *testing.T) {
	dir := tinyData(t)
	spec := model.Tiny("lite", model.FP32)
	st := Stage{Name: StageChatSFT, Examples: 200, EvalExamples: 8, ReplayDir: dir, ReplayEvery: 3}
	o := Options{Steps: 6, BatchSize: 3, SeqLen: 48, EvalEvery: 3, EvalBatches: 2, Warmup: 2}
	var replayed int
	straight, second := stopAndResume(t, spec, st, o, 4)
	if got := straight.ExtraVal["stories"]; len(got) != len(straight.ValSteps) || len(got) != 2 || math.IsNaN(got[0]) {
		t.Fatalf("stories eval %v for val steps %v", got, straight.ValSteps)
	}
	// Steps 3 and 6 are replayed: their batches have no mask.
	tr, err := NewStageTrainer(model.New(spec, 9), "", st, o)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 6; i++ {
		if tr.Batches.Next().Mask == nil {
			replayed++
			if i%3 != 0 {
				t.Fatalf("batch %d replayed", i)
			}
		}
	}
	if replayed != 2 {
		t.Fatalf("%d of 6 batches replayed, want 2", replayed)
	}
	if d := st.Describe(); !strings.Contains(d, "1 batch in 3 replays") {
		t.Fatalf("describe: %q", d)
	}

	if a, b := second.ExtraVal["stories"], straight.ExtraVal["stories"]; len(a) != 2 || a[1] != b[1] {
		t.Fatalf("stories eval after resume %v, straight %v", a, b)
	}
	if err := (Stage{Name: StagePretrain, ReplayDir: dir}).Check(model.New(spec, 1)); err == nil {
		t.Fatal("replay accepted in pretraining")
	}
}

// stopAndResume trains the stage straight through, then again stopped
// after step stop and resumed from its checkpoint; it fails the test
// unless the two loss curves are bit-identical, and returns both runs.
func stopAndResume(t *testing.T, spec model.Spec, st Stage, o Options, stop int) (straight, resumed *History) {
	t.Helper()
	straight = FitStage(model.New(spec, 9), "", st, o)
	if straight.Err != nil {
		t.Fatal(straight.Err)
	}
	ck := filepath.Join(t.TempDir(), "half.safetensors")
	o1 := o
	o1.Out = ck
	o1.OnStep = func(s StepInfo) {
		if s.Step == stop {
			interrupt.Request()
		}
	}
	first := FitStage(model.New(spec, 9), "", st, o1)
	interrupt.Reset()
	if first.Err != nil {
		t.Fatal(first.Err)
	}
	o2 := o
	o2.Resume = ck
	resumed = FitStage(model.New(spec, 9), "", st, o2)
	if resumed.Err != nil {
		t.Fatal(resumed.Err)
	}
	for i := range straight.Loss {
		if i >= len(resumed.Loss) || resumed.Loss[i] != straight.Loss[i] {
			t.Fatalf("step %d: resumed losses %v, straight %v", i+1, resumed.Loss, straight.Loss)
		}
	}
	return straight, resumed
}
