package model

import (
	"strings"
	"testing"

	"trigo/internal/numfmt"
)

func TestModelHTML(t *testing.T) {
	m := New(Tiny("lite", FP32), 1)
	h := m.HTML()
	for _, want := range []string{"<th style=\"text-align:left\">pathways</th>", "blocks.*.", "total", numfmt.Commas(m.NumParams())} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q:\n%s", want, h)
		}
	}
	sum := 0
	for _, r := range m.moduleRows() {
		sum += r.n
	}
	if sum != m.NumParams() {
		t.Errorf("rows add up to %d, want %d", sum, m.NumParams())
	}
	if h := New(Tiny("vanilla", Ternary), 1).HTML(); strings.Contains(h, "pathways") || !strings.Contains(h, "ternary") {
		t.Errorf("vanilla HTML:\n%s", h)
	}
}
