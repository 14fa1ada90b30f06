package probe

import (
	"fmt"
	"html"
	"strings"
)

// Claim is one comparison checked on every set: the evidence per set and
// on which sets it holds.
type Claim struct {
	// Column is the comparison's column; Claim says what is claimed
	// ("router_entropy_mean below max_softmax_mean").
	Column, Claim string
	// Evidence is each set's number behind its verdict, by set name.
	Evidence map[string]string
	// Holds sorts the sets by verdict.
	Holds Holds
	// Point says whether the point estimates agree across the sets that
	// have the comparison, whatever the intervals ("same sign on every
	// set", "same winner on every set", or how they differ).
	Point string
}

// SetsReport is a probe over several prompt sets: each set's report and
// the claims checked across them.
type SetsReport struct {
	// Sets are the sets in order; the first is the reference for winners.
	Sets []*SetReport
	// N1 checks "router_entropy_mean below max_softmax_mean" per column
	// (empty when the model has no router).
	N1 []Claim
	// Winners checks, per column, that the first set's winning signal
	// wins on every set.
	Winners []Claim
}

// The two signals of N1's claim.
const n1A, n1B = SignalRouterEntropy, SignalMaxSoftmax

// CompareSets checks the claims across the sets. Columns are those of any
// set, in first-appearance order, the in-domain mix left out; a set
// without a column is listed as absent.
//
// N1 holds on a set when the paired interval of AUROC(router entropy) −
// AUROC(max_softmax) lies below 0, is reversed when above. The winner of
// a column is the model signal with the largest AUROC on the first set
// that has it; it holds on a set that has the same winner with a paired
// lead over the runner-up that excludes 0, is reversed on a set where it
// falls significantly below that set's winner, and is undecided
// otherwise.
func CompareSets(sets []*SetReport) (*SetsReport, error) {
	if len(sets) == 0 {
		return nil, fmt.Errorf("probe.CompareSets: no sets")
	}
	r := &SetsReport{Sets: sets}
	names := r.names()
	withN1 := contains(sets[0].Signals, n1A) && contains(sets[0].Signals, n1B)
	for _, col := range r.Columns() {
		n1 := Claim{Column: col, Claim: n1A + " below " + n1B, Evidence: map[string]string{}}
		win := Claim{Column: col, Evidence: map[string]string{}}
		n1v, winv := map[string]int{}, map[string]int{}
		ref := ""
		var signs, winners []string
		for _, s := range sets {
			w, ok := s.Winners[col]
			if !ok {
				continue
			}
			if withN1 {
				d, err := s.Paired(n1A, n1B, col)
				if err != nil {
					return nil, err
				}
				n1v[s.Name] = -d.Sign()
				n1.Evidence[s.Name] = d.String()
				if d.Diff < 0 {
					signs = append(signs, s.Name+" below")
				} else {
					signs = append(signs, s.Name+" not below")
				}
			}
			winners = append(winners, s.Name+" "+w.Signal)
			if ref == "" {
				ref = w.Signal
				win.Claim = ref + " wins"
			}
			switch {
			case w.Signal == ref:
				winv[s.Name] = w.Lead.Sign()
				win.Evidence[s.Name] = fmt.Sprintf("%s, lead %s", w.Signal, w.Lead)
			default:
				d, err := s.Paired(ref, w.Signal, col)
				if err != nil {
					return nil, err
				}
				winv[s.Name] = min(d.Sign(), 0)
				win.Evidence[s.Name] = fmt.Sprintf("%s; %s − it %s", w.Signal, ref, d)
			}
		}
		n1.Holds, win.Holds = HoldsOf(names, n1v), HoldsOf(names, winv)
		n1.Point = agree(signs, "same sign on every set", "point estimates differ: ")
		win.Point = agree(winners, "same winner on every set", "winners differ: ")
		if withN1 {
			r.N1 = append(r.N1, n1)
		}
		r.Winners = append(r.Winners, win)
	}
	return r, nil
}

// agree summarises "SET VALUE" items: same when every VALUE is equal
// (and there are at least two), else differ followed by the items.
func agree(items []string, same, differ string) string {
	if len(items) < 2 {
		return ""
	}
	val := func(s string) string { return s[strings.IndexByte(s, ' ')+1:] }
	for _, it := range items[1:] {
		if val(it) != val(items[0]) {
			return differ + strings.Join(items, ", ")
		}
	}
	return same
}

func (r *SetsReport) names() []string {
	var ns []string
	for _, s := range r.Sets {
		ns = append(ns, s.Name)
	}
	return ns
}

// Columns lists the non-mix columns of all sets in first-appearance order.
func (r *SetsReport) Columns() []string {
	var cols []string
	for _, s := range r.Sets {
		for _, c := range s.Comps {
			if !c.Mix && !contains(cols, c.Column) {
				cols = append(cols, c.Column)
			}
		}
	}
	return cols
}

// Set returns the set of a name.
func (r *SetsReport) Set(name string) (*SetReport, bool) {
	for _, s := range r.Sets {
		if s.Name == name {
			return s, true
		}
	}
	return nil, false
}

// grid is a table rendered as Markdown or HTML.
type grid struct {
	head []string
	rows [][]string
}

func (g grid) markdown() string {
	var b strings.Builder
	b.WriteString("| " + strings.Join(g.head, " | ") + " |\n|" + strings.Repeat("---|", len(g.head)) + "\n")
	for _, row := range g.rows {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	return b.String()
}

func (g grid) html() string {
	var b strings.Builder
	b.WriteString("<table><thead><tr>")
	for _, h := range g.head {
		b.WriteString("<th>" + html.EscapeString(h) + "</th>")
	}
	b.WriteString("</tr></thead><tbody>\n")
	for _, row := range g.rows {
		b.WriteString("<tr>")
		for _, c := range row {
			b.WriteString("<td>" + html.EscapeString(strings.ReplaceAll(c, "**", "")) + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table>\n")
	return b.String()
}

// section is a heading, a paragraph and a table; key names it for
// MarkdownOf.
type section struct {
	key, title, text string
	g                grid
}

func (r *SetsReport) sections() []section {
	names := r.names()
	var out []section

	sets := grid{head: []string{"set", "prompts", "in-domain", "OOD", "regimes"}}
	for _, s := range r.Sets {
		var in, ood int
		var regs []string
		for _, st := range s.Stats {
			regs = append(regs, fmt.Sprintf("%s %d", st.Regime, st.N))
		}
		for _, rec := range s.Records {
			if InDomain(rec.Regime, rec.Group) {
				in++
			} else {
				ood++
			}
		}
		sets.rows = append(sets.rows, []string{s.Name, fmt.Sprint(len(s.Records)), fmt.Sprint(in), fmt.Sprint(ood), strings.Join(regs, ", ")})
	}
	out = append(out, section{"sets", "Prompt sets", "", sets})

	cross := grid{head: append([]string{"signal"}, names...)}
	for _, sig := range r.Sets[0].Table.Signals {
		row := []string{sig}
		for _, s := range r.Sets {
			c, ok := s.Table.Get(sig, ColumnAllOOD)
			cell := "—"
			if ok {
				cell = c.String()
				if w := s.Winners[ColumnAllOOD]; w.Signal == sig {
					cell = "**" + cell + "**"
				}
			}
			row = append(row, cell)
		}
		cross.rows = append(cross.rows, row)
	}
	out = append(out, section{"cross", "Cross-regime AUROC on each set",
		"In-domain against all out-of-domain prompts of the set, 95 % bootstrap interval; the best model signal in bold. " +
			"The last rows are trivial baselines computed from the prompt bytes alone (larger = OOD; below 0.5 the reverse direction separates).", cross})

	claims := func(key, title, text string, cs []Claim) {
		g := grid{head: append(append([]string{"column"}, names...), "verdict")}
		for _, c := range cs {
			row := []string{c.Column}
			if c.Claim != "" && !strings.HasPrefix(c.Claim, n1A+" below") {
				row[0] += ": " + c.Claim
			}
			for _, n := range names {
				e, ok := c.Evidence[n]
				if !ok {
					e = "—"
				}
				row = append(row, e)
			}
			v := c.Holds.String()
			if c.Point != "" {
				v += " (" + c.Point + ")"
			}
			row = append(row, v)
			g.rows = append(g.rows, row)
		}
		out = append(out, section{key, title, text, g})
	}
	if len(r.N1) > 0 {
		claims("n1", "Does N1 hold on every set? router_entropy_mean below max_softmax_mean",
			"Per set: AUROC(router_entropy_mean) − AUROC(max_softmax_mean) and its paired bootstrap 95 % interval. "+
				"The claim holds on a set when the interval lies below 0, is reversed when it lies above, and is not distinguishable otherwise.", r.N1)
	}
	claims("winners", "Does each column's winner hold on every set?",
		"The winner is the model signal with the largest AUROC on the first set that has the column. Per set: that set's winner and "+
			"its paired lead over the runner-up, or, where another signal wins, the first winner's paired difference to it. "+
			"Holds: same winner with a lead that excludes 0; reversed: the first winner significantly below that set's winner.", r.Winners)

	sum := grid{head: append([]string{"model signal"}, names...)}
	for _, sig := range r.Sets[0].Signals {
		row := []string{sig}
		for _, s := range r.Sets {
			var cols []string
			for _, b := range s.Beats {
				if b.Signal == sig && b.Significant() && !contains(cols, b.Column) {
					cols = append(cols, b.Column)
				}
			}
			cell := "none"
			if len(cols) > 0 {
				cell = strings.Join(cols, ", ")
			}
			row = append(row, cell)
		}
		sum.rows = append(sum.rows, row)
	}
	out = append(out, section{"bytes", "Where a byte count beats the model",
		"A signal that a byte count beats is not a metacognition signal. Per model signal and set: the comparisons on which a trivial baseline " +
			"(prompt length in bytes, or share of non-letter bytes) has a significantly larger AUROC (paired 95 % interval of the difference above 0). " +
			"The baseline is taken in whichever direction separates better on that set, which flatters it a little.", sum})
	beats := grid{head: []string{"set", "column", "baseline", "AUROC", "beats significantly", "beats, interval contains 0"}}
	for _, s := range r.Sets {
		for i := 0; i < len(s.Beats); {
			b0 := s.Beats[i]
			var sig, weak []string
			for ; i < len(s.Beats) && s.Beats[i].Column == b0.Column && s.Beats[i].Baseline == b0.Baseline; i++ {
				b := s.Beats[i]
				e := fmt.Sprintf("%s %.3f (%s)", b.Signal, b.Diff.AUROCB, b.Diff)
				if b.Significant() {
					sig = append(sig, e)
				} else {
					weak = append(weak, e)
				}
			}
			dir := "larger = OOD"
			if b0.Lower {
				dir = "smaller = OOD"
			}
			beats.rows = append(beats.rows, []string{s.Name, b0.Column, b0.Baseline + " (" + dir + ")", fmt.Sprintf("%.3f", b0.Diff.AUROCA),
				strings.Join(sig, "; "), strings.Join(weak, "; ")})
		}
	}
	text := "Each row: a baseline and the model signals whose AUROC it exceeds on that comparison, with the paired difference " +
		"baseline − signal and its 95 % interval."
	if len(beats.rows) == 0 {
		text = "No trivial baseline beats a model signal on any comparison of any set."
	}
	out = append(out, section{"bytes_detail", "Byte-count baselines that beat a model signal", text, beats})
	return out
}

// Markdown renders the cross-set sections, then each set's text
// statistics and AUROC table.
func (r *SetsReport) Markdown() string {
	var b strings.Builder
	b.WriteString(r.MarkdownOf())
	for _, s := range r.Sets {
		b.WriteString(s.Markdown())
	}
	return b.String()
}

// MarkdownOf renders some of the cross-set sections, by key, in the
// given order: "sets" (the sets and their regimes), "cross" (cross-regime
// AUROC per set), "n1" (N1's claim per column), "winners" (each column's
// winner), "bytes" (where a byte count beats a model signal), and
// "bytes_detail" (every baseline that beats a signal); no keys: all of
// them. Headings are level 2.
func (r *SetsReport) MarkdownOf(keys ...string) string {
	all := r.sections()
	var pick []section
	if len(keys) == 0 {
		pick = all
	}
	for _, k := range keys {
		for _, s := range all {
			if s.key == k {
				pick = append(pick, s)
			}
		}
	}
	var b strings.Builder
	for _, s := range pick {
		fmt.Fprintf(&b, "## %s\n\n", s.title)
		if s.text != "" {
			b.WriteString(s.text + "\n\n")
		}
		if len(s.g.rows) > 0 {
			b.WriteString(s.g.markdown() + "\n")
		}
	}
	return b.String()
}

// HTML renders the same as HTML (a notebook cell's last value shows it).
func (r *SetsReport) HTML() string {
	var b strings.Builder
	for _, s := range r.sections() {
		fmt.Fprintf(&b, "<h3>%s</h3>\n", html.EscapeString(s.title))
		if s.text != "" {
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(s.text))
		}
		if len(s.g.rows) > 0 {
			b.WriteString(s.g.html())
		}
	}
	for _, s := range r.Sets {
		fmt.Fprintf(&b, "<h3>set %s</h3>\n", html.EscapeString(s.Name))
		b.WriteString(s.statsGrid().html() + s.Table.HTML())
	}
	return b.String()
}

// String is the Markdown rendering.
func (r *SetsReport) String() string { return r.Markdown() }

func (s *SetReport) statsGrid() grid {
	g := grid{head: []string{"regime", "group", "n", "bytes mean", "min", "max", "letters", "non-letter", "uppercase"}}
	for _, st := range s.Stats {
		grp := st.Group
		if grp == "" {
			grp = GroupOOD
			if InDomain(st.Regime, "") {
				grp = GroupInDomain
			}
		}
		g.rows = append(g.rows, []string{st.Regime, grp, fmt.Sprint(st.N), fmt.Sprintf("%.1f", st.MeanBytes), fmt.Sprint(st.MinBytes),
			fmt.Sprint(st.MaxBytes), fmt.Sprintf("%.3f", st.Letters), fmt.Sprintf("%.3f", st.NonLetter), fmt.Sprintf("%.3f", st.Upper)})
	}
	return g
}

// StatsMarkdown renders the set's text statistics per regime.
func (s *SetReport) StatsMarkdown() string {
	return s.statsGrid().markdown() + "\nletters and non-letter: shares of the regime's bytes (non-letter = neither letter nor white space); uppercase: share of its letters.\n"
}

// Markdown renders the set's text statistics and AUROC table.
func (s *SetReport) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Set %s\n\n", s.Name)
	b.WriteString(s.StatsMarkdown() + "\n")
	b.WriteString(s.Table.Markdown())
	for _, c := range s.Comps {
		if c.Mix {
			fmt.Fprintf(&b, "\nThe column %q compares two in-domain regimes (%s as positives): a signal that "+
				"does not care how in-domain prompts are phrased scores near 0.5 there; one far from it moves with the in-domain mix of a set.\n", c.Column, c.Pos[0])
		}
	}
	b.WriteString("\n")
	return b.String()
}
