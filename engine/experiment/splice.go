package experiment

import (
	"fmt"
	"slices"

	"trigo/engine/model"
	"trigo/engine/tensor"
)

// SpliceAbstainHead copies the abstain head (weight and bias) of donor into
// base, in place, so that base's abstain_p reads base's own hidden states
// through a head trained on donor's. The heads must have the same shapes
// (same width d); donor is not changed.
func SpliceAbstainHead(base, donor *model.Model) error {
	if base.Abstain == nil || donor.Abstain == nil {
		return fmt.Errorf("experiment: splice: a model has no abstain head")
	}
	pairs := [][2]*tensor.Tensor{{base.Abstain.W, donor.Abstain.W}, {base.Abstain.B, donor.Abstain.B}}
	for _, p := range pairs {
		dst, src := p[0], p[1]
		if (dst == nil) != (src == nil) {
			return fmt.Errorf("experiment: splice: one abstain head has a bias, the other none")
		}
		if dst == nil {
			continue
		}
		if !slices.Equal(dst.Shape, src.Shape) {
			return fmt.Errorf("experiment: splice: abstain head shapes differ: %s %v, %s %v",
				base.Spec.Name, dst.Shape, donor.Spec.Name, src.Shape)
		}
	}
	for _, p := range pairs {
		if p[0] != nil {
			copy(p[0].Data, p[1].Data)
		}
	}
	return nil
}
