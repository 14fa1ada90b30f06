package experiment

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trigo/engine/metacog"
)

func TestWithin(t *testing.T) {
	for _, c := range []struct {
		got, rec, floor float64
		want            bool
	}{
		{1.04, 1, 0.01, true},  // 4 % off
		{1.06, 1, 0.01, false}, // 6 % off
		{-0.96, -1, 0, true},   // sign does not matter
		{0.005, 0, 0.01, true}, // near 0: the floor decides
		{0.02, 0, 0.01, false},
		{0.103, 0.1, 0.001, true},  // 3 % of 0.1 = 0.003 ≤ max(0.005, 0.001)
		{0.107, 0.1, 0.001, false}, // 0.007 > 0.005
		{math.NaN(), 1, 1, false},
	} {
		if got := Within(c.got, c.rec, c.floor); got != c.want {
			t.Errorf("Within(%v, %v, %v) = %v, want %v", c.got, c.rec, c.floor, got, c.want)
		}
	}
}

func TestCompare(t *testing.T) {
	doc := &metacog.Documented{Numbers: []metacog.Number{{Key: "a", Value: 0.5}, {Key: "b", Value: 0}, {Key: "gone", Value: 1}}}
	got := []Number{{"a", 0.52, 0.01}, {"b", 0.004, 0.01}, {"new", 2, 0.01}}
	cs := Compare(doc, got)
	want := map[string]bool{"a": true, "b": true, "gone": false, "new": false}
	if len(cs) != 4 {
		t.Fatalf("%d checks, want 4: %+v", len(cs), cs)
	}
	for _, c := range cs {
		if c.OK != want[c.Key] {
			t.Errorf("%s: OK = %v, want %v", c.Key, c.OK, want[c.Key])
		}
	}
}

// A report's Markdown parses back into the same keys and values.
func TestMarkdownRoundTrip(t *testing.T) {
	r := &Report{Exp: Experiments[0], Conclusion: "words", Body: "## Table\n\n| x | y |\n|---|---|\n| 1 | 2 |\n",
		Numbers: []Number{{"n1.x", 0.25, 0.01}, {"n1.count", 3, 0}, {"n1.neg", -0.125, 0.01}}}
	r.info("checkpoint (probed)", "`c.safetensors`")
	path := filepath.Join(t.TempDir(), "n1.md")
	if err := os.WriteFile(path, []byte(r.Markdown()), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := metacog.ReadDocumented(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []metacog.Number{{Key: "n1.x", Value: 0.25}, {Key: "n1.count", Value: 3}, {Key: "n1.neg", Value: -0.125}}
	if len(doc.Numbers) != len(want) {
		t.Fatalf("parsed %v, want %v", doc.Numbers, want)
	}
	for i, n := range want {
		if doc.Numbers[i] != n {
			t.Fatalf("number %d: %v, want %v", i, doc.Numbers[i], n)
		}
	}
	md := r.Markdown()
	for _, s := range []string{"`trigo experiment n1 --write`", "## Conclusion\n\nwords", "Absolute floors: 0.01 for 2 numbers (n1.x …); 0 for 1 numbers (n1.count …)."} {
		if !strings.Contains(md, s) {
			t.Errorf("Markdown lacks %q", s)
		}
	}
}

func TestRunBadInput(t *testing.T) {
	dir := t.TempDir()
	if _, err := Run("n9", Options{Results: dir}); err == nil || !strings.Contains(err.Error(), `"n9"`) {
		t.Fatalf("unknown experiment: %v", err)
	}
	// Check mode without a results file: the error names the file.
	_, err := Run("n1", Options{Results: dir})
	if err == nil || !strings.Contains(err.Error(), "n1_router_entropy_vs_max_softmax.md") || !strings.Contains(err.Error(), "--write") {
		t.Fatalf("missing results file: %v", err)
	}
	// A malformed gated number: the error names file, line and key.
	bad := "# N1\n\n## Gated numbers\n\n| key | value |\n|---|---:|\n| n1.x | zero point five |\n"
	if err := os.WriteFile(filepath.Join(dir, Experiments[0].File()), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Run("n1", Options{Results: dir})
	if err == nil || !strings.Contains(err.Error(), ":7:") || !strings.Contains(err.Error(), "n1.x") {
		t.Fatalf("malformed results file: %v", err)
	}
	// A missing checkpoint: the error names it.
	_, err = Run("n1", Options{Results: dir, Write: true, Abstain: filepath.Join(dir, "nope.safetensors"), Prompts: "../../prompts"})
	if err == nil || !strings.Contains(err.Error(), "nope.safetensors") {
		t.Fatalf("missing checkpoint: %v", err)
	}
}
