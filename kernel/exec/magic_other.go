//go:build !unix

package exec

import "time"

// cpuTimes is not known here: %time prints the wall time only.
func cpuTimes() (user, sys time.Duration) { return -1, -1 }
