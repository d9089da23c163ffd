// Package csvout writes the CSV downloads: RFC 4180, UTF-8, header first, and
// text cells that a spreadsheet would run as a formula neutralised with a
// leading apostrophe (docs/metrics.md, Downloads). Every download goes
// through it: its guard is the only one.
package csvout

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Writer writes rows of cells.
type Writer struct{ w *csv.Writer }

// New returns a Writer that writes the header row first.
func New(w io.Writer, header ...string) (*Writer, error) {
	cw := csv.NewWriter(w)
	// RFC 4180 ends records with CRLF.
	cw.UseCRLF = true
	out := &Writer{w: cw}
	return out, out.Row(header...)
}

// Row writes one row; every cell goes through Safe.
func (w *Writer) Row(cells ...string) error {
	safe := make([]string, len(cells))
	for i, c := range cells {
		safe[i] = Safe(c)
	}
	return w.w.Write(safe)
}

// Flush writes buffered rows and returns the first error.
func (w *Writer) Flush() error { w.w.Flush(); return w.w.Error() }

// Safe prefixes with an apostrophe a text cell that a spreadsheet could run
// as a formula; numbers (such as -3 or -0.25) are left as they are.
func Safe(c string) string {
	if IsFormula(c) {
		return "'" + c
	}
	return c
}

// number is a plain decimal number, the only kind of cell starting with + or
// - that is left as it is (ParseFloat would also take "-Inf" or hex).
var number = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// IsFormula says whether a cell is text whose first non-blank character
// is =, +, - or @. Leading blanks are skipped because spreadsheets (and
// encoding/csv, which drops a lone CR) skip them: whatever unicode.IsSpace
// says is blank (space, tab, CR, LF, the no-break and ideographic spaces).
// The first character counts as it is and after Unicode compatibility
// normalisation (NFKC), so the full-width ＝ and the small ﹢ count as = and
// +, and so does = with a combining mark, which NFKC would fold into ≠.
func IsFormula(c string) bool {
	rest := c
	for {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			return false
		}
		r, n := utf8.DecodeRuneInString(rest)
		if strings.ContainsRune(formulaStart, r) {
			return !number.MatchString(c)
		}
		// NFKC folds a rune with the combining marks after it.
		for n < len(rest) {
			m, size := utf8.DecodeRuneInString(rest[n:])
			if !unicode.In(m, unicode.Mn, unicode.Me, unicode.Mc) {
				break
			}
			n += size
		}
		folded := strings.TrimLeftFunc(norm.NFKC.String(rest[:n]), unicode.IsSpace)
		if folded == "" {
			rest = rest[n:] // a compatibility space: look past it
			continue
		}
		f, _ := utf8.DecodeRuneInString(folded)
		return strings.ContainsRune(formulaStart, f)
	}
}

// formulaStart are the characters that make a spreadsheet read a cell as a
// formula (OWASP, CSV injection).
const formulaStart = "=+-@"
