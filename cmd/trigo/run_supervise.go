package main

// trigo run as a supervisor: the cells run in a child process (this binary
// again, with the same arguments), so that a fatal error in a cell — stack
// overflow, out of memory, an unrecovered panic on a goroutine the cell
// started — which kills the process before anything in it can react, is
// still reported with the cell it happened in, and the notebook keeps the
// cells completed before it (issue 15, item 6).
//
// The child tells the supervisor on fd 3 which cell it starts and sends the
// notebook after each cell; it reads interrupts on fd 4. Its stdin and stdout
// are the supervisor's; its stderr is copied through the supervisor, which
// picks Go's reason ("fatal error: stack overflow", "panic: ...") out of it.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"trigo/kernel/notebook"
)

// runChildEnv marks the child process with its supervisor's pid (a stray
// copy in someone's environment is not taken for a pipe to a supervisor);
// the child removes it from its environment at once, so that a cell running
// `trigo run` starts a supervised run of its own.
const runChildEnv = "TRIGO_RUN_CHILD"

// The child's end of the two pipes (exec.Cmd.ExtraFiles).
const (
	childStatusFD  = 3 // child → supervisor: cell starts, snapshots, done
	childControlFD = 4 // supervisor → child: one byte per interrupt
)

// runChild is the child's link to its supervisor.
type runChild struct {
	mu      sync.Mutex
	status  *os.File
	control *os.File
}

// openRunChild returns the link when this process is a supervised child,
// nil otherwise.
func openRunChild() *runChild {
	v, ok := os.LookupEnv(runChildEnv)
	if !ok {
		return nil
	}
	os.Unsetenv(runChildEnv)
	if v != strconv.Itoa(os.Getppid()) {
		return nil
	}
	// Programs a cell starts must not inherit the pipes: the supervisor
	// waits for the status pipe's end.
	syscall.CloseOnExec(childStatusFD)
	syscall.CloseOnExec(childControlFD)
	// Ctrl-C on a terminal reaches the whole process group; the supervisor
	// forwards it once, as an interrupt, and does the killing on a second
	// one. A handler (not SIG_IGN, which programs started by cells would
	// inherit) swallows the terminal's copy here.
	signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	return &runChild{
		status:  os.NewFile(childStatusFD, "trigo-run-status"),
		control: os.NewFile(childControlFD, "trigo-run-control"),
	}
}

// interrupts returns a context cancelled by the supervisor's first
// interrupt, or when the supervisor is gone.
func (c *runChild) interrupts() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		var b [1]byte
		c.control.Read(b[:]) // a byte, or the end: both stop the run
		cancel()
	}()
	return ctx
}

func (c *runChild) send(head string, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	// Errors are ignored: without a supervisor nobody reads the status.
	c.status.Write(append([]byte(head+"\n"), body...))
}

// started sends "cell INDEX COUNT FIRSTLINE" (the line quoted).
func (c *runChild) started(index, count int, firstLine string) {
	c.send(fmt.Sprintf("cell %d %d %s", index, count, strconv.Quote(firstLine)), nil)
}

// snapshot sends "nb LENGTH" and the notebook as it stands.
func (c *runChild) snapshot(nb *notebook.Notebook) {
	b, err := nb.Marshal()
	if err != nil {
		return
	}
	c.send(fmt.Sprintf("nb %d", len(b)), b)
}

// done says that the command has finished: whatever status the process
// exits with next is its answer, not a crash.
func (c *runChild) done() { c.send("done", nil) }

// runState is what the supervisor knows of the child's progress.
type runState struct {
	mu      sync.Mutex
	started bool // a cell has started
	running bool // ... and has not ended
	index   int
	count   int
	first   string
	nb      []byte // the last snapshot
	done    bool
}

// read follows the child's status pipe until its end.
func (s *runState) read(r io.Reader) {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		kind, rest, _ := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		switch kind {
		case "cell":
			var i, n int
			var q string
			if k, _ := fmt.Sscanf(rest, "%d %d", &i, &n); k != 2 {
				continue
			}
			if f := strings.SplitN(rest, " ", 3); len(f) == 3 {
				q, _ = strconv.Unquote(f[2])
			}
			s.mu.Lock()
			s.started, s.running, s.index, s.count, s.first = true, true, i, n, q
			s.mu.Unlock()
		case "nb":
			n, err := strconv.Atoi(rest)
			if err != nil || n < 0 {
				return
			}
			b := make([]byte, n)
			if _, err := io.ReadFull(br, b); err != nil {
				return
			}
			s.mu.Lock()
			s.nb, s.running = b, false
			s.mu.Unlock()
		case "done":
			s.mu.Lock()
			s.done = true
			s.mu.Unlock()
		}
	}
}

// reasonWriter passes the child's stderr through and keeps the lines in
// which Go says why a process dies.
type reasonWriter struct {
	mu      sync.Mutex
	w       io.Writer
	line    []byte
	reasons []string
}

// Go's own words for a fatal error, at the start of a line of its report.
var reasonPrefixes = []string{
	"fatal error: ", "panic: ", "runtime: goroutine stack exceeds", "runtime: out of memory",
	"fatal: ", "[signal ", "SIGQUIT: ", "SIGABRT: ",
}

func (r *reasonWriter) Write(p []byte) (int, error) {
	n := len(p)
	r.w.Write(p) // as it comes: progress lines redraw with "\r"
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			if len(r.line) < 512 {
				r.line = append(r.line, p[:min(len(p), 512-len(r.line))]...)
			}
			break
		}
		if len(r.line) < 512 {
			r.line = append(r.line, p[:min(i, 512-len(r.line))]...)
		}
		r.take(string(r.line))
		r.line, p = r.line[:0], p[i+1:]
	}
	return n, nil
}

func (r *reasonWriter) take(line string) {
	line = strings.TrimSpace(line)
	for _, pre := range reasonPrefixes {
		if strings.HasPrefix(line, pre) {
			r.reasons = append(r.reasons, line)
			if len(r.reasons) > 4 { // the report comes last
				r.reasons = r.reasons[1:]
			}
			return
		}
	}
}

// reason returns the last lines of Go's report that say why, "" if none.
func (r *reasonWriter) reason() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.line) > 0 {
		r.take(string(r.line))
		r.line = r.line[:0]
	}
	return strings.Join(r.reasons, "; ")
}

// superviseRun runs the cells of input in a child process and reports its
// death. nbw is where the notebook goes (nil for a script). handled is
// false when no child could be started; the caller then runs the cells
// itself.
func superviseRun(input string, nbw *runWriter, params []notebook.Param) (handled bool, err error) {
	if runtime.GOOS == "windows" { // no ExtraFiles
		return false, nil
	}
	exe, err := os.Executable()
	if err != nil {
		return false, nil
	}
	var files []*os.File // every pipe end, closed on the way out
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	pipe := func() (r, w *os.File) {
		if err != nil {
			return nil, nil
		}
		r, w, err = os.Pipe()
		files = append(files, r, w)
		return r, w
	}
	statusR, statusW := pipe()
	controlR, controlW := pipe()
	stderrR, stderrW := pipe()
	if err != nil {
		return false, nil
	}

	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Args[0] = os.Args[0]
	cmd.Env = append(os.Environ(), runChildEnv+"="+strconv.Itoa(os.Getpid()))
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, stderrW
	cmd.ExtraFiles = []*os.File{statusW, controlR} // fd 3 and 4
	cmd.SysProcAttr = childProcAttr()

	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer signal.Stop(sigs)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return false, nil
	}
	// Only the child holds these ends now: its exit ends the pipes.
	statusW.Close()
	controlR.Close()
	stderrW.Close()

	var st runState
	reasons := &reasonWriter{w: os.Stderr}
	statusDone, stderrDone := make(chan struct{}), make(chan struct{})
	go func() { st.read(statusR); close(statusDone) }()
	go func() { io.Copy(reasons, stderrR); close(stderrDone) }()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()

	killed := "" // why the supervisor killed the child
	interrupts := 0
wait:
	for {
		select {
		case s := <-sigs:
			switch {
			case s == os.Interrupt && interrupts == 0:
				interrupts++
				controlW.Write([]byte{'i'})
			case s == os.Interrupt:
				killed = "killed after a second interrupt"
				cmd.Process.Kill()
			default:
				cmd.Process.Signal(s) // SIGTERM, SIGHUP, SIGQUIT: the child decides
			}
		case <-waited:
			break wait
		}
	}
	// The pipes end with the child, unless a program a cell started
	// still holds its stderr: then stop copying after a moment.
	grace := time.After(2 * time.Second)
	for _, ch := range []chan struct{}{statusDone, stderrDone} {
		select {
		case <-ch:
		case <-grace:
		}
	}

	st.mu.Lock()
	defer st.mu.Unlock()
	ps := cmd.ProcessState
	if st.done && ps.Exited() && killed == "" {
		os.Exit(ps.ExitCode()) // the child said what it had to
	}

	// The child died. Say why, in Go's words when it left some.
	why := killed
	if why == "" {
		why = reasons.reason()
	}
	if why == "" {
		why = ps.String() // "exit status 3", "signal: killed"
		if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			why += " (by the system's out-of-memory killer?)"
		}
	}
	where := "before the first cell"
	switch {
	case st.running:
		where = fmt.Sprintf("while running cell %d (In [%d]: %s)", st.index, st.count, st.first)
	case st.started:
		where = fmt.Sprintf("after cell %d (In [%d]: %s)", st.index, st.count, st.first)
	}
	died := fmt.Errorf("%s: the kernel process died %s: %s", input, where, why)

	// The notebook as it stood when the cell started, with the death as
	// the cell's error output (nbclient calls it DeadKernelError).
	if nbw == nil || st.nb == nil {
		return true, died
	}
	nb, err := notebook.Read(st.nb)
	if err != nil {
		return true, errors.Join(died, fmt.Errorf("reading the child's notebook: %w", err))
	}
	if st.running && st.index < len(nb.Cells) {
		c := nb.Cells[st.index]
		c.Count = st.count
		value := "the kernel process died while running this cell: " + why
		c.Outputs = append(c.Outputs, &notebook.Output{
			Type: notebook.ErrorOutput, EName: "DeadKernelError", EValue: value,
			Traceback: []string{"\x1b[0;31m\x1b[1mDeadKernelError\x1b[0m: " + value},
		})
	}
	nb.SetRunMetadata(params, start, time.Now(), "died")
	if err := nbw.write(nb, os.Stderr, start); err != nil {
		return true, errors.Join(died, err)
	}
	return true, died
}
