// Command trigo is the single binary of the project: a Jupyter kernel,
// a headless notebook runner, and the training, chat and reproduction tools.
package main

import (
	"flag"
	"fmt"
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

func usage() {
	fmt.Fprintln(os.Stderr, "usage: trigo COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(os.Stderr, "\nrun 'trigo COMMAND -h' for a command's flags")
}

func main() {
	if len(os.Args) < 2 || os.Args[1] == "-h" || os.Args[1] == "--help" || os.Args[1] == "help" {
		usage()
		if len(os.Args) < 2 {
			os.Exit(2)
		}
		return
	}
	c, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "trigo: unknown command %q\n\n", os.Args[1])
		usage()
		os.Exit(2)
	}
	if err := c.run(os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "trigo %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

// parseSubject parses a command's flags around its one positional
// argument (a claim or an experiment), which may come before or after
// them: "reproduce 2 --write" and "reproduce --write 2".
func parseSubject(fs *flag.FlagSet, args []string) (string, error) {
	var which string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		which, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if which == "" && fs.NArg() > 0 {
		which = fs.Arg(0)
	}
	return which, nil
}
