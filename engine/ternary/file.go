package ternary

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"

	"trigo/engine/model"
	"trigo/engine/tensor"
	"trigo/internal/atomicfile"
)

// Format is the "format" metadata value of a packed checkpoint.
const Format = "trigo-ternary-i2s-v1"

// The packed file is a safetensors file (the same container as
// engine/ckpt's checkpoints) holding
//
//	NAME         U8  [rows, rowBytes]  packed codes of a ternary weight (pack.go layout)
//	NAME.scale   F32 []                its scale α
//	NAME         F32 [...]             every other parameter, float32
//
// and in __metadata__ the source checkpoint's entries (config, precision,
// stage, step, seed, data, …) plus "format" = Format, "packing" (a one-line
// description of the layout) and "packed" (JSON: NAME → [rows, cols], the
// logical shape; conv kernels [C, K] are packed as one row of C·K).
const packingDoc = "I2_S-style 2-bit codes w+1 in {0,1,2}; rows of 128-weight blocks of 32 bytes; byte j of a block holds columns j, 32+j, 64+j, 96+j in bits 7-6, 5-4, 3-2, 1-0; one float32 scale per tensor (NAME.scale); conv kernels [C, K] packed as one row"

type stEntry struct {
	Dtype   string `json:"dtype"`
	Shape   []int  `json:"shape"`
	Offsets []int  `json:"data_offsets"`
}

// Save writes the packed model to path atomically.
func (pm *Model) Save(path string) error {
	meta := map[string]string{}
	for k, v := range pm.Meta {
		meta[k] = v
	}
	meta["format"] = Format
	meta["packing"] = packingDoc
	meta["config"] = pm.Spec.JSON()
	meta["model"] = pm.Spec.Name
	meta["precision"] = pm.Spec.Precision
	meta["seed"] = strconv.FormatInt(pm.Seed, 10)
	shapes := map[string][2]int{}
	for n, m := range pm.Packed {
		shapes[n] = [2]int{m.Rows, m.Cols}
	}
	js, _ := json.Marshal(shapes)
	meta["packed"] = string(js)

	header := map[string]any{"__metadata__": meta}
	var body bytes.Buffer
	add := func(name, dtype string, shape []int, b []byte) {
		off := body.Len()
		body.Write(b)
		for body.Len()%8 != 0 { // keep every tensor 8-byte aligned
			body.WriteByte(0)
		}
		if shape == nil {
			shape = []int{}
		}
		header[name] = stEntry{Dtype: dtype, Shape: shape, Offsets: []int{off, off + len(b)}}
	}
	names := make([]string, 0, len(pm.Packed)+len(pm.Float))
	for n := range pm.Packed {
		names = append(names, n)
	}
	for n := range pm.Float {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if m, ok := pm.Packed[n]; ok {
			add(n, "U8", []int{m.Rows, m.RowBytes}, m.Data[:m.Rows*m.RowBytes])
			add(n+".scale", "F32", nil, f32bytes([]float32{m.Scale}))
			continue
		}
		t := pm.Float[n]
		add(n, "F32", t.Shape, f32bytes(t.Data))
	}
	hdr, err := json.Marshal(header)
	if err != nil {
		return fmt.Errorf("ternary: %s: header: %w", path, err)
	}
	for (8+len(hdr))%8 != 0 {
		hdr = append(hdr, ' ')
	}
	out := make([]byte, 8, 8+len(hdr)+body.Len())
	binary.LittleEndian.PutUint64(out, uint64(len(hdr)))
	out = append(append(out, hdr...), body.Bytes()...)
	if err := atomicfile.WriteFile(path, out); err != nil {
		return fmt.Errorf("ternary: %w", err)
	}
	return nil
}

func f32bytes(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

// ReadMeta reads only the __metadata__ of a safetensors file (the header,
// not the tensors): cheap enough to inspect many checkpoints.
func ReadMeta(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var n [8]byte
	if _, err := io.ReadFull(f, n[:]); err != nil {
		return nil, fmt.Errorf("%s: not a safetensors file (%w)", path, err)
	}
	size := binary.LittleEndian.Uint64(n[:])
	if size > 100<<20 {
		return nil, fmt.Errorf("%s: header length %d: not a safetensors file or corrupt", path, size)
	}
	hdr := make([]byte, size)
	if _, err := io.ReadFull(f, hdr); err != nil {
		return nil, fmt.Errorf("%s: truncated header (%w)", path, err)
	}
	var raw struct {
		Meta map[string]string `json:"__metadata__"`
	}
	if err := json.Unmarshal(hdr, &raw); err != nil {
		return nil, fmt.Errorf("%s: corrupt header JSON: %w", path, err)
	}
	if raw.Meta == nil {
		raw.Meta = map[string]string{}
	}
	return raw.Meta, nil
}

// IsPacked reports whether path is a packed ternary checkpoint (its
// metadata "format" is Format).
func IsPacked(path string) (bool, error) {
	meta, err := ReadMeta(path)
	if err != nil {
		return false, err
	}
	return meta["format"] == Format, nil
}

// Load reads a packed checkpoint written by Save. Errors name the file and
// what is wrong with it.
func Load(path string) (*Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ternary: %w", err)
	}
	pm, err := parse(b)
	if err != nil {
		return nil, fmt.Errorf("ternary: %s: %w", path, err)
	}
	return pm, nil
}

func parse(b []byte) (*Model, error) {
	if len(b) < 8 {
		return nil, fmt.Errorf("truncated: %d bytes", len(b))
	}
	n := binary.LittleEndian.Uint64(b)
	if n > 100<<20 || uint64(len(b)-8) < n {
		return nil, fmt.Errorf("header length %d does not fit the %d-byte file: not a safetensors file or truncated", n, len(b))
	}
	body := b[8+n:]
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b[8:8+n], &raw); err != nil {
		return nil, fmt.Errorf("corrupt header JSON: %w", err)
	}
	meta := map[string]string{}
	if m, ok := raw["__metadata__"]; ok {
		if err := json.Unmarshal(m, &meta); err != nil {
			return nil, fmt.Errorf("__metadata__ is not a string map: %w", err)
		}
		delete(raw, "__metadata__")
	}
	if meta["format"] != Format {
		return nil, fmt.Errorf("metadata format %q is not %q: not a packed ternary checkpoint", meta["format"], Format)
	}
	spec, err := model.ParseSpec(meta["config"])
	if err != nil {
		return nil, fmt.Errorf("metadata \"config\": %w", err)
	}
	if !spec.IsTernary() {
		return nil, fmt.Errorf("config %q has precision %q, not ternary", spec.Name, spec.Precision)
	}
	var shapes map[string][2]int
	if err := json.Unmarshal([]byte(meta["packed"]), &shapes); err != nil {
		return nil, fmt.Errorf("metadata \"packed\" is not a name → [rows, cols] map: %w", err)
	}
	pm := &Model{Spec: spec, Meta: meta, Packed: map[string]*Matrix{}, Float: map[string]*tensor.Tensor{}}
	if s, ok := meta["seed"]; ok {
		if pm.Seed, err = strconv.ParseInt(s, 10, 64); err != nil {
			return nil, fmt.Errorf("metadata \"seed\" = %q is not an integer", s)
		}
	}
	entries := map[string]stEntry{}
	for name, msg := range raw {
		var e stEntry
		if err := json.Unmarshal(msg, &e); err != nil {
			return nil, fmt.Errorf("tensor %q: bad entry: %w", name, err)
		}
		if len(e.Offsets) != 2 || e.Offsets[0] < 0 || e.Offsets[1] < e.Offsets[0] || e.Offsets[1] > len(body) {
			return nil, fmt.Errorf("truncated or corrupt: tensor %q data_offsets %v outside the %d data bytes", name, e.Offsets, len(body))
		}
		count := 1
		for _, s := range e.Shape {
			if s < 0 || (s > 0 && count > len(body)/s) {
				return nil, fmt.Errorf("tensor %q: shape %v is negative or larger than the file", name, e.Shape)
			}
			count *= s
		}
		size := map[string]int{"U8": 1, "F32": 4}[e.Dtype]
		if size == 0 {
			return nil, fmt.Errorf("tensor %q: dtype %q unsupported (U8 packed weights and F32 only)", name, e.Dtype)
		}
		if e.Offsets[1]-e.Offsets[0] != size*count {
			return nil, fmt.Errorf("tensor %q: data_offsets span %d bytes but %s %v needs %d", name, e.Offsets[1]-e.Offsets[0], e.Dtype, e.Shape, size*count)
		}
		entries[name] = e
	}
	for name, sh := range shapes {
		e, ok := entries[name]
		if !ok || e.Dtype != "U8" {
			return nil, fmt.Errorf("packed weight %q listed in metadata has no U8 tensor", name)
		}
		rows, cols := sh[0], sh[1]
		nb := (cols + BlockWeights - 1) / BlockWeights
		if rows < 0 || cols < 0 || len(e.Shape) != 2 || e.Shape[0] != rows || e.Shape[1] != nb*BlockBytes {
			return nil, fmt.Errorf("packed weight %q: shape %v does not hold [%d, %d] (want [%d, %d])", name, e.Shape, rows, cols, rows, nb*BlockBytes)
		}
		se, ok := entries[name+".scale"]
		if !ok || se.Dtype != "F32" || se.Offsets[1]-se.Offsets[0] != 4 {
			return nil, fmt.Errorf("packed weight %q has no F32 scalar %q", name, name+".scale")
		}
		m := &Matrix{Rows: rows, Cols: cols, RowBytes: nb * BlockBytes,
			Scale: math.Float32frombits(binary.LittleEndian.Uint32(body[se.Offsets[0]:]))}
		if !(m.Scale > 0) || math.IsInf(float64(m.Scale), 0) {
			return nil, fmt.Errorf("packed weight %q: scale %g is not a positive number", name, m.Scale)
		}
		m.Data = make([]byte, paddedRows(rows)*m.RowBytes)
		copy(m.Data, body[e.Offsets[0]:e.Offsets[1]])
		for i, v := range m.Data[:rows*m.RowBytes] {
			if v&0xaa&(v<<1) != 0 { // a 2-bit field equal to 3
				return nil, fmt.Errorf("packed weight %q: byte %d (%#02x) holds code 3, not a ternary code", name, i, v)
			}
		}
		pm.Packed[name] = m
		delete(entries, name)
		delete(entries, name+".scale")
	}
	for name, e := range entries {
		if e.Dtype != "F32" {
			return nil, fmt.Errorf("tensor %q: dtype %s but not listed in metadata \"packed\"", name, e.Dtype)
		}
		vals := make([]float32, (e.Offsets[1]-e.Offsets[0])/4)
		for i := range vals {
			vals[i] = math.Float32frombits(binary.LittleEndian.Uint32(body[e.Offsets[0]+4*i:]))
		}
		t := tensor.New(vals, e.Shape...)
		t.Name = name
		pm.Float[name] = t
	}
	if err := pm.build(); err != nil {
		return nil, err
	}
	return pm, nil
}
