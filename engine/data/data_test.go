package data

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSamplerDeterministicAndRestorable(t *testing.T) {
	stream := make([]byte, 1000)
	for i := range stream {
		stream[i] = byte(i * 7)
	}
	a := NewSampler(stream, 4, 16, 42)
	b := NewSampler(stream, 4, 16, 42)
	a.Next()
	b.Next()
	state := a.State()
	want := a.Next()
	if got := b.Next(); !slices.Equal(got.Inputs, want.Inputs) {
		t.Fatal("same seed gave different batches")
	}
	c := NewSampler(stream, 4, 16, 7)
	if err := c.Restore(state); err != nil {
		t.Fatal(err)
	}
	if got := c.Next(); !slices.Equal(got.Inputs, want.Inputs) || !slices.Equal(got.Targets, want.Targets) {
		t.Fatal("restored sampler diverged")
	}
	for i := 0; i < want.B*want.T; i++ {
		if i%want.T != want.T-1 && want.Targets[i] != want.Inputs[i+1] {
			t.Fatalf("targets are not inputs shifted by one at %d", i)
		}
	}
	if err := c.Restore("x"); err == nil {
		t.Error("bad state accepted")
	}
}

func TestEvalWindowsCoverStream(t *testing.T) {
	stream := []byte(strings.Repeat("abcdefghij", 50))
	bs := EvalWindows(stream, 3, 20, 4)
	if len(bs) != 4 || bs[0].B != 3 {
		t.Fatalf("got %d batches", len(bs))
	}
	short := EvalWindows(stream[:25], 3, 20, 4) // only 5 offsets fit
	n := 0
	for _, b := range short {
		n += b.B
	}
	if n != 5 {
		t.Fatalf("short stream: %d windows, want 5", n)
	}
}

func TestPrepareSplitsEachFile(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i, text := range []string{strings.Repeat("one line of story text\n", 100), strings.Repeat("another file\n", 50)} {
		p := filepath.Join(dir, "in"+string(rune('a'+i))+".txt")
		os.WriteFile(p, []byte(text), 0o644)
		files = append(files, p)
	}
	out := filepath.Join(dir, "out")
	info, err := Prepare(files, out, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Train) != info.TrainBytes || len(ds.Valid) != info.ValidBytes {
		t.Fatal("sizes disagree")
	}
	if !strings.Contains(string(ds.Valid), "another file") || !strings.Contains(string(ds.Valid), "story text") {
		t.Error("valid.bin lacks the end of one of the files")
	}
	if f := float64(info.ValidBytes) / float64(info.TrainBytes+info.ValidBytes); f < 0.05 || f > 0.2 {
		t.Errorf("valid fraction %.3f", f)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "train.bin") {
		t.Errorf("missing files: %v", err)
	}
}

// FuzzSampler feeds arbitrary streams and window sizes to the readers: they
// must either report an error or produce in-range batches, never panic.
func FuzzSampler(f *testing.F) {
	f.Add([]byte("hello world"), 4, 2, uint64(1))
	f.Add([]byte("ab"), 1, 1, uint64(0))
	f.Add([]byte{}, 3, 1, uint64(9))
	f.Fuzz(func(t *testing.T, stream []byte, T, B int, seed uint64) {
		if B <= 0 || B > 64 || T > 1<<16 {
			return
		}
		if err := CheckWindow("fuzz", stream, T); err != nil {
			return
		}
		s := NewSampler(stream, B, T, seed)
		b := s.Next()
		for i, id := range b.Inputs {
			if id < 0 || id > 255 || b.Targets[i] < 0 || b.Targets[i] > 255 {
				t.Fatal("byte id out of range")
			}
		}
		for _, e := range EvalWindows(stream, B, T, 3) {
			if len(e.Inputs) != e.B*e.T {
				t.Fatal("eval batch size mismatch")
			}
		}
	})
}

func TestTextWindowsCoverTheText(t *testing.T) {
	stream := []byte("abcdefghijklmnopqrstuvwxyz")
	bs := TextWindows(stream, 2, 5)
	// Offsets 0, 5, 10, 15, 20 (20+6 = 26 fits): five windows in three batches.
	if len(bs) != 3 || bs[0].B != 2 || bs[2].B != 1 {
		t.Fatalf("got %d batches", len(bs))
	}
	var got []byte
	for _, b := range bs {
		for _, v := range b.Targets {
			got = append(got, byte(v))
		}
	}
	if string(got) != "bcdefghijklmnopqrstuvwxyz" {
		t.Fatalf("targets %q: every byte after the first must be predicted once", got)
	}
	if bs := TextWindows([]byte("abc"), 4, 64); len(bs) != 1 || bs[0].T != 2 {
		t.Fatalf("short stream: %d batches", len(bs))
	}
	if TextWindows([]byte("a"), 4, 8) != nil {
		t.Fatal("one byte gave windows")
	}
}

func TestMixInterleavesAndRestores(t *testing.T) {
	a := NewSampler([]byte("aaaaaaaaaaaaaaaaaaaa"), 1, 4, 1)
	r := NewSampler([]byte("rrrrrrrrrrrrrrrrrrrr"), 1, 4, 2)
	m := &Mix{Main: a, Replay: r, Every: 3}
	var seq []byte
	for range 6 {
		seq = append(seq, byte(m.Next().Inputs[0]))
	}
	if string(seq) != "aaraar" {
		t.Fatalf("sources %q, want aaraar", seq)
	}
	st := m.State()
	want := m.Next().Inputs[0]
	m2 := &Mix{Main: NewSampler([]byte("aaaaaaaaaaaaaaaaaaaa"), 1, 4, 9), Replay: NewSampler([]byte("rrrrrrrrrrrrrrrrrrrr"), 1, 4, 9), Every: 3}
	if err := m2.Restore(st); err != nil {
		t.Fatal(err)
	}
	if got := m2.Next().Inputs[0]; got != want {
		t.Fatalf("after restore %c, want %c", got, want)
	}
	for _, bad := range []string{"", "mix:1;2", "mix:x;1;2", "mix:-1;1;2", "1;2;3"} {
		if err := m2.Restore(bad); err == nil {
			t.Errorf("state %q accepted", bad)
		}
	}
}
