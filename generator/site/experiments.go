package site

import (
	"os"
	"path/filepath"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/compute/experiments"
	"github.com/vitals-dev/vitals/generator/compute/explog"
	"github.com/vitals-dev/vitals/generator/sources/expdata"
	"github.com/vitals-dev/vitals/generator/sources/expdoc"
)

// loadExperiments reads every experiment's document and, once it has
// started, its data file: a per-unit file streamed into per-variant sums
// (sources phase; the figures are computed with the others).
func (b *builder) loadExperiments() {
	for _, pg := range b.content.Pages {
		if !expdoc.IsExperiment(pg.Path) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(b.opts.Source, filepath.FromSlash(pg.Path)))
		if err != nil {
			b.errs = append(b.errs, diag.Diag{Path: pg.Path, Msg: err.Error()})
			continue
		}
		d, ds := expdoc.Parse(pg.Path, src, pg.Title)
		b.addDiags(ds, nil)
		if d == nil || ds.HasErrors() {
			continue
		}
		in := explog.Input{Doc: d}
		if !explog.IsPlanned(d, b.asOf) {
			acc := experiments.NewAcc(d.MetricNames())
			data, ds := d.Read(b.opts.Source, b.asOf, func(u *expdata.Unit) {
				if u.Retract {
					acc.Remove(u.Variant, u.Exposure, u.Values, u.Has)
				} else {
					acc.Add(u.Variant, u.Exposure, u.Values, u.Has)
				}
			})
			b.addDiags(ds, nil)
			if data == nil {
				continue
			}
			if data.Units != nil {
				in.Data, in.Counts = acc.Data(data.Units.Variants), &data.Units.Counts
			} else {
				in.Data = explog.FromSummary(data.Variants, d.MetricNames())
			}
		}
		b.experiments = append(b.experiments, in)
	}
}
