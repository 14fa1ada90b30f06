// Package probe holds the metacognition evaluation's data handling and
// statistics: loading the prompt sets under prompts/ (LoadPrompts), the
// Mann–Whitney AUROC with bootstrap intervals and ROC curves, the
// cross-regime and per-regime AUROC tables (with Markdown and HTML
// renderings for notebooks), the abstain gate and false-inability rate,
// and Welch's t-test for the seed comparisons.
//
// It takes plain slices and maps, so it does not depend on the model:
// whoever computes the per-prompt signals fills Records and calls
// CrossRegime / PerRegime. See docs/probe.md.
package probe
