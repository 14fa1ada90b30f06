// Package ckpt reads and writes checkpoints in the safetensors format:
//
//	8 bytes   little-endian uint64 N, the header length
//	N bytes   JSON: {"__metadata__": {string: string},
//	                 "<name>": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...}
//	rest      raw little-endian float32 data; offsets are relative to its start
//
// Trigo's metadata carries the model config (JSON), precision, stage, step,
// seed, data description, optimizer and sampler state (see Meta). Optimizer
// moments live in the same file under the "optim." prefix, so one file
// resumes a run; Strip drops them for a smaller inference checkpoint.
// Files are written atomically (temporary file + rename).
package ckpt

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"

	"trigo/engine/tensor"
	"trigo/internal/atomicfile"
)

// MaxHeader is the largest JSON header accepted (100 MiB, as safetensors).
const MaxHeader = 100 << 20

// File is a parsed safetensors file.
type File struct {
	// Path is where the file was read from ("" when parsed from memory).
	Path string
	// Meta is the __metadata__ map.
	Meta map[string]string
	// Names lists the tensors in file order (by data offset).
	Names []string
	// Tensors maps each name to its tensor (float32; Name set).
	Tensors map[string]*tensor.Tensor
}

type entry struct {
	Dtype   string `json:"dtype"`
	Shape   []int  `json:"shape"`
	Offsets []int  `json:"data_offsets"`
}

// Encode serialises tensors (named by their Name, in the given order) and
// metadata to safetensors bytes.
func Encode(meta map[string]string, tensors []*tensor.Tensor) ([]byte, error) {
	header := map[string]any{}
	if len(meta) > 0 {
		header["__metadata__"] = meta
	}
	off := 0
	for _, t := range tensors {
		if t.Name == "" || t.Name == "__metadata__" {
			return nil, fmt.Errorf("ckpt: tensor with shape %v has no usable name %q", t.Shape, t.Name)
		}
		if _, dup := header[t.Name]; dup {
			return nil, fmt.Errorf("ckpt: duplicate tensor name %q", t.Name)
		}
		shape := t.Shape
		if shape == nil {
			shape = []int{}
		}
		header[t.Name] = entry{Dtype: "F32", Shape: shape, Offsets: []int{off, off + 4*len(t.Data)}}
		off += 4 * len(t.Data)
	}
	js, err := json.Marshal(header)
	if err != nil {
		return nil, fmt.Errorf("ckpt: header: %w", err)
	}
	// Pad the header with spaces so the data starts 8-byte aligned.
	for (8+len(js))%8 != 0 {
		js = append(js, ' ')
	}
	out := make([]byte, 8+len(js)+off)
	binary.LittleEndian.PutUint64(out, uint64(len(js)))
	copy(out[8:], js)
	p := out[8+len(js):]
	for _, t := range tensors {
		for _, v := range t.Data {
			binary.LittleEndian.PutUint32(p, math.Float32bits(v))
			p = p[4:]
		}
	}
	return out, nil
}

// WriteFile writes tensors and metadata to path atomically.
func WriteFile(path string, meta map[string]string, tensors []*tensor.Tensor) error {
	b, err := Encode(meta, tensors)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, b); err != nil {
		return fmt.Errorf("ckpt: %w", err)
	}
	return nil
}

// ReadFile reads and validates a safetensors file. Errors name the file,
// say what is wrong with it and wrap the cause (errors.Is(err,
// fs.ErrNotExist) for a missing file).
func ReadFile(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ckpt: %w", err)
	}
	f, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("ckpt: %s: %w", path, err)
	}
	f.Path = path
	return f, nil
}

// Parse decodes safetensors bytes. Only F32 tensors are accepted; every
// offset must lie inside the data and match the shape.
func Parse(b []byte) (*File, error) {
	if len(b) < 8 {
		return nil, fmt.Errorf("truncated: %d bytes, shorter than the 8-byte header length", len(b))
	}
	n := binary.LittleEndian.Uint64(b)
	if n > MaxHeader {
		return nil, fmt.Errorf("header length %d exceeds %d bytes: not a safetensors file or corrupt", n, MaxHeader)
	}
	if uint64(len(b)-8) < n {
		return nil, fmt.Errorf("truncated: header says %d bytes but only %d follow", n, len(b)-8)
	}
	hdr := b[8 : 8+n]
	body := b[8+n:]
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(hdr))
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("corrupt header JSON: %w", err)
	}
	f := &File{Meta: map[string]string{}, Tensors: map[string]*tensor.Tensor{}}
	type span struct {
		name       string
		begin, end int
	}
	var spans []span
	for name, msg := range raw {
		if name == "__metadata__" {
			if err := json.Unmarshal(msg, &f.Meta); err != nil {
				return nil, fmt.Errorf("__metadata__ is not a string→string map: %w", err)
			}
			continue
		}
		var e entry
		if err := json.Unmarshal(msg, &e); err != nil {
			return nil, fmt.Errorf("tensor %q: bad entry: %w", name, err)
		}
		if e.Dtype != "F32" {
			return nil, fmt.Errorf("tensor %q: dtype %q unsupported (only F32)", name, e.Dtype)
		}
		if len(e.Offsets) != 2 {
			return nil, fmt.Errorf("tensor %q: data_offsets has %d values, want 2", name, len(e.Offsets))
		}
		count := 1
		for _, s := range e.Shape {
			if s < 0 || (s > 0 && count > len(body)/s) {
				return nil, fmt.Errorf("tensor %q: shape %v is negative or larger than the file", name, e.Shape)
			}
			count *= s
		}
		begin, end := e.Offsets[0], e.Offsets[1]
		if begin < 0 || end < begin || end > len(body) {
			return nil, fmt.Errorf("truncated or corrupt: tensor %q data_offsets [%d, %d] outside the %d data bytes", name, begin, end, len(body))
		}
		if end-begin != 4*count {
			return nil, fmt.Errorf("tensor %q: data_offsets span %d bytes but shape %v needs %d", name, end-begin, e.Shape, 4*count)
		}
		vals := make([]float32, count)
		for i := range vals {
			vals[i] = math.Float32frombits(binary.LittleEndian.Uint32(body[begin+4*i:]))
		}
		t := tensor.New(vals, e.Shape...)
		t.Name = name
		f.Tensors[name] = t
		spans = append(spans, span{name, begin, end})
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].begin != spans[j].begin {
			return spans[i].begin < spans[j].begin
		}
		return spans[i].name < spans[j].name
	})
	for i, s := range spans {
		if i > 0 && s.begin < spans[i-1].end {
			return nil, fmt.Errorf("corrupt: tensors %q and %q overlap", spans[i-1].name, s.name)
		}
		f.Names = append(f.Names, s.name)
	}
	return f, nil
}
