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
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"trigo/engine/data"
	"trigo/engine/model"
	"trigo/engine/optim"
	"trigo/engine/parallel"
	"trigo/engine/tensor"
	"trigo/engine/train"
)

func init() {
	registerBench("train", "training tokens/s per model config, Trigo vs the PyTorch reference", benchTrain)
}

// trainResult is one side's timing of one config.
type trainResult struct {
	MedianStepS  float64 `json:"median_step_s"`
	TokensPerSec float64 `json:"tokens_per_s"`
	Params       int     `json:"params"`
	Version      string  `json:"version"`
	Threads      int     `json:"threads"`
}

func benchTrain(args []string) error {
	// Every op allocates its output; a larger GC target spends less time
	// collecting the activations of a step (memory is plentiful here).
	debug.SetGCPercent(300)
	fs := flag.NewFlagSet("trigo bench train", flag.ContinueOnError)
	models := fs.String("models", "lite-fp32,vanilla-fp32,lite-ternary,vanilla-ternary", "comma-separated model configs")
	batch := fs.Int("batch-size", 16, "sequences per step")
	seq := fs.Int("seq-len", 256, "bytes per sequence")
	threads := fs.Int("threads", 2, "threads for Trigo and torch.set_num_threads")
	steps := fs.Int("steps", 4, "timed steps per side (median reported)")
	warmup := fs.Int("warmup", 1, "untimed steps first")
	rounds := fs.Int("rounds", 1, "alternate Trigo and PyTorch this many times, keeping each side's best median")
	python := fs.String("python", "/usr/bin/python3", "Python interpreter with torch")
	script := fs.String("script", "tools/torch_ref/model.py", "PyTorch reference script")
	noPeer := fs.Bool("no-peer", false, "time Trigo only")
	po := addPeerFlags(fs)
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the Trigo steps to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	var c checks
	c.intRange("batch-size", *batch, 1, 4096, "")
	c.intMin("seq-len", *seq, 1, " (and at most each model's context)")
	c.intRange("threads", *threads, 1, maxThreads, "")
	c.intMin("steps", *steps, 1, "")
	c.intMin("warmup", *warmup, 0, "")
	c.intMin("rounds", *rounds, 1, "")
	po.check(&c)
	if err := c.err(); err != nil {
		return err
	}
	parallel.SetThreads(*threads)
	if runtime.GOMAXPROCS(0) < *threads {
		runtime.GOMAXPROCS(*threads)
	}
	stopProfile, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stopProfile()
	fmt.Printf("train step (forward, backward, clip, AdamW): batch %d × seq %d = %d tokens, %d thread(s), median of %d steps after %d warm-up, best of %d round(s)\n",
		*batch, *seq, *batch**seq, *threads, *steps, *warmup, *rounds)
	fmt.Print(cpuLine())
	// The probe runs before any timing, so that a refused peer costs nothing.
	var peer *peerSetup
	var setupErr error
	if !*noPeer {
		if peer, setupErr = setupPeer(*python, po, *threads); errors.As(setupErr, new(peerRefusal)) {
			return setupErr
		}
		if peer != nil {
			fmt.Print(peer.report(strconv.Itoa(*threads)))
		}
	}
	fmt.Printf("%-16s %10s  %12s  %12s  %6s\n", "model", "params", "trigo tok/s", "torch tok/s", "ratio")
	for _, name := range strings.Split(*models, ",") {
		spec, err := model.Lookup(strings.TrimSpace(name))
		if err != nil {
			return err
		}
		var best, peerRes trainResult
		peerErr := setupErr
		for r := 0; r < *rounds; r++ {
			if t := timeTrigoTrain(spec, *batch, *seq, *warmup, *steps); t.TokensPerSec > best.TokensPerSec {
				best = t
			}
			if *noPeer || peerErr != nil {
				continue
			}
			p, err := runTorchTrain(peer, *python, *script, spec, *threads, *batch, *seq, *warmup, *steps)
			if err != nil {
				peerErr = err
				continue
			}
			if p.TokensPerSec > peerRes.TokensPerSec {
				peerRes = p
			}
		}
		if peerRes.TokensPerSec == 0 {
			fmt.Printf("%-16s %10d  %12.0f  %12s  %6s\n", spec.Name, best.Params, best.TokensPerSec, "-", "-")
			if peerErr != nil {
				fmt.Printf("  PyTorch peer not measured: %v\n", peerErr)
			}
			continue
		}
		fmt.Printf("%-16s %10d  %12.0f  %12.0f  %6.2f\n", spec.Name, best.Params, best.TokensPerSec, peerRes.TokensPerSec, best.TokensPerSec/peerRes.TokensPerSec)
	}
	return nil
}

// timeTrigoTrain times full training steps on random bytes.
func timeTrigoTrain(spec model.Spec, B, T, warmup, steps int) trainResult {
	m := model.New(spec, 1)
	stream := make([]byte, 1<<16)
	rng := data.NewRNG(2)
	for i := range stream {
		stream[i] = byte(rng.Uint64())
	}
	sampler := data.NewSampler(stream, B, T, 3)
	opt := optim.NewAdamW(m.Params.List(), 1e-3, 0.1)
	var times []float64
	for i := 0; i < warmup+steps; i++ {
		b := sampler.Next()
		t0 := time.Now()
		loss := train.NextByte(m, b)
		tensor.Backward(loss)
		optim.ClipGradNorm(m.Params.List(), 1)
		opt.Step(1)
		m.ZeroGrad()
		if i >= warmup {
			times = append(times, time.Since(t0).Seconds())
		}
	}
	sort.Float64s(times)
	med := times[len(times)/2]
	return trainResult{MedianStepS: med, TokensPerSec: float64(B*T) / med, Params: m.NumParams()}
}

// runTorchTrain runs tools/torch_ref/model.py bench for the same config, in
// peer's environment.
func runTorchTrain(peer *peerSetup, python, script string, spec model.Spec, threads, B, T, warmup, steps int) (trainResult, error) {
	var r trainResult
	if _, err := os.Stat(python); err != nil {
		return r, fmt.Errorf("%s not found", python)
	}
	if _, err := os.Stat(script); err != nil {
		return r, fmt.Errorf("peer script %s not found (run from the repository root)", script)
	}
	cmd := exec.Command(python, script, "bench", "--spec", spec.JSON(), "--threads", strconv.Itoa(threads),
		"--batch-size", strconv.Itoa(B), "--seq-len", strconv.Itoa(T), "--steps", strconv.Itoa(steps), "--warmup", strconv.Itoa(warmup))
	cmd.Env = peer.env(threads)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return r, fmt.Errorf("%s %s bench: %v: %s", python, script, err, strings.TrimSpace(stderr.String()))
	}
	if err := json.Unmarshal(bytes.TrimSpace(stdout.Bytes()), &r); err != nil {
		return r, fmt.Errorf("peer output %q: %v", stdout.String(), err)
	}
	return r, nil
}
