//go:build !unix

package kernel

import "os"

// OriginalStderr returns os.Stderr: output capture at the descriptor level
// needs linux.
func OriginalStderr() *os.File { return os.Stderr }
