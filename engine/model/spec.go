package model

import (
	"encoding/json"
	"fmt"
	"math/bits"
	"sort"
	"strings"
)

// Pathway names a routed block can mix.
const (
	// Local is a depthwise causal conv (kernel ConvKernel), then a channel mix.
	Local = "local"
	// Wide is a dilated depthwise causal conv (kernel WideKernel, WideDilation).
	Wide = "wide"
	// State is a diagonal SSM: h_t = tanh(a)⊙h_{t−1} + b⊙x_t, y_t = c⊙h_t.
	State = "state"
	// Sparse is causal multi-head attention keeping each query's TopK scores.
	Sparse = "sparse"
	// Dense is the GELU feed-forward network.
	Dense = "dense"
)

// Architectures.
const (
	// Routed is the pathway block of lite and multi: x + Σ_p r_p·path_p(LN(x)).
	Routed = "routed"
	// Vanilla is the plain pre-norm transformer block (attention, then FFN).
	Vanilla = "vanilla"
)

// Precisions.
const (
	// FP32 trains and runs every weight in float32.
	FP32 = "fp32"
	// Ternary quantises block weights to {−α, 0, +α} and Linear inputs to int8.
	Ternary = "ternary"
)

// Spec is a model configuration: everything New needs to build a model.
// Config(name) returns the named ones; change any field to build a variant.
type Spec struct {
	// Name labels the configuration ("lite-ternary"); free text for variants.
	Name string `json:"name"`
	// Arch is Routed or Vanilla.
	Arch string `json:"arch"`
	// Vocab is the vocabulary size: 256 for bytes.
	Vocab int `json:"vocab"`
	// Dim is the residual width d.
	Dim int `json:"dim"`
	// Layers is the number of blocks L.
	Layers int `json:"layers"`
	// Heads is the number of attention heads.
	Heads int `json:"heads"`
	// HeadDim is the width of one head; q, k, v are Heads·HeadDim wide.
	HeadDim int `json:"head_dim"`
	// TopK keeps each query's k largest scores before the softmax; 0 = all.
	TopK int `json:"top_k"`
	// FFN is the hidden width of the dense pathway / feed-forward network.
	FFN int `json:"ffn"`
	// ConvKernel is the local pathway's kernel size.
	ConvKernel int `json:"conv_kernel"`
	// WideKernel is the wide pathway's kernel size.
	WideKernel int `json:"wide_kernel"`
	// WideDilation is the wide pathway's tap spacing.
	WideDilation int `json:"wide_dilation"`
	// Pathways lists a routed block's pathways, in router order.
	Pathways []string `json:"pathways"`
	// CheapMix is how local, wide and state mix channels: "linear" (a d×d
	// Linear, lite's W_loc) or "hadamard" (normalised FWHT, no parameters).
	CheapMix string `json:"cheap_mix"`
	// Precision is FP32 or Ternary.
	Precision string `json:"precision"`
	// Context is the longest sequence the model is meant to see.
	Context int `json:"context"`
}

// named holds the six shipped configurations.
var named = map[string]Spec{}

func init() {
	lite := Spec{
		Arch: Routed, Vocab: 256, Dim: 256, Layers: 8, Heads: 4, HeadDim: 64, TopK: 16,
		FFN: 1536, ConvKernel: 5, Pathways: []string{Local, Sparse, Dense},
		CheapMix: "linear", Context: 512,
	}
	multi := Spec{
		Arch: Routed, Vocab: 256, Dim: 512, Layers: 7, Heads: 4, HeadDim: 32, TopK: 16,
		FFN: 1152, ConvKernel: 5, WideKernel: 5, WideDilation: 4,
		Pathways: []string{Local, Wide, State, Sparse, Dense}, CheapMix: "hadamard", Context: 512,
	}
	vanilla := Spec{
		Arch: Vanilla, Vocab: 256, Dim: 320, Layers: 8, Heads: 5, HeadDim: 64,
		FFN: 1280, Context: 512,
	}
	for fam, s := range map[string]Spec{"lite": lite, "multi": multi, "vanilla": vanilla} {
		for _, prec := range []string{FP32, Ternary} {
			c := s.Clone()
			c.Name, c.Precision = fam+"-"+prec, prec
			named[c.Name] = c
		}
	}
}

// Names lists the named configurations, sorted.
func Names() []string {
	out := make([]string, 0, len(named))
	for n := range named {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the named configuration or an error listing the names.
func Lookup(name string) (Spec, error) {
	s, ok := named[name]
	if !ok {
		return Spec{}, fmt.Errorf("model: unknown config %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	return s.Clone(), nil
}

// Config returns the named configuration ("lite-fp32", "lite-ternary",
// "multi-fp32", "multi-ternary", "vanilla-fp32", "vanilla-ternary"); an
// unknown name panics with the list. Use Lookup for an error instead.
func Config(name string) Spec {
	s, err := Lookup(name)
	if err != nil {
		panic(err.Error())
	}
	return s
}

// Clone returns a deep copy (Pathways is not shared).
func (s Spec) Clone() Spec {
	s.Pathways = append([]string(nil), s.Pathways...)
	return s
}

// Family is the part of Name before the first '-' ("lite"), or Arch.
func (s Spec) Family() string {
	if i := strings.IndexByte(s.Name, '-'); i > 0 {
		return s.Name[:i]
	}
	if s.Name != "" {
		return s.Name
	}
	return s.Arch
}

// IsTernary reports whether Precision is Ternary.
func (s Spec) IsTernary() bool { return s.Precision == Ternary }

// AttnDim is the width of q, k and v: Heads·HeadDim.
func (s Spec) AttnDim() int { return s.Heads * s.HeadDim }

// Has reports whether a routed block includes pathway p.
func (s Spec) Has(p string) bool {
	for _, q := range s.Pathways {
		if q == p {
			return true
		}
	}
	return false
}

// Validate checks that the configuration can be built.
func (s Spec) Validate() error {
	bad := func(f string, a ...any) error {
		return fmt.Errorf("model: spec %q: "+f, append([]any{s.Name}, a...)...)
	}
	switch {
	case s.Vocab <= 0 || s.Dim <= 0 || s.Layers <= 0:
		return bad("vocab, dim and layers must be positive (got %d, %d, %d)", s.Vocab, s.Dim, s.Layers)
	case s.Precision != FP32 && s.Precision != Ternary:
		return bad("precision %q is neither %q nor %q", s.Precision, FP32, Ternary)
	case s.Context <= 0:
		return bad("context must be positive (got %d)", s.Context)
	case s.Vocab > 1<<20 || s.Dim > 1<<16 || s.Layers > 1<<10 || s.FFN > 1<<20 || s.Heads*s.HeadDim > 1<<16 ||
		s.ConvKernel > 1<<10 || s.WideKernel > 1<<10 || s.WideDilation > 1<<12:
		return bad("dimensions are unreasonably large")
	}
	needAttn := s.Arch == Vanilla || s.Has(Sparse)
	if needAttn && (s.Heads <= 0 || s.HeadDim <= 0 || s.HeadDim%2 != 0) {
		return bad("attention needs heads > 0 and an even head_dim > 0 (got %d × %d)", s.Heads, s.HeadDim)
	}
	if (s.Arch == Vanilla || s.Has(Dense)) && s.FFN <= 0 {
		return bad("ffn width must be positive (got %d)", s.FFN)
	}
	switch s.Arch {
	case Vanilla:
		return nil
	case Routed:
	default:
		return bad("arch %q is neither %q nor %q", s.Arch, Routed, Vanilla)
	}
	if len(s.Pathways) == 0 {
		return bad("a routed block needs at least one pathway")
	}
	seen := map[string]bool{}
	cheap := false
	for _, p := range s.Pathways {
		switch p {
		case Local, Wide, State:
			cheap = true
		case Sparse, Dense:
		default:
			return bad("unknown pathway %q (known: local, wide, state, sparse, dense)", p)
		}
		if seen[p] {
			return bad("pathway %q listed twice", p)
		}
		seen[p] = true
	}
	if s.Has(Local) && s.ConvKernel <= 0 {
		return bad("local pathway needs conv_kernel > 0")
	}
	if s.Has(Wide) && (s.WideKernel <= 0 || s.WideDilation <= 0) {
		return bad("wide pathway needs wide_kernel and wide_dilation > 0")
	}
	if cheap {
		switch s.CheapMix {
		case "linear":
		case "hadamard":
			if bits.OnesCount(uint(s.Dim)) != 1 {
				return bad("hadamard mixing needs dim a power of two (got %d)", s.Dim)
			}
		default:
			return bad("cheap_mix %q is neither \"linear\" nor \"hadamard\"", s.CheapMix)
		}
	}
	return nil
}

// JSON returns the configuration as compact JSON (checkpoint metadata).
func (s Spec) JSON() string {
	b, _ := json.Marshal(s)
	return string(b)
}

// ParseSpec reads a configuration written by JSON and validates it.
func ParseSpec(js string) (Spec, error) {
	var s Spec
	if err := json.Unmarshal([]byte(js), &s); err != nil {
		return Spec{}, fmt.Errorf("model: bad config JSON: %v", err)
	}
	return s, s.Validate()
}

// String is a one-line description.
func (s Spec) String() string {
	if s.Arch == Vanilla {
		return fmt.Sprintf("%s: vanilla d=%d L=%d heads=%d×%d ffn=%d %s", s.Name, s.Dim, s.Layers, s.Heads, s.HeadDim, s.FFN, s.Precision)
	}
	return fmt.Sprintf("%s: routed d=%d L=%d pathways=%s heads=%d×%d top-k=%d ffn=%d mix=%s %s",
		s.Name, s.Dim, s.Layers, strings.Join(s.Pathways, "+"), s.Heads, s.HeadDim, s.TopK, s.FFN, s.CheapMix, s.Precision)
}
