package publish

import (
	"errors"
	"syscall"
	"unsafe"
)

// sysRenameat2 is renameat2(2)'s number on the architectures vitals is
// built for; syscall does not export it everywhere.
var sysRenameat2 = map[string]uintptr{"amd64": 316, "arm64": 276, "386": 353, "arm": 382, "riscv64": 276, "ppc64le": 357, "s390x": 347}

const renameExchange = 1 << 1 // RENAME_EXCHANGE

// exchange swaps two paths in one step (renameat2 RENAME_EXCHANGE), so a
// kill at any instant leaves DEST either the old site or the new one.
func exchange(a, b string) error {
	nr, ok := sysRenameat2[goarch]
	if !ok {
		return errNoExchange
	}
	pa, err := syscall.BytePtrFromString(a)
	if err != nil {
		return err
	}
	pb, err := syscall.BytePtrFromString(b)
	if err != nil {
		return err
	}
	const atFDCWD = -100
	fd := atFDCWD
	_, _, e := syscall.Syscall6(nr, uintptr(fd), uintptr(unsafe.Pointer(pa)), uintptr(fd), uintptr(unsafe.Pointer(pb)), renameExchange, 0)
	if e != 0 {
		if errors.Is(e, syscall.ENOSYS) || errors.Is(e, syscall.EINVAL) || errors.Is(e, syscall.EPERM) {
			return errNoExchange // an old kernel or a file system without it
		}
		return e
	}
	return nil
}
