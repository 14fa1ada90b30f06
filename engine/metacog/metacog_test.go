package metacog

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"trigo/engine/model"
	"trigo/engine/probe"
	"trigo/engine/train"
)

// The end-to-end fixture: a tiny lite model (d=32, 2 layers) trained in
// the test itself with abstain-sft, λ = 0.5, on generated conversations.
var fixture struct {
	once  sync.Once
	dir   string
	ckpt  string
	hist  *train.History
	parts []train.LossParts
	err   error
}

const tinySteps = 240

func trainedTiny(t *testing.T) (ckptPath string, h *train.History, parts []train.LossParts) {
	t.Helper()
	fixture.once.Do(func() {
		fixture.dir, fixture.err = os.MkdirTemp("", "metacog-test-")
		if fixture.err != nil {
			return
		}
		fixture.ckpt = filepath.Join(fixture.dir, "tiny.safetensors")
		spec := model.Tiny("lite", model.FP32)
		spec.Context = 256 // room for a prompt and a whole reply
		m := model.New(spec, 7)
		var p train.LossParts
		st := train.Stage{Name: train.StageAbstainSFT, Examples: 4000, EvalExamples: 32, MetacogWeight: 0.5, Parts: &p}
		fixture.hist = train.FitStage(m, "", st, train.Options{Steps: tinySteps, BatchSize: 8, SeqLen: 96, LR: 1e-2,
			Warmup: 10, EvalEvery: -1, Out: fixture.ckpt,
			OnStep: func(s train.StepInfo) {
				if math.IsNaN(s.ValLoss) {
					fixture.parts = append(fixture.parts, p)
				}
			}})
		fixture.err = fixture.hist.Err
	})
	if fixture.err != nil {
		t.Fatal(fixture.err)
	}
	return fixture.ckpt, fixture.hist, fixture.parts
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.dir != "" {
		os.RemoveAll(fixture.dir)
	}
	os.Exit(code)
}

// mean of f over the first and last n entries.
func firstLast(n int, get func(i int) float64, total int) (first, last float64) {
	for i := 0; i < n; i++ {
		first += get(i) / float64(n)
		last += get(total-n+i) / float64(n)
	}
	return first, last
}

// All three abstain-sft losses fall, and the metacognition loss pulls the
// prompt router entropy of needs-facts prompts above in-capability ones.
func TestStageLossesFall(t *testing.T) {
	_, h, parts := trainedTiny(t)
	if len(parts) != tinySteps {
		t.Fatalf("%d loss records for %d steps", len(parts), tinySteps)
	}
	for _, c := range []struct {
		name string
		get  func(i int) float64
	}{
		{"total", func(i int) float64 { return h.Loss[i] }},
		{"ce", func(i int) float64 { return parts[i].CE }},
		{"abstain bce", func(i int) float64 { return parts[i].Abstain }},
		{"metacog bce", func(i int) float64 { return parts[i].Metacog }},
	} {
		first, last := firstLast(30, c.get, tinySteps)
		t.Logf("%-12s %.4f → %.4f", c.name, first, last)
		if !(last < first) {
			t.Errorf("%s loss did not fall: %.4f → %.4f", c.name, first, last)
		}
	}
	var gap float64
	n := 0
	for _, p := range parts[tinySteps-60:] {
		if d := p.RouterEntropyOOD - p.RouterEntropyIn; !math.IsNaN(d) {
			gap += d
			n++
		}
	}
	t.Logf("normalised prompt router entropy, needs-facts − in-capability, last 60 steps: %.4f", gap/float64(n))
}

// The probe computes all four signals per prompt of the 210-prompt set,
// and the tables and curves come out.
func TestProbeTables(t *testing.T) {
	path, _, _ := trainedTiny(t)
	cp, err := LoadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := probe.LoadPrompts("../../prompts/probe_210.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := RunProbe(cp.Model, ps, 200)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Records) != 210 || len(rep.Signals) != 4 || rep.Note != "" {
		t.Fatalf("%d records, signals %v, note %q", len(rep.Records), rep.Signals, rep.Note)
	}
	for _, r := range rep.Records {
		for _, s := range probe.Signals {
			v := r.Signals[s]
			if math.IsNaN(v) || v < 0 {
				t.Fatalf("%s: %s = %v", r.ID, s, v)
			}
		}
		if p := r.Signals[probe.SignalAbstainP]; p > 1 {
			t.Fatalf("%s: abstain_p %v", r.ID, p)
		}
		if h := r.Signals[probe.SignalRouterEntropy]; h > math.Log(3)+1e-6 {
			t.Fatalf("%s: router entropy %v above log 3", r.ID, h)
		}
	}
	if len(rep.Per.Columns) != 6 || len(rep.Cross.Columns) != 1 {
		t.Fatalf("columns %v / %v", rep.Cross.Columns, rep.Per.Columns)
	}
	md := rep.Markdown()
	for _, want := range []string{"all OOD (30 vs 180)", "gibberish (30 vs 30)", "router_entropy_mean", "abstain_p"} {
		if !strings.Contains(md, want) {
			t.Errorf("tables lack %q", want)
		}
	}
	c, _ := rep.Cross.Get(probe.SignalAbstainP, probe.ColumnAllOOD)
	t.Logf("tiny model, cross-regime abstain_p AUROC %s", c)
	if len(rep.Curves("math")) != 4 || len(rep.ROC(probe.ColumnAllOOD).PNG()) == 0 {
		t.Fatal("no ROC curves")
	}
	// Signals of one prompt do not depend on the batch it runs in.
	one := Signals(cp.Model, []string{ps[40].Prompt}, 1)[0]
	for _, s := range probe.Signals {
		if d := math.Abs(one[s] - rep.Records[40].Signals[s]); d > 1e-4 {
			t.Errorf("%s alone %v, in a batch %v", s, one[s], rep.Records[40].Signals[s])
		}
	}
}

// A vanilla model gets three signals and a note that router entropy does
// not apply.
func TestVanillaProbe(t *testing.T) {
	m := model.New(model.Tiny("vanilla", model.FP32), 2)
	ps, err := probe.LoadPrompts("../../prompts/probe_210.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := RunProbe(m, ps, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Signals) != 3 || !strings.Contains(rep.Note, "not applicable") {
		t.Fatalf("signals %v, note %q", rep.Signals, rep.Note)
	}
	if _, ok := rep.Records[0].Signals[probe.SignalRouterEntropy]; ok {
		t.Fatal("vanilla record has a router entropy")
	}
}

// Greedy decoding with the incremental decoder gives the replies of the
// full-forward reference, batched or one prompt at a time.
func TestGreedyMatchesForward(t *testing.T) {
	path, _, _ := trainedTiny(t)
	cp, err := LoadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}
	msgs := []string{"hi!", "what is the capital of peru?", "tell me a story about a fox", "Wie spät ist es?"}
	var prompts [][]int
	for _, msg := range msgs {
		prompts = append(prompts, NewChatInput(msg, cp.Model.Spec.Context).IDs)
	}
	fast := Greedy(cp.Model, prompts, 40)
	batch := GreedyForward(cp.Model, prompts, 40)
	for i := range msgs {
		one := GreedyForward(cp.Model, prompts[i:i+1], 40)[0]
		if string(fast[i]) != string(batch[i]) || string(one) != string(batch[i]) {
			t.Errorf("%q: decoder %q, forward batch %q, forward alone %q", msgs[i], fast[i], batch[i], one)
		}
	}
	t.Logf("replies: %q", Replies(cp.Model, msgs, 40))
}

// The reproduce gate: --write records the numbers; a check on the same
// checkpoint reproduces them; a documented number moved by 1 % still
// passes, one moved by 20 % fails (both directions of the gate).
func TestReproduceGate(t *testing.T) {
	path, _, _ := trainedTiny(t)
	res := t.TempDir()
	// The tiny model is its own base: claim 5's forgetting ratio is 1.
	o := Options{Ckpt: path, Results: res, Prompts: "../../prompts", Data: "../../data/stories_demo", Base: path,
		Natural: "../../data/natural/valid.bin", Reps: 200, Write: true}
	written, err := ReproduceAll(o)
	if err != nil {
		t.Fatal(err)
	}
	if r := written[4]; r.Claim.N != 5 || numberOf(r, "chat.forgetting_ratio") != 1 || numberOf(r, "chat.story_n") != 36 {
		t.Fatalf("claim 5 on its own base: ratio %v, %v story prompts", numberOf(r, "chat.forgetting_ratio"), numberOf(r, "chat.story_n"))
	}
	for _, r := range written {
		if !r.Written {
			t.Fatalf("claim %d not written", r.Claim.N)
		}
		text, err := os.ReadFile(r.Path)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"trigo reproduce", r.Ckpt.SHA256, "## Gated numbers"} {
			if !strings.Contains(string(text), want) {
				t.Fatalf("%s lacks %q", r.Path, want)
			}
		}
	}
	if g := written[0].Gate; !strings.HasPrefix(g, "PASS") {
		t.Errorf("claim 1 gate: %s", g)
	}
	t.Logf("claim 3 gate on the tiny model: %s", written[2].Gate)

	// Check mode, checkpoint taken from the results files.
	o.Write, o.Ckpt = false, ""
	checked, err := ReproduceAll(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range checked {
		if !r.Reproduced || r.Err() != nil {
			t.Fatalf("claim %d does not reproduce itself:\n%s", r.Claim.N, r.Summary())
		}
	}

	file := filepath.Join(res, Claims[1].File())
	doc, err := ReadDocumented(file)
	if err != nil {
		t.Fatal(err)
	}
	key := "auroc.all_ood.abstain_p"
	v, ok := doc.Get(key)
	if !ok {
		t.Fatalf("%s lacks %s", file, key)
	}
	orig, _ := os.ReadFile(file)
	for _, c := range []struct {
		factor float64
		pass   bool
	}{{1.01, true}, {1.2, false}, {0.8, false}} {
		line := "| " + key + " | " + FormatValue(v) + " |"
		moved := "| " + key + " | " + FormatValue(v*c.factor) + " |"
		if !strings.Contains(string(orig), line) {
			t.Fatalf("%s lacks %q", file, line)
		}
		os.WriteFile(file, []byte(strings.Replace(string(orig), line, moved, 1)), 0o644)
		r, err := Reproduce(2, o)
		if err != nil {
			t.Fatal(err)
		}
		if r.Reproduced != c.pass || (r.Err() == nil) != c.pass {
			t.Fatalf("documented %s × %g: reproduced = %v, want %v\n%s", key, c.factor, r.Reproduced, c.pass, r.Summary())
		}
		if !c.pass && !strings.Contains(r.Err().Error(), key) {
			t.Fatalf("error does not name %s: %v", key, r.Err())
		}
	}
	// A documented key the computation no longer produces fails too.
	os.WriteFile(file, append(orig, []byte("| auroc.extra | 0.5 |\n")...), 0o644)
	if r, err := Reproduce(2, o); err != nil || r.Reproduced {
		t.Fatalf("extra documented key: err %v, reproduced %v", err, r != nil && r.Reproduced)
	}
	// No results file: an error that says how to make one.
	os.Remove(file)
	if _, err := Reproduce(2, o); err == nil || !strings.Contains(err.Error(), "--write") {
		t.Fatalf("missing results file: %v", err)
	}
}

func TestWithin(t *testing.T) {
	for _, c := range []struct {
		got, doc float64
		ok       bool
	}{
		{1.04, 1, true}, {0.951, 1, true}, {1.06, 1, false}, {0, 0, true}, {0.05, 0, false},
		{9090073, 9090073, true}, {math.NaN(), 1, false}, {-1.04, -1, true},
	} {
		if Within(c.got, c.doc) != c.ok {
			t.Errorf("Within(%v, %v) = %v", c.got, c.doc, !c.ok)
		}
	}
}

// Results record checkpoint paths relative to the repository root, also
// when run from notebooks/ with Root "..".
func TestRecordedPath(t *testing.T) {
	o := Options{Root: "../.."}
	o.defaults()
	if got := o.recorded("../../checkpoints/x.safetensors"); got != "checkpoints/x.safetensors" {
		t.Fatalf("recorded %q", got)
	}
	if got := o.underRoot("checkpoints/x.safetensors"); got != filepath.FromSlash("../../checkpoints/x.safetensors") {
		t.Fatalf("underRoot %q", got)
	}
	if o.Prompts != filepath.FromSlash("../../prompts") {
		t.Fatalf("prompts %q", o.Prompts)
	}
}

func numberOf(r *Result, key string) float64 {
	for _, n := range r.Numbers {
		if n.Key == key {
			return n.Value
		}
	}
	return math.NaN()
}
