package expdata

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math/bits"
	"os"
	"strings"
)

// maxRecord caps one record's bytes: a longer one (a quote never closed
// swallowing the file) is a bad row, not a buffer the size of the file.
const maxRecord = 1 << 20

// scanner splits RFC 4180 CSV into records without copying unquoted
// fields: a record's fields are slices of the reader's buffer (or of
// scratch), valid until the next call. Separator ',', records end with LF
// or CRLF, a quoted field may hold commas, "" and line breaks. A stray
// quote inside an unquoted field is kept as text (as exports write it).
type scanner struct {
	r       *bufio.Reader
	next    int // line number of the next physical line
	line    int // line number where the current record starts
	rec     []byte
	fields  [][]byte
	scratch []byte
	// bad says why the current record could not be split ("" when it could).
	bad string
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: bufio.NewReaderSize(r, maxRecord), next: 1}
}

// readLine returns the next physical line without its line end, and false
// at the end of input. A line longer than the reader's buffer (maxRecord)
// is read and dropped, and marks the record bad.
func (s *scanner) readLine() ([]byte, bool, error) {
	l, err := s.r.ReadSlice('\n')
	for err == bufio.ErrBufferFull {
		s.bad = "the row is longer than 1 MB"
		l, err = s.r.ReadSlice('\n')
	}
	if err != nil && err != io.EOF {
		return nil, false, err
	}
	if len(l) == 0 && err == io.EOF && s.bad == "" {
		return nil, false, nil
	}
	s.next++
	// the line end, byte by byte: bytes.TrimSuffix calls out to compare
	if n := len(l); n > 0 && l[n-1] == '\n' {
		l = l[:n-1]
	}
	if n := len(l); n > 0 && l[n-1] == '\r' {
		l = l[:n-1]
	}
	return l, true, nil
}

// Next reads the next non-empty record. It returns false at the end.
func (s *scanner) Next() (bool, error) {
	return s.NextWhere(-1, nil)
}

// NextWhere reads the next non-empty record whose field col, when the line
// holds no quote, passes keep; others are skipped without being split (a
// line with a quote is always split and returned: only the whole record
// says where its fields are). col < 0 returns every record. A bad record
// (too long, a quote never closed) is always returned.
func (s *scanner) NextWhere(col int, keep func([]byte) bool) (bool, error) {
	for {
		s.bad = ""
		s.line = s.next
		l, ok, err := s.readLine()
		if err != nil || !ok {
			return false, err
		}
		if s.bad != "" {
			s.fields = s.fields[:0]
			return true, nil
		}
		if col < 0 {
			// one pass over the line finds its commas and any quote
			if len(bytes.TrimSpace(l)) == 0 {
				continue
			}
			if s.splitPlain(l) {
				return true, nil
			}
			return true, s.quoted(l)
		}
		if bytes.IndexByte(l, '"') < 0 {
			if f, ok := fieldAt(l, col); !ok || !keep(f) {
				continue
			}
			if len(bytes.TrimSpace(l)) == 0 {
				continue
			}
			s.splitPlain(l)
			return true, nil
		}
		return true, s.quoted(l)
	}
}

// fieldAt is field col of a line without quotes (false when it has fewer).
func fieldAt(l []byte, col int) ([]byte, bool) {
	for ; col > 0; col-- {
		i := bytes.IndexByte(l, ',')
		if i < 0 {
			return nil, false
		}
		l = l[i+1:]
	}
	if i := bytes.IndexByte(l, ','); i >= 0 {
		l = l[:i]
	}
	return l, true
}

// quoted gathers lines until every quote of the record that starts with l
// is closed, and splits it.
func (s *scanner) quoted(l []byte) error {
	s.rec = append(s.rec[:0], l...)
	for openQuote(s.rec) {
		if len(s.rec) > maxRecord {
			s.bad = "a quoted field is never closed"
			break
		}
		more, ok, err := s.readLine()
		if err != nil {
			return err
		}
		if !ok {
			s.bad = "a quoted field is never closed"
			break
		}
		if s.bad != "" {
			break
		}
		s.rec = append(append(s.rec, '\n'), more...)
	}
	if s.bad != "" {
		s.fields = s.fields[:0]
		return nil
	}
	s.splitQuoted(s.rec)
	return nil
}

// splitPlain splits a line at its commas, eight bytes at a time, and
// returns false, fields unset, when the line holds a quote (a quoted
// record, split by quoted).
func (s *scanner) splitPlain(l []byte) bool {
	s.fields = s.fields[:0]
	start, i := 0, 0
	for ; i+8 <= len(l); i += 8 {
		x := binary.LittleEndian.Uint64(l[i:])
		if zeroBytes(x^(bytesOf*'"')) != 0 {
			return false
		}
		for m := zeroBytes(x ^ (bytesOf * ',')); m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)>>3
			s.fields = append(s.fields, l[start:j:j])
			start = j + 1
		}
	}
	for ; i < len(l); i++ {
		switch l[i] {
		case '"':
			return false
		case ',':
			s.fields = append(s.fields, l[start:i:i])
			start = i + 1
		}
	}
	s.fields = append(s.fields, l[start:])
	return true
}

const (
	bytesOf = 0x0101010101010101 // bytesOf*c: c in each byte of a word
	low7    = 0x7f7f7f7f7f7f7f7f
)

// zeroBytes has 0x80 in each byte of x that is 0 and nothing else (no
// carry crosses bytes: each byte's low seven bits plus 0x7f stay below 0x100).
func zeroBytes(x uint64) uint64 {
	return ^((x&low7 + low7) | x | low7)
}

// openQuote reports whether rec ends inside a quoted field.
func openQuote(rec []byte) bool {
	in, start := false, true // start: at the start of a field
	for i := 0; i < len(rec); i++ {
		c := rec[i]
		switch {
		case in:
			if c == '"' {
				if i+1 < len(rec) && rec[i+1] == '"' {
					i++
				} else {
					in = false
				}
			}
		case c == '"' && start:
			in = true
		case c == ',':
			start = true
			continue
		}
		start = false
	}
	return in
}

// splitQuoted splits a record with quoted fields; unquoted text goes into
// scratch, sized once so that earlier fields stay valid.
func (s *scanner) splitQuoted(rec []byte) {
	s.fields = s.fields[:0]
	if cap(s.scratch) < len(rec) {
		s.scratch = make([]byte, 0, len(rec))
	}
	buf := s.scratch[:0]
	for i := 0; ; {
		if i < len(rec) && rec[i] == '"' {
			start := len(buf)
			i++
			for i < len(rec) {
				if rec[i] == '"' {
					if i+1 < len(rec) && rec[i+1] == '"' {
						buf = append(buf, '"')
						i += 2
						continue
					}
					i++
					break
				}
				buf = append(buf, rec[i])
				i++
			}
			// text after the closing quote, up to the comma, is kept
			for i < len(rec) && rec[i] != ',' {
				buf = append(buf, rec[i])
				i++
			}
			s.fields = append(s.fields, buf[start:len(buf):len(buf)])
		} else {
			j := bytes.IndexByte(rec[i:], ',')
			if j < 0 {
				j = len(rec) - i
			}
			s.fields = append(s.fields, rec[i:i+j])
			i += j
		}
		if i >= len(rec) {
			return
		}
		i++ // the comma
		if i == len(rec) {
			s.fields = append(s.fields, rec[i:])
			return
		}
	}
}

var errNoHeader = errors.New("the file has no header row")

// Header reads a CSV file's first record: its column names, trimmed, with
// a leading byte-order mark dropped.
func Header(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, errors.New(openErr(err))
	}
	defer f.Close()
	s := newScanner(f)
	ok, err := s.Next()
	if err != nil {
		return nil, err
	}
	if !ok || s.bad != "" {
		return nil, errNoHeader
	}
	return s.names(), nil
}

// names are the current record's fields as column names: trimmed, a
// leading byte-order mark dropped.
func (s *scanner) names() []string {
	out := make([]string, len(s.fields))
	for i, f := range s.fields {
		out[i] = strings.TrimSpace(string(f))
	}
	if len(out) > 0 {
		out[0] = strings.TrimSpace(strings.TrimPrefix(out[0], "\ufeff"))
	}
	return out
}
