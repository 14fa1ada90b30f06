package data

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// data/natural/valid.bin is the hand-written voices joined by one blank
// line (data/natural/README.md), so that editing a voice without
// rebuilding the stream fails here.
func TestNaturalValidIsTheJoinedVoices(t *testing.T) {
	dir := filepath.Join("..", "..", "data", "natural")
	files, err := filepath.Glob(filepath.Join(dir, "src", "voice_*.txt"))
	if err != nil || len(files) < 4 {
		t.Fatalf("voices: %v %v", files, err)
	}
	var want bytes.Buffer
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			want.WriteByte('\n')
		}
		want.Write(b)
	}
	got, err := os.ReadFile(filepath.Join(dir, "valid.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("valid.bin (%d bytes) is not the join of %d voices (%d bytes)", len(got), len(files), want.Len())
	}
	if len(got) < 50000 {
		t.Fatalf("natural set has %d bytes, want ≥ 50,000", len(got))
	}
	for i, c := range got {
		if c >= 0x80 || (c < 0x20 && c != '\n') {
			t.Fatalf("byte %d is %q: the set is ASCII text", i, c)
		}
	}
}
