package probe_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"trigo/engine/chatdata"
	"trigo/engine/metacog"
	"trigo/engine/model"
	"trigo/engine/probe"
)

func routingPrompts() []probe.Prompt {
	return []probe.Prompt{
		{ID: "in_1", Regime: probe.RegimeInDomain, Prompt: "Tell me a story about a cat."},
		{ID: "in_2", Regime: probe.RegimeInDomain, Prompt: "Once upon a time"},
		{ID: "gib_1", Regime: probe.RegimeGibberish, Prompt: "qzx vvkp ttrw ooq"},
		{ID: "math_1", Regime: probe.RegimeMath, Prompt: "What is 17 * 23?\nShow the steps."},
		{ID: "math_2", Regime: probe.RegimeMath, Prompt: "x"},
	}
}

func tinyRouted(t *testing.T, family, precision string) *model.Model {
	t.Helper()
	return model.New(model.Tiny(family, precision), 7)
}

// The table has one entry per prompt with the chat input, the message
// span, and per-layer × position × pathway weights that are distributions.
func TestRoutingShapes(t *testing.T) {
	m := tinyRouted(t, "lite", "fp32")
	ps := routingPrompts()
	rt, err := probe.Routing(m, ps)
	if err != nil {
		t.Fatal(err)
	}
	if rt.Layers != m.Spec.Layers || len(rt.Pathways) != 3 || len(rt.Prompts) != len(ps) || rt.Name != m.Spec.Name {
		t.Fatalf("layers %d pathways %v prompts %d name %q", rt.Layers, rt.Pathways, len(rt.Prompts), rt.Name)
	}
	for i, p := range rt.Prompts {
		want := chatdata.UserPrompt(ps[i].Prompt)
		if !bytes.Equal(p.Input, want) {
			t.Errorf("%s: input %q, want %q", p.ID, p.Input, want)
		}
		msg := strings.ReplaceAll(ps[i].Prompt, "\n", " ")
		if got := string(p.Input[p.From:p.To]); got != msg {
			t.Errorf("%s: summarised span %q, want the message %q", p.ID, got, msg)
		}
		for l := range p.Weights {
			if len(p.Weights[l]) != len(p.Input) || len(p.Entropy[l]) != len(p.Input) {
				t.Fatalf("%s layer %d: %d weight rows, %d entropies for %d bytes", p.ID, l, len(p.Weights[l]), len(p.Entropy[l]), len(p.Input))
			}
			for pos, row := range p.Weights[l] {
				var s, h float64
				for _, w := range row {
					s += w
					if w > 0 {
						h -= w * math.Log(w)
					}
				}
				if math.Abs(s-1) > 1e-5 {
					t.Errorf("%s layer %d pos %d: weights sum to %v", p.ID, l, pos, s)
				}
				if math.Abs(h-p.Entropy[l][pos]) > 1e-4 {
					t.Errorf("%s layer %d pos %d: entropy %v, −Σ w log w = %v", p.ID, l, pos, p.Entropy[l][pos], h)
				}
			}
		}
	}
}

// Prompts run in padded batches must get the weights they get alone: the
// padding after a short prompt must not reach its positions.
func TestRoutingBatchMatchesSingle(t *testing.T) {
	m := tinyRouted(t, "multi", "ternary")
	ps := routingPrompts()
	one, err := probe.RoutingWith(m, ps, probe.RoutingOptions{Batch: 1})
	if err != nil {
		t.Fatal(err)
	}
	all, err := probe.RoutingWith(m, ps, probe.RoutingOptions{Batch: 16})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Pathways) != 5 {
		t.Fatalf("multi has %d pathways, want 5", len(all.Pathways))
	}
	worst := 0.0
	for i := range ps {
		for l := range one.Prompts[i].Weights {
			for pos, row := range one.Prompts[i].Weights[l] {
				for k, w := range row {
					worst = math.Max(worst, math.Abs(w-all.Prompts[i].Weights[l][pos][k]))
				}
			}
		}
	}
	if worst > 1e-5 {
		t.Fatalf("batched and single-prompt weights differ by up to %g", worst)
	}
}

// With Template the per-prompt entropy is the probe's router_entropy_mean
// signal (same positions, same layers).
func TestRoutingEntropyMatchesProbeSignal(t *testing.T) {
	m := tinyRouted(t, "lite", "ternary")
	ps := routingPrompts()
	rt, err := probe.RoutingWith(m, ps, probe.RoutingOptions{Template: true})
	if err != nil {
		t.Fatal(err)
	}
	recs := metacog.Probe(m, ps)
	for i, r := range recs {
		got, want := rt.Prompts[i].MeanEntropy(), r.Signals[probe.SignalRouterEntropy]
		if math.Abs(got-want) > 1e-5 {
			t.Errorf("%s: router entropy %v, probe signal %v", r.ID, got, want)
		}
	}
}

// The summaries average what they say they average.
func TestRoutingSummaries(t *testing.T) {
	m := tinyRouted(t, "lite", "fp32")
	rt, err := probe.Routing(m, routingPrompts())
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rt.Regimes(), ","); got != "in_domain,gibberish,math" {
		t.Fatalf("regimes %s, want in_domain,gibberish,math (table order)", got)
	}
	if n := len(rt.Select(probe.ColumnAllOOD)); n != 3 {
		t.Fatalf("all OOD selects %d prompts, want 3", n)
	}
	// Mean over message positions of both math prompts, by hand.
	a, b := rt.Prompt("math_1"), rt.Prompt("math_2")
	mean := rt.Mean(probe.RegimeMath)
	for l := 0; l < rt.Layers; l++ {
		for k := range rt.Pathways {
			var s float64
			n := 0
			for _, p := range []*probe.RoutedPrompt{a, b} {
				for pos := p.From; pos < p.To; pos++ {
					s += p.Weights[l][pos][k]
					n++
				}
			}
			if math.Abs(mean[l][k]-s/float64(n)) > 1e-12 {
				t.Errorf("Mean(math)[%d][%d] = %v, want %v", l, k, mean[l][k], s/float64(n))
			}
		}
	}
	for _, row := range rt.Shift(probe.RegimeInDomain) {
		for _, v := range row {
			if v != 0 {
				t.Fatalf("Shift(in_domain) has %v, want all 0", v)
			}
		}
	}
	shift := rt.Shift(probe.RegimeMath)
	in := rt.Mean(probe.RegimeInDomain)
	if math.Abs(shift[1][2]-(mean[1][2]-in[1][2])) > 1e-12 {
		t.Errorf("Shift(math)[1][2] = %v, want %v", shift[1][2], mean[1][2]-in[1][2])
	}
	positions := (a.To - a.From) + (b.To - b.From)
	if n := len(rt.Weights(probe.RegimeMath, -1, 0)); n != positions*rt.Layers {
		t.Errorf("Weights(math, all layers) has %d values, want %d", n, positions*rt.Layers)
	}
	w1 := rt.Weights(probe.RegimeMath, 1, 2)
	if len(w1) != positions || w1[0] != a.Weights[1][a.From][2] {
		t.Errorf("Weights(math, 1, 2) = %d values starting %v, want %d starting %v", len(w1), w1[0], positions, a.Weights[1][a.From][2])
	}
	e := rt.Entropy(probe.RegimeMath)
	var h float64
	for l := range b.Entropy {
		h += b.Entropy[l][b.From] // math_2's message is one byte
	}
	if len(e) != 2 || math.Abs(e[1]-h/float64(rt.Layers)) > 1e-12 {
		t.Errorf("Entropy(math) = %v, want [_, %v]", e, h/float64(rt.Layers))
	}
	if ne := rt.NormEntropy(probe.RegimeMath); math.Abs(ne[1]-e[1]/math.Log(3)) > 1e-12 || ne[1] > 1 {
		t.Errorf("NormEntropy(math)[1] = %v, want %v (≤ 1)", ne[1], e[1]/math.Log(3))
	}
	lm := a.Layer(-1)
	if want := (a.Weights[0][3][1] + a.Weights[1][3][1]) / 2; math.Abs(lm[3][1]-want) > 1e-12 {
		t.Errorf("Layer(-1)[3][1] = %v, want the layers' mean %v", lm[3][1], want)
	}
}

// Raw inputs are the prompt bytes, cut to the context, all summarised.
func TestRoutingRawAndContext(t *testing.T) {
	m := tinyRouted(t, "lite", "fp32")
	long := strings.Repeat("abcdefghij", 10) // 100 bytes, context 64
	ps := []probe.Prompt{{ID: "a", Regime: "x", Prompt: long}}
	raw, err := probe.RoutingWith(m, ps, probe.RoutingOptions{Raw: true})
	if err != nil {
		t.Fatal(err)
	}
	if p := raw.Prompts[0]; string(p.Input) != long[:64] || p.From != 0 || p.To != 64 {
		t.Errorf("raw: input %q [%d, %d), want the first 64 bytes, all summarised", p.Input, p.From, p.To)
	}
	chat, err := probe.Routing(m, ps)
	if err != nil {
		t.Fatal(err)
	}
	if p := chat.Prompts[0]; len(p.Input) != 64 || !strings.HasSuffix(string(p.Input), chatdata.EndOfTurn+chatdata.AssistantTag) {
		t.Errorf("chat: input %q (%d bytes), want 64 bytes ending in the assistant tag", p.Input, len(p.Input))
	}
}

func TestRoutingErrors(t *testing.T) {
	v := model.New(model.Tiny("vanilla", "fp32"), 1)
	if _, err := probe.Routing(v, routingPrompts()); err == nil || !strings.Contains(err.Error(), "vanilla-tiny-fp32") {
		t.Errorf("vanilla model: err %v, want one naming the model", err)
	}
	m := tinyRouted(t, "lite", "fp32")
	if _, err := probe.Routing(m, nil); err == nil || !strings.Contains(err.Error(), "no prompts") {
		t.Errorf("no prompts: err %v", err)
	}
	rt, err := probe.Routing(m, routingPrompts())
	if err != nil {
		t.Fatal(err)
	}
	mustPanic(t, `no prompt of regime "factual"`, func() { rt.Mean(probe.RegimeFactual) })
	mustPanic(t, "layer 2 outside", func() { rt.Weights(probe.RegimeMath, 2, 0) })
	mustPanic(t, `no prompt with id "nope"`, func() { rt.PlotPrompt("nope", 0) })
	mustPanic(t, "layer -2 outside", func() { rt.PlotAlong("in_1", -2) })
}

func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		r := recover()
		if s, _ := r.(string); !strings.Contains(s, want) {
			t.Errorf("panic %v, want one containing %q", r, want)
		}
	}()
	f()
}

// The display lists each regime with its counts; the figures render.
func TestRoutingDisplayAndFigures(t *testing.T) {
	m := tinyRouted(t, "lite", "fp32")
	rt, err := probe.Routing(m, routingPrompts())
	if err != nil {
		t.Fatal(err)
	}
	md := rt.Markdown()
	for _, want := range []string{"| in_domain | 2 | 44 |", "| gibberish | 1 | 17 |", "| math | 2 | 33 |", "local", "5 prompts, 2 layers × 3 pathways"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	if h := rt.HTML(); !strings.Contains(h, "<td>gibberish</td>") || !strings.Contains(h, "<th>dense</th>") {
		t.Errorf("HTML lacks the gibberish row or the dense column:\n%s", h)
	}
	other, _ := probe.Routing(tinyRouted(t, "multi", "fp32"), routingPrompts())
	figs := map[string]interface{ PNG() []byte }{
		"PlotMean":          rt.PlotMean(probe.RegimeMath),
		"PlotShift":         rt.PlotShift(probe.RegimeGibberish),
		"PlotWeights":       rt.PlotWeights(-1),
		"PlotEntropy":       rt.PlotEntropy(),
		"PlotPrompt":        rt.PlotPrompt("math_1", 1),
		"PlotRouterEntropy": probe.PlotRouterEntropy(true, rt, other),
		"PlotMeans":         rt.PlotMeans(),
		"PlotAlong":         rt.PlotAlong("gib_1", -1),
		"PlotAlongLayers":   rt.PlotAlongLayers("in_2"),
		"PlotShifts":        rt.PlotShifts(),
	}
	for name, f := range figs {
		if b := f.PNG(); len(b) < 1000 || !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Errorf("%s: %d bytes, not a PNG", name, len(b))
		}
	}
}
