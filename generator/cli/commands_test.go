package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The command table is in the order help lists it, with one row per name,
// and help lists every row.
func TestCommandTableIsSortedAndHelpListsIt(t *testing.T) {
	for i := 1; i < len(commands); i++ {
		if commands[i-1].name >= commands[i].name {
			t.Errorf("commands[%d] %q is not before commands[%d] %q", i-1, commands[i-1].name, i, commands[i].name)
		}
	}
	_, out, _ := run(t, "help")
	at := 0
	for _, c := range commands {
		line := "  " + c.name + strings.Repeat(" ", max(1, 10-len(c.name))) + c.summary + "\n"
		i := strings.Index(out[at:], line)
		if i < 0 {
			t.Errorf("help does not list %q where expected:\n%s", line, out)
			continue
		}
		at += i + len(line)
	}
}

// bench's child, which generates the sites, gets the options bench was given.
func TestBenchGenerateArgsCarryTheOptions(t *testing.T) {
	parse := func(args []string) *benchOptions {
		t.Helper()
		fs := newFlagSet("bench", benchUsage)
		o := benchFlags(fs.FlagSet)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		if err := o.check(fs.Args()); err != nil {
			t.Fatal(err)
		}
		return o
	}
	o := parse([]string{"-d", "x y", "--issues", "400", "--plain", "--steps", "1, 3", "--runs", "2"})
	child := parse(o.generateArgs()[1:])
	if !child.genOnly {
		t.Error("the child does not only generate")
	}
	child.genOnly, child.fs, o.fs = false, nil, nil
	if fmt.Sprintf("%+v", *child) != fmt.Sprintf("%+v", *o) {
		t.Errorf("child options %+v, want %+v", *child, *o)
	}
}

// Usage errors are found before a command reads or writes anything: a
// wrong flag beside --cpuprofile leaves no profile, and a wrong --started
// is said even outside a site.
func TestUsageErrorsComeBeforeAnythingIsWritten(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(dir, "cpu.out")
	code, _, errs := run(t, "build", "-s", dir, "--cpuprofile", prof, "--fail-on", "sometimes")
	if code != ExitUsage || !strings.Contains(errs, "--fail-on must be") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
	if _, err := os.Stat(prof); err == nil {
		t.Error("a build stopped by a usage error wrote its CPU profile")
	}
	code, _, errs = run(t, "new", "postmortem", "X", "-s", dir, "--started", "soon")
	if code != ExitUsage || !strings.Contains(errs, `--started "soon"`) {
		t.Errorf("new outside a site with a bad --started: exit %d, stderr:\n%s", code, errs)
	}
}
