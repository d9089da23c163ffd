// Package csvout writes the CSV downloads: RFC 4180, UTF-8, header first, and
// text cells that a spreadsheet would run as a formula neutralised with a
// leading apostrophe (docs/metrics.md, Downloads).
package csvout

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
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

// Safe prefixes a text cell that starts with =, +, - or @ with an apostrophe.
// Numbers (such as -3 or -0.25) are left as they are.
func Safe(c string) string {
	if c == "" || !strings.ContainsRune("=+-@", rune(c[0])) {
		return c
	}
	if _, err := strconv.ParseFloat(c, 64); err == nil {
		return c
	}
	return "'" + c
}
