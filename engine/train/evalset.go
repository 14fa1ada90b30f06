package train

import (
	"fmt"
	"os"

	"trigo/engine/data"
	"trigo/engine/model"
	"trigo/engine/tensor"
)

// EvalSet is a validation stream reported beside a run's own validation
// loss: the plain next-byte loss, whatever the stage's objective, over
// text the run does not train on. `trigo train` adds the hand-written
// natural-style stories (data/natural) this way, so every run reports how
// well it reads stories the generator did not write; the chat stages add
// the story validation text, to measure forgetting.
type EvalSet struct {
	// Name labels the set in progress lines and History.ExtraVal.
	Name string
	// Batches are the windows evaluated (data.TextWindows covers a text).
	Batches []*data.Batch
	// Text, when Batches is nil, is cut by NewTrainer into windows of the
	// run's batch size and sequence length.
	Text []byte
}

// ReadEvalSet returns the set of the text in path, cut when the run's
// shape is known.
func ReadEvalSet(name, path string) (EvalSet, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return EvalSet{}, fmt.Errorf("train: eval set %s: %w", name, err)
	}
	if len(b) < 2 {
		return EvalSet{}, fmt.Errorf("train: eval set %s: %s has %d bytes, need at least 2", name, path, len(b))
	}
	return EvalSet{Name: name, Text: b}, nil
}

// TextEvalSet reads the file at path and cuts it into windows of T+1
// bytes, B a batch, covering the whole text (data.TextWindows).
func TextEvalSet(name, path string, B, T int) (EvalSet, error) {
	es, err := ReadEvalSet(name, path)
	if err == nil {
		es.Batches, es.Text = data.TextWindows(es.Text, B, T), nil
	}
	return es, err
}

// TextLoss is the mean next-byte cross-entropy in nats per predicted
// byte over batches (rows weighted equally, so a short last batch counts
// for its rows only), without recording gradients.
func TextLoss(m *model.Model, batches []*data.Batch) float64 {
	var sum float64
	var rows int
	tensor.NoGrad(func() {
		for _, b := range batches {
			sum += float64(NextByte(m, b).Item()) * float64(b.B)
			rows += b.B
		}
	})
	return sum / float64(max(rows, 1))
}
