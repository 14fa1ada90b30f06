package main

import "syscall"

// childProcAttr makes the kernel process of trigo run die with its
// supervisor (kill -9 of the supervisor leaves no orphan running cells).
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
