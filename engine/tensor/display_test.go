package tensor

import (
	"math"
	"strings"
	"testing"
)

func TestTensorHTML(t *testing.T) {
	x := Zeros(2, 10, 12)
	for i := range x.Data {
		x.Data[i] = float32(i)
	}
	x.Data[5] = float32(math.NaN())
	h := x.HTML()
	for _, want := range []string{"[2, 10, 12] float32", "240 values", "1 NaN/Inf", "[0, :, :]", "<td>…</td>", "⋮",
		`<td style="text-align:right">119</td>`, // last element of the first matrix
		`<td style="text-align:right">108</td>`, // first of its last row
	} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q:\n%s", want, h)
		}
	}
	if strings.Contains(h, ">120<") {
		t.Error("the preview shows values past the first matrix")
	}
	if h := Scalar(3).HTML(); !strings.Contains(h, "[] float32") || !strings.Contains(h, ">3<") {
		t.Errorf("scalar: %s", h)
	}
	if h := Zeros(0, 4).HTML(); strings.Contains(h, "<table") {
		t.Errorf("empty tensor has a table: %s", h)
	}
	if h := Zeros(1000, 2).HTML(); !strings.Contains(h, "2,000 values") {
		t.Errorf("the value count has no thousands separator: %s", h)
	}
}
