package model

import (
	"fmt"
	"strings"

	"trigo/internal/numfmt"
)

// moduleOf maps a parameter name to its table row: "embed", "out", or, for
// blocks, "blocks.*.sparse" (the same row for every layer).
func moduleOf(name string) (row string, inBlock bool) {
	parts := strings.Split(name, ".")
	if parts[0] == "blocks" && len(parts) >= 3 {
		return "blocks.*." + parts[2], true
	}
	return parts[0], false
}

// moduleRow is one row of the parameter table.
type moduleRow struct {
	name    string
	shapes  []string // tensor shapes (of layer 0 for block rows)
	n       int      // parameters in all layers
	inBlock bool
}

// moduleRows groups the parameters by module, in parameter order (the
// rows of Summary and of the HTML table).
func (m *Model) moduleRows() []*moduleRow {
	var rows []*moduleRow
	idx := map[string]*moduleRow{}
	for _, e := range m.Params.List() {
		name, inBlock := moduleOf(e.Name)
		r := idx[name]
		if r == nil {
			r = &moduleRow{name: name, inBlock: inBlock}
			idx[name] = r
			rows = append(rows, r)
		}
		r.n += e.T.Numel()
		if !inBlock || strings.HasPrefix(e.Name, "blocks.0.") {
			leaf := e.Name[strings.LastIndex(e.Name, ".")+1:]
			if inBlock {
				leaf = strings.Join(strings.Split(e.Name, ".")[3:], ".")
			}
			r.shapes = append(r.shapes, fmt.Sprintf("%s%v", leaf, e.T.Shape))
		}
	}
	return rows
}

// Summary is a parameter table, one row per module (block rows count one
// layer and then all layers), with the exact total.
func (m *Model) Summary() string {
	rows := m.moduleRows()
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", m.Spec)
	L := m.Spec.Layers
	fmt.Fprintf(&b, "%-18s %12s %12s  %s\n", "module", "per layer", "params", "tensors")
	for _, r := range rows {
		per := ""
		if r.inBlock {
			per = numfmt.Commas(r.n / L)
		}
		fmt.Fprintf(&b, "%-18s %12s %12s  %s\n", r.name, per, numfmt.Commas(r.n), strings.Join(r.shapes, " "))
	}
	fmt.Fprintf(&b, "%-18s %12s %12s  (%.2f M)\n", "total", "", numfmt.Commas(m.NumParams()), float64(m.NumParams())/1e6)
	return b.String()
}

// String is a one-line description with the parameter count.
func (m *Model) String() string {
	return fmt.Sprintf("Model(%s; %s params)", m.Spec, numfmt.Commas(m.NumParams()))
}
