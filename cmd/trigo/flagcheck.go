package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"strings"
)

// usageError is a bad command line (a flag value out of range, an
// unexpected argument): main prints it and exits 2, like the flag package.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// parseFlags parses a command's flags. -h and --help print the usage on
// stdout and return flag.ErrHelp, which main turns into exit status 0;
// a flag the command does not define, or a value that does not parse,
// prints the usage on stderr and is a usageError.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var buf bytes.Buffer
	fs.SetOutput(&buf)
	err := fs.Parse(args)
	fs.SetOutput(nil) // later fs.Usage calls (a missing argument) go to stderr
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		os.Stdout.Write(buf.Bytes())
		return err
	default:
		os.Stderr.Write(buf.Bytes())
		return usageError{err.Error()}
	}
}

// noArgs returns a usageError when fs was given positional arguments it
// does not take (they used to be ignored: "params nope" exited 0).
func noArgs(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (this command takes flags only; see -h)", fs.Arg(0))
	}
	return nil
}

// checks collects flag range errors so that one run reports them all,
// each naming the flag, its value and the allowed range.
type checks struct{ errs []string }

func (c *checks) add(name string, v any, rule string) {
	c.errs = append(c.errs, fmt.Sprintf("--%s %v: %s", name, v, rule))
}

// intMin requires v ≥ lo.
func (c *checks) intMin(name string, v, lo int, note string) {
	if v < lo {
		c.add(name, v, fmt.Sprintf("must be an integer ≥ %d%s", lo, note))
	}
}

// intRange requires lo ≤ v ≤ hi.
func (c *checks) intRange(name string, v, lo, hi int, note string) {
	if v < lo || v > hi {
		c.add(name, v, fmt.Sprintf("must be an integer in [%d, %d]%s", lo, hi, note))
	}
}

// floatMin requires a finite v ≥ lo (or > lo when open).
func (c *checks) floatMin(name string, v, lo float64, open bool, note string) {
	ok := !math.IsNaN(v) && !math.IsInf(v, 0) && (v > lo || (!open && v == lo))
	if !ok {
		op := "≥"
		if open {
			op = ">"
		}
		c.add(name, v, fmt.Sprintf("must be a finite number %s %g%s", op, lo, note))
	}
}

// floatRange requires v in the interval lo..hi, each end open or closed.
func (c *checks) floatRange(name string, v, lo, hi float64, loOpen, hiOpen bool, note string) {
	ok := v >= lo && v <= hi && !(loOpen && v == lo) && !(hiOpen && v == hi) // NaN fails
	if !ok {
		l, r := "[", "]"
		if loOpen {
			l = "("
		}
		if hiOpen {
			r = ")"
		}
		c.add(name, v, fmt.Sprintf("must be in %s%g, %g%s%s", l, lo, hi, r, note))
	}
}

// oneOf requires v to be one of the choices.
func (c *checks) oneOf(name, v string, choices ...string) {
	for _, ch := range choices {
		if v == ch {
			return
		}
	}
	c.add(name, fmt.Sprintf("%q", v), "must be one of "+strings.Join(choices, ", "))
}

func (c *checks) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return usageError{strings.Join(c.errs, "; ")}
}

// maxThreads bounds every --threads flag: more threads than this are a
// typo, not a machine.
const maxThreads = 4096
