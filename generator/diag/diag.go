// Package diag carries problems found in a site's files, printed as
// path:line:col: message, so that every problem is reported in one pass.
package diag

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
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
	b.WriteString(printable(d.Path))
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
	b.WriteString(printable(d.Msg))
	return b.String()
}

// printable writes as Go escapes (\x1b, \n, \u202e) what must not reach a
// terminal or CI log as it is, and which file names and data may carry:
// control characters (an ESC sequence; a newline that starts a line GitHub
// Actions reads as a "::error::" command), line separators and
// bidirectional overrides. A diagnostic stays one line of text.
func printable(s string) string {
	if !strings.ContainsFunc(s, unprintable) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unprintable(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unprintable(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
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
