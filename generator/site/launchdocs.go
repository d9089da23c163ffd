package site

import "github.com/vitals-dev/vitals/generator/sources/launchdoc"

// loadLaunches reads content/launches, checking the SLO and KPI names,
// repositories and experiments the launches name.
func (b *builder) loadLaunches() {
	o := launchdoc.Options{Repos: b.cfg.GitHub.Repos}
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
