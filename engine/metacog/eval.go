package metacog

import (
	"fmt"
	"html"
	"strings"

	"trigo/engine/chatdata"
	"trigo/engine/model"
	"trigo/engine/probe"
	"trigo/plots"
)

// DefaultReps is the number of bootstrap resamples of the AUROC intervals.
const DefaultReps = 2000

// BootstrapSeed seeds the bootstrap, so tables are the same run to run.
const BootstrapSeed = 1

// ProbeReport is one model's metacognition probe: the per-prompt signals
// and the cross- and per-regime AUROC tables. Its Markdown and HTML
// renderings show both tables; ROC draws the curves.
type ProbeReport struct {
	// Model is the config name.
	Model string
	// Records holds each prompt's signals.
	Records []probe.Record
	// Signals are the signals in the tables (SignalsFor the model).
	Signals []string
	// Note names the signals that do not apply ("" when none).
	Note string
	// Cross is in_domain against all OOD prompts; Per against each regime.
	Cross, Per *probe.AUROCTable
}

// RunProbe computes the signals of every prompt with Probe and the AUROC
// tables with reps bootstrap resamples (≤ 0: DefaultReps).
func RunProbe(m *model.Model, prompts []probe.Prompt, reps int) (*ProbeReport, error) {
	if reps <= 0 {
		reps = DefaultReps
	}
	r := &ProbeReport{Model: m.Spec.Name, Records: Probe(m, prompts), Signals: SignalsFor(m), Note: NotApplicable(m)}
	var err error
	if r.Cross, err = probe.CrossRegime(r.Records, r.Signals, reps, BootstrapSeed); err != nil {
		return nil, err
	}
	if r.Per, err = probe.PerRegime(r.Records, r.Signals, reps, BootstrapSeed); err != nil {
		return nil, err
	}
	r.Cross.Title = "cross-regime AUROC: in_domain vs all OOD prompts"
	r.Per.Title = "per-regime AUROC: in_domain vs each regime"
	return r, nil
}

// Markdown renders both tables and the note.
func (r *ProbeReport) Markdown() string {
	s := r.Cross.Markdown() + "\n" + r.Per.Markdown()
	if r.Note != "" {
		s += "\n" + r.Note + "\n"
	}
	return s
}

// HTML renders both tables and the note (a notebook cell's last value
// shows as tables).
func (r *ProbeReport) HTML() string {
	s := r.Cross.HTML() + r.Per.HTML()
	if r.Note != "" {
		s += "<p>" + html.EscapeString(r.Note) + "</p>\n"
	}
	return s
}

// String is the Markdown rendering.
func (r *ProbeReport) String() string { return r.Markdown() }

// Scores returns one signal's values of the in-domain prompts (neg) and
// of the prompts in column ("all OOD" or an OOD regime) (pos).
func (r *ProbeReport) Scores(signal, column string) (neg, pos []float64) {
	for _, rec := range r.Records {
		v, ok := rec.Signals[signal]
		if !ok {
			continue
		}
		switch {
		case rec.Regime == probe.RegimeInDomain:
			neg = append(neg, v)
		case column == probe.ColumnAllOOD || rec.Regime == column:
			pos = append(pos, v)
		}
	}
	return neg, pos
}

// Curves returns the ROC curve of each signal for one column, with the
// table's AUROC and interval in the legend.
func (r *ProbeReport) Curves(column string) []plots.Curve {
	tab := r.Per
	if column == probe.ColumnAllOOD {
		tab = r.Cross
	}
	var cs []plots.Curve
	for _, s := range r.Signals {
		neg, pos := r.Scores(s, column)
		if len(neg) == 0 || len(pos) == 0 {
			continue
		}
		fpr, tpr := probe.ROCCurve(neg, pos)
		c := plots.Curve{Name: s, FPR: fpr, TPR: tpr}
		if cell, ok := tab.Get(s, column); ok {
			c.AUC, c.Lo, c.Hi = cell.AUROC, cell.Lo, cell.Hi
		}
		cs = append(cs, c)
	}
	return cs
}

// ROC draws the ROC curves of every signal for one column ("all OOD" or
// an OOD regime).
func (r *ProbeReport) ROC(column string) *plots.Figure {
	return plots.ROC(r.Curves(column)...).WithTitle(fmt.Sprintf("%s: in_domain vs %s", r.Model, column))
}

// ReplySet is a model's greedy replies to a prompt set and how many of
// them are abstentions (chatdata.IsAbstain).
type ReplySet struct {
	// Prompts are the prompts asked.
	Prompts []probe.Prompt
	// Replies are the greedy replies, one per prompt.
	Replies []string
	// AbstainP is the abstain head's probability per prompt.
	AbstainP []float64
	// Abstained counts the replies that are the abstain template.
	Abstained int
}

// Ask answers every prompt greedily (Replies) and computes abstain_p.
func Ask(m *model.Model, prompts []probe.Prompt) *ReplySet {
	msgs := make([]string, len(prompts))
	for i, p := range prompts {
		msgs[i] = p.Prompt
	}
	rs := &ReplySet{Prompts: prompts, Replies: Replies(m, msgs, 0)}
	for _, s := range Signals(m, msgs, 0) {
		rs.AbstainP = append(rs.AbstainP, s[probe.SignalAbstainP])
	}
	for _, r := range rs.Replies {
		if chatdata.IsAbstain(r) {
			rs.Abstained++
		}
	}
	return rs
}

// N is the number of prompts.
func (rs *ReplySet) N() int { return len(rs.Prompts) }

// Rate is the share of abstentions.
func (rs *ReplySet) Rate() float64 {
	if rs.N() == 0 {
		return 0
	}
	return float64(rs.Abstained) / float64(rs.N())
}

// MeanAbstainP is the mean abstain-head probability over the set.
func (rs *ReplySet) MeanAbstainP() float64 {
	var s float64
	for _, p := range rs.AbstainP {
		s += p
	}
	return s / float64(max(len(rs.AbstainP), 1))
}

// Markdown is a table of prompt, reply, abstained and abstain_p.
func (rs *ReplySet) Markdown() string {
	var b strings.Builder
	b.WriteString("| id | prompt | reply | abstained | abstain_p |\n|---|---|---|:-:|---:|\n")
	for i, p := range rs.Prompts {
		mark := ""
		if chatdata.IsAbstain(rs.Replies[i]) {
			mark = "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %.3f |\n", p.ID, mdCell(p.Prompt), mdCell(rs.Replies[i]), mark, rs.AbstainP[i])
	}
	return b.String()
}

// HTML is the Markdown table as HTML.
func (rs *ReplySet) HTML() string {
	var b strings.Builder
	b.WriteString("<table><thead><tr><th>id</th><th>prompt</th><th>reply</th><th>abstained</th><th>abstain_p</th></tr></thead><tbody>\n")
	for i, p := range rs.Prompts {
		mark := ""
		if chatdata.IsAbstain(rs.Replies[i]) {
			mark = "yes"
		}
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td><code>%s</code></td><td>%s</td><td>%.3f</td></tr>\n",
			html.EscapeString(p.ID), html.EscapeString(p.Prompt), html.EscapeString(rs.Replies[i]), mark, rs.AbstainP[i])
	}
	b.WriteString("</tbody></table>\n")
	return b.String()
}

// mdCell makes text safe inside a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.ReplaceAll(s, "\n", " ")
	if s == "" {
		return "(empty)"
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

// SetsReport is one model's probe over several prompt sets
// (probe.SetsReport) with the model's name and the note on signals that
// do not apply.
type SetsReport struct {
	// Model is the config name; Note as in ProbeReport.
	Model, Note string
	// Sets holds each set's tables and the claims checked across them.
	Sets *probe.SetsReport
}

// RunProbeSets probes every set (Probe), adds the trivial baselines and
// text statistics (probe.AnalyzeSet) and checks the claims across the
// sets (probe.CompareSets), with reps bootstrap resamples (≤ 0:
// DefaultReps). Set names must differ.
func RunProbeSets(m *model.Model, sets []probe.PromptSet, reps int) (*SetsReport, error) {
	if reps <= 0 {
		reps = DefaultReps
	}
	seen := map[string]bool{}
	var reports []*probe.SetReport
	for _, s := range sets {
		if seen[s.Name] {
			return nil, fmt.Errorf("metacog.RunProbeSets: two sets named %q", s.Name)
		}
		seen[s.Name] = true
		sr, err := probe.AnalyzeSet(s.Name, s.Prompts, Probe(m, s.Prompts), SignalsFor(m), reps, BootstrapSeed)
		if err != nil {
			return nil, err
		}
		reports = append(reports, sr)
	}
	all, err := probe.CompareSets(reports)
	if err != nil {
		return nil, err
	}
	return &SetsReport{Model: m.Spec.Name, Note: NotApplicable(m), Sets: all}, nil
}

// Markdown renders the report and the note.
func (r *SetsReport) Markdown() string {
	s := r.Sets.Markdown()
	if r.Note != "" {
		s += r.Note + "\n"
	}
	return s
}

// HTML renders the report and the note.
func (r *SetsReport) HTML() string {
	s := r.Sets.HTML()
	if r.Note != "" {
		s += "<p>" + html.EscapeString(r.Note) + "</p>\n"
	}
	return s
}

// String is the Markdown rendering.
func (r *SetsReport) String() string { return r.Markdown() }

// ROC draws the ROC curves of the model's signals on one column of one
// set, with the table's AUROC and interval in the legend.
func (r *SetsReport) ROC(set, column string) (*plots.Figure, error) {
	s, ok := r.Sets.Set(set)
	if !ok {
		return nil, fmt.Errorf("metacog: no prompt set %q in the report", set)
	}
	comp, ok := s.Comp(column)
	if !ok {
		return nil, fmt.Errorf("metacog: set %s has no column %q", set, column)
	}
	var cs []plots.Curve
	for _, sig := range s.Signals {
		neg, pos, err := comp.Scores(s.Records, sig)
		if err != nil {
			return nil, err
		}
		fpr, tpr := probe.ROCCurve(neg, pos)
		c := plots.Curve{Name: sig, FPR: fpr, TPR: tpr}
		if cell, ok := s.Table.Get(sig, column); ok {
			c.AUC, c.Lo, c.Hi = cell.AUROC, cell.Lo, cell.Hi
		}
		cs = append(cs, c)
	}
	return plots.ROC(cs...).WithTitle(fmt.Sprintf("%s, %s: %s", r.Model, set, column)), nil
}
