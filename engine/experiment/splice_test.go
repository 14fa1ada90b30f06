package experiment

import (
	"slices"
	"testing"

	"trigo/engine/model"
)

func TestSpliceAbstainHead(t *testing.T) {
	base := model.New(model.Tiny("lite", "fp32"), 1)
	donor := model.New(model.Tiny("lite", "fp32"), 2)
	for i := range donor.Abstain.W.Data { // a head no init would draw
		donor.Abstain.W.Data[i] = float32(i) + 0.5
	}
	donor.Abstain.B.Data[0] = -3
	embed := slices.Clone(base.Embed.W.Data)
	if err := SpliceAbstainHead(base, donor); err != nil {
		t.Fatal(err)
	}
	for i, v := range base.Abstain.W.Data {
		if v != float32(i)+0.5 {
			t.Fatalf("abstain.w[%d] = %v, want %v", i, v, float32(i)+0.5)
		}
	}
	if base.Abstain.B.Data[0] != -3 {
		t.Fatalf("abstain.b = %v, want -3", base.Abstain.B.Data[0])
	}
	if !slices.Equal(embed, base.Embed.W.Data) {
		t.Fatal("splice changed the base's embedding")
	}
	// The copy is by value: changing the donor later leaves the base alone.
	donor.Abstain.W.Data[0] = 99
	if base.Abstain.W.Data[0] != 0.5 {
		t.Fatal("base shares the donor's head storage")
	}

	wide := model.Tiny("lite", "fp32")
	wide.Dim, wide.HeadDim = 64, 32
	if err := SpliceAbstainHead(base, model.New(wide, 1)); err == nil {
		t.Fatal("splice across widths 32 and 64: no error")
	}
}
