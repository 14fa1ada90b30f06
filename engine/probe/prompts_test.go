package probe

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"trigo/engine/chatdata"
)

func promptsPath(name string) string { return filepath.Join("..", "..", "prompts", name) }

func TestProbeSet(t *testing.T) {
	ps, err := LoadPrompts(promptsPath("probe_210.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 210 {
		t.Fatalf("%d prompts, want 210", len(ps))
	}
	if err := CheckProbeSet(ps, 30); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, p := range ps {
		if !strings.HasPrefix(p.ID, p.Regime+"_") {
			t.Errorf("id %q does not start with its regime %q", p.ID, p.Regime)
		}
		n := chatdata.Normalize(p.Prompt)
		if n == "" {
			n = p.Prompt // punctuation-only gibberish
		}
		if other, dup := seen[n]; dup {
			t.Errorf("%s repeats %s", p.ID, other)
		}
		seen[n] = p.ID
	}
}

func TestAbstainAndFalseInabilitySets(t *testing.T) {
	ab, err := LoadPrompts(promptsPath("abstain_heldout.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ab) != 10 {
		t.Errorf("abstain_heldout has %d prompts, want 10", len(ab))
	}
	for _, p := range ab {
		if p.Expect != "abstain" {
			t.Errorf("%s: expect = %q, want abstain", p.ID, p.Expect)
		}
	}
	fi, err := LoadPrompts(promptsPath("false_inability.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(fi) != 20 {
		t.Errorf("false_inability has %d prompts, want 20", len(fi))
	}
	// The three files share no prompt.
	all := map[string]string{}
	for _, set := range [][]Prompt{ab, fi} {
		for _, p := range set {
			if other, dup := all[chatdata.Normalize(p.Prompt)]; dup {
				t.Errorf("%s repeats %s", p.ID, other)
			}
			all[chatdata.Normalize(p.Prompt)] = p.ID
		}
	}
	probe, _ := LoadPrompts(promptsPath("probe_210.jsonl"))
	for _, p := range probe {
		if other, dup := all[chatdata.Normalize(p.Prompt)]; dup && chatdata.Normalize(p.Prompt) != "" {
			t.Errorf("%s repeats %s", p.ID, other)
		}
	}
}

func TestParsePromptsErrors(t *testing.T) {
	good := `{"id":"a","prompt":"x"}`
	cases := []struct{ in, want string }{
		{good + "\n{\"id\":\"b\",", `f.jsonl:2: bad JSON`},
		{good + "\n\n[1,2]", `f.jsonl:3: want a JSON object`},
		{`{"prompt":"x"}`, `f.jsonl:1: missing or empty "id"`},
		{`{"id":"a"}`, `f.jsonl:1: prompt "a": missing or empty "prompt"`},
		{`{"id":"a","prompt":""}`, `f.jsonl:1: prompt "a": missing or empty "prompt"`},
		{`{"id":5,"prompt":"x"}`, `f.jsonl:1: bad JSON`},
		{good + "\n" + good, `f.jsonl:2: duplicate id "a" (first on line 1)`},
		{"{\"id\":\"a\",\"prompt\":\"\xff\"}", `f.jsonl:1: invalid UTF-8`},
		{good + " trailing", `f.jsonl:1: bad JSON`},
		{"null", `f.jsonl:1: want a JSON object`},
	}
	for _, c := range cases {
		_, err := ParsePrompts(strings.NewReader(c.in), "f.jsonl")
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("ParsePrompts(%q) error = %v, want prefix %q", c.in, err, c.want)
		}
	}
	if _, err := LoadPrompts("/nonexistent/p.jsonl"); err == nil || !strings.Contains(err.Error(), "/nonexistent/p.jsonl") {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestParsePromptsLenient(t *testing.T) {
	in := "\xef\xbb\xbf" + `{"id":"a","regime":"math","prompt":"1+1","note":"extra fields are ignored"}` + "\r\n\n   \n" + `{"id":"b","prompt":"héllo\nworld","expect":"abstain"}`
	ps, err := ParsePrompts(strings.NewReader(in), "f")
	if err != nil {
		t.Fatal(err)
	}
	want := []Prompt{{ID: "a", Regime: "math", Prompt: "1+1"}, {ID: "b", Prompt: "héllo\nworld", Expect: "abstain"}}
	if !reflect.DeepEqual(ps, want) {
		t.Errorf("got %+v, want %+v", ps, want)
	}
}

func TestCheckProbeSet(t *testing.T) {
	var ps []Prompt
	for _, r := range Regimes {
		ps = append(ps, Prompt{ID: r, Regime: r, Prompt: "x"})
	}
	if err := CheckProbeSet(ps, 1); err != nil {
		t.Fatal(err)
	}
	if err := CheckProbeSet(ps, 2); err == nil || !strings.Contains(err.Error(), "has 1 prompts, want 2") {
		t.Errorf("err = %v", err)
	}
	ps[0].Regime = "poetry"
	if err := CheckProbeSet(ps, 1); err == nil || !strings.Contains(err.Error(), `unknown regime "poetry"`) {
		t.Errorf("err = %v", err)
	}
}

var lineRE = regexp.MustCompile(`^fuzz\.jsonl:([0-9]+): `)

// FuzzLoadPrompts feeds arbitrary bytes to the JSONL loader: it must never
// panic; an error must name the file and a line that exists; a success
// must hold only valid prompts and survive a write/read round trip.
// Seed corpus: testdata/fuzz/FuzzLoadPrompts.
func FuzzLoadPrompts(f *testing.F) {
	f.Add([]byte(`{"id":"a","regime":"code","prompt":"x = 1"}` + "\n"))
	f.Add([]byte(`{"id":"a","prompt":"x"}` + "\n" + `{"id":"a","prompt":"y"}`))
	f.Add([]byte("{\"id\":\"\",\"prompt\":\"\"}\n\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := ParsePrompts(bytes.NewReader(data), "fuzz.jsonl")
		if err != nil {
			m := lineRE.FindStringSubmatch(err.Error())
			if m == nil {
				t.Fatalf("error %q does not start with fuzz.jsonl:LINE:", err)
			}
			var line int
			fmt.Sscan(m[1], &line)
			if line < 1 || line > bytes.Count(data, []byte("\n"))+1 {
				t.Fatalf("error names line %d of a %d-line input", line, bytes.Count(data, []byte("\n"))+1)
			}
			return
		}
		ids := map[string]bool{}
		for _, p := range ps {
			if p.ID == "" || p.Prompt == "" || ids[p.ID] || !utf8.ValidString(p.Prompt) {
				t.Fatalf("accepted a bad prompt %+v", p)
			}
			ids[p.ID] = true
		}
		var buf bytes.Buffer
		if err := WritePrompts(&buf, ps); err != nil {
			t.Fatal(err)
		}
		back, err := ParsePrompts(&buf, "roundtrip")
		if err != nil {
			t.Fatalf("round trip: %v", err)
		}
		if len(ps) > 0 && !reflect.DeepEqual(ps, back) {
			t.Fatalf("round trip changed %+v into %+v", ps, back)
		}
	})
}
