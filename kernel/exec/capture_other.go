//go:build !linux

package exec

import (
	"errors"
	"os"
	"time"
)

const fdCapture = false

func redirectFD(fd int, w *os.File) (func(), error) {
	return nil, errors.New("file descriptor capture needs linux")
}

func drain(r *os.File, limit time.Duration) { time.Sleep(5 * time.Millisecond) }
