package tensor

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

func TestRouterMixGolden(t *testing.T) {
	runGolden(t, "router", func(c goldenCase, in map[string]*Tensor) []*Tensor {
		outs := make([]*Tensor, c.Ints["p"][0])
		for k := range outs {
			outs[k] = in[fmt.Sprintf("o%d", k)]
		}
		return []*Tensor{RouterMix(in["weights"], outs)}
	})
}

func TestRouterMixGradCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(17))
	w := Randn(rng, 1, 2, 3, 3)
	a, b, c := Randn(rng, 1, 2, 3, 4), Randn(rng, 1, 2, 3, 4), Randn(rng, 1, 2, 3, 4)
	gradCheck(t, "RouterMix", func(in []*Tensor) *Tensor { return RouterMix(in[0], in[1:]) }, w, a, b, c)
	// A constant pathway (no gradient) beside trained ones.
	gradCheck(t, "RouterMix/mixed", func(in []*Tensor) *Tensor {
		return RouterMix(Softmax(in[0]), []*Tensor{in[1], Full(0.5, 2, 3, 4), in[2]})
	}, Randn(rng, 1, 2, 3, 3), a, b)
}

func TestRouterMixBadInput(t *testing.T) {
	for _, c := range []struct {
		f    func()
		want []string
	}{
		{func() { RouterMix(Zeros(2, 3), []*Tensor{Zeros(2, 4), Zeros(2, 4)}) }, []string{"tensor.RouterMix", "[2 3]", "2 pathway"}},
		{func() { RouterMix(Zeros(2, 2), []*Tensor{Zeros(2, 4), Zeros(3, 4)}) }, []string{"tensor.RouterMix", "[2 4] [3 4]"}},
		{func() { RouterMix(Zeros(2, 2), []*Tensor{Zeros(2, 4), Zeros(2, 5)}) }, []string{"tensor.RouterMix", "[2 5]"}},
		{func() { RouterMix(Zeros(2, 0), nil) }, []string{"tensor.RouterMix"}},
	} {
		err := Catch(c.f)
		for _, s := range c.want {
			if err == nil || !strings.Contains(err.Error(), s) {
				t.Errorf("want an error containing %q, got %v", s, err)
			}
		}
	}
}
