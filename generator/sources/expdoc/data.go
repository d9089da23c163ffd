package expdoc

import (
	"path/filepath"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/sources/expdata"
)

// Data is what an experiment's data file gave: for a per-unit file its
// variants and counts (the units went to the emit function), for a
// per-variant summary its rows.
type Data struct {
	Units    *expdata.Result
	Variants []expdata.VariantRow
}

// Read reads the experiment's data file (DataPath below siteDir), as of
// asOf. A per-unit file streams its counted units to emit. The columns the
// document names are looked up in the file's header first, so that a
// column missing is an error at the key that names it.
func (d *Doc) Read(siteDir string, asOf time.Time, emit func(*expdata.Unit)) (*Data, diag.List) {
	file := d.DataPath
	if !filepath.IsAbs(filepath.FromSlash(file)) {
		file = filepath.Join(siteDir, filepath.FromSlash(file))
	}
	header, err := expdata.Header(file)
	if err != nil {
		return nil, diag.List{d.Errorf("data", "data %s: %v", clip(d.Data), err)}
	}
	var ds diag.List
	need := func(key, col string) {
		if _, err := expdata.FindColumn(header, col); err != nil {
			ds = append(ds, d.Errorf(key, "%s: %v", key, err))
		}
	}
	names := d.MetricNames()
	if d.Format == FormatVariants {
		need("variant", d.Variant)
		need("data", "units")
		for i, m := range names {
			_, e1 := expdata.FindColumn(header, m+"_sum")
			_, e2 := expdata.FindColumn(header, m+"_sumsq")
			_, e3 := expdata.FindColumn(header, m+"_count")
			if (e1 != nil || e2 != nil) && e3 != nil {
				ds = append(ds, d.Errorf(d.metricKey(i), "metric %q: the summary has no %s_sum and %s_sumsq, nor %s_count", clip(m), clip(m), clip(m), clip(m)))
			}
		}
	} else {
		need("unit", d.Unit)
		need("variant", d.Variant)
		if d.Exposure != "" {
			need("exposure", d.Exposure)
		}
		for i, m := range names {
			need(d.metricKey(i), m)
		}
	}
	if len(ds) > 0 {
		return nil, ds
	}
	var declared []string
	if len(d.Weights) > 0 {
		declared = d.WeightOrder
	}
	out := &Data{}
	var found []string
	if d.Format == FormatVariants {
		rows, rds := expdata.ReadVariants(file, d.DataPath, d.Variant, names, declared)
		if rds.HasErrors() {
			return nil, rds
		}
		ds = rds
		out.Variants = rows
		for _, r := range rows {
			found = append(found, r.Variant)
		}
	} else {
		res, rds := expdata.ReadUnits(expdata.Spec{Path: file, Name: d.DataPath, Unit: d.Unit, Variant: d.Variant,
			Exposure: d.Exposure, Metrics: names, Variants: declared, Start: d.Start, End: d.End, AsOf: asOf}, emit)
		if rds.HasErrors() {
			return nil, rds
		}
		ds = rds
		out.Units = res
		found = res.Variants
	}
	has := false
	for _, v := range found {
		has = has || v == d.Control
	}
	if !has {
		return nil, append(ds, d.Errorf("control", "control: %q is not a variant of %s (it has %s); name the control with control: <variant>", clip(d.Control), d.DataPath, quote(found)))
	}
	if len(found) < 2 && len(declared) < 2 {
		return nil, append(ds, d.Errorf("data", "data: %s has only the variant %s: nothing to compare the control with", d.DataPath, quote(found)))
	}
	return out, ds
}

func quote(xs []string) string {
	if len(xs) == 0 {
		return "no variants"
	}
	q := make([]string, 0, len(xs))
	for i, x := range xs {
		if i == 12 {
			q = append(q, "…")
			break
		}
		q = append(q, `"`+clip(x)+`"`)
	}
	return strings.Join(q, ", ")
}
