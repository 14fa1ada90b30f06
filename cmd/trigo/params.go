package main

import (
	"flag"
	"fmt"

	"trigo/engine/model"
)

func init() {
	register("params", "parameter counts of the named model configs", runParams)
}

func runParams(args []string) error {
	fs := flag.NewFlagSet("trigo params", flag.ContinueOnError)
	name := fs.String("model", "", "print this config's full parameter table")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if *name != "" {
		s, err := model.Lookup(*name)
		if err != nil {
			return err
		}
		fmt.Print(model.New(s, 1).Summary())
		return nil
	}
	fmt.Printf("%-16s %12s  %s\n", "config", "params", "shape")
	for _, n := range model.Names() {
		m := model.New(model.Config(n), 1)
		fmt.Printf("%-16s %12d  %s\n", n, m.NumParams(), m.Spec)
	}
	return nil
}
