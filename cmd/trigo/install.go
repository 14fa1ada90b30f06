package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"trigo/kernel/spec"
)

func init() {
	register("install", "install the Jupyter kernelspec (--user, --sys-prefix or --prefix DIR)", runInstall)
}

func runInstall(args []string) error {
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	var o spec.Options
	fs.BoolVar(&o.User, "user", false, "install for the current user (~/.local/share/jupyter/kernels)")
	fs.BoolVar(&o.SysPrefix, "sys-prefix", false, "install into the active Python environment's prefix")
	fs.StringVar(&o.Prefix, "prefix", "", "install into `DIR`/share/jupyter/kernels")
	fs.StringVar(&o.Name, "name", "trigo", "kernelspec name (jupyter console --kernel=NAME)")
	fs.StringVar(&o.DisplayName, "display-name", "", "name shown in the notebook's kernel menu")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	bin, err := os.Executable()
	if err != nil {
		return err
	}
	if resolved, err := filepath.EvalSymlinks(bin); err == nil {
		bin = resolved
	}
	o.Binary = bin
	dir, err := spec.Install(o)
	if err != nil {
		return err
	}
	fmt.Printf("Installed kernelspec %s in %s\n", o.Name, dir)
	return nil
}
