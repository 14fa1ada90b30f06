// Package spec writes Trigo's kernelspec: kernel.json and its logos, in the
// folders Jupyter searches, the way `python -m ipykernel install` does.
package spec

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// Template is kernel.json as committed at the repository root (a test
// keeps this copy identical); argv[0] is replaced by the binary's path.
//
//go:embed kernel.json
var Template []byte

// Options say where and under what name to install.
type Options struct {
	Name        string // folder name: what `jupyter console --kernel=NAME` takes
	DisplayName string // "" keeps the template's
	User        bool   // the user's Jupyter data folder
	SysPrefix   bool   // the active Python environment's prefix
	Prefix      string // PREFIX/share/jupyter/kernels
	Binary      string // absolute path of the trigo binary
}

// Install writes the kernelspec and returns its folder.
func Install(o Options) (string, error) {
	if o.Name == "" {
		o.Name = "trigo"
	}
	if strings.ContainsAny(o.Name, `/\ `) {
		return "", fmt.Errorf("kernel name %q: no slashes or spaces", o.Name)
	}
	root, err := kernelsDir(o)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, o.Name)
	var spec map[string]any
	if err := json.Unmarshal(Template, &spec); err != nil {
		return "", err
	}
	argv, _ := spec["argv"].([]any)
	if len(argv) == 0 {
		return "", errors.New("kernel.json template has no argv")
	}
	argv[0] = o.Binary
	if o.DisplayName != "" {
		spec["display_name"] = o.DisplayName
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "kernel.json"), append(b, '\n'), 0o644); err != nil {
		return "", err
	}
	for _, size := range []int{32, 64} {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("logo-%dx%d.png", size, size)))
		if err != nil {
			return "", err
		}
		err = png.Encode(f, Logo(size))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", err
		}
	}
	return dir, nil
}

// kernelsDir is the kernels folder the options select.
func kernelsDir(o Options) (string, error) {
	n := 0
	for _, b := range []bool{o.User, o.SysPrefix, o.Prefix != ""} {
		if b {
			n++
		}
	}
	if n > 1 {
		return "", errors.New("choose one of --user, --sys-prefix and --prefix")
	}
	switch {
	case o.Prefix != "":
		return filepath.Join(o.Prefix, "share", "jupyter", "kernels"), nil
	case o.SysPrefix:
		p, err := pythonPrefix()
		if err != nil {
			return "", err
		}
		return filepath.Join(p, "share", "jupyter", "kernels"), nil
	case o.User:
		return filepath.Join(userDataDir(), "kernels"), nil
	}
	if runtime.GOOS == "windows" {
		return filepath.Join(os.Getenv("PROGRAMDATA"), "jupyter", "kernels"), nil
	}
	return "/usr/local/share/jupyter/kernels", nil
}

// userDataDir is Jupyter's per-user data folder (jupyter --data-dir).
func userDataDir() string {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d
	}
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter")
	case "windows":
		return filepath.Join(os.Getenv("APPDATA"), "jupyter")
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter")
	}
	return filepath.Join(home, ".local", "share", "jupyter")
}

// pythonPrefix is sys.prefix of the active Python environment.
func pythonPrefix() (string, error) {
	for _, env := range []string{"VIRTUAL_ENV", "CONDA_PREFIX"} {
		if p := os.Getenv(env); p != "" {
			return p, nil
		}
	}
	for _, py := range []string{"python3", "python"} {
		out, err := exec.Command(py, "-c", "import sys; print(sys.prefix)").Output()
		if err == nil {
			return strings.TrimSpace(string(out)), nil
		}
	}
	return "", errors.New("--sys-prefix: no active Python environment found (VIRTUAL_ENV, CONDA_PREFIX, python3)")
}

// Logo draws the kernel's logo: a Go-blue disc with a white T.
func Logo(size int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	blue := color.NRGBA{0x00, 0xAD, 0xD8, 0xFF}
	white := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	c := float64(size-1) / 2
	r := float64(size) / 2
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			dx, dy := float64(x)-c, float64(y)-c
			d := dx*dx + dy*dy
			switch {
			case d > r*r:
				continue
			case d > (r-1)*(r-1): // soft edge
				img.Set(x, y, color.NRGBA{blue.R, blue.G, blue.B, 0x80})
			default:
				img.Set(x, y, blue)
			}
			fx, fy := float64(x)/float64(size), float64(y)/float64(size)
			bar := fy >= 0.25 && fy < 0.39 && fx >= 0.22 && fx < 0.78
			stem := fx >= 0.43 && fx < 0.57 && fy >= 0.25 && fy < 0.78
			if bar || stem {
				img.Set(x, y, white)
			}
		}
	}
	return img
}
