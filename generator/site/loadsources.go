package site

import (
	"context"
	"fmt"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/launchdoc"
	"github.com/vitals-dev/vitals/generator/sources/metricsrc"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// loadSources reads the store's manifest, content/, the metric exports and
// the resources: every file the build reads but the store's records.
func (b *builder) loadSources(ctx context.Context) error {
	// The store's records are read in the compute phase, one repository at a
	// time as their figures are computed (loader); here only its manifest,
	// which says as of when the data is. An older store is migrated first.
	// The store stays locked until compute has read it.
	if err := b.lockStore(ctx); err != nil {
		return err
	}
	if err := store.Migrate(b.cfg.StoreDir()); err != nil {
		return err
	}
	m, ok, err := store.ReadManifest(b.cfg.StoreDir())
	if err != nil {
		return err
	}
	if !ok {
		// No manifest: an empty store, or one that lost it (then the build
		// stops rather than leave every repository out).
		if err := store.CheckEmpty(b.cfg.StoreDir()); err != nil {
			return err
		}
	}
	b.manifest = m
	b.asOf = m.SyncedAt
	if !b.opts.AsOf.IsZero() {
		b.asOf = b.opts.AsOf.UTC()
	}
	b.loadContent()
	b.loadLaunches()
	b.loadLearning()
	if b.specs.Issues.Has() && m.SyncedAt.IsZero() {
		b.res.Notes = append(b.res.Notes, "the store has no synced data yet: "+b.specs.Issues.FetchFirst)
	}
	b.storeAsOf = b.asOf // before metrics may set it
	if len(b.cfg.Metrics.Sources) > 0 || len(b.cfg.SLOs) > 0 || len(b.cfg.KPIs) > 0 {
		if b.asOf.IsZero() {
			// Without synced data, metrics say when "now" is: read them first.
			series, ds := metricsrc.LoadAll(b.specs.Sources)
			if !ds.HasErrors() {
				if b.asOf = lastPoint(series); !b.asOf.IsZero() {
					b.res.Notes = append(b.res.Notes, "no store data: SLOs and KPIs are as of the last metric point, "+b.asOf.Format(time.RFC3339)+" (set --as-of to choose)")
				}
			}
			b.takeMetrics(series, ds)
		} else {
			// The metric exports and the store are independent sources: the
			// exports are read while the store is (compute waits for them
			// before any figure reads them, and takes their diagnostics then).
			done := make(chan struct{})
			var series []model.Series
			var ds diag.List
			go func() {
				defer close(done)
				series, ds = metricsrc.LoadAll(b.specs.Sources)
			}()
			b.metrics = func() {
				<-done
				b.takeMetrics(series, ds)
			}
		}
	}
	if b.asOf.IsZero() && b.content != nil {
		// No synced data nor metrics: a site of postmortems alone is as of
		// its newest one.
		b.asOf = newestPostmortem(b.content.Postmortems)
	}
	b.loadExperiments()
	err = b.loadResources()
	if len(b.errs) > 0 {
		b.waitMetrics() // every source's errors at once
		b.waitExperiments()
	}
	return err
}

// takeMetrics keeps the metric series read and their diagnostics.
func (b *builder) takeMetrics(series []model.Series, ds diag.List) {
	b.addDiags(ds, b.rel)
	b.series = series
	b.warns = append(b.warns, reports.EraWarnings(b.asOf, reports.MetricSpans(b.cfg.Metrics.Sources, series))...)
}

// waitMetrics takes the metric exports read alongside the store, once.
func (b *builder) waitMetrics() {
	if f := b.metrics; f != nil {
		b.metrics = nil
		f()
	}
}

// loadContent reads content/ once; its problems join the build's.
func (b *builder) loadContent() {
	b.md = content.NewRenderer(b.cfg.Markup.Unsafe)
	c, ds := content.Load(b.opts.Source, b.md)
	b.content, b.res.Content = c, c
	b.take(ds)
	if n := len(c.MissingImages); n > 0 {
		b.res.Notes = append(b.res.Notes, fmt.Sprintf("%d relative images in content name no file; `vitals check` lists them", n))
	}
}

// lastPoint is just after the last point of any series: the as_of of a
// site whose metrics are its only data.
func lastPoint(ss []model.Series) time.Time {
	var t time.Time
	for _, s := range ss {
		if n := len(s.Points); n > 0 && s.Points[n-1].T.After(t) {
			t = s.Points[n-1].T
		}
	}
	if t.IsZero() {
		return t
	}
	return t.Add(time.Second)
}

// newestPostmortem is the latest instant any postmortem states (its times,
// else its date or publication date): the as_of of a site that has only
// postmortems. Zero when none has one.
func newestPostmortem(pms []content.Postmortem) time.Time {
	var t time.Time
	for _, p := range pms {
		for _, at := range []*time.Time{p.Started, p.Detected, p.Mitigated, p.Resolved, p.Date, p.Published} {
			if at != nil && at.After(t) {
				t = *at
			}
		}
	}
	return t
}

// loadLaunches reads content/launches, checking the SLO and KPI names,
// repositories and experiments the launches name.
func (b *builder) loadLaunches() {
	o := launchdoc.Options{Repos: b.specs.Issues.Repos}
	for _, s := range b.specs.SLOs {
		o.SLOs = append(o.SLOs, s.Name)
	}
	for _, k := range b.specs.KPIs {
		o.KPIs = append(o.KPIs, k.Name)
	}
	ls, ds := launchdoc.Load(b.opts.Source, o)
	b.launches = ls
	b.addDiags(ds, nil)
}
