package main

import (
	"context"
	"flag"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"trigo/kernel"
	"trigo/kernel/wire"
)

func init() {
	register("kernel", "serve a Jupyter kernel (Jupyter starts it: trigo kernel -f CONNECTION_FILE)", runKernel)
}

func runKernel(args []string) error {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	file := fs.String("f", "", "the connection file Jupyter wrote")
	history := fs.String("history", defaultHistoryFile(), `file that keeps executed cells across sessions ("" keeps none)`)
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the kernel's whole life to `FILE`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if *file == "" {
		return usagef("missing -f CONNECTION_FILE")
	}
	stopProfile, err := startCPUProfile(*cpuprofile)
	if err != nil {
		return err
	}
	defer stopProfile()
	conn, err := wire.ReadConnection(*file)
	if err != nil {
		return err
	}
	// Cell output is captured; the kernel's own log goes to a copy of the
	// original stderr, which Jupyter shows, as do the runtime's reports of
	// fatal errors (see kernel.PrepareProcess).
	stderr := kernel.PrepareProcess()
	logger := log.New(stderr, "trigo kernel: ", log.LstdFlags)
	// The symbol tables make a large, long-lived heap; collecting less often
	// keeps cell round trips short.
	debug.SetGCPercent(400)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go watchParent(ctx, stop, logger)
	_, err = kernel.Run(ctx, conn, kernel.Config{
		CaptureFD:    true,
		HandleSIGINT: true,
		HistoryFile:  *history,
		Log:          logger,
	})
	// A restart is the kernel manager's job: it starts a fresh process
	// (a fresh interpreter) once this one has exited.
	return err
}

func defaultHistoryFile() string {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "trigo", "history.jsonl")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".local", "share", "trigo", "history.jsonl")
}

// watchParent stops the kernel when the process that started it (the
// notebook server, jupyter console) goes away without a shutdown_request,
// as ipykernel's parent poller does: the kernel gets re-parented.
func watchParent(ctx context.Context, stop func(), logger *log.Logger) {
	parent := os.Getppid()
	if parent <= 1 {
		return
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if os.Getppid() != parent {
				logger.Printf("parent process %d is gone; shutting down", parent)
				stop()
				return
			}
		}
	}
}
