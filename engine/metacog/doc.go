// Package metacog runs the metacognition side of Trigo on a trained model:
// the probe's four per-prompt signals (Signals, Probe, RunProbe), greedy
// chat replies (Greedy, Replies), the held-out abstain gate and the
// false-inability rate (Ask), and the reproduction of the claims of
// docs/design.md §6 against the numbers documented in results/ (Reproduce).
//
//	cp, _ := metacog.LoadCheckpoint("checkpoints/lite-fp32-abstain.safetensors")
//	rep, _ := metacog.RunProbe(cp.Model, prompts, 0)   // AUROC tables
//	rep.ROC("all OOD")                                   // ROC curves
//	r, _ := metacog.Reproduce(3, metacog.Options{})      // held-out abstain gate
//	fmt.Print(r.Summary())
//
// The training stages themselves (chat-sft, abstain-sft, the abstain
// head's BCE and the metacognition loss) live in engine/train (stages.go)
// so that the trainer can run them. See docs/metacog.md.
package metacog
