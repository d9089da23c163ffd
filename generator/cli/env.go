package cli

import (
	"io"
	"os"
	"time"
)

func defaultEnv(stdout, stderr io.Writer) *Env {
	env := &Env{Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, Now: time.Now}
	if f, ok := stderr.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			env.IsTTY = true
		}
	}
	return env
}
