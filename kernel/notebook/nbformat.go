// Package notebook reads and writes Jupyter notebooks (nbformat 4.5) and
// runs them headless, papermill-style: every code cell in one interpreter
// (kernel/exec, as the kernel runs them), parameters injected after the cell
// tagged "parameters", and every output recorded the way nbclient records
// what a kernel publishes.
//
//	nb, _ := notebook.ReadFile("notebooks/05_train_fp32_vs_ternary.ipynb")
//	err := notebook.Run(ctx, nb, notebook.Options{Params: []notebook.Param{{"steps", "30"}}})
//	notebook.WriteFile("out.ipynb", nb)   // written even when err != nil
package notebook

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"

	"trigo/internal/atomicfile"
	"trigo/kernel/spec"
)

// Notebook is an nbformat 4 notebook.
type Notebook struct {
	Cells []*Cell
	// Metadata is the notebook's metadata (kernelspec, language_info, ...).
	Metadata map[string]any
}

// Cell kinds.
const (
	Code     = "code"
	Markdown = "markdown"
	Raw      = "raw"
)

// Cell is one cell. Outputs and ExecutionCount belong to code cells,
// Attachments to markdown and raw cells.
type Cell struct {
	ID          string
	Type        string
	Source      string
	Metadata    map[string]any
	Outputs     []*Output
	Count       int // execution_count; 0 is written as null
	Attachments map[string]any
}

// Output kinds.
const (
	Stream        = "stream"
	DisplayData   = "display_data"
	ExecuteResult = "execute_result"
	ErrorOutput   = "error"
)

// Output is one output of a code cell.
type Output struct {
	Type string
	// Name ("stdout" or "stderr") and Text belong to streams.
	Name, Text string
	// Data and Metadata belong to display_data and execute_result. Data
	// maps a MIME type to text, base64 text (images) or a JSON value.
	Data     map[string]any
	Metadata map[string]any
	// Count is an execute_result's execution_count.
	Count int
	// EName, EValue and Traceback belong to errors.
	EName, EValue string
	Traceback     []string
}

// New returns an empty notebook with the trigo kernel's metadata.
func New() *Notebook {
	nb := &Notebook{Metadata: map[string]any{}}
	nb.SetKernelMetadata()
	return nb
}

// NewCode returns a code cell with a fresh id.
func NewCode(src string) *Cell {
	return &Cell{ID: NewID(), Type: Code, Source: src, Metadata: map[string]any{}}
}

// NewMarkdown returns a markdown cell with a fresh id.
func NewMarkdown(src string) *Cell {
	return &Cell{ID: NewID(), Type: Markdown, Source: src, Metadata: map[string]any{}}
}

// NewID returns a random cell id (8 hex digits, as nbformat makes them).
func NewID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Tags lists the cell's metadata.tags.
func (c *Cell) Tags() []string {
	list, _ := c.Metadata["tags"].([]any)
	var tags []string
	for _, t := range list {
		if s, ok := t.(string); ok {
			tags = append(tags, s)
		}
	}
	return tags
}

// HasTag reports whether the cell carries tag.
func (c *Cell) HasTag(tag string) bool {
	for _, t := range c.Tags() {
		if t == tag {
			return true
		}
	}
	return false
}

// SetTags replaces the cell's tags.
func (c *Cell) SetTags(tags ...string) {
	if c.Metadata == nil {
		c.Metadata = map[string]any{}
	}
	list := make([]any, len(tags))
	for i, t := range tags {
		list[i] = t
	}
	c.Metadata["tags"] = list
}

// FirstLine is the cell's first non-blank source line, for messages.
func (c *Cell) FirstLine() string {
	for _, l := range strings.Split(c.Source, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// SetKernelMetadata sets metadata.kernelspec and metadata.language_info to
// the trigo kernel's, as Jupyter does when the kernel runs the notebook.
func (nb *Notebook) SetKernelMetadata() {
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	name := "Go (Trigo)"
	var tmpl struct {
		DisplayName string `json:"display_name"`
	}
	if json.Unmarshal(spec.Template, &tmpl) == nil && tmpl.DisplayName != "" {
		name = tmpl.DisplayName
	}
	nb.Metadata["kernelspec"] = map[string]any{"name": "trigo", "display_name": name, "language": "go"}
	// The kernel's kernel_info_reply carries the same language_info.
	nb.Metadata["language_info"] = map[string]any{
		"name":            "go",
		"version":         strings.TrimPrefix(runtime.Version(), "go"),
		"mimetype":        "text/x-go",
		"file_extension":  ".go",
		"codemirror_mode": "go",
		"pygments_lexer":  "go",
	}
}

// ReadFile reads a notebook file.
func ReadFile(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := Read(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// Read parses an nbformat 4 notebook. Cells without an id (nbformat < 4.5)
// get one, as nbformat's upgrade does; duplicate or invalid ids are
// replaced.
func Read(b []byte) (*Notebook, error) {
	var raw struct {
		Cells    []json.RawMessage `json:"cells"`
		Metadata map[string]any    `json:"metadata"`
		Format   int               `json:"nbformat"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("not a notebook: %w", err)
	}
	if raw.Format != 4 {
		return nil, fmt.Errorf("nbformat %d: only version 4 is read (convert with `jupyter nbconvert --to notebook`)", raw.Format)
	}
	nb := &Notebook{Metadata: raw.Metadata}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	seen := map[string]bool{}
	for i, rc := range raw.Cells {
		c, err := readCell(rc)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", i, err)
		}
		for !validID.MatchString(c.ID) || seen[c.ID] {
			c.ID = NewID()
		}
		seen[c.ID] = true
		nb.Cells = append(nb.Cells, c)
	}
	return nb, nil
}

var validID = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

func readCell(b []byte) (*Cell, error) {
	var raw struct {
		ID          string            `json:"id"`
		Type        string            `json:"cell_type"`
		Source      any               `json:"source"`
		Metadata    map[string]any    `json:"metadata"`
		Outputs     []json.RawMessage `json:"outputs"`
		Count       *int              `json:"execution_count"`
		Attachments map[string]any    `json:"attachments"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	switch raw.Type {
	case Code, Markdown, Raw:
	default:
		return nil, fmt.Errorf("unknown cell_type %q", raw.Type)
	}
	src, err := joinText(raw.Source)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	c := &Cell{ID: raw.ID, Type: raw.Type, Source: src, Metadata: raw.Metadata, Attachments: raw.Attachments}
	if c.Metadata == nil {
		c.Metadata = map[string]any{}
	}
	if raw.Count != nil {
		c.Count = *raw.Count
	}
	for i, ro := range raw.Outputs {
		o, err := readOutput(ro)
		if err != nil {
			return nil, fmt.Errorf("output %d: %w", i, err)
		}
		c.Outputs = append(c.Outputs, o)
	}
	return c, nil
}

func readOutput(b []byte) (*Output, error) {
	var raw struct {
		Type      string         `json:"output_type"`
		Name      string         `json:"name"`
		Text      any            `json:"text"`
		Data      map[string]any `json:"data"`
		Metadata  map[string]any `json:"metadata"`
		Count     *int           `json:"execution_count"`
		EName     string         `json:"ename"`
		EValue    string         `json:"evalue"`
		Traceback []string       `json:"traceback"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	o := &Output{Type: raw.Type, Name: raw.Name, Metadata: raw.Metadata,
		EName: raw.EName, EValue: raw.EValue, Traceback: raw.Traceback}
	switch raw.Type {
	case Stream:
		t, err := joinText(raw.Text)
		if err != nil {
			return nil, fmt.Errorf("text: %w", err)
		}
		o.Text = t
	case DisplayData, ExecuteResult:
		o.Data = map[string]any{}
		for mime, v := range raw.Data {
			if !isJSONMIME(mime) {
				if t, err := joinText(v); err == nil {
					v = t
				}
			}
			o.Data[mime] = v
		}
		if raw.Count != nil {
			o.Count = *raw.Count
		}
	case ErrorOutput:
	default:
		return nil, fmt.Errorf("unknown output_type %q", raw.Type)
	}
	return o, nil
}

// joinText accepts nbformat's multiline string: a string or a list of
// strings.
func joinText(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case []any:
		var b strings.Builder
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return "", errors.New("list holds a non-string")
			}
			b.WriteString(s)
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("want a string or a list of strings, got %T", v)
}

// isJSONMIME reports whether data of this MIME type is a JSON value rather
// than text (application/json, application/*+json).
func isJSONMIME(mime string) bool {
	return mime == "application/json" || (strings.HasPrefix(mime, "application/") && strings.HasSuffix(mime, "+json"))
}

// splitMIME reports whether nbformat stores data of this MIME type as a list
// of lines: text types, SVG and JavaScript (images stay one base64 string).
func splitMIME(mime string) bool {
	return strings.HasPrefix(mime, "text/") || mime == "image/svg+xml" || mime == "application/javascript"
}

// lines is nbformat's split of a multiline string: lines that keep their
// newline (Python's str.splitlines(True) for "\n" line ends).
func lines(s string) []string {
	out := []string{}
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// WriteFile writes nb to path atomically (a synced temporary file renamed
// into place; internal/atomicfile).
func WriteFile(path string, nb *Notebook) error {
	b, err := nb.Marshal()
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, b)
}

// Marshal encodes nb as nbformat 4.5 JSON the way nbformat writes it: keys
// sorted, one-space indent, non-ASCII kept, multiline strings as lists of
// lines, a final newline.
func (nb *Notebook) Marshal() ([]byte, error) {
	cells := make([]any, len(nb.Cells))
	for i, c := range nb.Cells {
		cells[i] = c.jsonValue()
	}
	meta := nb.Metadata
	if meta == nil {
		meta = map[string]any{}
	}
	doc := map[string]any{"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (c *Cell) jsonValue() map[string]any {
	id := c.ID
	if id == "" {
		id = NewID()
		c.ID = id
	}
	meta := c.Metadata
	if meta == nil {
		meta = map[string]any{}
	}
	m := map[string]any{"id": id, "cell_type": c.Type, "metadata": meta, "source": lines(c.Source)}
	switch c.Type {
	case Code:
		outs := make([]any, len(c.Outputs))
		for i, o := range c.Outputs {
			outs[i] = o.jsonValue()
		}
		m["outputs"] = outs
		m["execution_count"] = count(c.Count)
	default:
		if c.Attachments != nil {
			m["attachments"] = c.Attachments
		}
	}
	return m
}

func count(n int) any {
	if n <= 0 {
		return nil
	}
	return n
}

func (o *Output) jsonValue() map[string]any {
	m := map[string]any{"output_type": o.Type}
	switch o.Type {
	case Stream:
		m["name"] = o.Name
		m["text"] = lines(o.Text)
	case DisplayData, ExecuteResult:
		data := map[string]any{}
		for mime, v := range o.Data {
			if s, ok := v.(string); ok && splitMIME(mime) {
				v = lines(s)
			}
			data[mime] = v
		}
		meta := o.Metadata
		if meta == nil {
			meta = map[string]any{}
		}
		m["data"], m["metadata"] = data, meta
		if o.Type == ExecuteResult {
			m["execution_count"] = count(o.Count)
		}
	case ErrorOutput:
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["ename"], m["evalue"], m["traceback"] = o.EName, o.EValue, tb
	}
	return m
}
