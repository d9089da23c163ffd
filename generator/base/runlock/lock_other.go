//go:build !unix && !windows

package runlock

import "os"

// Without file locks (js, wasip1, plan9) a lock is always free.
func tryLock(*os.File) (bool, error) { return true, nil }

func unlockClose(f *os.File) error { return f.Close() }

func alive(int) bool { return false }
