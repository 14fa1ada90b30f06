package data

import (
	"testing"

	"trigo/engine/chatdata"
)

// ChatBatch trains on exactly the assistant bytes (and their newline),
// pools over exactly the prompt, and pads on the right.
func TestChatBatchMasks(t *testing.T) {
	ex := []chatdata.Example{
		{Kind: "facts", NeedsFacts: 1, Turns: []chatdata.Turn{{Role: "user", Text: "who is he?"}, {Role: "assistant", Text: chatdata.AbstainTemplate}}},
		{Kind: "greeting", Turns: []chatdata.Turn{{Role: "user", Text: "hi"}, {Role: "assistant", Text: "hello!"}}},
	}
	rows, err := ChatRows(ex)
	if err != nil {
		t.Fatal(err)
	}
	b := ChatBatch(rows, 512)
	text0, _, _ := ex[0].Render()
	if b.T != len(text0)-1 || b.B != 2 {
		t.Fatalf("B=%d T=%d, want 2 × %d", b.B, b.T, len(text0)-1)
	}
	if b.Labels[0] != 1 || b.Labels[1] != 0 {
		t.Fatalf("labels %v", b.Labels)
	}
	for r, e := range ex {
		text, _, _ := e.Render()
		prompt := len(e.Prompt())
		var trained, pooled []byte
		for p := 0; p < b.T; p++ {
			j := r*b.T + p
			if b.Mask[j] > 0 {
				trained = append(trained, byte(b.Targets[j]))
			}
			if b.PromptMask[j] > 0 {
				pooled = append(pooled, byte(b.Inputs[j]))
			}
			if p < len(text)-1 && (b.Inputs[j] != int(text[p]) || b.Targets[j] != int(text[p+1])) {
				t.Fatalf("row %d position %d: inputs/targets misaligned", r, p)
			}
		}
		if want := e.Turns[1].Text + "\n"; string(trained) != want {
			t.Errorf("row %d trains on %q, want %q", r, trained, want)
		}
		if want := string(text[:prompt]); string(pooled) != want {
			t.Errorf("row %d pools over %q, want %q", r, pooled, want)
		}
	}
	// Truncation keeps the first maxT+1 bytes.
	short := ChatBatch(rows[:1], 10)
	if short.T != 10 || short.Targets[9] != int(text0[10]) {
		t.Fatalf("truncated batch T=%d", short.T)
	}
}

func TestChatSamplerRestore(t *testing.T) {
	rows, _ := ChatRows(chatdata.Generate(50, 3, 0.3))
	a := NewChatSampler(rows, 4, 64, 7)
	a.Next()
	st := a.State()
	want := a.Next()
	b := NewChatSampler(rows, 4, 64, 99)
	if err := b.Restore(st); err != nil {
		t.Fatal(err)
	}
	got := b.Next()
	for i := range want.Inputs {
		if got.Inputs[i] != want.Inputs[i] {
			t.Fatal("restored sampler draws a different batch")
		}
	}
	if b.Restore("x") == nil {
		t.Fatal("bad state accepted")
	}
	if len(ChatEval(rows, 8, 64)) != 7 {
		t.Fatal("ChatEval: want 7 batches of ≤ 8")
	}
}
