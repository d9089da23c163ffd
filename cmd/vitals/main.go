// Command vitals builds a static product-health site. See README.md.
package main

import (
	"os"

	"github.com/vitals-dev/vitals/generator/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
