package expdata

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/diag"
)

// VariantRow is one row of a per-variant summary file.
type VariantRow struct {
	Line    int
	Variant string
	Units   int64
	Metrics []Sums // per metric asked for
}

// Sums are one metric's sums in one variant: every unit has a value.
type Sums struct {
	Sum, SumSq float64
	// Binary: the file gave M_count (the count of 1s of a yes/no metric),
	// or sums whose values can only be 0s and 1s (Σx = Σx² <= units).
	Binary bool
}

// ReadVariants reads a per-variant summary file: columns variantCol (by
// docs/metrics.md "variant"), units, and for each metric M either M_sum and
// M_sumsq, or M_count. Every row decides the figures, so a row that cannot
// be read is an error, not a row skipped. variants, when not nil, are the
// only variants allowed (the experiment's weights).
func ReadVariants(path, name, variantCol string, metrics, variants []string) ([]VariantRow, diag.List) {
	if name == "" {
		name = path
	}
	var ds diag.List
	errf := func(line int, format string, args ...any) {
		ds = append(ds, diag.Diag{Path: name, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	f, err := os.Open(path)
	if err != nil {
		errf(0, "%s", openErr(err))
		return nil, ds
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = errNoHeader
		}
		errf(1, "%v", err)
		return nil, ds
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	col := func(c string) int {
		i, err := FindColumn(header, c)
		if err != nil {
			errf(1, "%v", err)
		}
		return i
	}
	vc, uc := col(variantCol), col("units")
	type metricCols struct{ sum, sumsq, count int }
	mcols := make([]metricCols, len(metrics))
	for j, m := range metrics {
		has := func(c string) int { i, _ := FindColumn(header, c); return i }
		mc := metricCols{has(m + "_sum"), has(m + "_sumsq"), has(m + "_count")}
		switch {
		case mc.sum >= 0 && mc.sumsq >= 0, mc.count >= 0:
		case mc.sum >= 0:
			errf(1, "metric %s: the header has %s_sum but no %s_sumsq; without it there is no variance", m, m, m)
		default:
			errf(1, "metric %s: the header has neither %s_sum and %s_sumsq nor %s_count (it has %s)", m, m, m, m, quoteList(header, 12))
		}
		mcols[j] = mc
	}
	if len(ds) > 0 {
		return nil, ds
	}
	allowed := map[string]bool{}
	for _, v := range variants {
		allowed[v] = true
	}
	seen := map[string]int{}
	var rows []VariantRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errf(pe.StartLine, "%v", pe.Err)
				continue
			}
			errf(0, "reading: %v", err)
			break
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(header) {
			errf(line, "the row has %d fields but the header has %d", len(rec), len(header))
			continue
		}
		row := VariantRow{Line: line, Variant: strings.TrimSpace(rec[vc])}
		switch prev, dup := seen[row.Variant]; {
		case row.Variant == "":
			errf(line, "no variant in column %q", variantCol)
			continue
		case dup:
			errf(line, "variant %q is also on line %d; a summary has one row per variant", clip(row.Variant), prev)
			continue
		case variants != nil && !allowed[row.Variant]:
			errf(line, "variant %q is not one of the experiment's weights (%s)", clip(row.Variant), quoteList(variants, 12))
			continue
		}
		seen[row.Variant] = line
		n, ok := count(rec[uc])
		if !ok {
			errf(line, "units %q is not a whole number of units", clip(rec[uc]))
			continue
		}
		row.Units = n
		bad := false
		num := func(m, c, s string) float64 {
			x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				errf(line, "metric %s: %s %q is not a number", m, c, clip(s))
				bad = true
			}
			return x
		}
		for j, m := range metrics {
			mc := mcols[j]
			var s Sums
			if mc.count >= 0 && !(mc.sum >= 0 && mc.sumsq >= 0) {
				k, ok := count(rec[mc.count])
				if !ok || k > n {
					errf(line, "metric %s: %s_count %q is not a whole number between 0 and the %d units", m, m, clip(rec[mc.count]), n)
					bad = true
				}
				s = Sums{Sum: float64(k), SumSq: float64(k), Binary: true}
			} else {
				s.Sum, s.SumSq = num(m, m+"_sum", rec[mc.sum]), num(m, m+"_sumsq", rec[mc.sumsq])
				if s.SumSq < 0 {
					errf(line, "metric %s: %s_sumsq %v is negative; a sum of squares cannot be", m, m, s.SumSq)
					bad = true
				}
				s.Binary = s.Sum >= 0 && s.Sum <= float64(n) && math.Abs(s.Sum-s.SumSq) <= 1e-9*math.Max(1, s.Sum)
			}
			row.Metrics = append(row.Metrics, s)
		}
		if !bad {
			rows = append(rows, row)
		}
	}
	if len(ds) == 0 && len(rows) == 0 {
		errf(0, "the file has a header and no variants")
	}
	return rows, ds
}

// count reads a whole, non-negative number ("1050994", or "1050994.0").
func count(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, n >= 0
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x < 0 || x != math.Trunc(x) || x > 1<<53 {
		return 0, false
	}
	return int64(x), true
}
