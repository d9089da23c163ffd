//go:build unix

package cli

import (
	"os"
	"syscall"
)

// maxRSS is a finished process's peak resident memory in kilobytes (Linux
// reports ru_maxrss in kilobytes; macOS in bytes, scaled here).
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if isDarwin {
		return int64(ru.Maxrss) / 1024
	}
	return int64(ru.Maxrss)
}
