package chatdata

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestGenerateDeterministic(t *testing.T) {
	a, b := Generate(500, 42, 0.3), Generate(500, 42, 0.3)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different examples")
	}
	c := Generate(500, 43, 0.3)
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same examples")
	}
}

func TestGenerateLabelsAndShape(t *testing.T) {
	const n = 5000
	for _, frac := range []float64{0, 0.25, 1} {
		ex := Generate(n, 7, frac)
		if len(ex) != n {
			t.Fatalf("len = %d, want %d", len(ex), n)
		}
		facts := 0
		kinds := map[string]int{}
		for i, e := range ex {
			kinds[e.Kind]++
			last := e.Turns[len(e.Turns)-1]
			if last.Role != RoleAssistant || len(e.Turns)%2 != 0 {
				t.Fatalf("example %d does not end with an assistant turn: %+v", i, e.Turns)
			}
			for j, tr := range e.Turns {
				wantRole := RoleUser
				if j%2 == 1 {
					wantRole = RoleAssistant
				}
				if tr.Role != wantRole || tr.Text == "" {
					t.Fatalf("example %d turn %d: %+v", i, j, tr)
				}
				if j < len(e.Turns)-1 && tr.Text == AbstainTemplate {
					t.Fatalf("example %d: abstention before the last turn", i)
				}
			}
			abst := last.Text == AbstainTemplate
			if (e.NeedsFacts == 1) != abst || (e.Kind == KindFacts) != abst {
				t.Fatalf("example %d: needs_facts=%d kind=%s but last reply %q", i, e.NeedsFacts, e.Kind, last.Text)
			}
			if _, _, err := e.Render(); err != nil {
				t.Fatalf("example %d: %v", i, err)
			}
			if !bytes.HasSuffix(e.Prompt(), []byte(AssistantTag)) {
				t.Fatalf("example %d: Prompt does not end with the assistant tag", i)
			}
			facts += e.NeedsFacts
		}
		if want := int(float64(n)*frac + 0.5); facts != want {
			t.Errorf("frac %g: %d needs-facts examples, want %d", frac, facts, want)
		}
		if frac == 0.25 {
			for _, k := range ChatKinds {
				if kinds[k] < n/20 {
					t.Errorf("kind %s only %d times in %d", k, kinds[k], n)
				}
			}
		}
	}
}

func TestGenerateVariety(t *testing.T) {
	ex := Generate(20000, 3, 0.5)
	users := map[string]bool{}
	stories := map[string]bool{}
	for _, e := range ex {
		users[Normalize(e.LastUser())] = true
		if e.Kind == KindStory {
			stories[e.Turns[len(e.Turns)-1].Text] = true
		}
	}
	if len(users) < 5000 {
		t.Errorf("only %d distinct user prompts in 20000 examples", len(users))
	}
	if len(stories) < 2000 {
		t.Errorf("only %d distinct stories", len(stories))
	}
}

func TestGeneratePanics(t *testing.T) {
	for _, f := range []func(){
		func() { Generate(-1, 0, 0) },
		func() { Generate(1, 0, 1.5) },
		func() { Generate(1, 0, -0.1) },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(fmt.Sprint(r), "chatdata.Generate:") {
					t.Errorf("panic = %v, want chatdata.Generate: …", r)
				}
			}()
			f()
		}()
	}
}

// TestPatternsWellFormed parses every pattern the generator uses and
// expands each many times: brackets balance, every slot has a list, and
// no text holds a newline or a leftover bracket.
func TestPatternsWellFormed(t *testing.T) {
	var pats []string
	for _, its := range [][]intent{chatIntents, factsIntents} {
		for _, it := range its {
			pats = append(pats, it.users...)
			pats = append(pats, it.answers...)
			if len(it.users) == 0 || (len(it.answers) == 0 && it.answer == nil && it.kind != KindStory) {
				t.Errorf("intent %s has no users or no answers", it.kind)
			}
		}
	}
	pats = append(pats, factsPrefix)
	r := rand.New(rand.NewPCG(1, 2))
	for _, p := range pats {
		for range 20 {
			s := expand(r, p, bindings{})
			if strings.ContainsAny(s, "[]{}\n|") {
				t.Fatalf("pattern %q expanded to %q", p, s)
			}
		}
	}
	for name, l := range lists {
		for _, w := range l {
			if (w == "" && !optionalLists[name]) || strings.ContainsAny(w, "[]{}|\n") {
				t.Errorf("list %s has bad value %q", name, w)
			}
		}
	}
}

func TestExpandAllMatchesExpand(t *testing.T) {
	p := "[a|b {animal}] and {animal} or {name} with {name2}"
	all := map[string]bool{}
	expandAll(p, func(s string) { all[s] = true })
	na, nn := len(lists["animal"]), len(lists["name"])
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		s := expand(r, p, bindings{})
		if !all[s] {
			t.Fatalf("expand gave %q, which expandAll never produced", s)
		}
	}
	// "b {animal} and {animal}" binds one animal for both slots, and
	// {name2} never repeats {name}.
	if got, want := len(all), 2*na*nn*(nn-1); got != want {
		t.Errorf("expandAll produced %d strings, want %d", got, want)
	}
}

func TestEnumerateCoversGenerate(t *testing.T) {
	all := map[string]bool{}
	EnumeratePrompts(func(_ string, _ int, p string) { all[Normalize(p)] = true })
	defer func(r float64) { typoRate = r }(typoRate)
	typoRate = 0
	for i, e := range Generate(3000, 11, 0.4) {
		for j, tr := range e.Turns {
			if j == len(e.Turns)-2 && e.Kind == KindStory {
				continue // composed, see TestStoryRequestsFromFrames
			}
			if tr.Role == RoleUser && !all[Normalize(tr.Text)] {
				t.Fatalf("example %d: user text %q is not among the enumerated prompts", i, tr.Text)
			}
		}
	}
}

func TestFixArticles(t *testing.T) {
	cases := map[string]string{
		"a owl and a cat":   "an owl and a cat",
		"A elephant":        "An elephant",
		"a":                 "a",
		"tell me about a ":  "tell me about a ",
		"an owl":            "an owl",
		"a umbrella, a egg": "an umbrella, an egg",
	}
	for in, want := range cases {
		if got := fixArticles(in); got != want {
			t.Errorf("fixArticles(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJSONLRoundTrip(t *testing.T) {
	ex := Generate(200, 5, 0.3)
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, ex); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"needs_facts":1`) {
		t.Error("JSONL lacks the needs_facts field")
	}
	back, err := ReadJSONL(&buf, "mem")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ex, back) {
		t.Fatal("round trip changed the examples")
	}
	path := t.TempDir() + "/chat.jsonl"
	if err := SaveJSONL(path, ex); err != nil {
		t.Fatal(err)
	}
	back, err = LoadJSONL(path)
	if err != nil || !reflect.DeepEqual(ex, back) {
		t.Fatalf("Save/Load round trip: %v", err)
	}
}

func TestReadJSONLErrors(t *testing.T) {
	ok := `{"kind":"greeting","needs_facts":0,"turns":[{"role":"user","text":"hi"},{"role":"assistant","text":"hello"}]}`
	cases := []struct{ in, want string }{
		{ok + "\n{bad", "f.jsonl:2: "},
		{ok + "\n\n" + `{"kind":"x","turns":[]}`, "f.jsonl:3: example has no turns"},
		{`{"kind":"x","needs_facts":2,"turns":[{"role":"user","text":"a"}]}`, "f.jsonl:1: needs_facts = 2"},
		{`{"kind":"x","turns":[{"role":"bot","text":"a"}]}`, `f.jsonl:1: chatdata.Render: turn 0: chatdata: unknown role "bot"`},
	}
	for _, c := range cases {
		_, err := ReadJSONL(strings.NewReader(c.in), "f.jsonl")
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("ReadJSONL(%q) error = %v, want prefix %q", c.in, err, c.want)
		}
	}
	if _, err := LoadJSONL("/nonexistent/x.jsonl"); err == nil {
		t.Error("LoadJSONL of a missing file: want error")
	}
}
