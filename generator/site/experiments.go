package site

import (
	"os"
	"path/filepath"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/compute/experiments"
	"github.com/vitals-dev/vitals/generator/compute/explog"
	"github.com/vitals-dev/vitals/generator/sources/expdata"
	"github.com/vitals-dev/vitals/generator/sources/expdoc"
)

// loadExperiments reads every experiment's document, then, alongside the
// store, the data files of those started: a per-unit file is streamed into
// per-variant sums (the figures are computed with the others, once
// waitExperiments took them).
func (b *builder) loadExperiments() {
	var docs []*expdoc.Doc
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
		if d != nil && !ds.HasErrors() {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return
	}
	done := make(chan struct{})
	var ins []explog.Input
	var ds diag.List
	source, asOf := b.opts.Source, b.asOf
	go func() {
		defer close(done)
		ins, ds = readExperiments(source, asOf, docs)
	}()
	b.expData = func() {
		<-done
		b.addDiags(ds, nil)
		b.experiments = ins
	}
}

// waitExperiments takes the experiments' data read alongside the store, once.
func (b *builder) waitExperiments() {
	if f := b.expData; f != nil {
		b.expData = nil
		f()
	}
}

// readExperiments reads the data of every experiment started by asOf;
// one whose data cannot be read is left out (its problems say why).
func readExperiments(source string, asOf time.Time, docs []*expdoc.Doc) ([]explog.Input, diag.List) {
	var out []explog.Input
	var all diag.List
	for _, d := range docs {
		in := explog.Input{Doc: d}
		if !explog.IsPlanned(d, asOf) {
			acc := experiments.NewAcc(d.MetricNames())
			data, ds := d.Read(source, asOf, func(u *expdata.Unit) {
				if u.Retract {
					acc.Remove(u.Variant, u.Exposure, u.Values, u.Has)
				} else {
					acc.Add(u.Variant, u.Exposure, u.Values, u.Has)
				}
			})
			all = append(all, ds...)
			if data == nil {
				continue
			}
			if data.Units != nil {
				in.Data, in.Counts = acc.Data(data.Units.Variants), &data.Units.Counts
			} else {
				in.Data = explog.FromSummary(data.Variants, d.MetricNames())
			}
		}
		out = append(out, in)
	}
	return out, all
}
