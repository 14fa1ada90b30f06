package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"trigo/engine/ckpt"
	"trigo/engine/corpus"
	"trigo/engine/data"
	"trigo/engine/model"
)

// trigoBin is the binary the CLI tests run: built once by TestMain, or
// TRIGO_TEST_BIN (to run the tests against another build).
var trigoBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "trigo-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	trigoBin = os.Getenv("TRIGO_TEST_BIN")
	if trigoBin == "" {
		trigoBin = filepath.Join(dir, "trigo")
		out, err := exec.Command("go", "build", "-o", trigoBin, ".").CombinedOutput()
		if err != nil {
			fmt.Fprintf(os.Stderr, "building trigo: %v\n%s", err, out)
			os.RemoveAll(dir)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// trigo runs the binary in dir ("" = a fresh temporary folder) with a
// time limit.
func trigo(t *testing.T, dir string, args ...string) result {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, trigoBin, args...)
	cmd.Dir = dir
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("trigo %v: still running after 2 minutes", args)
	}
	r := result{stdout: so.String(), stderr: se.String()}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("trigo %v: %v", args, err)
		}
		r.code = ee.ExitCode()
	}
	return r
}

// Every bad value is refused with exit status 2 and a message that names
// the flag (they used to be replaced in silence: --steps -1 ran 100 steps,
// --batch-size 0 trained at 16, chat --max-bytes 0 gave a full reply,
// "params nope" exited 0).
func TestBadFlagsAreRefusedByName(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"train", "--steps", "-1"}, "--steps -1"},
		{[]string{"recipe", "chat", "--out", "/tmp/trigo-recipe-never", "--threads", "0"}, "--threads 0"},
		{[]string{"recipe", "chat", "--out", "/tmp/trigo-recipe-never", "--replay-every", "1"}, "--replay-every 1"},
		{[]string{"recipe", "chat", "--out", "/tmp/trigo-recipe-never", "--stop-after", "lunch"}, "--stop-after"},
		{[]string{"recipe", "chat"}, "--out"},
		{[]string{"recipe", "soup", "--out", "/tmp/trigo-recipe-never"}, `"soup"`},
		{[]string{"eval", "--ckpt", "a", "--text", "b", "--batch-size", "0"}, "--batch-size 0"},
		{[]string{"eval", "--ckpt", "a"}, "--text"},
		{[]string{"train", "--steps", "0"}, "--steps 0"},
		{[]string{"train", "--batch-size", "0"}, "--batch-size 0"},
		{[]string{"train", "--batch-size", "-5"}, "--batch-size -5"},
		{[]string{"train", "--lr", "-1"}, "--lr -1"},
		{[]string{"train", "--muon-lr", "0"}, "--muon-lr 0"},
		{[]string{"train", "--weight-decay", "-1"}, "--weight-decay -1"},
		{[]string{"train", "--grad-clip", "nan"}, "--grad-clip NaN"},
		{[]string{"train", "--seq-len", "100000"}, "--seq-len 100000"},
		{[]string{"train", "--seq-len", "0"}, "--seq-len 0"},
		{[]string{"train", "--warmup", "-3"}, "--warmup -3"},
		{[]string{"train", "--eval-batches", "0"}, "--eval-batches 0"},
		{[]string{"train", "--save-every", "-1"}, "--save-every -1"},
		{[]string{"train", "--threads", "-2"}, "--threads -2"},
		{[]string{"train", "--optimizer", "sgd"}, "--optimizer \"sgd\""},
		{[]string{"train", "--stage", "sft"}, "--stage \"sft\""},
		{[]string{"train", "--abstain-frac", "0"}, "--abstain-frac 0"},
		{[]string{"train", "--abstain-frac", "nan"}, "--abstain-frac NaN"},
		{[]string{"train", "--chat-examples", "0"}, "--chat-examples 0"},
		{[]string{"train", "--metacog-weight", "inf"}, "--metacog-weight +Inf"},
		{[]string{"train", "--model", "nope"}, "--model"},
		{[]string{"train", "extra"}, `"extra"`},
		{[]string{"train", "--resume", "x.safetensors", "--init", "y.safetensors"}, "--init"},
		{[]string{"prepare", "--valid-frac", "NaN", "--input", "a.txt", "--out-dir", "d"}, "--valid-frac NaN"},
		{[]string{"prepare", "--valid-frac", "1", "--input", "a.txt", "--out-dir", "d"}, "--valid-frac 1"},
		{[]string{"chat", "--max-bytes", "0", "hi"}, "--max-bytes 0"},
		{[]string{"chat", "--temperature", "-1", "hi"}, "--temperature -1"},
		{[]string{"chat", "--top-p", "2", "hi"}, "--top-p 2"},
		{[]string{"infer", "--top-k", "-1", "--prompt", "a"}, "--top-k -1"},
		{[]string{"infer", "--repetition-penalty", "0", "--prompt", "a"}, "--repetition-penalty 0"},
		{[]string{"infer", "--penalty-window", "-1", "--prompt", "a"}, "--penalty-window -1"},
		{[]string{"infer", "--threads", "-1", "--prompt", "a"}, "--threads -1"},
		{[]string{"params", "nope"}, `"nope"`},
		{[]string{"probe", "--reps", "0", "--ckpt", "x"}, "--reps 0"},
		{[]string{"probe", "--ckpt", "x", "extra"}, `"extra"`},
		{[]string{"export", "--window", "-1", "--ckpt", "a", "--out", "b"}, "--window -1"},
		{[]string{"export", "--verify-positions", "-1", "--ckpt", "a", "--out", "b"}, "--verify-positions -1"},
		{[]string{"reproduce", "1", "--reps", "0"}, "--reps 0"},
		{[]string{"reproduce", "1", "2"}, `"2"`},
		{[]string{"experiment", "n1", "--threads", "0"}, "--threads 0"},
		{[]string{"experiment", "n1", "--steps", "-1"}, "--steps -1"},
		{[]string{"eval", "--threads", "-1", "--ckpt", "a", "--text", "b"}, "--threads -1"},
		{[]string{"run", "--timeout", "-5", "x.ipynb"}, "timeout"},
		{[]string{"install", "extra"}, `"extra"`},
		{[]string{"bench", "train", "--steps", "0"}, "--steps 0"},
		{[]string{"bench", "decode", "--bytes", "0"}, "--bytes 0"},
		{[]string{"bench", "sgemm", "--threads", "0"}, "--threads 0"},
		{[]string{"bench", "nope"}, `"nope"`},
		{[]string{"nope"}, `"nope"`},
	}
	for _, c := range cases {
		r := trigo(t, "", c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("trigo %s: exit %d, want 2 with a message containing %s; stderr:\n%s", strings.Join(c.args, " "), r.code, c.want, lastLines(r.stderr, 3))
		}
	}
}

// -h exits 0 for every command and prints the usage on stdout.
func TestHelpExitsZero(t *testing.T) {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	runs := [][]string{{"-h"}, {"--help"}, {"help"}}
	for _, n := range names {
		runs = append(runs, []string{n, "-h"}, []string{n, "--help"})
	}
	for b := range benchmarks {
		runs = append(runs, []string{"bench", b, "-h"})
	}
	// Commands another area owns keep the flag package's usage on stderr.
	stderrOK := map[string]bool{"corpus": true}
	for _, args := range runs {
		r := trigo(t, "", args...)
		if r.code != 0 {
			t.Errorf("trigo %s: exit %d, want 0; stderr:\n%s", strings.Join(args, " "), r.code, lastLines(r.stderr, 3))
			continue
		}
		if !stderrOK[args[0]] && !strings.Contains(r.stdout, "-") {
			t.Errorf("trigo %s: no usage on stdout (stdout %q, stderr %q)", strings.Join(args, " "), r.stdout, lastLines(r.stderr, 2))
		}
	}
}

// tinyDataDir writes a small data folder.
func tinyDataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	text := corpus.Generate(40000, 5)
	cut := data.SplitPoint(text, 0.1)
	if err := os.WriteFile(filepath.Join(dir, "train.bin"), text[:cut], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "valid.bin"), text[cut:], 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// `trigo train --resume X` alone keeps the run's batch size, sequence
// length and data folder: a run with non-default ones, interrupted (Ctrl-C
// saves) and resumed with only --resume and --out, from a folder where
// the default data folder does not exist, ends with the very weights and
// loss curve of the uninterrupted run. It used to resume at 16 × 128 on
// data/stories_demo. Then a resume of the finished run, which has nothing
// left to do, is an error instead of a silent exit 0.
func TestTrainResumeKeepsRunSettings(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGINT")
	}
	dataDir := tinyDataDir(t)
	work := t.TempDir()
	flags := []string{"train", "--data-dir", dataDir, "--steps", "8", "--batch-size", "4", "--seq-len", "32",
		"--eval-every", "1", "--eval-batches", "1", "--threads", "1", "--seed", "3"}
	straight := filepath.Join(work, "straight.safetensors")
	if r := trigo(t, work, append(flags, "--out", straight)...); r.code != 0 {
		t.Fatalf("straight run: exit %d\n%s", r.code, lastLines(r.stderr, 5))
	}

	// Interrupt the second run once its first evaluation is printed.
	half := filepath.Join(work, "half.safetensors")
	cmd := exec.Command(trigoBin, append(flags, "--out", half)...)
	cmd.Dir = work
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "step 1:") {
			cmd.Process.Signal(syscall.SIGINT)
			break
		}
	}
	go io.Copy(io.Discard, stderr)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("interrupted run: %v", err)
	}
	f, err := ckpt.ReadFile(half)
	if err != nil {
		t.Fatal(err)
	}
	meta, _ := ckpt.DecodeMeta(f.Meta)
	if meta.Step >= 8 {
		t.Fatalf("the interrupt came too late: the run finished (step %d)", meta.Step)
	}

	resumed := filepath.Join(work, "resumed.safetensors")
	cwd := t.TempDir() // no data/stories_demo here
	r := trigo(t, cwd, "train", "--resume", half, "--out", resumed)
	if r.code != 0 {
		t.Fatalf("resume: exit %d\n%s", r.code, lastLines(r.stderr, 5))
	}
	if !strings.Contains(r.stdout, "8 steps of 4×32 bytes") || !strings.Contains(r.stdout, filepath.ToSlash(dataDir)) {
		t.Errorf("resume header does not show the run's settings:\n%s", lastLines(r.stdout, 3))
	}
	a, b := readRun(t, straight), readRun(t, resumed)
	if len(a.loss) != 8 || len(b.loss) != 8 {
		t.Fatalf("histories of %d and %d steps", len(a.loss), len(b.loss))
	}
	for i := range a.loss {
		if a.loss[i] != b.loss[i] {
			t.Fatalf("step %d: loss %v resumed (from step %d) != %v straight", i+1, b.loss[i], meta.Step, a.loss[i])
		}
	}
	for name, w := range a.weights {
		v := b.weights[name]
		for i := range w {
			if math.Float32bits(w[i]) != math.Float32bits(v[i]) {
				t.Fatalf("weight %s[%d]: %v resumed != %v straight", name, i, v[i], w[i])
			}
		}
	}

	r = trigo(t, cwd, "train", "--resume", resumed, "--out", resumed)
	if r.code != 2 || !strings.Contains(r.stderr, "--steps 8") || !strings.Contains(r.stderr, "already taken 8 steps") {
		t.Errorf("resume of a finished run: exit %d, stderr:\n%s", r.code, lastLines(r.stderr, 3))
	}
	r = trigo(t, cwd, "train", "--resume", resumed, "--model", "vanilla-fp32")
	if r.code != 2 || !strings.Contains(r.stderr, "--model vanilla-fp32") {
		t.Errorf("resume with another --model: exit %d, stderr:\n%s", r.code, lastLines(r.stderr, 3))
	}
}

type run struct {
	loss    []float64
	weights map[string][]float32
}

func readRun(t *testing.T, path string) run {
	t.Helper()
	f, err := ckpt.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Loss []float64 `json:"loss"`
	}
	if err := json.Unmarshal([]byte(f.Meta["history"]), &h); err != nil {
		t.Fatalf("%s: history: %v", path, err)
	}
	r := run{loss: h.Loss, weights: map[string][]float32{}}
	for n, ts := range f.Tensors {
		if !strings.HasPrefix(n, ckpt.OptimPrefix) {
			r.weights[n] = ts.Data
		}
	}
	return r
}

// An --out that cannot be written fails before the first step, not after
// the whole run.
func TestTrainUnwritableOutFailsAtStart(t *testing.T) {
	dataDir := tinyDataDir(t)
	var out string
	switch {
	case os.Geteuid() != 0 && runtime.GOOS != "windows":
		ro := t.TempDir()
		os.Chmod(ro, 0o555)
		out = filepath.Join(ro, "x.safetensors")
	case runtime.GOOS == "linux":
		out = "/proc/trigo-test.safetensors" // not writable even by root
	default:
		t.Skip("no unwritable folder to try")
	}
	r := trigo(t, "", "train", "--data-dir", dataDir, "--steps", "3", "--batch-size", "2", "--seq-len", "16", "--out", out)
	if r.code != 1 || !strings.Contains(r.stderr, "cannot write "+out) || strings.Contains(r.stderr, "step 1") {
		t.Errorf("exit %d, stderr:\n%s", r.code, lastLines(r.stderr, 4))
	}
}

// A checkpoint of NaN weights is an error naming the tensors, not a chat
// with exit 0 and abstain_p NaN.
func TestChatRefusesNaNWeights(t *testing.T) {
	m := model.New(model.Tiny("lite", model.FP32), 1)
	for _, p := range m.Params.List() {
		for i := range p.T.Data {
			p.T.Data[i] = float32(math.NaN())
		}
	}
	path := filepath.Join(t.TempDir(), "nan.safetensors")
	if err := ckpt.Save(path, m, ckpt.Meta{Stage: "abstain-sft"}, nil); err != nil {
		t.Fatal(err)
	}
	r := trigo(t, "", "chat", "--ckpt", path, "--max-bytes", "8", "hello")
	if r.code != 1 || !strings.Contains(r.stderr, "non-finite") || !strings.Contains(r.stderr, m.Params.List()[0].Name) {
		t.Errorf("exit %d, stderr:\n%s", r.code, lastLines(r.stderr, 3))
	}
}

// prepare reports a 1-byte input (it panicked) and a device (it read
// /dev/zero forever) as errors.
func TestPrepareBadInputs(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "one.txt")
	os.WriteFile(one, []byte("a"), 0o644)
	r := trigo(t, dir, "prepare", "--input", one, "--out-dir", filepath.Join(dir, "d"))
	if r.code != 1 || !strings.Contains(r.stderr, "too small") || strings.Contains(r.stderr, "panic") {
		t.Errorf("1-byte input: exit %d, stderr:\n%s", r.code, lastLines(r.stderr, 3))
	}
	if runtime.GOOS == "windows" {
		return
	}
	r = trigo(t, dir, "prepare", "--input", "/dev/zero", "--out-dir", filepath.Join(dir, "d"))
	if r.code != 1 || !strings.Contains(r.stderr, "/dev/zero is not a regular file") {
		t.Errorf("/dev/zero: exit %d, stderr:\n%s", r.code, lastLines(r.stderr, 3))
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
