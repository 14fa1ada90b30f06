package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"trigo/engine/blas"
	"trigo/engine/parallel"
)

func init() {
	registerBench("sgemm", "square float32 GEMM GFLOP/s, Trigo vs torch.mm", benchSgemm)
}

// sgemmResult is one size's timing, from either side.
type sgemmResult struct {
	N            int     `json:"n"`
	Reps         int     `json:"reps"`
	BestS        float64 `json:"best_s"`
	MedianS      float64 `json:"median_s"`
	GFLOPs       float64 `json:"gflops"`
	GFLOPsMedian float64 `json:"gflops_median"`
}

func benchSgemm(args []string) error {
	fs := flag.NewFlagSet("trigo bench sgemm", flag.ContinueOnError)
	threads := fs.Int("threads", runtime.NumCPU(), "worker threads, for Trigo and torch.set_num_threads")
	sizes := fs.String("sizes", "256,512,1024", "comma-separated matrix sizes n (n×n×n products)")
	reps := fs.Int("reps", 10, "timed repetitions per size (at least; repeats until --min-time)")
	minTime := fs.Duration("min-time", 300*time.Millisecond, "keep repeating until this much time was timed")
	rounds := fs.Int("rounds", 2, "alternate Trigo and PyTorch this many times and keep each side's best (the machine may be shared)")
	python := fs.String("python", "/usr/bin/python3", "Python interpreter with torch")
	script := fs.String("script", "tools/bench_sgemm.py", "PyTorch peer script")
	requirePeer := fs.Bool("require-peer", false, "fail when PyTorch cannot be run")
	noPeer := fs.Bool("no-peer", false, "time Trigo only")
	po := addPeerFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	var c checks
	c.intRange("threads", *threads, 1, maxThreads, "")
	c.intMin("reps", *reps, 1, "")
	c.intMin("rounds", *rounds, 1, "")
	if *minTime < 0 {
		c.add("min-time", *minTime, "must be ≥ 0")
	}
	po.check(&c)
	if err := c.err(); err != nil {
		return err
	}
	var ns []int
	for _, f := range strings.Split(*sizes, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return fmt.Errorf("bad size %q in --sizes", f)
		}
		ns = append(ns, n)
	}
	if len(ns) == 0 || *threads < 1 || *rounds < 1 {
		return errors.New("need at least one size, --threads ≥ 1 and --rounds ≥ 1")
	}
	parallel.SetThreads(*threads)
	if runtime.GOMAXPROCS(0) < *threads {
		runtime.GOMAXPROCS(*threads)
	}
	fmt.Printf("sgemm: C = A·B, float32, square n×n×n, %d thread(s); best of ≥%d reps (median in brackets), best of %d round(s)\n",
		*threads, *reps, *rounds)
	fmt.Printf("trigo kernel: %s (GOARCH=%s)\n", blas.KernelName(), runtime.GOARCH)
	fmt.Print(cpuLine())
	// The probe runs before any timing, so that a refused peer costs nothing.
	var peer *peerSetup
	peerErr := errors.New("--no-peer")
	if !*noPeer {
		var refused peerRefusal
		if peer, peerErr = setupPeer(*python, po, *threads); errors.As(peerErr, &refused) {
			return peerErr
		}
		if peer != nil {
			fmt.Print(peer.report(strconv.Itoa(*threads)))
		}
	}

	trigo := map[int]sgemmResult{}
	torch := map[int]sgemmResult{}
	peerInfo := ""
	for r := 0; r < *rounds; r++ {
		for _, n := range ns {
			keepBest(trigo, timeTrigoSgemm(n, *reps, *minTime))
		}
		if peerErr != nil {
			continue
		}
		res, info, err := runTorchSgemm(peer, *python, *script, *threads, ns, *reps, *minTime)
		if errors.As(err, new(peerRefusal)) {
			return err
		}
		if err != nil {
			peerErr = err
			continue
		}
		peerInfo = info
		for _, x := range res {
			keepBest(torch, x)
		}
	}
	if peerErr != nil {
		fmt.Printf("PyTorch peer not measured: %v\n", peerErr)
	} else {
		fmt.Printf("peer ran: %s\n", peerInfo)
	}
	fmt.Println()
	if peerErr != nil {
		fmt.Printf("%6s  %22s\n", "n", "trigo GFLOP/s")
		for _, n := range ns {
			t := trigo[n]
			fmt.Printf("%6d  %9.1f [%9.1f]\n", n, t.GFLOPs, t.GFLOPsMedian)
		}
		if *requirePeer {
			return fmt.Errorf("--require-peer: %v", peerErr)
		}
		return nil
	}
	fmt.Printf("%6s  %21s  %21s  %15s\n", "n", "trigo GFLOP/s", "torch GFLOP/s", "ratio")
	for _, n := range ns {
		t, p := trigo[n], torch[n]
		fmt.Printf("%6d  %9.1f [%9.1f]  %9.1f [%9.1f]  %5.2f [%5.2f]\n", n, t.GFLOPs, t.GFLOPsMedian,
			p.GFLOPs, p.GFLOPsMedian, t.GFLOPs/p.GFLOPs, t.GFLOPsMedian/p.GFLOPsMedian)
	}
	return nil
}

func keepBest(m map[int]sgemmResult, r sgemmResult) {
	old, ok := m[r.N]
	if !ok {
		m[r.N] = r
		return
	}
	if r.GFLOPs > old.GFLOPs {
		old.BestS, old.GFLOPs = r.BestS, r.GFLOPs
	}
	if r.GFLOPsMedian > old.GFLOPsMedian {
		old.MedianS, old.GFLOPsMedian = r.MedianS, r.GFLOPsMedian
	}
	old.Reps += r.Reps
	m[r.N] = old
}

// timeTrigoSgemm times blas.Sgemm on random n×n matrices: two warm-up
// calls, then at least reps timed calls and at least minTime in all.
func timeTrigoSgemm(n, reps int, minTime time.Duration) sgemmResult {
	rng := rand.New(rand.NewSource(1))
	a, b, c := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
	for i := range a {
		a[i], b[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
	}
	mm := func() { blas.Sgemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n) }
	mm()
	mm()
	var times []time.Duration
	var total time.Duration
	for len(times) < reps || (total < minTime && len(times) < 1000) {
		t0 := time.Now()
		mm()
		dt := time.Since(t0)
		times = append(times, dt)
		total += dt
	}
	slices.Sort(times)
	best := times[0].Seconds()
	med := times[len(times)/2].Seconds()
	if len(times)%2 == 0 {
		med = (times[len(times)/2-1].Seconds() + med) / 2
	}
	flop := 2 * float64(n) * float64(n) * float64(n)
	return sgemmResult{N: n, Reps: len(times), BestS: best, MedianS: med, GFLOPs: flop / best / 1e9, GFLOPsMedian: flop / med / 1e9}
}

// runTorchSgemm runs the PyTorch peer script in peer's environment and
// parses its JSON lines.
func runTorchSgemm(peer *peerSetup, python, script string, threads int, ns []int, reps int, minTime time.Duration) ([]sgemmResult, string, error) {
	if _, err := os.Stat(python); err != nil {
		return nil, "", fmt.Errorf("%s not found", python)
	}
	if _, err := os.Stat(script); err != nil {
		return nil, "", fmt.Errorf("peer script %s not found (run from the repository root)", script)
	}
	sizes := make([]string, len(ns))
	for i, n := range ns {
		sizes[i] = strconv.Itoa(n)
	}
	cmd := exec.Command(python, script, "--threads", strconv.Itoa(threads), "--sizes", strings.Join(sizes, ","),
		"--reps", strconv.Itoa(reps), "--min-time", strconv.FormatFloat(minTime.Seconds(), 'f', -1, 64))
	cmd.Env = peer.env(threads)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 3 {
			return nil, "", fmt.Errorf("%s has no usable torch (%s)", python, strings.TrimSpace(stderr.String()))
		}
		return nil, "", fmt.Errorf("%s %s: %v: %s", python, script, err, strings.TrimSpace(stderr.String()))
	}
	var out []sgemmResult
	info := ""
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		line := sc.Bytes()
		var head struct {
			Peer    string `json:"peer"`
			Version string `json:"version"`
			Threads int    `json:"threads"`
			Core    string `json:"blas_core"`
		}
		if json.Unmarshal(line, &head) == nil && head.Peer != "" {
			if err := peer.checkRan(head.Core); err != nil {
				return nil, "", err
			}
			info = fmt.Sprintf("%s %s, %d thread(s), OpenBLAS core %s", head.Peer, head.Version, head.Threads, orUnknown(head.Core))
			continue
		}
		var r sgemmResult
		if err := json.Unmarshal(line, &r); err != nil {
			return nil, "", fmt.Errorf("peer output %q: %v", line, err)
		}
		out = append(out, r)
	}
	if len(out) != len(ns) {
		return nil, "", fmt.Errorf("peer reported %d sizes, want %d", len(out), len(ns))
	}
	return out, info, nil
}
