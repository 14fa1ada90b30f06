package spec

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestTemplateMatchesRepositoryRoot(t *testing.T) {
	root, err := os.ReadFile("../../kernel.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(root, Template) {
		t.Fatal("kernel/spec/kernel.json differs from the repository's kernel.json: copy it over")
	}
}

func TestInstall(t *testing.T) {
	prefix := t.TempDir()
	dir, err := Install(Options{Prefix: prefix, Name: "trigo-test", Binary: "/opt/bin/trigo"})
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(prefix, "share/jupyter/kernels/trigo-test") {
		t.Errorf("dir = %s", dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Argv          []string `json:"argv"`
		Language      string   `json:"language"`
		InterruptMode string   `json:"interrupt_mode"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	if spec.Argv[0] != "/opt/bin/trigo" || spec.Argv[3] != "{connection_file}" || spec.Language != "go" || spec.InterruptMode != "message" {
		t.Errorf("spec = %+v", spec)
	}
	for _, logo := range []string{"logo-32x32.png", "logo-64x64.png"} {
		f, err := os.Open(filepath.Join(dir, logo))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(f); err != nil {
			t.Errorf("%s: %v", logo, err)
		}
		f.Close()
	}
	if _, err := Install(Options{User: true, Prefix: prefix}); err == nil {
		t.Error("--user with --prefix accepted")
	}
}
