package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"trigo/engine/model"
	"trigo/engine/parallel"
	"trigo/engine/ternary"
)

func init() {
	registerBench("decode", "batch-1 decode bytes/s: Trigo float32 and packed ternary vs PyTorch eager with a KV cache", benchDecode)
}

// decodeRow is one measured implementation.
type decodeRow struct {
	model, impl string
	threads     int
	weights     int
	wall, cpu   float64 // best bytes/s and bytes per CPU-second
	err         error
}

func benchDecode(args []string) error {
	fs := flag.NewFlagSet("trigo bench decode", flag.ContinueOnError)
	models := fs.String("models", "lite-fp32,lite-ternary", "comma-separated configs; ternary ones run packed (engine/ternary)")
	n := fs.Int("bytes", 256, "bytes generated per timed run (greedy)")
	promptN := fs.Int("prompt-bytes", 32, "prompt bytes (from data/stories_demo/valid.bin) fed before timing")
	threadList := fs.String("threads", "1,2", "Trigo decode thread counts to time")
	torchThreads := fs.String("torch-threads", "1,2", "PyTorch thread counts to time")
	rounds := fs.Int("rounds", 3, "alternate Trigo and PyTorch this many times, keeping each row's best")
	unpacked := fs.Bool("unpacked", false, "also time ternary configs unpacked (float32 shadow weights, fake quantisation)")
	python := fs.String("python", "/usr/bin/python3", "Python interpreter with torch")
	script := fs.String("script", "tools/torch_ref/decode_bench.py", "PyTorch decode peer")
	noPeer := fs.Bool("no-peer", false, "time Trigo only")
	po := addPeerFlags(fs)
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the Trigo runs to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	var c checks
	c.intRange("bytes", *n, 1, 1<<20, "")
	c.intMin("prompt-bytes", *promptN, 1, "")
	c.intMin("rounds", *rounds, 1, "")
	po.check(&c)
	if err := c.err(); err != nil {
		return err
	}
	trigoThreads, err := intList(*threadList)
	if err != nil {
		return err
	}
	peerThreads, err := intList(*torchThreads)
	if err != nil {
		return err
	}
	if runtime.GOMAXPROCS(0) < maxInt(trigoThreads) {
		runtime.GOMAXPROCS(maxInt(trigoThreads))
	}
	parallel.SetThreads(1)
	prompt := benchPrompt(*promptN)
	stopProfile, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stopProfile()

	type subject struct {
		name, impl string
		spec       model.Spec
		newDec     func(threads int) *model.Decoder
	}
	var subjects []subject
	for _, name := range strings.Split(*models, ",") {
		spec, err := model.Lookup(strings.TrimSpace(name))
		if err != nil {
			return err
		}
		if len(prompt)+*n > spec.Context {
			return fmt.Errorf("--prompt-bytes %d plus --bytes %d exceed %s's context of %d bytes", len(prompt), *n, spec.Name, spec.Context)
		}
		m := model.New(spec, 1)
		if spec.IsTernary() {
			pm, err := ternary.FromModel(m, nil)
			if err != nil {
				return err
			}
			subjects = append(subjects, subject{spec.Name, "trigo packed (" + ternary.Active().Name + ")", spec,
				func(t int) *model.Decoder { return pm.NewDecoder(model.DecodeOptions{Threads: t}) }})
			if !*unpacked {
				continue
			}
		}
		impl := "trigo"
		if spec.IsTernary() {
			impl = "trigo unpacked (fake quant)"
		}
		subjects = append(subjects, subject{spec.Name, impl, spec,
			func(t int) *model.Decoder { return m.NewDecoder(model.DecodeOptions{Threads: t}) }})
	}

	rows := map[string]*decodeRow{}
	var order []string
	keep := func(r decodeRow) {
		key := r.model + "|" + r.impl + "|" + strconv.Itoa(r.threads)
		b, ok := rows[key]
		if !ok {
			rows[key] = &r
			order = append(order, key)
			return
		}
		if r.err == nil && (b.err != nil || r.wall > b.wall) {
			*b = r
		}
	}
	fmt.Printf("batch-1 greedy decode: %d prompt bytes, then %d bytes timed; best of %d round(s); %s\n",
		len(prompt), *n, *rounds, time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Print(cpuLine())
	// One probe, at the most threads the peer gets; before any timing, so
	// that a refused peer costs nothing.
	var peer *peerSetup
	var setupErr error
	if !*noPeer {
		if peer, setupErr = setupPeer(*python, po, maxInt(peerThreads)); errors.As(setupErr, new(peerRefusal)) {
			return setupErr
		}
		if peer != nil {
			fmt.Print(peer.report(*torchThreads))
		}
	}
	for r := 0; r < *rounds; r++ {
		for _, s := range subjects {
			for _, t := range trigoThreads {
				d := s.newDec(t)
				wall, cpu := timeDecode(d, prompt, *n)
				keep(decodeRow{model: s.name, impl: s.impl, threads: t, weights: d.WeightBytes(), wall: wall, cpu: cpu})
				d.Close()
			}
			if *noPeer || strings.Contains(s.impl, "packed") || strings.Contains(s.impl, "unpacked") {
				continue
			}
			for _, t := range peerThreads {
				var wall, cpu float64
				err := setupErr
				if err == nil {
					wall, cpu, err = runTorchDecode(peer, *python, *script, s.spec, t, len(prompt), *n)
				}
				if errors.As(err, new(peerRefusal)) {
					return err
				}
				keep(decodeRow{model: s.name, impl: "pytorch eager + kv cache", threads: t, weights: 4 * model.New(s.spec, 1).NumParams(), wall: wall, cpu: cpu, err: err})
			}
		}
	}

	fmt.Printf("\n| model | implementation | threads | weight bytes | bytes/s | bytes per CPU-s |\n|---|---|---|---|---|---|\n")
	for _, k := range order {
		r := rows[k]
		if r.err != nil {
			fmt.Printf("| %s | %s | %d | %d | – | – |\n", r.model, r.impl, r.threads, r.weights)
			fmt.Fprintf(os.Stderr, "  %s %s: %v\n", r.model, r.impl, r.err)
			continue
		}
		fmt.Printf("| %s | %s | %d | %d | %.0f | %.0f |\n", r.model, r.impl, r.threads, r.weights, r.wall, r.cpu)
	}
	best := func(model, implPrefix string) (w, c float64, weights int) {
		for _, r := range rows {
			if r.model == model && strings.HasPrefix(r.impl, implPrefix) && r.err == nil {
				w, c = max(w, r.wall), max(c, r.cpu)
				weights = r.weights
			}
		}
		return
	}
	fmt.Println()
	// The bars: lite-fp32 ≥ 8× the peer; packed ternary ≥ 2× the
	// float32 model of its own family, weights ≥ 10× smaller.
	for _, s := range subjects {
		if !s.spec.IsTernary() {
			tw, tc, _ := best(s.name, "trigo")
			pw, pc, _ := best(s.name, "pytorch")
			if pw == 0 {
				continue
			}
			bar := ""
			if s.name == "lite-fp32" {
				bar = "; bar ≥ 8×"
			}
			fmt.Printf("%s: Trigo %.1f× PyTorch eager with KV cache (bytes/s, best thread count each; %.1f× per CPU-second)%s\n", s.name, tw/pw, tc/pc, bar)
		}
	}
	for _, s := range subjects {
		fp32Name := s.spec.Family() + "-fp32"
		fw, fc, fb := best(fp32Name, "trigo")
		if !s.spec.IsTernary() || !strings.Contains(s.impl, "packed") || fw == 0 {
			continue
		}
		kw, kc, kb := best(s.name, "trigo packed")
		fmt.Printf("%s packed vs %s Trigo: %.1f× bytes/s (%.1f× per CPU-second), bar ≥ 2×; weights %d vs %d bytes, %.1f× smaller, bar ≥ 10×\n",
			s.name, fp32Name, kw/fw, kc/fc, kb, fb, float64(fb)/float64(kb))
	}
	return nil
}

// timeDecode feeds prompt, then times n greedy steps; it returns bytes/s
// of wall time and bytes per second of process CPU time.
func timeDecode(d *model.Decoder, prompt []int, n int) (wall, cpu float64) {
	d.Reset()
	logits := d.Feed(prompt)
	t0, c0 := time.Now(), processCPU()
	for i := 0; i < n; i++ {
		best := 0
		for j, v := range logits {
			if v > logits[best] {
				best = j
			}
		}
		logits = d.Step(best)
	}
	return float64(n) / time.Since(t0).Seconds(), float64(n) / (processCPU() - c0).Seconds()
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchPrompt is the first n bytes of the demo validation text (or a
// fixed sentence), as ids.
func benchPrompt(n int) []int {
	b, err := os.ReadFile("data/stories_demo/valid.bin")
	if err != nil || len(b) == 0 {
		b = []byte("Once upon a time, ")
	}
	ids := make([]int, max(n, 1))
	for i := range ids {
		ids[i] = int(b[i%len(b)])
	}
	return ids
}

func runTorchDecode(peer *peerSetup, python, script string, spec model.Spec, threads, promptN, n int) (wall, cpu float64, err error) {
	if _, err := os.Stat(python); err != nil {
		return 0, 0, fmt.Errorf("%s not found", python)
	}
	if _, err := os.Stat(script); err != nil {
		return 0, 0, fmt.Errorf("peer script %s not found (run from the repository root)", script)
	}
	cmd := exec.Command(python, script, "bench", "--spec", spec.JSON(), "--threads", strconv.Itoa(threads),
		"--bytes", strconv.Itoa(n), "--prompt-bytes", strconv.Itoa(promptN))
	cmd.Env = peer.env(threads)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%s %s: %v: %s", python, script, err, strings.TrimSpace(stderr.String()))
	}
	var r struct {
		BytesPerS    float64 `json:"bytes_per_s"`
		BytesPerCPUS float64 `json:"bytes_per_cpu_s"`
		Core         string  `json:"blas_core"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		return 0, 0, fmt.Errorf("peer output %q: %v", stdout.String(), err)
	}
	if err := peer.checkRan(r.Core); err != nil {
		return 0, 0, err
	}
	return r.BytesPerS, r.BytesPerCPUS, nil
}

func intList(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v < 1 {
			return nil, fmt.Errorf("bad thread count %q in %q", f, s)
		}
		out = append(out, v)
	}
	return out, nil
}

func maxInt(v []int) int {
	m := 0
	for _, x := range v {
		m = max(m, x)
	}
	return m
}
