package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The PyTorch peers of `trigo bench` multiply with OpenBLAS, which picks its
// kernel ("core") per CPU and falls back to one without AVX2 on CPUs it does
// not know: the peer then runs 4-6x slower and every ratio flatters Trigo
// (issue 19). Before timing a peer, each bench command runs
// tools/peer_blas.py once: it tries several OPENBLAS_CORETYPE settings in
// fresh processes, checks each product against an exact reference, times a
// 1024² sgemm, and names the fastest correct setting. The peer subprocesses
// then run with that environment, the report says which core ran, and a
// peer on a fallback core is refused.

// peerCandidate is one setting tried by tools/peer_blas.py.
type peerCandidate struct {
	Name      string             `json:"name"`
	Env       map[string]*string `json:"env"` // nil value: unset
	Core      string             `json:"core"`
	Status    string             `json:"status"` // ok, wrong, crash, timeout, error
	Correct   bool               `json:"correct"`
	MaxRelErr *float64           `json:"max_rel_err"`
	GFLOPs    float64            `json:"gflops"`
	Fallback  bool               `json:"fallback"`
	Detail    string             `json:"detail"`
}

// peerProbe is tools/peer_blas.py's JSON report.
type peerProbe struct {
	Tool        string             `json:"tool"`
	Date        string             `json:"date"`
	CPUModel    string             `json:"cpu_model"`
	CPUAVX2     bool               `json:"cpu_avx2"`
	CPUFlags    []string           `json:"cpu_flags"`
	Torch       string             `json:"torch"`
	Threads     int                `json:"threads"`
	TimeN       int                `json:"time_n"`
	AsFound     map[string]*string `json:"as_found"`
	AsFoundCore string             `json:"as_found_core"`
	Candidates  []peerCandidate    `json:"candidates"`
	Chosen      *peerCandidate     `json:"chosen"`
	Fallback    bool               `json:"fallback"`
}

func parsePeerProbe(data []byte) (*peerProbe, error) {
	var p peerProbe
	if err := json.Unmarshal(bytes.TrimSpace(data), &p); err != nil {
		return nil, fmt.Errorf("peer BLAS probe output is not its JSON report: %v (output %q)", err, clip(string(data), 200))
	}
	if p.Tool != "peer_blas" {
		return nil, fmt.Errorf("peer BLAS probe output has tool %q, want \"peer_blas\"", p.Tool)
	}
	if len(p.Candidates) == 0 {
		return nil, errors.New("peer BLAS probe tried no settings")
	}
	return &p, nil
}

// peerRefusal is an error that ends a bench command: comparing against this
// peer would report a ratio that means nothing.
type peerRefusal struct{ msg string }

func (e peerRefusal) Error() string { return e.msg }

// peerSetup is the peer environment a bench command runs with.
type peerSetup struct {
	mode   string // "best" or "as-found"
	probe  *peerProbe
	chosen peerCandidate
}

// choosePeer picks the candidate for mode and refuses a fallback core or a
// setting whose product was wrong.
func choosePeer(p *peerProbe, mode string) (*peerSetup, error) {
	var c *peerCandidate
	switch mode {
	case "as-found":
		for i := range p.Candidates {
			if p.Candidates[i].Name == "as-found" {
				c = &p.Candidates[i]
			}
		}
		if c == nil {
			return nil, errors.New("peer BLAS probe did not try the environment as found")
		}
		if c.Status != "ok" {
			return nil, peerRefusal{fmt.Sprintf("refusing to compare with the PyTorch peer: its OpenBLAS as found (core %s) is %s%s; use --peer-env best to try other kernels",
				orUnknown(c.Core), c.Status, detail(c.Detail))}
		}
	case "best":
		if p.Chosen == nil {
			var tried []string
			for _, c := range p.Candidates {
				tried = append(tried, fmt.Sprintf("%s (core %s): %s%s", c.Name, orUnknown(c.Core), c.Status, detail(c.Detail)))
			}
			return nil, peerRefusal{"refusing to compare with the PyTorch peer: no OpenBLAS setting gave a correct product; tried " + strings.Join(tried, "; ")}
		}
		if p.Chosen.Status != "ok" {
			return nil, fmt.Errorf("peer BLAS probe chose %s, whose status is %q, not ok", p.Chosen.Name, p.Chosen.Status)
		}
		c = p.Chosen
	default:
		return nil, fmt.Errorf("--peer-env %q: want as-found or best", mode)
	}
	if c.Fallback {
		return nil, peerRefusal{fallbackMessage(p, c, mode)}
	}
	return &peerSetup{mode: mode, probe: p, chosen: *c}, nil
}

func fallbackMessage(p *peerProbe, c *peerCandidate, mode string) string {
	msg := fmt.Sprintf("refusing to compare with the PyTorch peer: its OpenBLAS runs core %s, a fallback kernel without AVX2, on a CPU that has AVX2 (%s); a ratio against it would flatter Trigo 4-6x.",
		c.Core, orUnknown(p.CPUModel))
	if mode == "as-found" {
		return msg + " Fix: --peer-env best (tries " + strings.Join(peerCoreTypes, ", ") +
			" and auto-detection, keeps the fastest correct), or set OPENBLAS_CORETYPE to this CPU's core; --no-peer times Trigo alone"
	}
	return msg + " No AVX2 setting gave a correct product (" + triedSummary(p) + "); try OPENBLAS_CORETYPE=Haswell by hand, or --no-peer to time Trigo alone"
}

// peerCoreTypes mirrors CORETYPES in tools/peer_blas.py, for messages.
var peerCoreTypes = []string{"SkylakeX", "Cooperlake", "Zen", "Haswell", "Sandybridge"}

func triedSummary(p *peerProbe) string {
	var s []string
	for _, c := range p.Candidates {
		s = append(s, fmt.Sprintf("%s→%s %s", c.Name, orUnknown(c.Core), c.Status))
	}
	return strings.Join(s, ", ")
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func detail(d string) string {
	if d == "" {
		return ""
	}
	return " (" + clip(d, 160) + ")"
}

func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// envLine shows the variables the peer runs with, "unset" for removed ones.
func (s *peerSetup) envLine(threads string) string {
	keys := make([]string, 0, len(s.chosen.Env))
	for k := range s.chosen.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		if v := s.chosen.Env[k]; v != nil {
			parts = append(parts, k+"="+*v)
		} else {
			parts = append(parts, k+" unset")
		}
	}
	return strings.Join(append(parts, "OPENBLAS_NUM_THREADS="+threads), ", ")
}

// report is what the bench prints about its peer before any figure.
func (s *peerSetup) report(threads string) string {
	p := s.probe
	how := "as found, --peer-env as-found"
	if s.mode == "best" {
		how = fmt.Sprintf("chosen: fastest correct of %d settings, %.0f GFLOP/s at n=%d on %d thread(s); as found: %s",
			len(p.Candidates), s.chosen.GFLOPs, p.TimeN, p.Threads, orUnknown(p.AsFoundCore))
	}
	return fmt.Sprintf("peer: PyTorch %s, OpenBLAS core %s (%s)\npeer env: %s\n",
		orUnknown(p.Torch), orUnknown(s.chosen.Core), how, s.envLine(threads))
}

// cpuLine names the machine beside every bench's figures (the machine kind
// changes from session to session).
func cpuLine() string {
	model, flags := "unknown (no /proc/cpuinfo)", ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			switch strings.TrimSpace(k) {
			case "model name":
				if model == "unknown (no /proc/cpuinfo)" {
					model = strings.TrimSpace(v)
				}
			case "flags":
				if flags == "" {
					have := map[string]bool{}
					for _, f := range strings.Fields(v) {
						have[f] = true
					}
					var some []string
					for _, f := range []string{"avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16"} {
						if have[f] {
							some = append(some, f)
						}
					}
					flags = strings.Join(some, " ")
				}
			}
		}
	}
	return fmt.Sprintf("cpu: %s, %d logical CPUs (%s)\n", model, runtime.NumCPU(), flags)
}

// env is the environment of a peer subprocess timed at threads threads.
// torch.set_num_threads does not reach OpenBLAS's own thread pool, so
// OPENBLAS_NUM_THREADS makes "n threads" mean n for the peer's GEMMs too.
func (s *peerSetup) env(threads int) []string {
	if s == nil {
		return nil // inherit this process's environment
	}
	drop := map[string]bool{"OPENBLAS_NUM_THREADS": true}
	for k := range s.chosen.Env {
		drop[k] = true
	}
	var out []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !drop[k] {
			out = append(out, kv)
		}
	}
	for k, v := range s.chosen.Env {
		if v != nil {
			out = append(out, k+"="+*v)
		}
	}
	return append(out, "OPENBLAS_NUM_THREADS="+strconv.Itoa(threads))
}

// checkRan compares the core a peer reports having run (empty: it did not
// say) with the chosen one.
func (s *peerSetup) checkRan(core string) error {
	if s == nil || core == "" || core == s.chosen.Core {
		return nil
	}
	return peerRefusal{fmt.Sprintf("the PyTorch peer ran OpenBLAS core %s, but the probe chose %s with %s: the environment did not reach it",
		core, s.chosen.Core, s.envLine("n"))}
}

// peerOptions are the flags every bench with a PyTorch peer takes.
type peerOptions struct {
	env, probe *string
}

func addPeerFlags(fs *flag.FlagSet) peerOptions {
	return peerOptions{
		env:   fs.String("peer-env", "best", "peer BLAS environment: best (fastest correct OpenBLAS kernel, found by --peer-probe) or as-found (to reproduce figures taken before issue 19)"),
		probe: fs.String("peer-probe", "tools/peer_blas.py", "script that finds the peer's OpenBLAS kernel"),
	}
}

func (o peerOptions) check(c *checks) { c.oneOf("peer-env", *o.env, "best", "as-found") }

// One probe per process: every bench command runs one.
var peerCache struct {
	sync.Mutex
	m map[string]peerCached
}

type peerCached struct {
	s   *peerSetup
	err error
}

// setupPeer runs the probe (once per process and arguments) and chooses the
// peer's environment. A peerRefusal must end the bench; any other error only
// means the peer cannot be measured.
func setupPeer(python string, o peerOptions, threads int) (*peerSetup, error) {
	key := strings.Join([]string{python, *o.probe, *o.env, strconv.Itoa(threads)}, "\x00")
	peerCache.Lock()
	defer peerCache.Unlock()
	if c, ok := peerCache.m[key]; ok {
		return c.s, c.err
	}
	s, err := runPeerProbe(python, *o.probe, *o.env, threads)
	if peerCache.m == nil {
		peerCache.m = map[string]peerCached{}
	}
	peerCache.m[key] = peerCached{s, err}
	return s, err
}

func runPeerProbe(python, script, mode string, threads int) (*peerSetup, error) {
	if _, err := os.Stat(python); err != nil {
		return nil, fmt.Errorf("%s not found", python)
	}
	if _, err := os.Stat(script); err != nil {
		return nil, fmt.Errorf("peer BLAS probe %s not found (run from the repository root)", script)
	}
	args := []string{script, "--threads", strconv.Itoa(threads), "--python", python}
	if mode == "as-found" {
		args = append(args, "--candidates", "as-found")
	}
	// Each candidate has its own timeout inside the probe; this bounds the
	// probe as a whole should Python itself hang.
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 3 {
			return nil, fmt.Errorf("%s has no usable torch (%s)", python, strings.TrimSpace(stderr.String()))
		}
		return nil, fmt.Errorf("%s %s: %v: %s", python, script, err, clip(stderr.String(), 400))
	}
	p, err := parsePeerProbe(stdout.Bytes())
	if err != nil {
		return nil, err
	}
	return choosePeer(p, mode)
}
