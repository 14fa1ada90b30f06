package tensor

import (
	"fmt"
	"sync/atomic"
)

var gradDisabled atomic.Int32

// NoGrad runs f with gradient recording off: ops inside build no graph,
// which is what inference and evaluation want.
func NoGrad(f func()) {
	gradDisabled.Add(1)
	defer gradDisabled.Add(-1)
	f()
}

// GradEnabled reports whether ops currently record a graph.
func GradEnabled() bool { return gradDisabled.Load() == 0 }

// record attaches backward to out when any input needs a gradient and
// recording is on. It returns whether it did, so ops can skip saving
// intermediates that only backward needs.
func record(out *Tensor, op string, backward func(), inputs ...*Tensor) bool {
	if !GradEnabled() {
		return false
	}
	need := false
	for _, in := range inputs {
		if in != nil && in.requiresGrad {
			need = true
			break
		}
	}
	if !need {
		return false
	}
	out.requiresGrad = true
	out.node = &node{op: op, inputs: inputs, backward: backward}
	return true
}

// Backward computes gradients of the scalar loss with respect to every
// tensor that requires one, accumulating into their Grad. Parameters keep
// accumulating across calls until ZeroGrad; the graph is released afterwards.
func Backward(loss *Tensor) {
	if len(loss.Data) != 1 {
		panic(fmt.Sprintf("tensor.Backward: loss must be a scalar, got shape %v", loss.Shape))
	}
	if !loss.requiresGrad {
		panic("tensor.Backward: loss does not depend on any tensor that requires a gradient")
	}
	order := topoOrder(loss)
	loss.grad()[0] = 1
	for i := len(order) - 1; i >= 0; i-- {
		t := order[i]
		if t.node != nil && t.Grad != nil {
			t.node.backward()
		}
	}
	// Release the graph and intermediate gradients: activations are not
	// looked at after backward, and holding them would double the memory.
	for _, t := range order {
		if t.node != nil {
			t.node = nil
			t.Grad = nil
		}
	}
}

// topoOrder lists the graph below root with every tensor after its inputs.
func topoOrder(root *Tensor) []*Tensor {
	var order []*Tensor
	seen := map[*Tensor]bool{}
	// Iterative DFS: graphs of deep models overflow no stack this way.
	type frame struct {
		t    *Tensor
		next int
	}
	stack := []frame{{t: root}}
	seen[root] = true
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.t.node != nil && f.next < len(f.t.node.inputs) {
			in := f.t.node.inputs[f.next]
			f.next++
			if in != nil && in.requiresGrad && !seen[in] {
				seen[in] = true
				stack = append(stack, frame{t: in})
			}
			continue
		}
		order = append(order, f.t)
		stack = stack[:len(stack)-1]
	}
	return order
}
