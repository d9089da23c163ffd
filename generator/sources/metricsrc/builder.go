package metricsrc

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
)

// maxRowDiags caps the per-row messages of one file; the rest are counted
// in one closing message, so a hostile file cannot flood the output.
const maxRowDiags = 50

// builder collects the points of one file, series by series, and turns
// them into sorted, de-duplicated model.Series with their messages.
type builder struct {
	opt Options
	// sizeHint is the file's size in bytes when known (0 otherwise), to
	// size point buffers once instead of growing them.
	sizeHint           int64
	headLen, headLines int // bytes and lines of a CSV's first block
	series             map[string]*seriesBuf
	rows               int    // data rows (or JSON points) read
	bad                int    // rows that could not be read
	firstBad           string // why the first of them could not be, with its line
	shown              int
	ds                 diag.List
	// nonFinite counts NaN and ±Inf values: no measurement, not a bad row.
	nonFinite int
}

type seriesBuf struct {
	name   string
	labels map[string]string
	pts    []model.Point
	// lines holds the source line of each point, for duplicate messages;
	// JSON series have none (nil).
	lines []int32
}

func newBuilder(opt Options) *builder {
	if opt.MaxBadShare == 0 {
		opt.MaxBadShare = DefaultMaxBadShare
	}
	return &builder{opt: opt, series: map[string]*seriesBuf{}}
}

// seriesName prefixes a series' own name with the source name.
func (b *builder) seriesName(sub string) string {
	if b.opt.Name == "" {
		return sub
	}
	if sub == "" {
		return b.opt.Name
	}
	return b.opt.Name + ":" + sub
}

// get returns the buffer of series sub, creating it with labels.
func (b *builder) get(sub string, labels map[string]string) *seriesBuf {
	s := b.series[sub]
	if s == nil {
		s = &seriesBuf{name: b.seriesName(sub), labels: labels}
		b.series[sub] = s
	}
	return s
}

func (s *seriesBuf) add(t time.Time, v float64, line int) {
	s.pts = append(s.pts, model.Point{T: t, V: v})
	if line > 0 {
		s.lines = append(s.lines, int32(line))
	}
}

// badRow records a row that could not be read.
func (b *builder) badRow(line int, format string, args ...any) {
	b.bad++
	if b.firstBad == "" {
		b.firstBad = fmt.Sprintf("line %d: "+format, append([]any{line}, args...)...)
	}
	b.msg(diag.Warning, line, format, args...)
}

func (b *builder) msg(sev diag.Severity, line int, format string, args ...any) {
	if b.shown >= maxRowDiags {
		return
	}
	b.shown++
	b.ds = append(b.ds, diag.Diag{Path: b.opt.Path, Line: line, Severity: sev, Msg: fmt.Sprintf(format, args...)})
}

func (b *builder) fatal(format string, args ...any) { b.fatalAt(0, format, args...) }

func (b *builder) fatalAt(line int, format string, args ...any) {
	b.ds = append(b.ds, diag.Diag{Path: b.opt.Path, Line: line, Severity: diag.Error, Msg: fmt.Sprintf(format, args...)})
}

// value reads a number. ok is false for an empty cell or null (a gap, not
// an error); NaN and ±Inf are counted and left out, since no sum or ratio
// can hold them. dec is the field delimiter: where it is not a comma, a
// decimal comma ("0,25", as Excel writes in many locales) is accepted.
func (b *builder) value(s string, dec byte) (v float64, ok bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" || s == "NULL" || s == "None" {
		return 0, false, nil
	}
	v, err = strconv.ParseFloat(s, 64)
	if err != nil && dec != ',' && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		v, err = strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	}
	if err != nil {
		return 0, false, fmt.Errorf("value %q is not a number", clip(s))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		b.nonFinite++
		return 0, false, nil
	}
	return v, true, nil
}

// finish sorts every series by time, settles duplicate times, applies the
// bad-share limit and returns the series in name order.
//
// Out-of-order points are sorted (stably, so file order decides among equal
// times). Several points at one time in one series: equal values are one
// point (exports that overlap repeat rows); different values keep the one
// that comes last in the file (a later export corrects an earlier one) and
// each conflict is reported as a warning naming both lines.
func (b *builder) finish() ([]model.Series, diag.List) {
	subs := make([]string, 0, len(b.series))
	for k := range b.series {
		subs = append(subs, k)
	}
	sort.Strings(subs)
	var out []model.Series
	merged := 0
	for _, k := range subs {
		s := b.series[k]
		if len(s.pts) == 0 {
			continue
		}
		if len(s.lines) != len(s.pts) {
			s.lines = nil
		}
		sortPoints(s)
		pts := s.pts[:0]
		for i := 0; i < len(s.pts); {
			j := i + 1
			differ := false
			for j < len(s.pts) && s.pts[j].T.Equal(s.pts[i].T) {
				differ = differ || s.pts[j].V != s.pts[i].V
				j++
			}
			if j-i > 1 {
				if differ {
					var span []int32
					line := 0
					if s.lines != nil {
						span, line = s.lines[i:j], int(s.lines[j-1])
					}
					b.msg(diag.Warning, line, "series %q has %d different values at %s%s; keeping the last in the file, %v",
						s.name, j-i, s.pts[i].T.Format(time.RFC3339), lineSpan(span), s.pts[j-1].V)
				} else {
					merged += j - i - 1
				}
			}
			pts = append(pts, s.pts[j-1])
			i = j
		}
		out = append(out, model.Series{Name: s.name, Labels: s.labels, Points: pts[:len(pts):len(pts)], Source: b.opt.Path})
	}
	if merged > 0 {
		b.ds = append(b.ds, diag.Diag{Path: b.opt.Path, Severity: diag.Warning,
			Msg: fmt.Sprintf("%d repeated points (same series, time and value) counted once", merged)})
	}
	if b.nonFinite > 0 {
		b.ds = append(b.ds, diag.Diag{Path: b.opt.Path, Severity: diag.Warning,
			Msg: fmt.Sprintf("%d values are NaN or ±Inf (no measurement) and are left out", b.nonFinite)})
	}
	if hidden := b.bad - b.shown; b.shown >= maxRowDiags && hidden > 0 {
		b.ds = append(b.ds, diag.Diag{Path: b.opt.Path, Severity: diag.Warning,
			Msg: fmt.Sprintf("and more bad rows: %d in all", b.bad)})
	}
	if b.rows > 0 && float64(b.bad) > b.opt.MaxBadShare*float64(b.rows) {
		// The rows' own warnings are not printed when the build fails: the
		// first says why (issue 23 saw "9008 of 9008 rows" and no reason).
		b.fatal("%d of %d rows (%.1f%%) could not be read, more than the %.1f%% allowed ([metrics] max_bad_share); is the format right? The first, %s",
			b.bad, b.rows, 100*float64(b.bad)/float64(b.rows), 100*b.opt.MaxBadShare, b.firstBad)
	}
	if len(out) == 0 && !b.ds.HasErrors() {
		b.fatal("no data points found")
	}
	return out, b.ds
}

// lineSpan names the lines of a run of duplicates (sorted stably, so in
// file order).
func lineSpan(lines []int32) string {
	if len(lines) == 0 || lines[0] <= 0 {
		return ""
	}
	if len(lines) == 2 {
		return fmt.Sprintf(" (lines %d and %d)", lines[0], lines[1])
	}
	return fmt.Sprintf(" (lines %d to %d)", lines[0], lines[len(lines)-1])
}

// sortPoints sorts a series by time, stably, when it is not sorted already.
func sortPoints(s *seriesBuf) {
	sorted := true
	for i := 1; i < len(s.pts); i++ {
		if s.pts[i].T.Before(s.pts[i-1].T) {
			sorted = false
			break
		}
	}
	if sorted {
		return
	}
	idx := make([]int, len(s.pts))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return s.pts[idx[i]].T.Before(s.pts[idx[j]].T) })
	pts := make([]model.Point, len(idx))
	for i, k := range idx {
		pts[i] = s.pts[k]
	}
	if s.lines != nil {
		lines := make([]int32, len(idx))
		for i, k := range idx {
			lines[i] = s.lines[k]
		}
		s.lines = lines
	}
	s.pts = pts
}
