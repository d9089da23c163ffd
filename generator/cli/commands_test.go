package cli

import (
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
