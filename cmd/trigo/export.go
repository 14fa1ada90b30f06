package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"trigo/engine/ckpt"
	"trigo/engine/model"
	"trigo/engine/ternary"
)

func init() {
	register("export", "pack a ternary checkpoint into 2-bit weights for the integer kernels", runExport)
}

func runExport(args []string) error {
	fs := flag.NewFlagSet("trigo export", flag.ContinueOnError)
	in := fs.String("ckpt", "", "ternary checkpoint to pack (required)")
	out := fs.String("out", "", "packed file to write (required)")
	verify := fs.String("verify", "data/stories_demo/valid.bin", "bytes to compare the packed model's next-byte argmax with the checkpoint's training forward on (\"\" skips)")
	positions := fs.Int("verify-positions", 8192, "positions to compare (0 = the whole file)")
	window := fs.Int("window", 0, "comparison window in bytes (0 = the model's context)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: trigo export --ckpt IN.safetensors --out OUT.safetensors [--verify FILE]\n\n"+
			"Packs every ternary weight (block Linears and conv kernels) I2_S-style: 2 bits a weight\n"+
			"(w+1 in {0,1,2}) and one float32 scale per tensor, in a safetensors file (dtype U8) that\n"+
			"trigo infer and trigo chat load like any checkpoint. Embedding, norms, biases, SSM vectors,\n"+
			"output projection and abstain head stay float32. Then checks that the packed integer\n"+
			"forward picks the same next byte as the checkpoint's training forward (docs/generation.md).\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	var c checks
	c.intMin("verify-positions", *positions, 0, " (0: the whole file)")
	c.intMin("window", *window, 0, " (0: the model's context)")
	if err := c.err(); err != nil {
		return err
	}
	if *in == "" || *out == "" {
		fs.Usage()
		return usagef("--ckpt and --out are required")
	}
	if ok, err := ternary.IsPacked(*in); err == nil && ok {
		return fmt.Errorf("%s is already a packed ternary checkpoint", *in)
	}
	m, f, err := ckpt.Load(*in)
	if err != nil {
		return err
	}
	if !m.Spec.IsTernary() {
		return fmt.Errorf("%s holds %s, a %s model: only ternary models pack (their forward pass uses ternary weights); train a *-ternary config", *in, m.Spec.Name, m.Spec.Precision)
	}
	meta := map[string]string{}
	for k, v := range f.Meta {
		switch k {
		case "optimizer", "optimizer_state", "sampler", "history", "format":
		default:
			meta[k] = v
		}
	}
	meta["source"] = filepath.ToSlash(*in)
	if sum, err := fileSHA256(*in); err == nil {
		meta["source_sha256"] = sum
	}
	pm, err := ternary.FromModel(m, meta)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	if err := pm.Save(*out); err != nil {
		return err
	}
	inSize, outSize := fileSize(*in), fileSize(*out)
	fpDec := m.NewDecoder(model.DecodeOptions{MaxLen: 1})
	pkDec := pm.NewDecoder(model.DecodeOptions{MaxLen: 1})
	fmt.Printf("%s: %s, %d parameters, %d packed tensors\n", *out, m.Spec.Name, m.NumParams(), len(pm.Packed))
	fmt.Printf("file: %d bytes (checkpoint %d bytes, %.1f× smaller)\n", outSize, inSize, float64(inSize)/float64(max(outSize, 1)))
	fmt.Printf("decode weights: %d bytes packed vs %d bytes float32 (%.1f× smaller)\n",
		pkDec.WeightBytes(), fpDec.WeightBytes(), float64(fpDec.WeightBytes())/float64(pkDec.WeightBytes()))
	if *verify == "" {
		return nil
	}
	data, err := os.ReadFile(*verify)
	if err != nil {
		fmt.Fprintf(os.Stderr, "note: no agreement check (%v)\n", err)
		return nil
	}
	t0 := time.Now()
	agree, total := ternary.Agreement(m, pm, data, *window, *positions)
	if total == 0 {
		return fmt.Errorf("%s is shorter than one comparison window", *verify)
	}
	pct := 100 * float64(agree) / float64(total)
	fmt.Printf("agreement with the training forward on %s: next-byte argmax equal at %d of %d positions (%.2f %%, kernel %s, %.1fs)\n",
		*verify, agree, total, pct, ternary.Active().Name, time.Since(t0).Seconds())
	if pct < 99 {
		return fmt.Errorf("packed model agrees with the training forward on only %.2f %% of positions (< 99 %%)", pct)
	}
	return nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}
