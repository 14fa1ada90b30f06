package tensor

import (
	"math/rand"
	"strings"
	"testing"
)

func TestSSMGolden(t *testing.T) {
	runGolden(t, "ssm", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		return []*Tensor{SSM(in["x"], in["aRaw"], in["b"], in["c"])}
	})
}

func TestSSMGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	x := Randn(rng, 1, 3, 9, 4)
	aRaw, b, c := Randn(rng, 1, 4), Randn(rng, 1, 4), Randn(rng, 1, 4)
	gradCheck(t, "SSM", func(in []*Tensor) *Tensor { return SSM(in[0], in[1], in[2], in[3]) }, x, aRaw, b, c)
}

// Stepping token by token with SSMStep must reproduce the sequence op.
func TestSSMStepMatchesSSM(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	const T, C = 10, 6
	x := Randn(rng, 1, 1, T, C)
	aRaw, b, c := Randn(rng, 1, C), Randn(rng, 1, C), Randn(rng, 1, C)
	var full *Tensor
	NoGrad(func() { full = SSM(x, aRaw, b, c) })
	a := SSMDecay(aRaw)
	h, y := make([]float32, C), make([]float32, C)
	for tt := 0; tt < T; tt++ {
		SSMStep(h, x.Data[tt*C:(tt+1)*C], y, a, b.Data, c.Data)
		if e := relErr(y, full.Data[tt*C:(tt+1)*C]); e > 1e-6 {
			t.Fatalf("step %d differs from SSM by %.3g", tt, e)
		}
	}
}

func TestSSMBadInput(t *testing.T) {
	v := Zeros(4)
	for _, tc := range []struct {
		x, a, b, c *Tensor
		want       string
	}{
		{Zeros(2, 3, 4), Zeros(5), v, v, "[5]"},
		{Zeros(2, 3, 4), v, Zeros(4, 1), v, "[4 1]"},
		{Zeros(3, 4), v, v, v, "[3 4]"},
	} {
		err := Catch(func() { SSM(tc.x, tc.a, tc.b, tc.c) })
		if err == nil || !strings.Contains(err.Error(), "tensor.SSM") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("x %v: got %v", tc.x.Shape, err)
		}
	}
	err := Catch(func() { SSMStep(make([]float32, 3), make([]float32, 2), make([]float32, 3), nil, nil, nil) })
	if err == nil || !strings.Contains(err.Error(), "tensor.SSMStep") {
		t.Errorf("SSMStep with short slices: got %v", err)
	}
}

func BenchmarkSSM(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	x := Randn(rng, 1, 16, 256, 512).SetRequiresGrad(true)
	aRaw, bb, c := Param("a", Randn(rng, 1, 512)), Param("b", Randn(rng, 1, 512)), Param("c", Randn(rng, 1, 512))
	for b.Loop() {
		y := SSM(x, aRaw, bb, c)
		y.Grad = y.Data
		y.node.backward()
	}
}
