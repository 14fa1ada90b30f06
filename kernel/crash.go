package kernel

import (
	"os"
	"runtime/debug"
)

// MaxStack bounds one goroutine's stack in a kernel process. Go's default
// (1 GB) lets runaway recursion in a cell grow for seconds and use
// gigabytes before the fatal "stack overflow"; interpreted calls cost a
// few KB of stack each, so 256 MiB still allows recursion tens of
// thousands of calls deep.
const MaxStack = 256 << 20

// PrepareProcess readies a process that serves cells with their output
// captured (the kernel, trigo run) and returns a copy of the original
// stderr for the process's own log. A fatal error — stack overflow, out of
// memory, an unrecovered panic on a goroutine a cell started — cannot be
// turned into a cell error: the process exits (status 2) with the
// runtime's report on its real stderr (kernel/exec captures stderr through
// the os.Stderr variable and leaves fd 2 alone, see capture.go), and
// Jupyter's restarter starts a fresh kernel.
//
// debug.SetCrashOutput is not used: it would print each report twice on
// the same stderr, and it misses the "fatal error: ..." line, which the
// runtime prints before it counts as crashing.
func PrepareProcess() *os.File {
	debug.SetMaxStack(MaxStack)
	return OriginalStderr()
}
