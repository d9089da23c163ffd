// Package diag carries problems found in a site's files, printed as
// path:line:col: message, so that every problem is reported in one pass.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity of a problem.
type Severity int

const (
	Error Severity = iota
	Warning
)

// Diag is one problem at a place in a file. Line and Col are 1-based; 0 when unknown.
type Diag struct {
	Path     string
	Line     int
	Col      int
	Severity Severity
	Msg      string
}

func (d Diag) String() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// List is a set of problems; as an error it reads one per line.
type List []Diag

func (l List) Error() string {
	s := make([]string, len(l))
	for i, d := range l {
		s[i] = d.String()
	}
	return strings.Join(s, "\n")
}

// HasErrors reports whether any problem is an error, not a warning.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Sort orders problems by path, line, column and message.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
}
