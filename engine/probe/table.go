package probe

import (
	"fmt"
	"html"
	"sort"
	"strings"
)

// The four per-prompt signals of the probe, each oriented so that larger
// means more out-of-domain.
const (
	// SignalMaxSoftmax is 1 − the mean over positions of the top
	// next-byte probability.
	SignalMaxSoftmax = "max_softmax_mean"
	// SignalTokenEntropy is the mean next-byte entropy.
	SignalTokenEntropy = "token_entropy_mean"
	// SignalRouterEntropy is the router entropy, mean over layers and positions.
	SignalRouterEntropy = "router_entropy_mean"
	// SignalAbstainP is the abstain head's probability.
	SignalAbstainP = "abstain_p"
)

// Signals lists the four signals in table order.
var Signals = []string{SignalMaxSoftmax, SignalTokenEntropy, SignalRouterEntropy, SignalAbstainP}

// Record is one prompt's regime and signal values, as a probe run
// produces them.
type Record struct {
	// ID is the prompt's id.
	ID string
	// Regime is one of Regimes, or a regime of a set with groups.
	Regime string
	// Group is the prompt's group ("" in sets without groups); with
	// Regime it decides the class (InDomain: negative).
	Group string
	// Signals maps a signal name (e.g. SignalRouterEntropy) to its value.
	Signals map[string]float64
}

// Cell is one entry of an AUROCTable.
type Cell struct {
	// AUROC is the Mann–Whitney AUROC (see AUROC).
	AUROC float64
	// Lo and Hi bound its 95 % bootstrap interval.
	Lo, Hi float64
	// NNeg and NPos are the class sizes.
	NNeg, NPos int
}

// String formats the cell as "0.873 [0.812, 0.921]".
func (c Cell) String() string {
	return fmt.Sprintf("%.3f [%.3f, %.3f]", c.AUROC, c.Lo, c.Hi)
}

// AUROCTable holds the AUROC of several signals (rows) over several
// comparisons (columns: in-domain against all OOD prompts, or against
// one regime). It renders itself as Markdown or HTML, so a notebook shows
// it as a table.
type AUROCTable struct {
	// Title heads the rendering (may be empty).
	Title string
	// Signals names the rows.
	Signals []string
	// Columns names the columns: "all OOD" or an OOD regime.
	Columns []string
	// Cells[i][j] is signal i in column j.
	Cells [][]Cell
}

// ColumnAllOOD is the column name of the cross-regime comparison.
const ColumnAllOOD = "all OOD"

// ColumnKey is a column as part of a results key: "all OOD" → "all_ood",
// a regime's column its name.
func ColumnKey(col string) string {
	if col == ColumnAllOOD {
		return "all_ood"
	}
	return col
}

// Get returns the cell of a signal and column.
func (t *AUROCTable) Get(signal, column string) (Cell, bool) {
	for i, s := range t.Signals {
		if s != signal {
			continue
		}
		for j, c := range t.Columns {
			if c == column {
				return t.Cells[i][j], true
			}
		}
	}
	return Cell{}, false
}

// CrossRegime computes, for each signal, the AUROC of in-domain records
// (negatives; see InDomain) against all other records (positives), with a
// bootstrap interval of reps resamples (reps <= 0: 2000) seeded by seed.
// signals nil means Signals. It returns an error when there are no
// in-domain or no OOD records, or a record lacks a signal or holds NaN
// for it.
func CrossRegime(records []Record, signals []string, reps int, seed int64) (*AUROCTable, error) {
	return build("probe.CrossRegime", records, signals, []Comparison{{Column: ColumnAllOOD}}, reps, seed)
}

// PerRegime is CrossRegime with one column per out-of-domain regime
// present in the records (in the order of Regimes, unknown regimes after
// them, sorted): in-domain against that regime alone.
func PerRegime(records []Record, signals []string, reps int, seed int64) (*AUROCTable, error) {
	var comps []Comparison
	for _, r := range oodRegimes(records) {
		comps = append(comps, Comparison{Column: r, Pos: []string{r}})
	}
	if len(comps) == 0 {
		return nil, fmt.Errorf("probe.PerRegime: no out-of-domain records among %d", len(records))
	}
	return build("probe.PerRegime", records, signals, comps, reps, seed)
}

// oodRegimes lists the regimes of the out-of-domain records in table
// order: those of Regimes first, the others sorted.
func oodRegimes(records []Record) []string {
	seen := map[string]bool{}
	for _, r := range records {
		if !InDomain(r.Regime, r.Group) {
			seen[r.Regime] = true
		}
	}
	return orderRegimes(seen)
}

// orderRegimes orders a set of regimes: those of Regimes first, in their
// order, the others sorted.
func orderRegimes(seen map[string]bool) []string {
	var cols, extra []string
	known := map[string]bool{}
	for _, r := range Regimes {
		known[r] = true
		if seen[r] {
			cols = append(cols, r)
		}
	}
	for r := range seen {
		if !known[r] {
			extra = append(extra, r)
		}
	}
	sort.Strings(extra)
	return append(cols, extra...)
}

// CompareTable is the general form of CrossRegime and PerRegime: one
// column per comparison.
func CompareTable(records []Record, signals []string, comps []Comparison, reps int, seed int64) (*AUROCTable, error) {
	if len(comps) == 0 {
		return nil, fmt.Errorf("probe.CompareTable: no comparisons")
	}
	return build("probe.CompareTable", records, signals, comps, reps, seed)
}

func build(fn string, records []Record, signals []string, comps []Comparison, reps int, seed int64) (*AUROCTable, error) {
	if signals == nil {
		signals = Signals
	}
	if len(signals) == 0 {
		return nil, fmt.Errorf("%s: no signals", fn)
	}
	cols := make([]string, len(comps))
	for j, c := range comps {
		cols[j] = c.Column
	}
	t := &AUROCTable{Signals: signals, Columns: cols, Cells: make([][]Cell, len(signals))}
	for i, sig := range signals {
		t.Cells[i] = make([]Cell, len(comps))
		for j, comp := range comps {
			neg, pos, err := comp.Scores(records, sig)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", fn, err)
			}
			a, err := AUROC(neg, pos)
			if err != nil {
				return nil, fmt.Errorf("%s: signal %q, column %q: %w", fn, sig, comp.Column, err)
			}
			lo, hi := BootstrapAUROC(neg, pos, reps, seed+int64(1000*i+j))
			t.Cells[i][j] = Cell{AUROC: a, Lo: lo, Hi: hi, NNeg: len(neg), NPos: len(pos)}
		}
	}
	return t, nil
}

// best returns, per column, the row index of the largest AUROC among
// the model's signals (baselines are not candidates; -1 when a table has
// only baselines).
func (t *AUROCTable) best() []int {
	b := make([]int, len(t.Columns))
	for j := range t.Columns {
		b[j] = -1
		for i, s := range t.Signals {
			if IsBaseline(s) {
				continue
			}
			if b[j] < 0 || t.Cells[i][j].AUROC > t.Cells[b[j]][j].AUROC {
				b[j] = i
			}
		}
	}
	return b
}

// header returns the column headings with class sizes: "gibberish (30 vs 30)".
func (t *AUROCTable) header() []string {
	h := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		h[j] = c
		if len(t.Cells) > 0 {
			h[j] = fmt.Sprintf("%s (%d vs %d)", c, t.Cells[0][j].NNeg, t.Cells[0][j].NPos)
		}
	}
	return h
}

// Markdown renders the table: one row per signal, "AUROC [lo, hi]" per
// cell, the best signal of each column in bold.
func (t *AUROCTable) Markdown() string {
	var sb strings.Builder
	if t.Title != "" {
		fmt.Fprintf(&sb, "**%s**\n\n", t.Title)
	}
	sb.WriteString("| signal | " + strings.Join(t.header(), " | ") + " |\n")
	sb.WriteString("|---" + strings.Repeat("|---:", len(t.Columns)) + "|\n")
	best := t.best()
	for i, s := range t.Signals {
		sb.WriteString("| " + s)
		for j := range t.Columns {
			c := t.Cells[i][j]
			v := fmt.Sprintf("%.3f", c.AUROC)
			if best[j] == i {
				v = "**" + v + "**"
			}
			fmt.Fprintf(&sb, " | %s [%.3f, %.3f]", v, c.Lo, c.Hi)
		}
		sb.WriteString(" |\n")
	}
	sb.WriteString("\nAUROC (Mann–Whitney, ties ½), in_domain = negative class, 95 % bootstrap interval.\n")
	return sb.String()
}

// HTML renders the table as an HTML <table> (for notebooks); the best
// signal of each column is bold.
func (t *AUROCTable) HTML() string {
	var sb strings.Builder
	sb.WriteString("<table>\n")
	if t.Title != "" {
		fmt.Fprintf(&sb, "<caption>%s</caption>\n", html.EscapeString(t.Title))
	}
	sb.WriteString("<thead><tr><th>signal</th>")
	for _, h := range t.header() {
		fmt.Fprintf(&sb, "<th>%s</th>", html.EscapeString(h))
	}
	sb.WriteString("</tr></thead>\n<tbody>\n")
	best := t.best()
	for i, s := range t.Signals {
		fmt.Fprintf(&sb, "<tr><td>%s</td>", html.EscapeString(s))
		for j := range t.Columns {
			c := t.Cells[i][j]
			v := fmt.Sprintf("%.3f", c.AUROC)
			if best[j] == i {
				v = "<b>" + v + "</b>"
			}
			fmt.Fprintf(&sb, "<td style=\"text-align:right\">%s [%.3f, %.3f]</td>", v, c.Lo, c.Hi)
		}
		sb.WriteString("</tr>\n")
	}
	sb.WriteString("</tbody>\n</table>\n")
	return sb.String()
}

// String returns the Markdown rendering.
func (t *AUROCTable) String() string { return t.Markdown() }
