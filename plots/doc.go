// Package plots draws the figures Trigo's notebooks and reports need —
// loss curves, ROC curves, histograms, bar charts with error bars and
// router heatmaps — with gonum.org/v1/plot, and renders them to PNG or SVG.
//
// Every constructor takes plain slices and structs (no generics, no engine
// types), so the package reads well from an interpreted notebook cell:
//
//	plots.Loss(plots.Series{Name: "lite", Train: loss})
//	plots.ROC(plots.Curve{Name: "router entropy", FPR: fpr, TPR: tpr})
//	plots.Bars([]string{"a", "b"}, []float64{0.7, 0.8}, nil, nil)
//
// Each returns a *Figure. A Figure has a MIMEBundle method (a PNG and a
// one-line text; the SVG too after WithSVG), so a notebook kernel following
// the gophernotes convention shows it inline when it is a cell's last
// value; PNG, SVG and Save render it yourself.
//
// # Errors
//
// Constructors panic on bad input (mismatched lengths, empty data, NaN
// where a number is required) with a message that starts with the
// function's name, e.g.
//
//	plots.Bars: len(values)=3 but len(labels)=4
//
// This follows gonum's convention for dimension mismatches: bad input is a
// programming error, and in a notebook the kernel turns the panic into an
// error reply. Rendering never panics on valid figures; Save returns the
// I/O error, if any.
package plots
