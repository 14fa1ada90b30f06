package ckpt

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"trigo/engine/model"
	"trigo/engine/tensor"
)

var writeSeeds = flag.Bool("write-fuzz-seeds", false, "rewrite testdata/fuzz/FuzzReadCheckpoint seeds")

// TestWriteFuzzSeeds (with -write-fuzz-seeds) writes the committed seed
// corpus: a real tiny checkpoint, its truncations, and hand-made headers.
func TestWriteFuzzSeeds(t *testing.T) {
	if !*writeSeeds {
		t.Skip("run with -write-fuzz-seeds to regenerate")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzReadCheckpoint")
	os.MkdirAll(dir, 0o755)
	s := model.Tiny("lite", model.Ternary)
	s.Dim, s.FFN, s.Layers, s.Heads, s.HeadDim = 8, 8, 1, 1, 8
	m := model.New(s, 1)
	var ts []*tensor.Tensor
	for _, p := range m.Params.List() {
		ts = append(ts, p.T)
	}
	good, err := Encode(Meta{Spec: s, Stage: "pretrain", Step: 3}.Encode(), ts)
	if err != nil {
		t.Fatal(err)
	}
	seeds := [][]byte{good, good[:8], good[:len(good)/2], good[:len(good)-3],
		[]byte("\x02\x00\x00\x00\x00\x00\x00\x00{}"),
		[]byte("\x30\x00\x00\x00\x00\x00\x00\x00{\"x\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}\x00\x00"),
		[]byte("\x40\x00\x00\x00\x00\x00\x00\x00{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"__metadata__\":{}}\x00\x00\x00\x00\x00\x00\x80\x3f")}
	for i, b := range seeds {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(b)))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed%d", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
