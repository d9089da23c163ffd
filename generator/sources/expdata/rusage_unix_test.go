//go:build unix

package expdata

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system time so far: on a shared
// machine the wall time says more about the neighbours.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
