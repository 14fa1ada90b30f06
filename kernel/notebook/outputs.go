package notebook

import (
	"maps"
	"strings"
	"sync"

	"trigo/kernel/display"
)

// recorder is the display sink of a headless run: it turns what a cell
// prints and shows into the cell's outputs with nbclient's semantics —
// consecutive stream text of one name is one output, display_data with a
// display id can be replaced later by update_display_data (in whatever
// cell it was shown), and clear_output(wait) clears when the next output
// arrives.
type recorder struct {
	flush func() // hands on output printed so far (exec.Interp.Flush)
	echo  func(name, text string)
	input func(prompt string, password bool) (string, error)

	mu        sync.Mutex
	cell      *Cell // the running cell; nil between cells
	clearNext bool
	ids       map[string][]*Output // display id → outputs showing it
}

func newRecorder() *recorder {
	return &recorder{ids: map[string][]*Output{}}
}

// start makes c the cell that receives outputs.
func (r *recorder) start(c *Cell) {
	r.mu.Lock()
	r.cell, r.clearNext = c, false
	r.mu.Unlock()
}

// stop detaches the cell: later output (from a goroutine a cell left
// running) is dropped, as a kernel's would be between requests.
func (r *recorder) stop() {
	r.mu.Lock()
	r.cell = nil
	r.mu.Unlock()
}

// add appends o to the running cell, clearing first when a clear_output
// with wait is pending.
func (r *recorder) add(o *Output) {
	if r.cell == nil {
		return
	}
	if r.clearNext {
		r.cell.Outputs = nil
		r.clearNext = false
	}
	r.cell.Outputs = append(r.cell.Outputs, o)
}

// stream records printed text.
func (r *recorder) stream(name, text string) {
	if r.echo != nil {
		r.echo(name, text)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cell == nil || text == "" {
		return
	}
	if !r.clearNext {
		if n := len(r.cell.Outputs); n > 0 {
			if last := r.cell.Outputs[n-1]; last.Type == Stream && last.Name == name {
				last.Text = collapseCR(last.Text + text)
				return
			}
		}
	}
	r.add(&Output{Type: Stream, Name: name, Text: collapseCR(text)})
}

// result records a cell's execute_result.
func (r *recorder) result(data display.Bundle, count int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.add(&Output{Type: ExecuteResult, Data: maps.Clone(map[string]any(data)), Metadata: map[string]any{}, Count: count})
}

// fail records an error output.
func (r *recorder) fail(name, value string, traceback []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.add(&Output{Type: ErrorOutput, EName: name, EValue: value, Traceback: traceback})
}

// Show implements display.Sink.
func (r *recorder) Show(data display.Bundle, metadata map[string]any, id string, update bool) {
	if r.flush != nil {
		r.flush()
	}
	if metadata == nil {
		metadata = map[string]any{}
	}
	if r.echo != nil && !update {
		r.echo("display", data.Text())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if id != "" {
		for _, o := range r.ids[id] {
			o.Data, o.Metadata = maps.Clone(map[string]any(data)), maps.Clone(metadata)
		}
		if update {
			return // update_display_data only replaces earlier outputs
		}
	}
	if r.cell == nil {
		return
	}
	o := &Output{Type: DisplayData, Data: maps.Clone(map[string]any(data)), Metadata: maps.Clone(metadata)}
	r.add(o)
	if id != "" {
		r.ids[id] = append(r.ids[id], o)
	}
}

// Clear implements display.Sink.
func (r *recorder) Clear(wait bool) {
	if r.flush != nil {
		r.flush()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cell == nil {
		return
	}
	if wait {
		r.clearNext = true
		return
	}
	r.cell.Outputs = nil
	r.clearNext = false
}

// Input implements display.Sink.
func (r *recorder) Input(prompt string, password bool) (string, error) {
	if r.input == nil {
		return "", errNoInput
	}
	return r.input(prompt, password)
}

// collapseCR applies carriage returns the way a terminal (and Jupyter's
// output area) does: text after a "\r" overwrites its line. A "\r" at the
// very end is kept, since the next chunk decides what it overwrites.
func collapseCR(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		body, nl := strings.CutSuffix(line, "\n")
		trailing := ""
		if !nl && strings.HasSuffix(body, "\r") {
			trailing = "\r"
		}
		if j := strings.LastIndexByte(strings.TrimRight(body, "\r"), '\r'); j >= 0 {
			body = body[j+1:]
		}
		body = strings.TrimRight(body, "\r")
		b.WriteString(body + trailing)
		if nl {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
