package display

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

var (
	textOnlyOnce sync.Once
	textOnly     bool
)

// TextOnly reports whether the outputs go to a frontend that shows text
// only and ignores update_display_data: jupyter console. Live displays
// (ProgressBar, train.Live) then draw as in a terminal — one line redrawn
// with carriage returns in the output stream — instead of an HTML output
// updated in place, of which the console would show only the first,
// empty, frame. TRIGO_DISPLAY=text or TRIGO_DISPLAY=rich decides; without
// it, a kernel started by jupyter console (its parent process) is text
// only. A console attached with --existing cannot be told apart: set the
// variable then.
func TextOnly() bool {
	textOnlyOnce.Do(func() {
		switch strings.ToLower(os.Getenv("TRIGO_DISPLAY")) {
		case "text":
			textOnly = true
		case "rich":
			textOnly = false
		default:
			textOnly = isConsole(parentCmdline())
		}
	})
	return textOnly
}

// parentCmdline is the parent process's command line (Linux; nil
// elsewhere or when it cannot be read).
func parentCmdline() []string {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(os.Getppid()), "cmdline"))
	if err != nil {
		return nil
	}
	return strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
}

// isConsole reports whether args is jupyter console's command line:
// "python3 /usr/bin/jupyter-console ..." (what "jupyter console" execs) or
// "jupyter console ...".
func isConsole(args []string) bool {
	for i, a := range args {
		base := filepath.Base(a)
		if base == "jupyter-console" || strings.HasSuffix(base, "jupyter_console") {
			return true
		}
		if base == "jupyter" && i+1 < len(args) && args[i+1] == "console" {
			return true
		}
		if a == "-m" && i+1 < len(args) && args[i+1] == "jupyter_console" {
			return true
		}
	}
	return false
}
