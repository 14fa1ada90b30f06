package probe

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

// The seven regimes of prompts/probe_210.jsonl.
const (
	RegimeInDomain  = "in_domain"
	RegimeGibberish = "gibberish"
	RegimeFactual   = "factual"
	RegimeCode      = "code"
	RegimeForeign   = "foreign"
	RegimeMath      = "math"
	RegimeTechnical = "technical"
)

// Regimes lists the probe's regimes in table order: in-domain first, then
// the six out-of-domain ones (OODRegimes).
var Regimes = []string{RegimeInDomain, RegimeGibberish, RegimeFactual, RegimeCode, RegimeForeign, RegimeMath, RegimeTechnical}

// OODRegimes are the six out-of-domain regimes.
var OODRegimes = Regimes[1:]

// Prompt is one line of a prompt file.
type Prompt struct {
	// ID is unique within its file ("factual_07").
	ID string `json:"id"`
	// Regime is the probe regime (empty in files without regimes).
	Regime string `json:"regime,omitempty"`
	// Group is GroupInDomain or GroupOOD in sets whose regimes are not
	// the seven of Regimes (prompts/probe_stress.jsonl); empty otherwise,
	// and then the regime RegimeInDomain alone is in-domain.
	Group string `json:"group,omitempty"`
	// Prompt is the text given to the model.
	Prompt string `json:"prompt"`
	// Expect is the expected behaviour, e.g. "abstain" (optional).
	Expect string `json:"expect,omitempty"`
}

// LoadPrompts reads a JSONL prompt file: one JSON object a line with at
// least a non-empty "id" and "prompt"; "regime" and "expect" are
// optional, other fields are ignored, blank lines are skipped. Errors
// name the file and line: "prompts/probe_210.jsonl:17: missing \"prompt\"".
func LoadPrompts(path string) ([]Prompt, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError already names the file
	}
	defer f.Close()
	return ParsePrompts(f, path)
}

// ParsePrompts is LoadPrompts on a reader; name labels the errors.
// Besides malformed JSON it rejects invalid UTF-8, a line that is not a
// JSON object, a missing or empty id or prompt, and a duplicate id
// (naming the line of the first).
func ParsePrompts(r io.Reader, name string) ([]Prompt, error) {
	br := bufio.NewReader(r)
	var out []Prompt
	firstLine := map[string]int{}
	for line := 1; ; line++ {
		b, rerr := br.ReadBytes('\n')
		if rerr != nil && rerr != io.EOF {
			return nil, fmt.Errorf("%s:%d: %w", name, line, rerr)
		}
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // a UTF-8 byte-order mark
		}
		if t := bytes.TrimSpace(b); len(t) > 0 {
			p, err := parseLine(t)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", name, line, err)
			}
			if first, dup := firstLine[p.ID]; dup {
				return nil, fmt.Errorf("%s:%d: duplicate id %q (first on line %d)", name, line, p.ID, first)
			}
			firstLine[p.ID] = line
			out = append(out, p)
		}
		if rerr == io.EOF {
			return out, nil
		}
	}
}

// parseLine decodes and checks one non-blank line.
func parseLine(b []byte) (Prompt, error) {
	var p Prompt
	if !utf8.Valid(b) {
		return p, fmt.Errorf("invalid UTF-8")
	}
	if b[0] != '{' {
		return p, fmt.Errorf("want a JSON object, got %q", clip(b))
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return p, fmt.Errorf("bad JSON: %v", err)
	}
	if p.ID == "" {
		return p, fmt.Errorf("missing or empty \"id\"")
	}
	if p.Prompt == "" {
		return p, fmt.Errorf("prompt %q: missing or empty \"prompt\"", p.ID)
	}
	return p, nil
}

// clip shortens b for an error message.
func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// WritePrompts writes prompts as JSONL, one object a line, in the format
// ParsePrompts reads (non-ASCII kept as UTF-8).
func WritePrompts(w io.Writer, prompts []Prompt) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, p := range prompts {
		if err := enc.Encode(p); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// The values of Prompt.Group.
const (
	GroupInDomain = "in_domain"
	GroupOOD      = "ood"
)

// InDomain reports whether a prompt of this regime and group belongs to
// the negative (in-domain) class: its group is GroupInDomain, or it has
// no group and its regime is RegimeInDomain.
func InDomain(regime, group string) bool {
	if group != "" {
		return group == GroupInDomain
	}
	return regime == RegimeInDomain
}

// CheckSet verifies what every probe set needs, whatever its regimes:
// each prompt has a regime, a group that is empty, GroupInDomain or
// GroupOOD, and the same group as the other prompts of its regime; and
// there are in-domain and out-of-domain prompts.
func CheckSet(prompts []Prompt) error {
	group := map[string]string{}
	var in, ood int
	for _, p := range prompts {
		if p.Regime == "" {
			return fmt.Errorf("probe: prompt %q has no regime", p.ID)
		}
		if p.Group != "" && p.Group != GroupInDomain && p.Group != GroupOOD {
			return fmt.Errorf("probe: prompt %q has group %q (want %q, %q or none)", p.ID, p.Group, GroupInDomain, GroupOOD)
		}
		if g, ok := group[p.Regime]; ok && g != p.Group {
			return fmt.Errorf("probe: prompt %q of regime %q has group %q, earlier prompts of that regime %q", p.ID, p.Regime, p.Group, g)
		}
		group[p.Regime] = p.Group
		if InDomain(p.Regime, p.Group) {
			in++
		} else {
			ood++
		}
	}
	if in == 0 || ood == 0 {
		return fmt.Errorf("probe: %d in-domain and %d out-of-domain prompts; need both", in, ood)
	}
	return nil
}

// ByRegime groups prompts by their Regime.
func ByRegime(prompts []Prompt) map[string][]Prompt {
	m := map[string][]Prompt{}
	for _, p := range prompts {
		m[p.Regime] = append(m[p.Regime], p)
	}
	return m
}

// CheckProbeSet verifies the shape of the probe set: every prompt's regime
// is one of Regimes and each regime has perRegime prompts (30 for
// probe_210.jsonl).
func CheckProbeSet(prompts []Prompt, perRegime int) error {
	known := map[string]bool{}
	for _, r := range Regimes {
		known[r] = true
	}
	for _, p := range prompts {
		if !known[p.Regime] {
			return fmt.Errorf("probe: prompt %q has unknown regime %q (want one of %v)", p.ID, p.Regime, Regimes)
		}
	}
	by := ByRegime(prompts)
	for _, r := range Regimes {
		if n := len(by[r]); n != perRegime {
			return fmt.Errorf("probe: regime %q has %d prompts, want %d", r, n, perRegime)
		}
	}
	return nil
}
