// Package diag carries problems found in a site's files, printed as
// path:line:col: message, so that every problem is reported in one pass.
package diag

import (
	"fmt"
	"regexp"
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

// kindRE finds the parts of a message that differ between problems of one
// kind: quoted text and numbers.
var kindRE = regexp.MustCompile(`"[^"]*"|[0-9]+(\.[0-9]+)?`)

// Kind is a problem's message with its quoted text and numbers blanked, so
// that `slo "a": 3 points ...` and `slo "b": 7 points ...` are one kind.
func (d Diag) Kind() string {
	return fmt.Sprint(d.Severity) + kindRE.ReplaceAllString(d.Msg, "_")
}

// GroupAt is how many problems of one kind make a group in Lines.
const GroupAt = 3

// Lines are the problems as printed: one line each, except that GroupAt or
// more warnings of one kind are one line (errors are each to be fixed, so
// each has its line), the first of them with a count and the
// places of the next few (up to show). Groups stand where their first
// problem stands.
func (l List) Lines(show int) []string {
	groups := map[string][]Diag{}
	var order []string
	for _, d := range l {
		k := d.Kind()
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], d)
	}
	var out []string
	for _, k := range order {
		g := groups[k]
		if len(g) < GroupAt || g[0].Severity != Warning {
			for _, d := range g {
				out = append(out, d.String())
			}
			continue
		}
		var at []string
		for _, d := range g[1:min(len(g), show+1)] {
			at = append(at, d.place())
		}
		more := ""
		if n := len(g) - 1 - len(at); n > 0 {
			more = fmt.Sprintf(" and %d more", n)
		}
		out = append(out, fmt.Sprintf("%s (%d like it; also %s%s)", g[0].String(), len(g), strings.Join(at, ", "), more))
	}
	return out
}

// place is path:line:col.
func (d Diag) place() string {
	s := printable(d.Path)
	if d.Line > 0 {
		s += fmt.Sprintf(":%d", d.Line)
		if d.Col > 0 {
			s += fmt.Sprintf(":%d", d.Col)
		}
	}
	return s
}

// Distance is the Levenshtein distance between two names, for "did you
// mean" hints.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
