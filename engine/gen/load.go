package gen

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"trigo/engine/ckpt"
	"trigo/engine/model"
	"trigo/engine/tensor"
	"trigo/engine/ternary"
)

// LM is a loaded model ready to decode: a float32 (or fake-quantised
// ternary) checkpoint, or a packed ternary one.
type LM struct {
	// Path is the file it was loaded from.
	Path string
	// Spec is the architecture and precision, from the file's metadata.
	Spec model.Spec
	// Meta is the file's metadata (stage, step, data, …).
	Meta map[string]string
	// Model is the float32 model (nil for a packed checkpoint).
	Model *model.Model
	// Packed is the packed ternary model (nil for a float32 checkpoint).
	Packed *ternary.Model
}

// Stage is the training stage recorded in the checkpoint.
func (lm *LM) Stage() string { return lm.Meta["stage"] }

// NewDecoder returns a decoder for the model (packed kernels for a packed
// checkpoint).
func (lm *LM) NewDecoder(opt model.DecodeOptions) *model.Decoder {
	if lm.Packed != nil {
		return lm.Packed.NewDecoder(opt)
	}
	return lm.Model.NewDecoder(opt)
}

// Describe is a one-line summary: file, config, precision, stage, format.
func (lm *LM) Describe() string {
	kind := "float32 weights"
	if lm.Packed != nil {
		kind = fmt.Sprintf("packed ternary weights, %s kernel", ternary.Active().Name)
	} else if lm.Spec.IsTernary() {
		kind = "ternary (float32 shadow weights, quantised on the fly)"
	}
	stage := lm.Stage()
	if stage == "" {
		stage = "unknown stage"
	}
	return fmt.Sprintf("%s: %s, %s, %s", lm.Path, lm.Spec.Name, stage, kind)
}

// Load reads a checkpoint for decoding: engine/ckpt's float32 safetensors
// (architecture and precision from its metadata) or a packed ternary file
// written by trigo export. Every failure — missing file, not a checkpoint,
// truncated or corrupt data, an unknown architecture, weights that do not
// fit the config — is an error that names the file; it never panics.
// Errors wrap their cause: errors.Is(err, fs.ErrNotExist) for a missing
// file.
func Load(path string) (lm *LM, err error) {
	defer func() {
		if r := recover(); r != nil {
			lm, err = nil, fmt.Errorf("gen: %s: cannot load: %v", path, r)
		}
	}()
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, notExistError{path}
		}
		return nil, fmt.Errorf("gen: %w", err)
	}
	meta, err := ternary.ReadMeta(path)
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	if meta["format"] == ternary.Format {
		pm, err := ternary.Load(path)
		if err != nil {
			return nil, fmt.Errorf("gen: %w", err)
		}
		return &LM{Path: path, Spec: pm.Spec, Meta: pm.Meta, Packed: pm}, nil
	}
	if _, ok := meta["config"]; !ok {
		return nil, fmt.Errorf("gen: %s is a safetensors file without a Trigo model config in its metadata: not a Trigo checkpoint", path)
	}
	if _, err := model.ParseSpec(meta["config"]); err != nil {
		return nil, fmt.Errorf("gen: %s: unsupported model (%w)", path, err)
	}
	var m *model.Model
	var f *ckpt.File
	var loadErr error
	if err := tensor.Catch(func() { m, f, loadErr = ckpt.Load(path) }); err != nil {
		return nil, fmt.Errorf("gen: %s: %w", path, err)
	}
	if loadErr != nil {
		return nil, fmt.Errorf("gen: %w", loadErr)
	}
	return &LM{Path: path, Spec: m.Spec, Meta: f.Meta, Model: m}, nil
}

// notExistError is Load's error for a missing file: its own message, and
// errors.Is(err, fs.ErrNotExist) holds.
type notExistError struct{ path string }

func (e notExistError) Error() string { return "gen: checkpoint " + e.path + " does not exist" }
func (e notExistError) Unwrap() error { return fs.ErrNotExist }

// ChatStages are the training stages whose checkpoints can chat, most
// preferred first.
var ChatStages = []string{"abstain-sft", "chat-sft"}

// ErrNoChatCheckpoint is wrapped by FindChatCheckpoint when there is none.
var ErrNoChatCheckpoint = errors.New("no chat checkpoint")

// FindChatCheckpoint returns the shipped chat checkpoint in dir
// (normally "checkpoints"): the first MANIFEST.json entry whose stage is
// abstain-sft, else the first chat-sft one. Entries are read leniently: a
// JSON array of objects, or an object holding such an array (under any
// key) or mapping names to objects; an entry's file is its "path", "file",
// "filename" or "name" (relative to dir, or to dir's parent when it starts
// with dir's name), its stage the entry's "stage" or, when absent, the
// stage in the file's own metadata. Without a manifest (or without a chat
// entry in it) every dir/*.safetensors is inspected the same way.
func FindChatCheckpoint(dir string) (string, error) {
	var cands []string
	if b, err := os.ReadFile(filepath.Join(dir, "MANIFEST.json")); err == nil {
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return "", fmt.Errorf("gen: %s: %w", filepath.Join(dir, "MANIFEST.json"), err)
		}
		for _, e := range manifestEntries(v) {
			if p := resolveEntry(dir, e); p != "" {
				cands = append(cands, p+"\x00"+str(e["stage"]))
			}
		}
	}
	if path := pickChat(cands); path != "" {
		return path, nil
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.safetensors"))
	sort.Strings(files)
	cands = cands[:0]
	for _, f := range files {
		cands = append(cands, f+"\x00")
	}
	if path := pickChat(cands); path != "" {
		return path, nil
	}
	return "", fmt.Errorf("%w in %s/: no MANIFEST.json entry or .safetensors file there has stage %s. "+
		"The shipped chat model is added to %s/ with its manifest entry by the training pipeline; until then, "+
		"train one (trigo train --stage abstain-sft --init PRETRAINED.safetensors --out %s/NAME.safetensors) "+
		"or pass --ckpt FILE", ErrNoChatCheckpoint, dir, strings.Join(ChatStages, " or "), dir, dir)
}

// pickChat chooses among "path\x00stage" candidates (stage "" = read the
// file's metadata) by ChatStages order, then candidate order.
func pickChat(cands []string) string {
	best, bestRank := "", len(ChatStages)
	for _, c := range cands {
		path, stage, _ := strings.Cut(c, "\x00")
		if stage == "" {
			meta, err := ternary.ReadMeta(path)
			if err != nil {
				continue
			}
			stage = meta["stage"]
		}
		for r, s := range ChatStages {
			if s == stage && r < bestRank {
				if _, err := os.Stat(path); err == nil {
					best, bestRank = path, r
				}
			}
		}
	}
	return best
}

// manifestEntries finds the objects that describe files in a manifest.
func manifestEntries(v any) []map[string]any {
	var out []map[string]any
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
	case map[string]any:
		if fileField(v) != "" {
			return []map[string]any{v}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch e := v[k].(type) {
			case []any:
				out = append(out, manifestEntries(e)...)
			case map[string]any:
				if fileField(e) == "" && strings.HasSuffix(k, ".safetensors") {
					e = withName(e, k)
				}
				out = append(out, manifestEntries(e)...)
			}
		}
	}
	return out
}

func withName(e map[string]any, name string) map[string]any {
	c := map[string]any{"file": name}
	for k, v := range e {
		c[k] = v
	}
	return c
}

func fileField(e map[string]any) string {
	for _, k := range []string{"path", "file", "filename", "name"} {
		if s := str(e[k]); strings.HasSuffix(s, ".safetensors") {
			return s
		}
	}
	return ""
}

func resolveEntry(dir string, e map[string]any) string {
	f := fileField(e)
	if f == "" {
		return ""
	}
	if filepath.IsAbs(f) {
		return f
	}
	p := filepath.Join(dir, f)
	if _, err := os.Stat(p); err != nil {
		if q := filepath.Join(filepath.Dir(dir), f); fileExists(q) {
			return q
		}
	}
	return p
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
