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

// ByLength batches hold conversations of similar length: far less
// padding than uniform batches, and every row still gets drawn.
func TestChatSamplerByLength(t *testing.T) {
	rows, _ := ChatRows(chatdata.Generate(2000, 4, 0.3))
	pad := func(s *ChatSampler) float64 {
		var cells, used int
		for i := 0; i < 200; i++ {
			b := s.Next()
			cells += b.B * b.T
			for j := range b.Inputs {
				if b.Targets[j] != 0 || b.Mask[j] > 0 || b.PromptMask[j] > 0 {
					used++
				}
			}
		}
		return 1 - float64(used)/float64(cells)
	}
	uni := NewChatSampler(rows, 8, 512, 1)
	by := NewChatSampler(rows, 8, 512, 1)
	by.ByLength = true
	pu, pb := pad(uni), pad(by)
	t.Logf("padding: uniform %.0f %%, by length %.0f %%", 100*pu, 100*pb)
	if !(pb < pu/2) {
		t.Fatalf("by-length padding %.2f not well below uniform %.2f", pb, pu)
	}
	seen := map[string]bool{}
	s := NewChatSampler(rows[:100], 4, 512, 2)
	s.ByLength = true
	for i := 0; i < 400; i++ {
		b := s.Next()
		for r := 0; r < b.B; r++ {
			var key []byte
			for t := 0; t < b.T; t++ {
				if b.Targets[r*b.T+t] != 0 {
					key = append(key, byte(b.Inputs[r*b.T+t]))
				}
			}
			seen[string(key)] = true
		}
	}
	if len(seen) < 95 {
		t.Fatalf("by-length sampling reaches only %d distinct rows of 100", len(seen))
	}
}
