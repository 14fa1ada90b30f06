package chatdata

import (
	"strings"
	"testing"
)

func TestRenderAndMask(t *testing.T) {
	turns := []Turn{
		{Role: RoleUser, Text: "hi"},
		{Role: RoleAssistant, Text: "hello!"},
		{Role: RoleUser, Text: "who are you?"},
		{Role: RoleAssistant, Text: "a model"},
	}
	text, mask, err := Render(turns)
	if err != nil {
		t.Fatal(err)
	}
	want := "<user> hi\n<assistant> hello!\n<user> who are you?\n<assistant> a model\n"
	if string(text) != want {
		t.Fatalf("Render = %q, want %q", text, want)
	}
	if len(mask) != len(text) {
		t.Fatalf("len(mask)=%d, len(text)=%d", len(mask), len(text))
	}
	// The masked bytes are exactly the assistant texts and their newlines.
	var got strings.Builder
	for i, m := range mask {
		if m == 1 {
			got.WriteByte(text[i])
		} else if m != 0 {
			t.Fatalf("mask[%d] = %d, want 0 or 1", i, m)
		}
	}
	if got.String() != "hello!\na model\n" {
		t.Errorf("masked bytes = %q, want %q", got.String(), "hello!\na model\n")
	}
}

func TestRenderErrors(t *testing.T) {
	if _, _, err := Render([]Turn{{Role: "system", Text: "x"}}); err == nil || !strings.Contains(err.Error(), `unknown role "system"`) {
		t.Errorf("unknown role: err = %v", err)
	}
	if _, _, err := Render([]Turn{{Role: RoleUser, Text: "a\nb"}}); err == nil || !strings.Contains(err.Error(), "newline") {
		t.Errorf("newline: err = %v", err)
	}
	if _, err := Prompt([]Turn{{Role: RoleUser, Text: "a\nb"}}); err == nil {
		t.Error("Prompt with a newline: want error")
	}
}

func TestPromptHelpers(t *testing.T) {
	p, err := Prompt([]Turn{{Role: RoleUser, Text: "hi"}})
	if err != nil || string(p) != "<user> hi\n<assistant> " {
		t.Errorf("Prompt = %q, %v", p, err)
	}
	if got := string(UserPrompt("a\nb")); got != "<user> a b\n<assistant> " {
		t.Errorf("UserPrompt = %q", got)
	}
	if got := Reply([]byte(" hello there \n<user> more")); got != "hello there" {
		t.Errorf("Reply = %q", got)
	}
	if got := Reply([]byte("no newline")); got != "no newline" {
		t.Errorf("Reply = %q", got)
	}
}

func TestIsAbstain(t *testing.T) {
	cases := map[string]bool{
		AbstainTemplate:                     true,
		" " + AbstainTemplate + " ":         true,
		AbstainTemplate + ". sorry":         true,
		"i can't answer that.":              false,
		"I can't answer that. facts like t": false,
		"paris":                             false,
	}
	for r, want := range cases {
		if got := IsAbstain(r); got != want {
			t.Errorf("IsAbstain(%q) = %v, want %v", r, got, want)
		}
	}
}
