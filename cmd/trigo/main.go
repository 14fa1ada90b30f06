// Command trigo is the single binary of the project: a Jupyter kernel,
// a headless notebook runner, and the training, chat and reproduction tools.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// command is one subcommand; each lives in its own file and registers itself
// in init so that independent parts of the CLI never edit the same file.
type command struct {
	summary string
	run     func(args []string) error
}

var commands = map[string]command{}

func register(name, summary string, run func(args []string) error) {
	if _, dup := commands[name]; dup {
		panic("trigo: duplicate command " + name)
	}
	commands[name] = command{summary: summary, run: run}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: trigo COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nrun 'trigo COMMAND -h' for a command's flags")
}

// main exits 0 on success and after -h (usage on stdout), 2 on a bad
// command line (usageError) and 1 when the command fails.
func main() {
	if len(os.Args) < 2 {
		usage(os.Stderr)
		os.Exit(2)
	}
	if a := os.Args[1]; a == "-h" || a == "--help" || a == "-help" || a == "help" {
		usage(os.Stdout)
		return
	}
	c, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "trigo: unknown command %q\n\n", os.Args[1])
		usage(os.Stderr)
		os.Exit(2)
	}
	err := c.run(os.Args[2:])
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return
	}
	fmt.Fprintf(os.Stderr, "trigo %s: %v\n", os.Args[1], err)
	var ue usageError
	if errors.As(err, &ue) {
		os.Exit(2)
	}
	os.Exit(1)
}

// parseSubject parses a command's flags around its one positional
// argument (a claim or an experiment), which may come before or after
// them: "reproduce 2 --write" and "reproduce --write 2".
func parseSubject(fs *flag.FlagSet, args []string) (string, error) {
	var which string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		which, args = args[0], args[1:]
	}
	if err := parseFlags(fs, args); err != nil {
		return "", err
	}
	rest := fs.Args()
	if which == "" && len(rest) > 0 {
		which, rest = rest[0], rest[1:]
	}
	if len(rest) > 0 {
		return "", usagef("unexpected argument %q after %q", rest[0], which)
	}
	return which, nil
}
