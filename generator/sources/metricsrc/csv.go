package metricsrc

import (
	"bufio"
	"bytes"

	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
)

var (
	timeNames   = []string{"time", "timestamp", "timestamp_utc", "date", "datetime", "date_time", "ts", "day", "period", "time (utc)", "date (utc)"}
	statusNames = []string{"status", "state", "up", "result", "outcome", "check_status"}
	keyNames    = []string{"slug", "check", "monitor", "endpoint", "service", "target", "name", "series"}
)

// findColumn is the index of the header named want (case-insensitive), or
// when want is empty of the first header in names; -1 when none.
func findColumn(header []string, want string, names []string) int {
	norm := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	if want != "" {
		for i, h := range header {
			if norm(h) == norm(want) {
				return i
			}
		}
		return -1
	}
	for _, n := range names {
		for i, h := range header {
			if norm(h) == n {
				return i
			}
		}
	}
	return -1
}

func isLongHeader(h []string) bool {
	return len(h) == 3 && findColumn(h, "series", nil) >= 0 && findColumn(h, "time", nil) >= 0 && findColumn(h, "value", nil) >= 0
}

// parseStatus reads a check result: up, ok, pass, success, true, 1 (and
// Upptime's "degraded", which is up but slow) are up; down, fail, failed,
// error, false, 0 are down.
func parseStatus(s string) (up, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "up", "ok", "pass", "passed", "success", "successful", "true", "1", "healthy", "operational", "degraded":
		return true, true
	case "down", "fail", "failed", "failure", "error", "false", "0", "unhealthy", "outage", "timeout":
		return false, true
	}
	return false, false
}

type csvHead struct {
	sepLine bool
	delim   byte
	header  []string
	first   []string
}

// sniffCSV finds the delimiter, header and first data row in the first
// bytes of a CSV file: a "sep=X" first line (Grafana, Excel) names the
// delimiter; otherwise the header line's most frequent of , ; and tab
// outside quotes. Lines starting with # (GA4's preamble) and blank lines
// are skipped.
func sniffCSV(head []byte) csvHead {
	var h csvHead
	lines := strings.Split(string(head), "\n")
	i := 0
	if len(lines) > 0 {
		l := strings.TrimRight(lines[0], "\r")
		if strings.HasPrefix(l, "sep=") && len(l) == 5 {
			h.sepLine, h.delim = true, l[4]
			i = 1
		}
	}
	var got [][]string
	for ; i < len(lines) && len(got) < 2; i++ {
		l := strings.TrimRight(lines[i], "\r")
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if h.delim == 0 {
			h.delim = guessDelim(l)
		}
		r := csv.NewReader(strings.NewReader(l))
		r.Comma = rune(h.delim)
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		rec, err := r.Read()
		if err != nil {
			continue
		}
		got = append(got, rec)
	}
	if len(got) > 0 {
		h.header = got[0]
	}
	if len(got) > 1 {
		h.first = got[1]
	}
	return h
}

func guessDelim(line string) byte {
	counts := map[byte]int{}
	inQ := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == '"' {
			inQ = !inQ
		} else if !inQ && (c == ',' || c == ';' || c == '\t') {
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{',', ';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// parseCSV reads Grafana, wide and checks CSV.
func parseCSV(b *builder, br *bufio.Reader, f Format) {
	head, _ := br.Peek(1 << 16)
	h := sniffCSV(head)
	if h.header == nil {
		b.fatal("no header row found")
		return
	}
	if k := bytes.LastIndexByte(head, '\n'); k > 0 {
		b.headLen, b.headLines = k+1, bytes.Count(head[:k+1], []byte("\n"))
	}
	lineOff := 0
	if h.sepLine {
		br.ReadString('\n')
		lineOff = 1
	}
	r := csv.NewReader(br)
	r.Comma = rune(h.delim)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		b.fatal("header: %v", err)
		return
	}
	header = append([]string(nil), header...)
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	}
	var row func(rec []string, line int)
	switch {
	case f == Checks:
		row = checksRows(b, header)
	case f == Grafana && (isLongHeader(header) || h.sepLine):
		row = longRows(b, header, h.delim)
	default:
		row = wideRows(b, header, h.delim)
	}
	if row == nil {
		return
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				b.rows++
				b.badRow(pe.StartLine+lineOff, "%v", pe.Err)
				continue
			}
			b.fatal("%v", err)
			return
		}
		if len(rec) == 0 {
			continue
		}
		line, _ := r.FieldPos(0)
		line += lineOff
		b.rows++
		if len(rec) != len(header) {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				b.rows--
				continue
			}
			b.badRow(line, "%s", fieldCountMsg(rec, len(header), h.delim))
			continue
		}
		row(rec, line)
	}
}

func (b *builder) timeColumn(header []string) int {
	if b.opt.TimeColumn != "" {
		c := findColumn(header, b.opt.TimeColumn, nil)
		if c < 0 {
			b.fatal("no column %q (time_column) in the header", b.opt.TimeColumn)
		}
		return c
	}
	if c := findColumn(header, "", timeNames); c >= 0 {
		return c
	}
	return 0
}

// wideRows: a time column and one series per other column, named by its
// header. An empty cell is a gap; a cell that is not a number is reported
// and the row's other cells are kept.
func wideRows(b *builder, header []string, delim byte) func([]string, int) {
	tc := b.timeColumn(header)
	if tc < 0 {
		return nil
	}
	if len(header) < 2 {
		b.fatal("a wide CSV needs a time column and at least one value column; the header has %d", len(header))
		return nil
	}
	bufs := make([]*seriesBuf, len(header))
	rows := b.expectedRows()
	seen := map[string]int{}
	for i, hname := range header {
		if i == tc {
			continue
		}
		name := strings.TrimSpace(hname)
		if name == "" {
			name = fmt.Sprintf("column %d", i+1)
		}
		if seen[name] > 0 {
			b.msg(diag.Warning, 0, "column %d repeats the header %q; it is read as %q", i+1, name, fmt.Sprintf("%s (%d)", name, seen[name]+1))
			name = fmt.Sprintf("%s (%d)", name, seen[name]+1)
		}
		seen[strings.TrimSpace(hname)]++
		bufs[i] = b.get(name, map[string]string{"series": name})
		if rows > 0 {
			bufs[i].pts = make([]model.Point, 0, rows)
			bufs[i].lines = make([]int32, 0, rows)
		}
	}
	return func(rec []string, line int) {
		t, err := parseTime(rec[tc])
		if err != nil {
			b.badRow(line, "%v", err)
			return
		}
		var bad []string
		for i, cell := range rec {
			if i == tc {
				continue
			}
			v, ok, err := b.value(cell, delim)
			if err != nil {
				bad = append(bad, fmt.Sprintf("column %q: %v", clip(header[i]), err))
				continue
			}
			if ok {
				bufs[i].add(t, v, line)
			}
		}
		if bad != nil {
			b.badRow(line, "%s", strings.Join(bad, "; "))
		}
	}
}

// expectedRows estimates a CSV's data rows from its size and the length of
// its first lines (with 5% to spare), or 0 when the size is unknown.
func (b *builder) expectedRows() int {
	if b.sizeHint <= 0 || b.headLen <= 0 || b.headLines <= 0 {
		return 0
	}
	n := float64(b.sizeHint) / (float64(b.headLen) / float64(b.headLines)) * 1.05
	return int(min(n, 1e9))
}

// longRows: Grafana's Series, Time, Value rows.
func longRows(b *builder, header []string, delim byte) func([]string, int) {
	sc, tc, vc := findColumn(header, "series", nil), findColumn(header, "time", nil), findColumn(header, "value", nil)
	if sc < 0 || tc < 0 || vc < 0 {
		b.fatal("a Grafana series CSV needs the columns Series, Time and Value; the header is %q", clip(strings.Join(header, string(delim))))
		return nil
	}
	return func(rec []string, line int) {
		name := strings.TrimSpace(rec[sc])
		if name == "" {
			b.badRow(line, "empty series name")
			return
		}
		t, err := parseTime(rec[tc])
		if err != nil {
			b.badRow(line, "%v", err)
			return
		}
		v, ok, err := b.value(rec[vc], delim)
		if err != nil {
			b.badRow(line, "%v", err)
			return
		}
		if ok {
			s := b.series[name]
			if s == nil { // labels made once a series, not once a row
				s = b.get(name, map[string]string{"series": name})
			}
			s.add(t, v, line)
		}
	}
}

// checksRows: one check result per row, 1 for up and 0 for down, one series
// per value of the key column (or one series when there is none).
func checksRows(b *builder, header []string) func([]string, int) {
	tc := b.timeColumn(header)
	sc := findColumn(header, b.opt.StatusColumn, statusNames)
	if sc < 0 {
		b.fatal("no status column (status, state, up, result; or set status_column) in the header")
		return nil
	}
	kc := -1
	if b.opt.KeyColumn != "" {
		if kc = findColumn(header, b.opt.KeyColumn, nil); kc < 0 {
			b.fatal("no column %q (key_column) in the header", b.opt.KeyColumn)
			return nil
		}
	} else if c := findColumn(header, "", keyNames); c >= 0 && c != tc && c != sc {
		kc = c
	}
	if b.ds.HasErrors() {
		return nil
	}
	if tc == sc {
		b.fatal("no time column in the header")
		return nil
	}
	return func(rec []string, line int) {
		t, err := parseTime(rec[tc])
		if err != nil {
			b.badRow(line, "%v", err)
			return
		}
		up, ok := parseStatus(rec[sc])
		if !ok {
			b.badRow(line, "status %q is not up/down, ok/fail or 1/0", clip(rec[sc]))
			return
		}
		key := ""
		if kc >= 0 {
			key = strings.TrimSpace(rec[kc])
			if key == "" {
				b.badRow(line, "empty %s", header[kc])
				return
			}
		}
		v := 0.0
		if up {
			v = 1
		}
		s := b.series[key]
		if s == nil {
			labels := map[string]string{"kind": "check"}
			if key != "" {
				labels["series"] = key
				labels[model.KeyColumnLabel] = header[kc]
			}
			s = b.get(key, labels)
		}
		s.add(t, v, line)
	}
}

// fieldCountMsg says that a row has not as many fields as the header and
// is skipped, and which separator it seems to use when splitting it by
// another one of , ; and tab gives the header's count.
func fieldCountMsg(rec []string, want int, delim byte) string {
	msg := fmt.Sprintf("the row has %s but the header has %d, so the row is skipped", plural(len(rec), "field"), want)
	line := strings.Join(rec, string(delim))
	for _, c := range []byte{',', ';', '\t'} {
		if c != delim && strings.Count(line, string(c))+1 == want {
			return msg + fmt.Sprintf("; it looks separated by %s, where the header uses %s", sepName(c), sepName(delim))
		}
	}
	return msg
}

func sepName(c byte) string {
	if c == '\t' {
		return "tabs"
	}
	return fmt.Sprintf("'%c'", c)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
