package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestProbeSetFlags(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.jsonl")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--ckpt", "x", "--prompts", "a.jsonl", "--set", "b.jsonl"}, "--prompts and --set both given"},
		{[]string{"--ckpt", "x", "--set", "a.jsonl,,b.jsonl"}, "empty prompt file name"},
		{[]string{"--ckpt", "x", "--set", missing}, "nope.jsonl"},
	} {
		_, err := capture(t, func() error { return runProbe(c.args) })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("trigo probe %v: error %v, want one containing %q", c.args, err, c.want)
		}
	}
	// n1 names a missing prompt set before it loads the checkpoint.
	_, err := capture(t, func() error {
		return runExperiment([]string{"n1", "--write", "--results", dir, "--prompts", dir, "--set", "nope.jsonl"})
	})
	if err == nil || !strings.Contains(err.Error(), "nope.jsonl") {
		t.Errorf("trigo experiment n1 --set nope.jsonl: %v", err)
	}
}

func TestSetsFlag(t *testing.T) {
	var s setsFlag
	for _, v := range []string{"a.jsonl", "b.jsonl, c.jsonl"} {
		if err := s.Set(v); err != nil {
			t.Fatal(err)
		}
	}
	if s.String() != "a.jsonl,b.jsonl,c.jsonl" {
		t.Errorf("String %q", s.String())
	}
}
