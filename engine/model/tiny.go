package model

// Tiny returns a miniature of the named family ("lite", "multi" or
// "vanilla") in the given precision: d=32, 2 layers, 2 heads of 16, FFN 64,
// top-k 4. Tests, parity goldens and quick experiments use it.
func Tiny(family, precision string) Spec {
	s := Config(family + "-" + precision)
	s.Name = family + "-tiny-" + precision
	s.Dim, s.Layers, s.Heads, s.HeadDim, s.FFN, s.TopK, s.Context = 32, 2, 2, 16, 64, 4, 64
	if s.WideDilation > 0 {
		s.WideDilation = 2
	}
	return s
}
