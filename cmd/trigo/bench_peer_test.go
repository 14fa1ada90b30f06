package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeProbe is tools/peer_blas.py's JSON as it looks on an Intel CPU that
// OpenBLAS 0.3.21 does not know: found as Prescott, SkylakeX the fastest.
const fakeProbe = `{
 "tool": "peer_blas", "date": "2026-12-03 10:00 UTC",
 "cpu_model": "Intel(R) Xeon(R) Platinum 8581C CPU @ 2.30GHz", "cpu_avx2": true,
 "cpu_flags": ["avx2", "avx512f"], "python": "/usr/bin/python3", "torch": "1.13.0a0",
 "threads": 2, "check_sizes": [7, 64, 513, 1024], "time_n": 1024, "tol": 0.0001,
 "as_found": {"OPENBLAS_CORETYPE": null, "OPENBLAS_L2_SIZE": null}, "as_found_core": "Prescott",
 "candidates": [
  {"name": "as-found", "env": {"OPENBLAS_CORETYPE": null, "OPENBLAS_L2_SIZE": null}, "core": "Prescott",
   "status": "ok", "correct": true, "max_rel_err": 6e-7, "gflops": 47.5, "gflops_median": 45.0, "fallback": true},
  {"name": "SkylakeX", "env": {"OPENBLAS_CORETYPE": "SkylakeX", "OPENBLAS_L2_SIZE": null}, "core": "SkylakeX",
   "status": "ok", "correct": true, "max_rel_err": 7e-7, "gflops": 270.1, "gflops_median": 250.0, "fallback": false},
  {"name": "Zen", "env": {"OPENBLAS_CORETYPE": "Zen", "OPENBLAS_L2_SIZE": null}, "core": "Zen",
   "status": "wrong", "correct": false, "max_rel_err": 0.3, "gflops": null, "gflops_median": null, "fallback": false,
   "detail": "n=513 nn: relative error 0.3 > 0.0001"},
  {"name": "Cooperlake", "env": {"OPENBLAS_CORETYPE": "Cooperlake", "OPENBLAS_L2_SIZE": null}, "core": null,
   "status": "crash", "correct": false, "max_rel_err": null, "gflops": null, "gflops_median": null, "fallback": false,
   "detail": "exit status -4: "}
 ],
 "chosen": {"name": "SkylakeX", "env": {"OPENBLAS_CORETYPE": "SkylakeX", "OPENBLAS_L2_SIZE": null}, "core": "SkylakeX",
   "status": "ok", "correct": true, "max_rel_err": 7e-7, "gflops": 270.1, "gflops_median": 250.0, "fallback": false},
 "fallback": false
}`

func mustParseProbe(t *testing.T, s string) *peerProbe {
	t.Helper()
	p, err := parsePeerProbe([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The chosen setting's environment reaches the peer: set variables set,
// null ones removed, and OpenBLAS's own thread count pinned.
func TestPeerProbeBestEnv(t *testing.T) {
	t.Setenv("OPENBLAS_CORETYPE", "Haswell")
	t.Setenv("OPENBLAS_L2_SIZE", "512")
	t.Setenv("OPENBLAS_NUM_THREADS", "64")
	p := mustParseProbe(t, fakeProbe)
	if len(p.Candidates) != 4 || p.Candidates[3].Status != "crash" || p.Candidates[3].Core != "" {
		t.Fatalf("parsed candidates %+v", p.Candidates)
	}
	s, err := choosePeer(p, "best")
	if err != nil {
		t.Fatal(err)
	}
	env := s.env(2)
	for _, want := range []string{"OPENBLAS_CORETYPE=SkylakeX", "OPENBLAS_NUM_THREADS=2"} {
		if !slices.Contains(env, want) {
			t.Errorf("peer env lacks %s", want)
		}
	}
	for _, kv := range env {
		if strings.HasPrefix(kv, "OPENBLAS_L2_SIZE=") || kv == "OPENBLAS_CORETYPE=Haswell" || kv == "OPENBLAS_NUM_THREADS=64" {
			t.Errorf("peer env keeps %s", kv)
		}
	}
	rep := s.report("2")
	for _, want := range []string{"PyTorch 1.13.0a0, OpenBLAS core SkylakeX", "fastest correct of 4 settings", "as found: Prescott",
		"OPENBLAS_CORETYPE=SkylakeX, OPENBLAS_L2_SIZE unset, OPENBLAS_NUM_THREADS=2"} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q:\n%s", want, rep)
		}
	}
	if err := s.checkRan("SkylakeX"); err != nil {
		t.Error(err)
	}
	if err := s.checkRan("Prescott"); !errors.As(err, new(peerRefusal)) || !strings.Contains(err.Error(), "ran OpenBLAS core Prescott") {
		t.Errorf("a peer that ran another core than chosen: %v, want a refusal naming it", err)
	}
}

// A peer on a fallback core, or with a wrong product, is refused with the
// kernel named and the fix.
func TestPeerProbeRefusals(t *testing.T) {
	p := mustParseProbe(t, fakeProbe)
	_, err := choosePeer(p, "as-found")
	if !errors.As(err, new(peerRefusal)) {
		t.Fatalf("as-found Prescott on an AVX2 CPU: %v, want a refusal", err)
	}
	for _, want := range []string{"core Prescott", "fallback", "Xeon", "--peer-env best", "OPENBLAS_CORETYPE"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("refusal %q lacks %q", err, want)
		}
	}

	// Only the fallback core is correct: best refuses too.
	onlyFallback := mustParseProbe(t, fakeProbe)
	onlyFallback.Candidates[1].Status, onlyFallback.Candidates[1].Correct = "wrong", false
	onlyFallback.Chosen = &onlyFallback.Candidates[0]
	onlyFallback.Fallback = true
	if _, err := choosePeer(onlyFallback, "best"); !errors.As(err, new(peerRefusal)) || !strings.Contains(err.Error(), "core Prescott") {
		t.Errorf("best is a fallback: %v, want a refusal naming Prescott", err)
	}

	// No correct setting at all.
	none := mustParseProbe(t, fakeProbe)
	none.Chosen = nil
	if _, err := choosePeer(none, "best"); !errors.As(err, new(peerRefusal)) || !strings.Contains(err.Error(), "Zen (core Zen): wrong") {
		t.Errorf("nothing correct: %v, want a refusal listing what was tried", err)
	}

	// As found, but wrong results.
	wrong := mustParseProbe(t, fakeProbe)
	wrong.Candidates[0].Status, wrong.Candidates[0].Fallback, wrong.Candidates[0].Detail = "wrong", false, "n=7 nn: relative error 1"
	if _, err := choosePeer(wrong, "as-found"); !errors.As(err, new(peerRefusal)) || !strings.Contains(err.Error(), "is wrong") {
		t.Errorf("as found and wrong: %v, want a refusal", err)
	}

	if _, err := choosePeer(p, "fastest"); err == nil {
		t.Error("--peer-env fastest accepted")
	}
}

func TestParsePeerProbeErrors(t *testing.T) {
	for _, bad := range []string{"", "Core: Haswell\n", `{"tool": "other", "candidates": [{}]}`, `{"tool": "peer_blas", "candidates": []}`} {
		if _, err := parsePeerProbe([]byte(bad)); err == nil {
			t.Errorf("parsePeerProbe(%q) accepted", bad)
		}
	}
}

// fakeProbeScript writes a shell script that prints probe JSON, so that the
// CLI runs end to end without Python: --python /bin/sh --peer-probe it.
func fakeProbeScript(t *testing.T, json string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "probe.sh")
	if err := os.WriteFile(path, []byte("cat <<'EOF'\n"+json+"\nEOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// `trigo bench` refuses a fallback peer before timing anything, with an
// error naming the kernel; with --peer-env best it reports what ran.
func TestBenchRefusesFallbackPeer(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	probe := fakeProbeScript(t, fakeProbe)
	for _, c := range []struct {
		args  []string
		table string // the figures' header, printed only after the probe
	}{
		{[]string{"bench", "sgemm", "--sizes", "8", "--reps", "1", "--min-time", "0", "--rounds", "1"}, "GFLOP/s"},
		{[]string{"bench", "train", "--models", "lite-fp32", "--steps", "1", "--warmup", "0"}, "tok/s"},
	} {
		r := trigo(t, "", append(c.args, "--python", "/bin/sh", "--peer-probe", probe, "--peer-env", "as-found")...)
		if r.code == 0 || !strings.Contains(r.stderr, "core Prescott, a fallback") {
			t.Errorf("trigo %s --peer-env as-found: exit %d, want an error naming Prescott; stderr:\n%s", strings.Join(c.args, " "), r.code, lastLines(r.stderr, 3))
		}
		if strings.Contains(r.stdout, c.table) {
			t.Errorf("trigo %s: timed before refusing:\n%s", strings.Join(c.args, " "), r.stdout)
		}
	}
	// best: the probe's choice is reported; the peer script itself is
	// /bin/sh running a missing file, so only Trigo's figures follow.
	r := trigo(t, "", "bench", "sgemm", "--sizes", "8", "--reps", "1", "--min-time", "0", "--rounds", "1",
		"--python", "/bin/sh", "--peer-probe", probe, "--script", probe)
	if !strings.Contains(r.stdout, "peer: PyTorch 1.13.0a0, OpenBLAS core SkylakeX (chosen: fastest correct of 4 settings") ||
		!strings.Contains(r.stdout, "cpu: ") {
		t.Errorf("trigo bench sgemm --peer-env best: exit %d, stdout lacks the peer and cpu lines:\n%s\nstderr:\n%s", r.code, r.stdout, lastLines(r.stderr, 3))
	}
}

// The real probe, at 1 thread and tiny sizes, where Debian's PyTorch is
// installed (CI's 60-bridge step installs it).
func TestPeerBLASProbeRuns(t *testing.T) {
	const python = "/usr/bin/python3"
	if exec.Command(python, "-c", "import torch").Run() != nil {
		t.Skip(python + " has no torch")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "../../tools/peer_blas.py", "--threads", "1", "--sizes", "7,33",
		"--time-n", "64", "--reps", "2", "--min-time", "0", "--timeout", "60")
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatal("tools/peer_blas.py still running after 3 minutes")
	}
	if err != nil {
		t.Fatalf("tools/peer_blas.py: %v", err)
	}
	p, err := parsePeerProbe(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Candidates) < 2 || p.Candidates[0].Name != "as-found" {
		t.Fatalf("candidates %+v, want as-found first and more", p.Candidates)
	}
	for _, c := range p.Candidates {
		if !slices.Contains([]string{"ok", "wrong", "crash", "timeout", "error"}, c.Status) {
			t.Errorf("%s: status %q", c.Name, c.Status)
		}
		if c.Status == "ok" && (c.Core == "" || c.GFLOPs <= 0 || c.MaxRelErr == nil || *c.MaxRelErr > 1e-4) {
			t.Errorf("%s: ok with core %q, %g GFLOP/s, error %v", c.Name, c.Core, c.GFLOPs, c.MaxRelErr)
		}
	}
	s, err := choosePeer(p, "best")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", s.report("1"))
}

func TestBenchPeerEnvFlagChecked(t *testing.T) {
	for _, b := range []string{"sgemm", "train", "decode"} {
		r := trigo(t, "", "bench", b, "--peer-env", "fastest")
		if r.code != 2 || !strings.Contains(r.stderr, `--peer-env "fastest": must be one of best, as-found`) {
			t.Errorf("trigo bench %s --peer-env fastest: exit %d, stderr %q", b, r.code, lastLines(r.stderr, 2))
		}
	}
}
