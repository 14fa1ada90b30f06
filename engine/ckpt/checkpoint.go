package ckpt

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"trigo/engine/model"
	"trigo/engine/tensor"
)

// OptimPrefix starts the names of optimizer tensors stored beside weights.
const OptimPrefix = "optim."

// Meta is what a Trigo checkpoint's __metadata__ carries.
type Meta struct {
	// Spec is the model configuration ("config", JSON).
	Spec model.Spec
	// Stage is the training stage: "pretrain", "chat-sft", "abstain-sft", "init".
	Stage string
	// Step is the number of optimizer steps taken.
	Step int
	// Seed is the seed of the initial weights.
	Seed int64
	// Data describes the training data.
	Data string
	// Optimizer describes the optimizer ("" when no state is stored).
	Optimizer string
	// Extra holds any other string entries (sampler state, history, …).
	Extra map[string]string
}

// Encode flattens m into the string map stored in the file.
func (m Meta) Encode() map[string]string {
	out := map[string]string{}
	for k, v := range m.Extra {
		out[k] = v
	}
	out["format"] = "trigo-safetensors-v1"
	out["config"] = m.Spec.JSON()
	out["model"] = m.Spec.Name
	out["precision"] = m.Spec.Precision
	out["stage"] = m.Stage
	out["step"] = strconv.Itoa(m.Step)
	out["seed"] = strconv.FormatInt(m.Seed, 10)
	out["data"] = m.Data
	if m.Optimizer != "" {
		out["optimizer"] = m.Optimizer
		out["optimizer_state"] = "tensors prefixed \"" + OptimPrefix + "\" in this file"
	}
	return out
}

// DecodeMeta reads a Meta back from a file's metadata map.
func DecodeMeta(raw map[string]string) (Meta, error) {
	var m Meta
	js, ok := raw["config"]
	if !ok {
		return m, fmt.Errorf("metadata has no \"config\" entry: not a Trigo checkpoint")
	}
	spec, err := model.ParseSpec(js)
	if err != nil {
		return m, fmt.Errorf("metadata \"config\": %w", err)
	}
	m.Spec = spec
	m.Stage = raw["stage"]
	m.Data = raw["data"]
	m.Optimizer = raw["optimizer"]
	if s, ok := raw["step"]; ok {
		if m.Step, err = strconv.Atoi(s); err != nil || m.Step < 0 {
			return m, fmt.Errorf("metadata \"step\" = %q is not a step count", s)
		}
	}
	if s, ok := raw["seed"]; ok {
		if m.Seed, err = strconv.ParseInt(s, 10, 64); err != nil {
			return m, fmt.Errorf("metadata \"seed\" = %q is not an integer", s)
		}
	}
	m.Extra = map[string]string{}
	known := map[string]bool{"format": true, "config": true, "model": true, "precision": true, "stage": true,
		"step": true, "seed": true, "data": true, "optimizer": true, "optimizer_state": true}
	for k, v := range raw {
		if !known[k] {
			m.Extra[k] = v
		}
	}
	return m, nil
}

// Save writes m's weights, the metadata, and the optional optimizer state
// tensors (named "optim.…") to path atomically. The model's Spec and Seed
// override meta.Spec and meta.Seed.
func Save(path string, m *model.Model, meta Meta, optimState []*tensor.Tensor) error {
	meta.Spec, meta.Seed = m.Spec, m.Seed
	if len(optimState) == 0 {
		meta.Optimizer = ""
	}
	var ts []*tensor.Tensor
	for _, p := range m.Params.List() {
		ts = append(ts, p.T)
	}
	for _, t := range optimState {
		if !strings.HasPrefix(t.Name, OptimPrefix) {
			return fmt.Errorf("ckpt: %s: optimizer tensor %q lacks the %q prefix", path, t.Name, OptimPrefix)
		}
		ts = append(ts, t)
	}
	return WriteFile(path, meta.Encode(), ts)
}

// Load reads a checkpoint and builds its model (weights loaded).
func Load(path string) (*model.Model, *File, error) {
	f, err := ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	meta, err := DecodeMeta(f.Meta)
	if err != nil {
		return nil, nil, fmt.Errorf("ckpt: %s: %w", path, err)
	}
	var m *model.Model
	if err := tensor.Catch(func() { m = model.New(meta.Spec, meta.Seed) }); err != nil {
		return nil, nil, fmt.Errorf("ckpt: %s: %w", path, err)
	}
	if err := LoadInto(m, f); err != nil {
		return nil, nil, err
	}
	return m, f, nil
}

// LoadModel is Load without the file, for notebooks.
func LoadModel(path string) (*model.Model, error) {
	m, _, err := Load(path)
	return m, err
}

// LoadInto copies f's weights into m. Every parameter of m must be present
// with the same shape, and the file must hold no weights m lacks
// (optimizer tensors are ignored), and every weight must be finite.
func LoadInto(m *model.Model, f *File) error {
	name := f.Path
	if name == "" {
		name = "checkpoint"
	}
	var problems []string
	want := map[string]bool{}
	for _, p := range m.Params.List() {
		want[p.Name] = true
		t, ok := f.Tensors[p.Name]
		if !ok {
			problems = append(problems, fmt.Sprintf("missing tensor %s %v", p.Name, p.T.Shape))
			continue
		}
		if !slices.Equal(t.Shape, p.T.Shape) {
			problems = append(problems, fmt.Sprintf("tensor %s has shape %v, model %q wants %v", p.Name, t.Shape, m.Spec.Name, p.T.Shape))
		}
	}
	var extra []string
	for n := range f.Tensors {
		if !want[n] && !strings.HasPrefix(n, OptimPrefix) {
			extra = append(extra, n)
		}
	}
	sort.Strings(extra)
	for _, n := range extra {
		problems = append(problems, fmt.Sprintf("unexpected tensor %s (not a parameter of %q)", n, m.Spec.Name))
	}
	if len(problems) > 0 {
		if len(problems) > 6 {
			problems = append(problems[:6], fmt.Sprintf("… and %d more", len(problems)-6))
		}
		return fmt.Errorf("ckpt: %s does not match model %q: %s", name, m.Spec.Name, strings.Join(problems, "; "))
	}
	if err := checkFinite(name, m, f); err != nil {
		return err
	}
	for _, p := range m.Params.List() {
		copy(p.T.Data, f.Tensors[p.Name].Data)
	}
	return nil
}

// checkFinite returns an error naming the weights of f that hold NaN or
// ±Inf: such a model produces NaN logits, and every later use (chat,
// probes, resumed training) would carry on with garbage instead of
// failing.
func checkFinite(name string, m *model.Model, f *File) error {
	var bad []string
	tensors, values := 0, 0
	for _, p := range m.Params.List() {
		n := 0
		for _, v := range f.Tensors[p.Name].Data {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				n++
			}
		}
		if n > 0 {
			tensors++
			values += n
			if len(bad) < 6 {
				bad = append(bad, fmt.Sprintf("%s (%d of %d)", p.Name, n, len(p.T.Data)))
			}
		}
	}
	if tensors == 0 {
		return nil
	}
	if tensors > len(bad) {
		bad = append(bad, fmt.Sprintf("… %d more", tensors-len(bad)))
	}
	return fmt.Errorf("ckpt: %s holds non-finite weights (NaN or Inf: %d values in %d tensors): %s (a run that diverged, or a damaged file)",
		name, values, tensors, strings.Join(bad, ", "))
}

// OptimState returns the file's optimizer tensors ("optim.…") by name.
func (f *File) OptimState() map[string]*tensor.Tensor {
	out := map[string]*tensor.Tensor{}
	for n, t := range f.Tensors {
		if strings.HasPrefix(n, OptimPrefix) {
			out[n] = t
		}
	}
	return out
}

// Strip writes src without its optimizer state to dst (for shipping).
func Strip(src, dst string) error {
	f, err := ReadFile(src)
	if err != nil {
		return err
	}
	var ts []*tensor.Tensor
	for _, n := range f.Names {
		if !strings.HasPrefix(n, OptimPrefix) {
			ts = append(ts, f.Tensors[n])
		}
	}
	meta := map[string]string{}
	for k, v := range f.Meta {
		if k != "optimizer_state" && k != "sampler" {
			meta[k] = v
		}
	}
	return WriteFile(dst, meta, ts)
}
