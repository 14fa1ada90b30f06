package train

import (
	"testing"

	"trigo/engine/corpus"
	"trigo/engine/data"
	"trigo/engine/model"
)

// BenchmarkTrainStepLiteFP32 times one full training step of lite-fp32
// (9.09 M parameters) at batch 4 × 128 bytes: sampling, forward,
// next-byte loss, backward, gradient clipping, AdamW, clearing the
// gradients (Trainer.TrainStep). Threads are the engine's current
// setting. Not run in CI; e.g.
// go test ./engine/train -run '^$' -bench TrainStepLiteFP32 -benchtime 5x
func BenchmarkTrainStepLiteFP32(b *testing.B) {
	const batch, seq = 4, 128
	m := model.New(model.Config("lite-fp32"), 1)
	text := corpus.Generate(1<<16, 1)
	tr, err := NewTrainer(m, "", Options{
		Steps: 1 << 20, BatchSize: batch, SeqLen: seq, LR: 1e-3,
		Batches: data.NewSampler(text, batch, seq, 1),
	})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		tr.TrainStep()
	}
	b.ReportMetric(float64(b.N*batch*seq)/b.Elapsed().Seconds(), "tokens/s")
}
