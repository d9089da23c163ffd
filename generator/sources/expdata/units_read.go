// Package expdata reads an experiment's data: a per-unit CSV (one row per
// unit: unit id, variant, optional exposure time, metric columns), streamed
// twice so that no row is held, or a per-variant summary CSV (variant,
// units, M_sum and M_sumsq or M_count). It applies docs/metrics.md's
// exclusions, in its order, and counts each:
//
//  1. a row with an exposure time outside [start, end), or at or after
//     as_of, is left out;
//  2. a unit seen in more than one variant is left out of all of them;
//  3. a unit repeated in one variant counts once, its first row in the file;
//  4. a unit with an empty cell is left out of that metric only.
//
// Dirty rows, as an experimentation lead would want them: a row that
// cannot be read (a field count unlike the header's, a quote never closed,
// no unit id or variant, an unreadable or missing exposure time, a variant
// not in weights) is skipped, counted and named by file:line, as if it
// were not in the file; an unreadable metric value ("12abc", "Inf") leaves
// the unit out of that metric only, like an empty cell, counted and named
// apart. More than a tenth of the rows skipped is an error: the file, or
// the columns the experiment names, are not what it says. A column the
// experiment names that the header lacks, and an unreadable file, are
// errors. Statistics are the caller's: the units counted are handed to it
// one at a time.
package expdata

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/sources/metricsrc"
)

// MaxBadShare is the share of rows that may be skipped as unreadable.
const MaxBadShare = 0.1

// maxRowDiags caps the per-row messages of one file.
const maxRowDiags = 50

// Spec says what to read from a per-unit file.
type Spec struct {
	Path string // the file to open
	Name string // the file as messages name it (relative to the site)
	// Unit, Variant and Exposure are column names; Exposure "" when units
	// carry no exposure time.
	Unit, Variant, Exposure string
	Metrics                 []string // metric columns, in the order values are handed over
	// Variants are the variants the experiment declares (its weights), in
	// order; nil: every value of the variant column is a variant.
	Variants []string
	// The window [Start, End) and as_of; a zero time leaves that side open.
	Start, End, AsOf time.Time
}

// Unit is one counted unit: its first row in the file. A unit handed over
// may be handed back with Retract set, once the second pass finds it in
// another variant further down the file: take it out again.
type Unit struct {
	Retract  bool
	Line     int
	Variant  int       // index into Result.Variants
	Exposure time.Time // zero without an exposure column
	Values   []float64 // per Spec.Metrics
	Has      []bool    // false: empty or unreadable cell, left out of that metric
}

// Counts are a per-unit file's rows and what was left out. Rows =
// BadRows + OutsideWindow + AfterAsOf + SeveralVariantsRows + RepeatedRows
// + Units.
type Counts struct {
	Rows          int64 // data rows
	BadRows       int64 // skipped: could not be read
	OutsideWindow int64 // exposure before start, or at or after end
	AfterAsOf     int64 // exposure at or after as_of
	// SeveralVariants units were seen in more than one variant: all
	// SeveralVariantsRows of their rows are left out.
	SeveralVariants, SeveralVariantsRows int64
	// RepeatedUnits had more than one row in their variant; the
	// RepeatedRows after each one's first are left out.
	RepeatedUnits, RepeatedRows int64
	Units                       int64
	// Per metric: units left out of it for an empty cell (empty, NA,
	// null, NaN) or an unreadable value.
	Empty, BadValues []int64
}

// Result is what a per-unit file gave besides its units.
type Result struct {
	// Variants are those declared, else as first seen; Unit.Variant
	// indexes them.
	Variants []string
	Units    []int64 // counted per variant
	Counts   Counts
}

// ReadUnits reads a per-unit file, handing each counted unit to emit (the
// Unit is reused: copy what you keep). One pass hands over every unit's
// first row and finds the units in more than one variant; only when there
// are such units, a second pass takes theirs back (Unit.Retract). Memory:
// the per-unit state (see unitSet; and a map entry per unit in several
// variants), nothing per row.
func ReadUnits(spec Spec, emit func(*Unit)) (*Result, diag.List) {
	r := &reader{spec: spec, fileName: spec.Name}
	if r.fileName == "" {
		r.fileName = spec.Path
	}
	r.run(emit)
	return r.res, r.ds
}

type reader struct {
	spec     Spec
	fileName string
	ds       diag.List // errors
	fatal    bool

	cols  columns
	width int
	res   *Result

	// The first pass runs as two goroutines: the splitter reads rows,
	// applies the window, hashes the unit ids and reads the metric cells
	// (its fields below); the counter looks the units up and hands them
	// over (its fields below); each takes about half the time.
	// Each keeps its own row messages; Counts' fields are each written by
	// one of them.
	variantIdx map[string]int // splitter: variant name -> index (declared, else first appearance)
	variants   []string       // splitter
	times      timeCache      // splitter, then the second pass
	splitMsgs  rowMsgs        // splitter
	units      *unitSet       // counter
	unitsBy    []int64        // counter: units per variant
	countMsgs  rowMsgs        // counter
	sink       uint64         // counter: keeps the batch's touches of the unit table
	// several (counter, then the second pass) are the units found in more
	// than one variant, with their replay state in the second pass (low
	// byte) and their first row's variant (high byte).
	several map[uint64]uint16
}

type columns struct {
	unit, variant, exposure int
	metrics                 []int
}

func (r *reader) errorf(line int, format string, args ...any) {
	r.fatal = true
	r.ds = append(r.ds, diag.Diag{Path: r.fileName, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// rowMsgs are warnings about rows, the first maxRowDiags kept.
type rowMsgs struct {
	ds   diag.List
	more int
}

func (m *rowMsgs) add(path string, line int, format string, args ...any) {
	if len(m.ds) >= maxRowDiags {
		m.more++
		return
	}
	m.ds = append(m.ds, diag.Diag{Path: path, Line: line, Severity: diag.Warning, Msg: fmt.Sprintf(format, args...)})
}

// rowWarnings merges the two goroutines' row messages by line and keeps the
// first maxRowDiags, saying when there were more.
func (r *reader) rowWarnings() diag.List {
	all := append(append(diag.List(nil), r.splitMsgs.ds...), r.countMsgs.ds...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Line < all[j].Line })
	more := r.splitMsgs.more + r.countMsgs.more
	if len(all) > maxRowDiags {
		more += len(all) - maxRowDiags
		all = all[:maxRowDiags]
	}
	if more > 0 {
		all = append(all, diag.Diag{Path: r.fileName, Severity: diag.Warning,
			Msg: fmt.Sprintf("%d more rows like the ones above; the first %d are listed, the counts are on the experiment's page", more, maxRowDiags)})
	}
	return all
}

func (r *reader) run(emit func(*Unit)) {
	r.res = &Result{Counts: Counts{Empty: make([]int64, len(r.spec.Metrics)), BadValues: make([]int64, len(r.spec.Metrics))}}
	r.variantIdx = map[string]int{}
	for _, v := range r.spec.Variants {
		if _, dup := r.variantIdx[v]; !dup {
			r.variantIdx[v] = len(r.variants)
			r.variants = append(r.variants, v)
		}
	}
	read := func(pass func(io.Reader) error) {
		f, err := os.Open(r.spec.Path)
		if err != nil {
			r.errorf(0, "%v", openErr(err))
			return
		}
		defer f.Close()
		if err := pass(f); err != nil {
			r.errorf(0, "reading: %v", err)
		}
	}
	read(func(f io.Reader) error { return r.count(f, emit) })
	if !r.fatal && len(r.several) > 0 {
		read(func(f io.Reader) error { return r.takeBack(f, emit) })
	}
	r.ds = append(r.ds, r.rowWarnings()...)
	if r.fatal {
		return
	}
	r.res.Variants = r.variants
	r.res.Units = append(r.unitsBy, make([]int64, len(r.variants)-len(r.unitsBy))...)
	c := &r.res.Counts
	if c.Rows > 0 && float64(c.BadRows) > MaxBadShare*float64(c.Rows) {
		r.errorf(0, "%d of %d rows (%.1f%%) could not be read, more than the %.0f%% allowed; are the file and the columns the experiment names right?",
			c.BadRows, c.Rows, 100*float64(c.BadRows)/float64(c.Rows), 100*MaxBadShare)
	}
}

func openErr(err error) string {
	if os.IsNotExist(err) {
		return "no such file"
	}
	return err.Error()
}

// batchSize rows are split and hashed before any is looked up in the unit
// table: the lookups of a batch then wait for memory together rather than
// one after another (the table is far larger than the caches).
const batchSize = 256

// batch is up to batchSize rows that passed the window, with what the
// lookups need: no reference into the scanner's buffer, which the next
// rows overwrite. The splitter reads the metric cells too (it has less to
// do than the counter); an unreadable cell's text is copied, for its
// message.
type batch struct {
	n      int
	lines  []int
	vs     []int
	ats    []time.Time
	hs     []uint64
	values []float64 // row k's metric j is values[k*m+j], read as states[k*m+j] says
	states []uint8
	cells  []int32 // an unreadable cell's text: arena[cells[2(k*m+j)]:cells[2(k*m+j)+1]]
	arena  []byte
}

// count is the first pass: it counts every row, applies the window, hands
// over each unit's first row and finds the units in several variants. The
// splitter goroutine fills batches of rows; this one counts them, in file
// order.
func (r *reader) count(f io.Reader, emit func(*Unit)) error {
	s := newScanner(f)
	ok, err := s.Next()
	if err != nil {
		return err
	}
	if !ok {
		r.errorf(1, "%v", errNoHeader)
		return nil
	}
	if !r.header(s) {
		return nil
	}
	r.units = newUnitSet(0)
	m := len(r.cols.metrics)
	full, free := make(chan *batch, 2), make(chan *batch, 4)
	for range cap(free) {
		free <- &batch{lines: make([]int, batchSize), vs: make([]int, batchSize), ats: make([]time.Time, batchSize),
			hs: make([]uint64, batchSize), values: make([]float64, batchSize*m), states: make([]uint8, batchSize*m),
			cells: make([]int32, 2*batchSize*m)}
	}
	var splitErr error
	go func() {
		defer close(full)
		splitErr = r.split(s, free, full)
	}()
	u := &Unit{Values: make([]float64, m), Has: make([]bool, m)}
	for b := range full {
		r.countBatch(b, u, emit)
		free <- b
	}
	return splitErr
}

// split is the splitter: rows into batches until the file ends.
func (r *reader) split(s *scanner, free <-chan *batch, full chan<- *batch) error {
	m := len(r.cols.metrics)
	c := &r.res.Counts
	for eof := false; !eof; {
		b := <-free
		b.n, b.arena = 0, b.arena[:0]
		for b.n < batchSize {
			ok, err := s.Next()
			if err != nil {
				return err
			}
			if !ok {
				eof = true
				break
			}
			c.Rows++
			v, at, skip := r.row(s, true)
			if r.fatal {
				return nil
			}
			if skip {
				continue
			}
			k := b.n
			b.lines[k], b.vs[k], b.ats[k] = s.line, v, at
			b.hs[k] = hashUnit(trim(s.fields[r.cols.unit]))
			for j, col := range r.cols.metrics {
				x, state := parseValue(s.fields[col])
				b.values[k*m+j], b.states[k*m+j] = x, state
				if state == valueBad {
					b.cells[2*(k*m+j)] = int32(len(b.arena))
					b.arena = append(b.arena, s.fields[col]...)
					b.cells[2*(k*m+j)+1] = int32(len(b.arena))
				}
			}
			b.n++
		}
		full <- b
	}
	return nil
}

// countBatch is the counter: each row of a batch, in order.
func (r *reader) countBatch(b *batch, u *Unit, emit func(*Unit)) {
	m := len(r.cols.metrics)
	c := &r.res.Counts
	r.sink += r.units.touch(b.hs[:b.n])
	for k := range b.n {
		h, v := b.hs[k], b.vs[k]
		i, found := r.units.find(h)
		if found {
			st := r.units.state(i)
			switch {
			case st&variantBits == several:
			case int(st&variantBits) != v:
				// In another variant: left out of all; the second pass
				// takes its first row back.
				r.units.setState(i, st&^variantBits|several)
				c.SeveralVariants++
				if r.several == nil {
					r.several = map[uint64]uint16{}
				}
				r.several[h] = 0
			case st&repeatedBit == 0:
				r.units.setState(i, st|repeatedBit)
				c.RepeatedUnits++
				c.RepeatedRows++
			default:
				c.RepeatedRows++
			}
			continue
		}
		r.units.insert(i, h, uint8(v))
		u.Line, u.Variant, u.Exposure, u.Retract = b.lines[k], v, b.ats[k], false
		for j := range m {
			x, state := b.values[k*m+j], b.states[k*m+j]
			if state == valueBad {
				r.value(u, j, x, state, b.arena[b.cells[2*(k*m+j)]:b.cells[2*(k*m+j)+1]], true)
			} else {
				r.value(u, j, x, state, nil, true)
			}
		}
		c.Units++
		for len(r.unitsBy) <= v {
			r.unitsBy = append(r.unitsBy, 0)
		}
		r.unitsBy[v]++
		emit(u)
	}
}

// Replay states of a unit in several variants, in the second pass.
const (
	replayFirst    = 1 << iota // its first row was seen (and taken back)
	replaySeveral              // its row in another variant was seen
	replayRepeated             // a repeat of its first row was uncounted
)

// takeBack is the second pass, over the rows of units in several variants
// only: it replays what the first pass did with each and undoes it. The
// unit's first row is handed over again with Retract set; rows the first
// pass counted as repeats are uncounted; every row of it is counted as
// left out.
func (r *reader) takeBack(f io.Reader, emit func(*Unit)) error {
	s := newScanner(f)
	if _, err := s.Next(); err != nil { // the header
		return err
	}
	m := len(r.cols.metrics)
	u := &Unit{Values: make([]float64, m), Has: make([]bool, m), Retract: true}
	c := &r.res.Counts
	// Rows of other units are skipped on their unit id alone, unsplit,
	// most on one bit: a bit per hash's low bits, 64 a unit in several
	// variants, set for theirs (a map lookup a row cost more than the
	// rest of this pass).
	size := uint64(1024)
	for size < 64*uint64(len(r.several)) {
		size <<= 1
	}
	bitset := make([]uint64, size/64)
	for h := range r.several {
		bitset[h&(size-1)/64] |= 1 << (h & 63)
	}
	member := func(id []byte) bool {
		h := hashUnit(trim(id))
		if bitset[h&(size-1)/64]&(1<<(h&63)) == 0 {
			return false
		}
		_, in := r.several[h]
		return in
	}
	for {
		ok, err := s.NextWhere(r.cols.unit, member)
		if err != nil || !ok {
			return err
		}
		if s.bad != "" || len(s.fields) != r.width {
			continue
		}
		h := hashUnit(trim(s.fields[r.cols.unit]))
		st, in := r.several[h]
		if !in {
			continue
		}
		v, at, skip := r.row(s, false)
		if skip {
			continue
		}
		c.SeveralVariantsRows++
		switch {
		case st&replayFirst == 0:
			st |= replayFirst
			u.Line, u.Variant, u.Exposure = s.line, v, at
			for j, col := range r.cols.metrics {
				x, state := parseValue(s.fields[col])
				r.value(u, j, x, state, s.fields[col], false)
			}
			c.Units--
			r.unitsBy[v]--
			st |= uint16(v) << 8
			emit(u)
		case st&replaySeveral != 0:
		case v != int(st>>8):
			st |= replaySeveral
		default:
			c.RepeatedRows--
			if st&replayRepeated == 0 {
				st |= replayRepeated
				c.RepeatedUnits--
			}
		}
		r.several[h] = st
	}
}

// header finds the columns; a column missing is an error naming the
// header's columns and the closest one.
func (r *reader) header(s *scanner) bool {
	names := s.names()
	r.width = len(names)
	find := func(what, name string) int {
		i, err := FindColumn(names, name)
		if err != nil {
			r.errorf(s.line, "%s column: %v", what, err)
		}
		return i
	}
	r.cols.unit = find("unit", r.spec.Unit)
	r.cols.variant = find("variant", r.spec.Variant)
	r.cols.exposure = -1
	if r.spec.Exposure != "" {
		r.cols.exposure = find("exposure", r.spec.Exposure)
	}
	for _, m := range r.spec.Metrics {
		r.cols.metrics = append(r.cols.metrics, find("metric", m))
	}
	return !r.fatal
}

// FindColumn finds a column by name: exactly, else ignoring case and
// surrounding space when that matches one column only.
func FindColumn(header []string, name string) (int, error) {
	dup := -1
	for i, h := range header {
		if h == name {
			if dup >= 0 {
				return -1, fmt.Errorf("%q is the name of columns %d and %d; which one is meant?", name, dup+1, i+1)
			}
			dup = i
		}
	}
	if dup >= 0 {
		return dup, nil
	}
	found := -1
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(name)) {
			if found >= 0 {
				found = -2
				break
			}
			found = i
		}
	}
	if found >= 0 {
		return found, nil
	}
	msg := fmt.Sprintf("no column %q in the header (%s)", name, quoteList(header, 12))
	best, bestD := "", len(name)/3+1
	for _, h := range header {
		if d := diag.Distance(strings.ToLower(h), strings.ToLower(name)); d < bestD {
			best, bestD = h, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf("; did you mean %q?", best)
	}
	return -1, fmt.Errorf("%s", msg)
}

func quoteList(xs []string, max int) string {
	var q []string
	for i, x := range xs {
		if i == max {
			q = append(q, fmt.Sprintf("and %d more", len(xs)-max))
			break
		}
		q = append(q, strconv.Quote(clip(x)))
	}
	return strings.Join(q, ", ")
}

// row reads a row's variant and exposure and applies the window; skip says
// the row is left out (and is counted: in pass 1 only, which sees every
// row the second does).
func (r *reader) row(s *scanner, first bool) (v int, at time.Time, skip bool) {
	c := &r.res.Counts
	bad := func(format string, args ...any) (int, time.Time, bool) {
		if first {
			c.BadRows++
			r.splitMsgs.add(r.fileName, s.line, format+"; the row is skipped", args...)
		}
		return 0, time.Time{}, true
	}
	if s.bad != "" {
		return bad("%s", s.bad)
	}
	if len(s.fields) != r.width {
		return bad("the row has %d fields but the header has %d", len(s.fields), r.width)
	}
	if len(trim(s.fields[r.cols.unit])) == 0 {
		return bad("no unit id in column %q", r.spec.Unit)
	}
	name := trim(s.fields[r.cols.variant])
	if len(name) == 0 {
		return bad("no variant in column %q", r.spec.Variant)
	}
	v, known := r.variantOf(name)
	if !known {
		if r.spec.Variants != nil {
			return bad("variant %q is not one of the experiment's weights (%s)", clip(string(name)), quoteList(r.spec.Variants, 12))
		}
		if !first {
			return 0, time.Time{}, true // cannot happen: pass 1 saw it
		}
		if len(r.variants) == maxVariants {
			r.errorf(s.line, "the variant column %q has more than %d values; is it the right column?", r.spec.Variant, maxVariants)
			return 0, time.Time{}, true
		}
		v = len(r.variants)
		r.variantIdx[string(name)] = v
		r.variants = append(r.variants, string(name))
	}
	if r.cols.exposure >= 0 {
		cell := trim(s.fields[r.cols.exposure])
		if len(cell) == 0 {
			return bad("no exposure time in column %q", r.spec.Exposure)
		}
		t, err := r.times.parse(cell)
		if err != nil {
			return bad("exposure: %v", err)
		}
		switch {
		case !r.spec.Start.IsZero() && t.Before(r.spec.Start), !r.spec.End.IsZero() && !t.Before(r.spec.End):
			if first {
				c.OutsideWindow++
			}
			return 0, time.Time{}, true
		case !r.spec.AsOf.IsZero() && !t.Before(r.spec.AsOf):
			if first {
				c.AfterAsOf++
			}
			return 0, time.Time{}, true
		}
		at = t
	}
	return v, at, false
}

// trim is bytes.TrimSpace, with the common case of a cell without
// surrounding space inlined.
func trim(b []byte) []byte {
	if len(b) == 0 || (b[0] > ' ' && b[len(b)-1] > ' ') {
		return b
	}
	return bytes.TrimSpace(b)
}

// variantOf looks a variant up: a few are compared one by one, which is
// quicker than hashing.
func (r *reader) variantOf(name []byte) (int, bool) {
	if len(r.variants) <= 8 {
		for i, v := range r.variants {
			if string(name) == v {
				return i, true
			}
		}
		return 0, false
	}
	v, ok := r.variantIdx[string(name)]
	return v, ok
}

// value sets the unit's metric j to cell, read by parseValue as x and
// state, and counts it; first is false when a unit is taken back, whose
// cells were counted (and named) when it was handed over. The cell's text
// is needed only when it is unreadable.
func (r *reader) value(u *Unit, j int, x float64, state uint8, cell []byte, first bool) {
	c := &r.res.Counts
	n := int64(1)
	if !first {
		n = -1
	}
	u.Values[j], u.Has[j] = x, state == valueOK
	switch state {
	case valueEmpty:
		c.Empty[j] += n
	case valueBad:
		c.BadValues[j] += n
		if first {
			r.countMsgs.add(r.fileName, u.Line, "%s: %q is not a number, true/false or yes/no; the unit is left out of %s", r.spec.Metrics[j], clip(string(trim(cell))), r.spec.Metrics[j])
		}
	}
}

const (
	valueOK uint8 = iota
	valueEmpty
	valueBad
)

// parseValue reads a metric cell: a number, or true/false, yes/no, t/f
// (any case) as 1/0. Empty, NA, N/A, null, None and NaN are no value.
func parseValue(b []byte) (float64, uint8) {
	b = trim(b)
	if len(b) == 0 {
		return 0, valueEmpty
	}
	if x, ok := fastDecimal(b); ok {
		return x, valueOK
	}
	switch strings.ToLower(string(b)) {
	case "true", "yes", "t", "y":
		return 1, valueOK
	case "false", "no", "f", "n":
		return 0, valueOK
	case "na", "n/a", "null", "none", "nan", "#n/a":
		return 0, valueEmpty
	}
	x, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, valueBad
	}
	return x, valueOK
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// fastDecimal reads [-+]digits[.digits] with at most 15 significant
// digits: the integer and the power of ten are exact in a float64, so one
// division rounds correctly (Clinger's fast path), as strconv would.
// Anything else is left to strconv.
func fastDecimal(b []byte) (float64, bool) {
	i, neg := 0, false
	if b[0] == '-' || b[0] == '+' {
		neg, i = b[0] == '-', 1
	}
	var mant uint64
	nd, sig, frac, dot := 0, 0, 0, false
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case '0' <= c && c <= '9':
			nd++
			if mant != 0 || c != '0' {
				sig++
			}
			if sig > 15 {
				return 0, false
			}
			mant = mant*10 + uint64(c-'0')
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if nd == 0 || frac >= len(pow10) {
		return 0, false
	}
	x := float64(mant) / pow10[frac]
	if neg {
		x = -x
	}
	return x, true
}

// timeCache reads exposure times as metric exports' times are read
// (metricsrc.ParseTime), with the date of the last "YYYY-MM-DD hh:mm:ss"
// kept: rows mostly come in time order, so most share it and only their
// time of day is read.
type timeCache struct {
	set  bool
	date [10]byte // the date, as written
	day  int64    // its midnight, Unix seconds
}

func (c *timeCache) parse(b []byte) (time.Time, error) {
	n := len(b)
	plain := (n == 19 || n == 20 && b[19] == 'Z') && (b[10] == ' ' || b[10] == 'T') && b[13] == ':' && b[16] == ':'
	if !plain {
		return metricsrc.ParseTime(b)
	}
	h, okH := twoDigits(b[11], b[12])
	m, okM := twoDigits(b[14], b[15])
	sec, okS := twoDigits(b[17], b[18])
	if !okH || !okM || !okS || h > 23 || m > 59 || sec > 59 {
		return metricsrc.ParseTime(b)
	}
	clock := int64(h*3600 + m*60 + sec)
	if c.set && string(b[:10]) == string(c.date[:]) {
		return time.Unix(c.day+clock, 0).UTC(), nil
	}
	t, err := metricsrc.ParseTime(b)
	// Kept only when ParseTime read the date as written, in UTC, to the
	// second: then any valid clock on that date reads as its midnight
	// plus the clock.
	if err == nil && t == time.Unix(t.Unix(), 0).UTC() && t.Hour() == h && t.Minute() == m && t.Second() == sec {
		y, mo, d := t.Date()
		y1, ok1 := twoDigits(b[0], b[1])
		y2, ok2 := twoDigits(b[2], b[3])
		wmo, ok3 := twoDigits(b[5], b[6])
		wd, ok4 := twoDigits(b[8], b[9])
		if ok1 && ok2 && ok3 && ok4 && y1*100+y2 == y && wmo == int(mo) && wd == d {
			copy(c.date[:], b[:10])
			c.day, c.set = t.Unix()-clock, true
		}
	}
	return t, err
}

func twoDigits(a, b byte) (int, bool) {
	if a < '0' || a > '9' || b < '0' || b > '9' {
		return 0, false
	}
	return int(a-'0')*10 + int(b-'0'), true
}

// clip shortens hostile text quoted in a message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
