package cli

import (
	"io"
	"os"

	"github.com/vitals-dev/vitals/generator/assets"
)

func defaultEnv(stdout, stderr io.Writer) *Env {
	env := &Env{Stdout: stdout, Stderr: stderr, Getenv: os.Getenv}
	if f, ok := stderr.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			env.IsTTY = true
		}
	}
	return env
}

func echartsLine() string {
	return "(ECharts " + assets.EChartsVersion + " embedded)"
}
