package probe

import (
	"fmt"
	"html"
	"math"
	"sort"
	"strings"

	"trigo/engine/chatdata"
	"trigo/engine/model"
	"trigo/engine/tensor"
	"trigo/plots"
)

// RoutingOptions configures RoutingWith.
type RoutingOptions struct {
	// Raw feeds each prompt's bytes alone (cut to the model's context);
	// false wraps the prompt in the chat template, "<user> MSG\n<assistant> "
	// (chatdata.UserPrompt), as the probe does.
	Raw bool
	// Template makes the summaries cover every input position, the chat
	// template's bytes included — the positions the probe's
	// router_entropy_mean averages over. False (the default) covers the
	// message bytes only: the template bytes are the same in every prompt
	// and would pull all regimes towards one another. Ignored with Raw.
	Template bool
	// Batch is the number of prompts per forward pass (<= 0: 16).
	Batch int
}

// RoutedPrompt is one prompt's routing: the router weights of every
// routed layer at every input position.
type RoutedPrompt struct {
	// ID and Regime come from the Prompt.
	ID, Regime string
	// Input is the byte sequence the model saw (the chat prompt, or the
	// prompt alone with RoutingOptions.Raw).
	Input []byte
	// From and To bound the positions [From, To) the summaries use: the
	// message bytes, or all of Input (Raw, or RoutingOptions.Template).
	From, To int
	// Weights[l][t][p] is the weight layer l's router gave pathway p at
	// position t of Input (each [l][t] row sums to 1).
	Weights [][][]float64
	// Entropy[l][t] is the entropy of Weights[l][t] in nats (the maximum
	// is log of the number of pathways).
	Entropy [][]float64
}

// RoutingTable holds the router weights of a model over a prompt set, per
// prompt × layer × position × pathway, with summaries (Mean, Shift,
// Weights, Entropy), figures (PlotMean, PlotShift, PlotWeights,
// PlotEntropy, PlotPrompt, PlotAlong) and a per-regime summary table as its display
// (HTML, Markdown); PlotMeans and PlotShifts tile the per-regime
// heatmaps, PlotAlongLayers a prompt's routing layer by layer.
// Build it with Routing or RoutingWith.
type RoutingTable struct {
	// Name labels the table in titles and legends; Routing sets it to the
	// model's config name, and a notebook may set it to the checkpoint's.
	Name string
	// Pathways names the router's outputs in order.
	Pathways []string
	// Layers is the number of routed layers.
	Layers int
	// Raw and Template record the RoutingOptions used.
	Raw, Template bool
	// Prompts holds one entry per prompt, in the order given.
	Prompts []RoutedPrompt
}

// Routing runs m (without gradients) over prompts wrapped in the chat
// template and records its router weights; see RoutingWith.
func Routing(m *model.Model, prompts []Prompt) (*RoutingTable, error) {
	return RoutingWith(m, prompts, RoutingOptions{})
}

// RoutingWith is Routing with options. It returns an error when m has no
// router (vanilla) or fewer than two pathways, or when prompts is empty.
// Prompts are cut to fit m's context (the message is cut, the template
// kept), as the probe does.
func RoutingWith(m *model.Model, prompts []Prompt, o RoutingOptions) (*RoutingTable, error) {
	paths := m.Pathways()
	if len(paths) < 2 {
		return nil, fmt.Errorf("probe.Routing: model %s has %d router pathways; routing needs a routed model (lite or multi)", m.Spec.Name, len(paths))
	}
	if len(prompts) == 0 {
		return nil, fmt.Errorf("probe.Routing: no prompts given")
	}
	batch := o.Batch
	if batch <= 0 {
		batch = 16
	}
	t := &RoutingTable{Name: m.Spec.Name, Pathways: paths, Raw: o.Raw, Template: o.Template && !o.Raw,
		Prompts: make([]RoutedPrompt, len(prompts))}
	for i, p := range prompts {
		in, from, to := routingInput(p.Prompt, m.Spec.Context, o)
		t.Prompts[i] = RoutedPrompt{ID: p.ID, Regime: p.Regime, Input: in, From: from, To: to}
	}
	for lo := 0; lo < len(prompts); lo += batch {
		routingBatch(m, t.Prompts[lo:min(lo+batch, len(prompts))])
	}
	t.Layers = len(t.Prompts[0].Weights)
	return t, nil
}

// routingInput returns the bytes fed for a prompt and the summarised span.
func routingInput(msg string, context int, o RoutingOptions) (in []byte, from, to int) {
	if o.Raw {
		in = []byte(msg)
		if len(in) > context {
			in = in[:context]
		}
		return in, 0, len(in)
	}
	msg = strings.ReplaceAll(msg, chatdata.EndOfTurn, " ")
	room := max(context-len(chatdata.UserTag)-len(chatdata.EndOfTurn)-len(chatdata.AssistantTag), 1)
	if len(msg) > room {
		msg = msg[:room]
	}
	in = chatdata.UserPrompt(msg)
	if o.Template {
		return in, 0, len(in)
	}
	return in, len(chatdata.UserTag), len(chatdata.UserTag) + len(msg)
}

// routingBatch runs one forward pass over ps, padded with newlines to the
// longest (the model is causal, so padding after a prompt does not change
// its positions), and fills Weights and Entropy.
func routingBatch(m *model.Model, ps []RoutedPrompt) {
	B, T := len(ps), 1
	for _, p := range ps {
		T = max(T, len(p.Input))
	}
	ids := make([]int, B*T)
	for i, p := range ps {
		for t := 0; t < T; t++ {
			if t < len(p.Input) {
				ids[i*T+t] = int(p.Input[t])
			} else {
				ids[i*T+t] = '\n'
			}
		}
	}
	tensor.NoGrad(func() {
		out := m.Forward(ids, B, T)
		P := len(m.Pathways())
		for i := range ps {
			n := len(ps[i].Input)
			ps[i].Weights = make([][][]float64, len(out.Router))
			ps[i].Entropy = make([][]float64, len(out.Router))
			for l, r := range out.Router {
				w := make([][]float64, n)
				e := make([]float64, n)
				for t := 0; t < n; t++ {
					row := make([]float64, P)
					for k := range row {
						row[k] = float64(r.Data[(i*T+t)*P+k])
					}
					w[t] = row
					e[t] = float64(out.RouterEntropy[l].Data[i*T+t])
				}
				ps[i].Weights[l], ps[i].Entropy[l] = w, e
			}
		}
	})
}

// Layer returns layer l's weights position × pathway over the whole input
// (for plots.RouterHeatmap); l = -1 averages over the layers.
func (p *RoutedPrompt) Layer(l int) [][]float64 {
	if l >= 0 {
		return p.Weights[l]
	}
	n, P := len(p.Input), len(p.Weights[0][0])
	out := make([][]float64, n)
	for t := range out {
		out[t] = make([]float64, P)
		for _, lw := range p.Weights {
			for k, v := range lw[t] {
				out[t][k] += v / float64(len(p.Weights))
			}
		}
	}
	return out
}

// MeanEntropy is the router entropy (nats) averaged over the layers and
// the summarised positions [From, To).
func (p *RoutedPrompt) MeanEntropy() float64 {
	var s float64
	for _, le := range p.Entropy {
		for _, v := range le[p.From:p.To] {
			s += v
		}
	}
	return s / float64(len(p.Entropy)*(p.To-p.From))
}

// Select returns the prompts of a regime, in table order: regime "" is
// every prompt, ColumnAllOOD ("all OOD") every prompt whose regime is not
// RegimeInDomain.
func (t *RoutingTable) Select(regime string) []*RoutedPrompt {
	var out []*RoutedPrompt
	for i := range t.Prompts {
		r := t.Prompts[i].Regime
		if regime == "" || r == regime || (regime == ColumnAllOOD && r != RegimeInDomain) {
			out = append(out, &t.Prompts[i])
		}
	}
	return out
}

// selectSome is Select that panics, naming the method, when no prompt
// has the regime: a typo in a regime name should not draw an empty figure.
func (t *RoutingTable) selectSome(fn, regime string) []*RoutedPrompt {
	ps := t.Select(regime)
	if len(ps) == 0 {
		panic(fmt.Sprintf("probe.RoutingTable.%s: no prompt of regime %q (the table has %s)", fn, regime, strings.Join(t.Regimes(), ", ")))
	}
	return ps
}

// Regimes lists the regimes present: those of Regimes first, in their
// order, then any others sorted.
func (t *RoutingTable) Regimes() []string {
	seen := map[string]bool{}
	for _, p := range t.Prompts {
		seen[p.Regime] = true
	}
	var out, extra []string
	for _, r := range Regimes {
		if seen[r] {
			out = append(out, r)
			delete(seen, r)
		}
	}
	for r := range seen {
		extra = append(extra, r)
	}
	sort.Strings(extra)
	return append(out, extra...)
}

// Prompt returns the prompt with the given id, or nil.
func (t *RoutingTable) Prompt(id string) *RoutedPrompt {
	for i := range t.Prompts {
		if t.Prompts[i].ID == id {
			return &t.Prompts[i]
		}
	}
	return nil
}

// Mean returns the mean router weight [layer][pathway] over the
// summarised positions of every prompt of regime (see Select; each
// position counts once, so longer prompts weigh more). It panics when
// no prompt has the regime.
func (t *RoutingTable) Mean(regime string) [][]float64 {
	ps := t.selectSome("Mean", regime)
	P := len(t.Pathways)
	out := make([][]float64, t.Layers)
	for l := range out {
		out[l] = make([]float64, P)
		n := 0
		for _, p := range ps {
			for _, row := range p.Weights[l][p.From:p.To] {
				for k, v := range row {
					out[l][k] += v
				}
				n++
			}
		}
		for k := range out[l] {
			out[l][k] /= float64(n)
		}
	}
	return out
}

// Shift returns Mean(regime) − Mean(RegimeInDomain): how much more (or
// less) weight each layer gives each pathway on that regime than on
// in-domain prompts.
func (t *RoutingTable) Shift(regime string) [][]float64 {
	a, b := t.Mean(regime), t.Mean(RegimeInDomain)
	for l := range a {
		for k := range a[l] {
			a[l][k] -= b[l][k]
		}
	}
	return a
}

// Weights returns the weight of pathway (an index into Pathways) at
// every summarised position of every prompt of regime, in layer l
// (l = -1: every layer, pooled). It panics when no prompt has the regime
// or l or pathway is out of range.
func (t *RoutingTable) Weights(regime string, l, pathway int) []float64 {
	ps := t.selectSome("Weights", regime)
	if l < -1 || l >= t.Layers {
		panic(fmt.Sprintf("probe.RoutingTable.Weights: layer %d outside [-1, %d)", l, t.Layers))
	}
	if pathway < 0 || pathway >= len(t.Pathways) {
		panic(fmt.Sprintf("probe.RoutingTable.Weights: pathway %d outside [0, %d)", pathway, len(t.Pathways)))
	}
	var out []float64
	for _, p := range ps {
		for li := range p.Weights {
			if l >= 0 && li != l {
				continue
			}
			for _, row := range p.Weights[li][p.From:p.To] {
				out = append(out, row[pathway])
			}
		}
	}
	return out
}

// Entropy returns each prompt's router entropy of regime (nats, mean over
// layers and summarised positions; RoutedPrompt.MeanEntropy), in table
// order.
func (t *RoutingTable) Entropy(regime string) []float64 {
	ps := t.selectSome("Entropy", regime)
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = p.MeanEntropy()
	}
	return out
}

// NormEntropy is Entropy divided by log(number of pathways), so that 1 is
// a uniform router and models with 3 and 5 pathways compare.
func (t *RoutingTable) NormEntropy(regime string) []float64 {
	e := t.Entropy(regime)
	for i := range e {
		e[i] /= math.Log(float64(len(t.Pathways)))
	}
	return e
}

// PlotMean draws Mean(regime) as a layer × pathway heatmap (values
// printed, colour scale fixed to [0, 1]).
func (t *RoutingTable) PlotMean(regime string) *plots.Figure {
	m := t.Mean(regime)
	return plots.RouterLayerMeans(m, t.Pathways, fmt.Sprintf("%s · %s (%d): mean weight", t.Name, regimeLabel(regime), len(t.Select(regime))))
}

// PlotShift draws Shift(regime) as a layer × pathway heatmap with a
// diverging colour scale centred on 0 (red: more weight than in-domain).
func (t *RoutingTable) PlotShift(regime string) *plots.Figure {
	s := t.Shift(regime)
	rows := make([]string, len(s))
	for i := range rows {
		rows[i] = fmt.Sprintf("layer %d", i)
	}
	return plots.Heatmap(s, rows, t.Pathways, fmt.Sprintf("%s · %s − in_domain", t.Name, regimeLabel(regime))).
		WithXLabel("pathway").WithYLabel("layer")
}

// TileWidth and TileHeight are the size in pixels of each heatmap in
// PlotMeans and PlotShifts: two side by side fill a notebook's width.
const (
	TileWidth  = 400
	TileHeight = 340
)

// PlotMeans tiles PlotMean of every regime (Regimes order), two to a row.
func (t *RoutingTable) PlotMeans() *plots.Tiled {
	var figs []*plots.Figure
	for _, r := range t.Regimes() {
		// Short titles: the tile is narrow, and the model is named around it.
		figs = append(figs, t.PlotMean(r).WithSize(TileWidth, TileHeight).
			WithTitle(fmt.Sprintf("%s (%d prompts): mean weight", r, len(t.Select(r)))))
	}
	return plots.Tile(2, figs...)
}

// PlotShifts tiles PlotShift of every regime but RegimeInDomain, two to
// a row. It panics when the table has no in-domain prompts.
func (t *RoutingTable) PlotShifts() *plots.Tiled {
	t.selectSome("PlotShifts", RegimeInDomain)
	var figs []*plots.Figure
	for _, r := range t.Regimes() {
		if r != RegimeInDomain {
			figs = append(figs, t.PlotShift(r).WithSize(TileWidth, TileHeight).WithTitle(r+" − in_domain"))
		}
	}
	if len(figs) == 0 {
		panic("probe.RoutingTable.PlotShifts: no regime besides in_domain")
	}
	return plots.Tile(2, figs...)
}

// PlotWeights draws the distribution of per-position router weights in
// layer l (-1: all layers pooled) as violins: one group per regime, one
// violin per pathway.
func (t *RoutingTable) PlotWeights(l int) *plots.Figure {
	regs := t.Regimes()
	series := make([]plots.ViolinSeries, len(t.Pathways))
	for k, name := range t.Pathways {
		series[k] = plots.ViolinSeries{Name: name, Values: make([][]float64, len(regs))}
		for g, r := range regs {
			series[k].Values[g] = t.Weights(r, l, k)
		}
	}
	where := fmt.Sprintf("layer %d", l)
	if l < 0 {
		where = fmt.Sprintf("all %d layers", t.Layers)
	}
	return plots.Violins(regs, series...).
		WithTitle(fmt.Sprintf("%s: router weight per position, %s", t.Name, where)).
		WithXLabel("regime").WithYLabel("router weight")
}

// PlotEntropy draws each regime's distribution of per-prompt router
// entropy (Entropy) as violins, in-domain first.
func (t *RoutingTable) PlotEntropy() *plots.Figure {
	return PlotRouterEntropy(false, t)
}

// PlotRouterEntropy draws the per-prompt router entropy of several tables
// side by side: one group of violins per regime (of the first table),
// one colour per table (named by RoutingTable.Name). With norm the
// entropies are divided by log(pathways) (NormEntropy), so that models
// with different pathway counts share a scale.
func PlotRouterEntropy(norm bool, tables ...*RoutingTable) *plots.Figure {
	if len(tables) == 0 {
		panic("probe.PlotRouterEntropy: no tables given")
	}
	regs := tables[0].Regimes()
	series := make([]plots.ViolinSeries, len(tables))
	for i, t := range tables {
		series[i] = plots.ViolinSeries{Name: t.Name, Values: make([][]float64, len(regs))}
		for g, r := range regs {
			if len(t.Select(r)) == 0 {
				continue // a regime this table lacks: no violin
			}
			if norm {
				series[i].Values[g] = t.NormEntropy(r)
			} else {
				series[i].Values[g] = t.Entropy(r)
			}
		}
	}
	y := "router entropy (nats)"
	if norm {
		y = "router entropy / log(pathways)"
	}
	title := "router entropy per prompt"
	if len(tables) == 1 {
		title = tables[0].Name + ": " + title
	}
	return plots.Violins(regs, series...).WithTitle(title).WithXLabel("regime").WithYLabel(y)
}

// PlotPrompt draws how routing moves along one prompt: its weights
// position × pathway in layer l (-1: mean over layers), rows labelled
// with the input bytes (plots.RouterHeatmap). It panics when no prompt
// has the id.
func (t *RoutingTable) PlotPrompt(id string, l int) *plots.Figure {
	p := t.Prompt(id)
	if p == nil {
		panic(fmt.Sprintf("probe.RoutingTable.PlotPrompt: no prompt with id %q", id))
	}
	if l < -1 || l >= t.Layers {
		panic(fmt.Sprintf("probe.RoutingTable.PlotPrompt: layer %d outside [-1, %d)", l, t.Layers))
	}
	where := fmt.Sprintf("layer %d", l)
	if l < 0 {
		where = fmt.Sprintf("mean of %d layers", t.Layers)
	}
	return plots.RouterHeatmap(p.Layer(l), plots.ByteLabels(p.Input), t.Pathways,
		fmt.Sprintf("%s: %s (%s), %s", t.Name, p.ID, p.Regime, where))
}

// PlotAlong draws how routing moves along one prompt as stacked columns:
// x is the byte position (labelled with the input bytes), each column
// split into the pathways' weights in layer l (-1: mean over layers);
// see plots.RouterAlong. It panics when no prompt has the id or l is out
// of range.
func (t *RoutingTable) PlotAlong(id string, l int) *plots.Figure {
	p := t.Prompt(id)
	if p == nil {
		panic(fmt.Sprintf("probe.RoutingTable.PlotAlong: no prompt with id %q", id))
	}
	if l < -1 || l >= t.Layers {
		panic(fmt.Sprintf("probe.RoutingTable.PlotAlong: layer %d outside [-1, %d)", l, t.Layers))
	}
	where := fmt.Sprintf("layer %d", l)
	if l < 0 {
		where = fmt.Sprintf("mean of %d layers", t.Layers)
	}
	return plots.RouterAlong(p.Layer(l), plots.ByteLabels(p.Input), t.Pathways,
		fmt.Sprintf("%s · %s (%s) · %s", t.Name, p.ID, p.Regime, where)).WithSize(800, 220)
}

// PlotAlongLayers tiles PlotAlong of every layer, one under another, so
// that layers that disagree are seen apart.
func (t *RoutingTable) PlotAlongLayers(id string) *plots.Tiled {
	figs := make([]*plots.Figure, t.Layers)
	for l := range figs {
		figs[l] = t.PlotAlong(id, l)
	}
	return plots.Tile(1, figs...)
}

// regimeLabel names a Select argument in titles.
func regimeLabel(regime string) string {
	if regime == "" {
		return "all prompts"
	}
	return regime
}

// routingRow is one regime's line of the summary table.
type routingRow struct {
	regime         string
	prompts, pos   int
	entMean, entSD float64
	weights        []float64 // mean over layers, per pathway
	entMin, entMax float64
}

// summary computes the summary table's rows, one per regime.
func (t *RoutingTable) summary() []routingRow {
	var rows []routingRow
	for _, r := range t.Regimes() {
		ps := t.Select(r)
		row := routingRow{regime: r, prompts: len(ps), weights: make([]float64, len(t.Pathways))}
		for _, p := range ps {
			row.pos += p.To - p.From
		}
		e := t.Entropy(r)
		row.entMin, row.entMax = e[0], e[0]
		for _, v := range e {
			row.entMean += v / float64(len(e))
			row.entMin, row.entMax = math.Min(row.entMin, v), math.Max(row.entMax, v)
		}
		for _, v := range e {
			row.entSD += (v - row.entMean) * (v - row.entMean)
		}
		if len(e) > 1 {
			row.entSD = math.Sqrt(row.entSD / float64(len(e)-1))
		}
		for _, lw := range t.Mean(r) {
			for k, v := range lw {
				row.weights[k] += v / float64(t.Layers)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// caption describes the table in one line.
func (t *RoutingTable) caption() string {
	in := "chat prompt, message bytes"
	switch {
	case t.Raw:
		in = "raw prompt, all bytes"
	case t.Template:
		in = "chat prompt, all bytes"
	}
	return fmt.Sprintf("%s: routing of %d prompts, %d layers × %d pathways (%s)", t.Name, len(t.Prompts), t.Layers, len(t.Pathways), in)
}

// Markdown renders the per-regime summary: prompts, summarised
// positions, per-prompt router entropy (mean ± sd, range) and the mean
// weight of each pathway over all layers.
func (t *RoutingTable) Markdown() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s**\n\n| regime | prompts | positions | entropy (nats) | range |", t.caption())
	for _, p := range t.Pathways {
		fmt.Fprintf(&sb, " %s |", p)
	}
	sb.WriteString("\n|---|---:|---:|---:|---:|" + strings.Repeat("---:|", len(t.Pathways)) + "\n")
	for _, r := range t.summary() {
		fmt.Fprintf(&sb, "| %s | %d | %d | %.3f ± %.3f | %.3f–%.3f |", r.regime, r.prompts, r.pos, r.entMean, r.entSD, r.entMin, r.entMax)
		for _, w := range r.weights {
			fmt.Fprintf(&sb, " %.3f |", w)
		}
		sb.WriteString("\n")
	}
	fmt.Fprintf(&sb, "\nEntropy: per prompt, mean over layers and positions (maximum log %d = %.3f). Pathway columns: mean weight over layers and positions.\n",
		len(t.Pathways), math.Log(float64(len(t.Pathways))))
	return sb.String()
}

// HTML renders the Markdown summary as an HTML table, for notebooks.
func (t *RoutingTable) HTML() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "<table>\n<caption>%s</caption>\n<thead><tr><th>regime</th><th>prompts</th><th>positions</th><th>entropy (nats)</th><th>range</th>", html.EscapeString(t.caption()))
	for _, p := range t.Pathways {
		fmt.Fprintf(&sb, "<th>%s</th>", html.EscapeString(p))
	}
	sb.WriteString("</tr></thead>\n<tbody>\n")
	const td = `<td style="text-align:right">`
	for _, r := range t.summary() {
		fmt.Fprintf(&sb, "<tr><td>%s</td>"+td+"%d</td>"+td+"%d</td>"+td+"%.3f ± %.3f</td>"+td+"%.3f–%.3f</td>",
			html.EscapeString(r.regime), r.prompts, r.pos, r.entMean, r.entSD, r.entMin, r.entMax)
		for _, w := range r.weights {
			fmt.Fprintf(&sb, td+"%.3f</td>", w)
		}
		sb.WriteString("</tr>\n")
	}
	fmt.Fprintf(&sb, "</tbody>\n</table>\n<p>Entropy: per prompt, mean over layers and positions (maximum log %d = %.3f). Pathway columns: mean weight over layers and positions.</p>\n",
		len(t.Pathways), math.Log(float64(len(t.Pathways))))
	return sb.String()
}

// String returns the Markdown rendering.
func (t *RoutingTable) String() string { return t.Markdown() }
