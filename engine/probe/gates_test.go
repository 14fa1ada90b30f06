package probe

import (
	"testing"

	"trigo/engine/chatdata"
)

func TestAbstainGate(t *testing.T) {
	abst := chatdata.AbstainTemplate
	replies := []string{abst, abst, abst, abst, abst, abst, abst, abst, abst, "paris is the capital"}
	if n, pass := AbstainGate(replies); n != 9 || !pass {
		t.Errorf("9/10: got %d, %v", n, pass)
	}
	replies[0] = "i don't know"
	if n, pass := AbstainGate(replies); n != 8 || pass {
		t.Errorf("8/10: got %d, %v", n, pass)
	}
	if _, pass := AbstainGate(nil); pass {
		t.Error("an empty list must not pass")
	}
}

func TestFalseInabilityRate(t *testing.T) {
	replies := make([]string, 20)
	for i := range replies {
		replies[i] = "once upon a time"
	}
	replies[3] = chatdata.AbstainTemplate
	replies[7] = " " + chatdata.AbstainTemplate
	if r := FalseInabilityRate(replies); r != 0.1 {
		t.Errorf("rate = %g, want 0.1", r)
	}
	if FalseInabilityRate(nil) != 0 {
		t.Error("empty: want 0")
	}
}
