// Package metricsrc reads metric exports into model.Series: Prometheus
// query_range JSON, Grafana CSV (joined by time, or Series;Time;Value),
// Datadog query JSON (v1 and v2), wide CSV (GA4, Plausible, CloudWatch) and
// up/down check logs. The format is named or detected.
//
// Every series is named "<source>:<own name>" and carries labels (see
// model.Selector). Times are UTC instants (see parseTime). A row that cannot be
// read is a warning "file:line: reason"; when more than Options.MaxBadShare
// of a file's rows are bad, the file is an error. Gaps stay gaps (nothing is
// filled in), out-of-order points are sorted and duplicates are settled as
// builder.finish documents.
package metricsrc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/config"
)

// Format names an export format.
type Format string

const (
	Auto       Format = ""           // detect from the content
	Prometheus Format = "prometheus" // HTTP API query_range (or query) JSON
	Grafana    Format = "grafana"    // Grafana CSV: wide (joined by time) or Series;Time;Value
	Datadog    Format = "datadog"    // v1 series[].pointlist or v2 data.attributes.times/values
	CSV        Format = "csv"        // wide CSV: a time column and one column per series
	Checks     Format = "checks"     // up/down checks: time, status, optional check name
)

// Formats lists the named formats, for messages.
var Formats = []Format{Prometheus, Grafana, Datadog, CSV, Checks}

// ParseFormat reads a format name; "" is Auto.
func ParseFormat(s string) (Format, error) {
	if s == "" {
		return Auto, nil
	}
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return Auto, fmt.Errorf("unknown format %q (want prometheus, grafana, datadog, csv or checks, or leave it out to detect)", s)
}

// DefaultMaxBadShare is the share of unreadable rows above which a file is an error.
const DefaultMaxBadShare = 0.10

// Options say how to read one file.
type Options struct {
	Name        string  // source name: the prefix of every series name
	Path        string  // the file, for messages and model.Series.Source
	Format      Format  // Auto to detect
	MaxBadShare float64 // 0 means DefaultMaxBadShare
	// CSV columns by header name (case-insensitive); found by name when empty.
	TimeColumn   string
	StatusColumn string // checks: up/down, ok/fail, 1/0
	KeyColumn    string // checks: which check a row belongs to (e.g. Upptime's slug)
	// File is the path as site.toml writes it, and At its table there
	// (FromConfig): a file that cannot be opened is reported at its key.
	File string
	At   config.Place
}

// LoadFile reads and parses one export file.
func LoadFile(opt Options) ([]model.Series, diag.List) {
	f, err := os.Open(opt.Path)
	if err != nil {
		return nil, diag.List{openError(opt, err)}
	}
	defer f.Close()
	var hint int64
	if st, err := f.Stat(); err == nil {
		hint = st.Size()
	}
	return parse(f, opt, hint)
}

// Parse reads one export. The list holds warnings (bad rows, duplicates)
// and, when the file cannot be used, errors; series are returned either way.
func Parse(r io.Reader, opt Options) ([]model.Series, diag.List) { return parse(r, opt, 0) }

func parse(r io.Reader, opt Options, sizeHint int64) ([]model.Series, diag.List) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(1 << 16)
	var src io.Reader = br
	// Excel mode writes UTF-16 with a byte order mark; everything else is UTF-8.
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		all, err := io.ReadAll(br)
		if err != nil {
			return nil, diag.List{{Path: opt.Path, Msg: err.Error()}}
		}
		u, err := decodeUTF16(all)
		if err != nil {
			return nil, diag.List{{Path: opt.Path, Msg: err.Error()}}
		}
		head = u
		src = bytes.NewReader(u)
		br = bufio.NewReaderSize(src, 1<<16)
		src = br
	} else if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
		head = head[3:]
	}
	f := opt.Format
	if f == Auto {
		var err error
		if f, err = Detect(head); err != nil {
			d := diag.Diag{Path: opt.Path, Msg: err.Error()}
			var nu *NotUTF8Error
			if errors.As(err, &nu) {
				d.Line, d.Col = nu.Line, nu.Col
			}
			return nil, diag.List{d}
		}
	}
	b := newBuilder(opt)
	b.sizeHint = sizeHint
	switch f {
	case Prometheus, Datadog:
		all, err := readAll(src, sizeHint)
		if err != nil {
			return nil, diag.List{{Path: opt.Path, Msg: err.Error()}}
		}
		if f == Prometheus {
			parsePrometheus(b, all)
		} else {
			parseDatadog(b, all)
		}
	case Grafana, CSV, Checks:
		parseCSV(b, br, f)
	default:
		return nil, diag.List{{Path: opt.Path, Msg: fmt.Sprintf("unknown format %q", f)}}
	}
	if b.ds.HasErrors() {
		return nil, b.ds
	}
	return b.finish()
}

// Detect names the format of an export from its first bytes (UTF-8).
//
// JSON: Prometheus when it has "resultType", Datadog when it has
// "pointlist" or "attributes". Text: Grafana's long form when the header is
// Series, Time, Value (or the file starts with sep=); checks when a column is
// named status/state/up/result and the first row's status is a word like
// up/down/ok/fail; otherwise a wide CSV.
func Detect(head []byte) (Format, error) {
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		switch {
		case bytes.Contains(head, []byte(`"resultType"`)):
			return Prometheus, nil
		case bytes.Contains(head, []byte(`"pointlist"`)), bytes.Contains(head, []byte(`"attributes"`)), bytes.Contains(head, []byte(`"series"`)):
			return Datadog, nil
		}
		return Auto, fmt.Errorf("JSON that is neither a Prometheus query_range result nor a Datadog query result; name the format")
	}
	if t := trimIncompleteRune(head); !utf8.Valid(t) {
		return Auto, notUTF8(t)
	}
	h := sniffCSV(head)
	if h.header == nil {
		return Auto, fmt.Errorf("no header row found")
	}
	if h.sepLine || isLongHeader(h.header) {
		return Grafana, nil
	}
	if sc := findColumn(h.header, "", statusNames); sc >= 0 && h.first != nil && sc < len(h.first) {
		if _, ok := parseStatus(h.first[sc]); ok && !isNumeric(strings.TrimSpace(h.first[sc])) {
			return Checks, nil
		}
		if n := strings.ToLower(strings.TrimSpace(h.header[sc])); n == "status" || n == "up" {
			if _, ok := parseStatus(h.first[sc]); ok {
				return Checks, nil
			}
		}
	}
	return CSV, nil
}

// NotUTF8Error is an export that is not UTF-8 text, at its first byte
// that is not.
type NotUTF8Error struct {
	Line, Col int // the column in characters
	Byte      byte
}

func (e *NotUTF8Error) Error() string {
	return fmt.Sprintf("byte 0x%02x is not UTF-8: not UTF-8 or UTF-16 text, nor JSON (a Latin-1 or Windows-1252 export? save it as UTF-8)", e.Byte)
}

// notUTF8 finds the first byte of b that is not UTF-8.
func notUTF8(b []byte) *NotUTF8Error {
	e := &NotUTF8Error{Line: 1, Col: 1}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			e.Byte = b[i]
			return e
		case r == '\n':
			e.Line, e.Col = e.Line+1, 1
		default:
			e.Col++
		}
		i += n
	}
	return e
}

func trimIncompleteRune(b []byte) []byte {
	for i := 0; i < 3 && len(b) > 0; i++ {
		r, size := utf8.DecodeLastRune(b)
		if r != utf8.RuneError || size != 1 {
			break
		}
		b = b[:len(b)-1]
	}
	return b
}

func decodeUTF16(b []byte) ([]byte, error) {
	if len(b)%2 != 0 {
		b = b[:len(b)-1]
	}
	big := b[0] == 0xFE
	u := make([]uint16, 0, len(b)/2-1)
	for i := 2; i+1 < len(b); i += 2 {
		if big {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	return []byte(string(utf16.Decode(u))), nil
}

// LoadAll reads several sources and returns all their series in name
// order. Two sources with the same name are an error.
func LoadAll(opts []Options) ([]model.Series, diag.List) {
	var all []model.Series
	var ds diag.List
	names := map[string]string{}
	for _, o := range opts {
		if prev, dup := names[o.Name]; dup {
			ds = append(ds, diag.Diag{Path: o.Path, Msg: fmt.Sprintf("source name %q is also used by %s", o.Name, prev)})
			continue
		}
		names[o.Name] = o.Path
		ss, d := LoadFile(o)
		ds = append(ds, d...)
		all = append(all, ss...)
	}
	sortSeries(all)
	return all, ds
}

func sortSeries(ss []model.Series) {
	sort.SliceStable(ss, func(i, j int) bool {
		if ss[i].Name != ss[j].Name {
			return ss[i].Name < ss[j].Name
		}
		return ss[i].Source < ss[j].Source
	})
}

// readAll reads everything, into one buffer of the expected size.
func readAll(r io.Reader, hint int64) ([]byte, error) {
	if hint <= 0 || hint > 1<<34 {
		return io.ReadAll(r)
	}
	buf := bytes.NewBuffer(make([]byte, 0, hint+512))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}
