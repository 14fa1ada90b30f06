package notebook

import (
	"context"
	"strings"
	"testing"
)

func TestInjectTypes(t *testing.T) {
	params := `steps := 30
lr, name := 2e-3, "lite"
var threads int
var scale float32 = 1
const model = "lite-fp32"
const batch int64 = 16
var d = 2 * time.Second
verbose := false`
	cases := []struct {
		p    Param
		want string // a line of the injected cell; "" = an error
	}{
		{Param{"steps", "100"}, "steps = 100"},
		{Param{"steps", "1_000"}, "steps = 1_000"},
		{Param{"steps", "1.5"}, ""},
		{Param{"lr", "1"}, "lr = 1"},
		{Param{"lr", "-3e-4"}, "lr = -3e-4"},
		{Param{"lr", "x"}, ""},
		{Param{"name", "vanilla fp32"}, `name = "vanilla fp32"`},
		{Param{"name", `"quoted"`}, `name = "quoted"`},
		{Param{"name", `say "hi"`}, `name = "say \"hi\""`},
		{Param{"threads", "2"}, "threads = 2"},
		{Param{"scale", "0.5"}, "scale = 0.5"},
		{Param{"model", "vanilla-fp32"}, `const model = "vanilla-fp32"`},
		{Param{"batch", "8"}, "const batch int64 = 8"},
		{Param{"d", "3 * time.Second"}, "d = 3 * time.Second"},
		{Param{"verbose", "1"}, "verbose = true"},
		{Param{"verbose", "yes"}, ""},
		{Param{"fresh", "7"}, "var fresh = 7"},
		{Param{"fresh", "0.5"}, "var fresh = 0.5"},
		{Param{"fresh", "words here"}, `var fresh = "words here"`},
		{Param{"fresh", "true"}, "var fresh = true"},
	}
	for _, tc := range cases {
		nb := New()
		nb.Cells = []*Cell{NewCode("x := 1"), NewCode(params), NewCode("y := 2")}
		nb.Cells[1].SetTags(ParametersTag)
		_, err := InjectParameters(nb, []Param{tc.p})
		if tc.want == "" {
			if err == nil {
				t.Errorf("-p %s=%s: no error; injected %q", tc.p.Name, tc.p.Value, nb.Cells[2].Source)
			}
			continue
		}
		if err != nil {
			t.Errorf("-p %s=%s: %v", tc.p.Name, tc.p.Value, err)
			continue
		}
		if len(nb.Cells) != 4 || !nb.Cells[2].HasTag(InjectedTag) {
			t.Fatalf("injected cell not after the parameters cell")
		}
		if !strings.Contains(nb.Cells[2].Source+"\n", "\n"+tc.want+"\n") {
			t.Errorf("-p %s=%s: injected\n%s\nwant the line %q", tc.p.Name, tc.p.Value, nb.Cells[2].Source, tc.want)
		}
	}
}

func TestInjectReplacesAndRuns(t *testing.T) {
	nb := New()
	nb.Cells = []*Cell{NewCode("steps := 30\nconst name = \"a\"\nlr := 0.5"), NewCode(`fmt.Sprint(steps, " ", name, " ", lr)`)}
	nb.Cells[0].SetTags(ParametersTag)
	nb.Cells[1].Source = "import \"fmt\"\n" + nb.Cells[1].Source
	if _, err := InjectParameters(nb, []Param{{"steps", "1"}}); err != nil {
		t.Fatal(err)
	}
	// A second run replaces the injected cell; values keep the parameters
	// cell's types (lr stays float64 with an integer value).
	err := Run(context.Background(), nb, Options{Params: []Param{{"steps", "5"}, {"name", "b"}, {"lr", "2"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 3 {
		t.Fatalf("%d cells, want 3 (one injected)", len(nb.Cells))
	}
	if got := nb.Cells[2].Outputs[0].Data["text/plain"]; got != "5 b 2" {
		t.Errorf("got %v, want 5 b 2", got)
	}
	// Without parameters the injected cell goes away.
	if err := Run(context.Background(), nb, Options{}); err != nil {
		t.Fatal(err)
	}
	if len(nb.Cells) != 2 || nb.Cells[1].Outputs[0].Data["text/plain"] != "30 a 0.5" {
		t.Errorf("after a run without parameters: %d cells, %v", len(nb.Cells), nb.Cells[len(nb.Cells)-1].Outputs[0].Data)
	}
}

func TestInjectWithoutParametersCell(t *testing.T) {
	nb := New()
	nb.Cells = []*Cell{NewCode("n := 1")}
	unknown, err := InjectParameters(nb, []Param{{"n", "2"}})
	if err != nil || len(unknown) != 1 || !nb.Cells[0].HasTag(InjectedTag) {
		t.Fatalf("unknown %v err %v; first cell %q", unknown, err, nb.Cells[0].Source)
	}
}

func TestParseParam(t *testing.T) {
	if p, err := ParseParam("steps=30"); err != nil || p != (Param{"steps", "30"}) {
		t.Errorf("got %v %v", p, err)
	}
	if p, err := ParseParam("name=a=b"); err != nil || p.Value != "a=b" {
		t.Errorf("got %v %v", p, err)
	}
	for _, bad := range []string{"steps", "=3", "2x=1", "a b=1"} {
		if _, err := ParseParam(bad); err == nil {
			t.Errorf("ParseParam(%q): no error", bad)
		}
	}
}

func TestFromScript(t *testing.T) {
	src := `package main

import "fmt"

// %% tags=["parameters"]
n := 2

// %% [markdown]
// # Title
// text

// %%
func main() {
	fmt.Println(n * 21)
}
`
	nb := FromScript(src)
	var kinds []string
	for _, c := range nb.Cells {
		kinds = append(kinds, c.Type)
	}
	if strings.Join(kinds, ",") != "code,code,markdown,code,code" {
		t.Fatalf("cells %v", kinds)
	}
	if !nb.Cells[1].HasTag(ParametersTag) || nb.Cells[2].Source != "# Title\ntext" {
		t.Errorf("tags %v, markdown %q", nb.Cells[1].Tags(), nb.Cells[2].Source)
	}
	// Blank lines keep the file's line numbers.
	if got := strings.Split(nb.Cells[3].Source, "\n")[12]; got != "func main_() {" {
		t.Errorf("line 13 of the cell is %q", got)
	}
	if nb.Cells[4].Source != "main_()" {
		t.Errorf("last cell %q", nb.Cells[4].Source)
	}
	var out strings.Builder
	err := Run(context.Background(), nb, Options{Terminal: true, Params: []Param{{"n", "1"}}, Stdout: &out, Stderr: &out})
	if err != nil {
		t.Fatal(err)
	}
}

func TestCollapseCR(t *testing.T) {
	for in, want := range map[string]string{
		"plain\n":               "plain\n",
		"a\rb":                  "b",
		"10%\r20%\r30%\ndone\n": "30%\ndone\n",
		"x\r\ny\r\n":            "x\ny\n",
		"bar 1\r":               "bar 1\r",
		"bar 1\rbar 2\r":        "bar 2\r",
		"line\n\rbar\rbar2":     "line\nbar2",
	} {
		if got := collapseCR(in); got != want {
			t.Errorf("collapseCR(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadFormats(t *testing.T) {
	src := `{"nbformat": 4, "nbformat_minor": 4, "metadata": {"x": 1},
	"cells": [
	 {"cell_type": "code", "source": "a := 1\nb := 2", "metadata": {}, "outputs": [
	   {"output_type": "display_data", "data": {"text/plain": ["a\n", "b"], "application/json": {"k": [1, 2]}, "image/png": "iVBO"}, "metadata": {}},
	   {"output_type": "stream", "name": "stdout", "text": "x"}], "execution_count": 3},
	 {"cell_type": "markdown", "id": "keep-me", "source": ["# t"], "metadata": {}},
	 {"cell_type": "raw", "id": "keep-me", "source": [], "metadata": {}}]}`
	nb, err := Read([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c := nb.Cells[0]
	if c.Source != "a := 1\nb := 2" || c.Count != 3 || c.ID == "" {
		t.Errorf("code cell: %+v", c)
	}
	if d := c.Outputs[0].Data; d["text/plain"] != "a\nb" || d["image/png"] != "iVBO" {
		t.Errorf("data %v", d)
	}
	if nb.Cells[1].ID != "keep-me" || nb.Cells[2].ID == "keep-me" {
		t.Errorf("ids %q %q: a duplicate id must be replaced", nb.Cells[1].ID, nb.Cells[2].ID)
	}
	b, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"nbformat_minor": 5`, "\"text/plain\": [\n       \"a\\n\",\n       \"b\"\n      ]", `"image/png": "iVBO"`, `"k": [`} {
		if !strings.Contains(s, want) {
			t.Errorf("written notebook lacks %q:\n%s", want, s)
		}
	}
	if _, err := Read([]byte(`{"nbformat": 3, "worksheets": []}`)); err == nil {
		t.Error("nbformat 3 accepted")
	}
}
