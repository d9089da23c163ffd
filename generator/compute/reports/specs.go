package reports

import (
	"errors"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/compute/kpi"
	"github.com/vitals-dev/vitals/generator/compute/slo"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/sources/issuesrc"
	"github.com/vitals-dev/vitals/generator/sources/metricsrc"
)

// LoadConfig reads dir/site.toml and what its metric, SLO and KPI tables
// mean. Problems with the file are a diag.List in file order, as from
// config.Load: the config and specs come with it unless the file cannot
// be decoded at all.
func LoadConfig(dir string) (*config.Config, *Specs, error) {
	return withSpecs(config.Load(dir))
}

// withSpecs reads the metric tables of a config that config.Load or
// config.Parse gave, adding their problems to the config's.
func withSpecs(cfg *config.Config, err error) (*config.Config, *Specs, error) {
	var ds diag.List
	if cfg == nil || (err != nil && !errors.As(err, &ds)) {
		return cfg, nil, err
	}
	sp := Specs{Issues: issuesrc.FromConfig(cfg)}
	var more [3]diag.List
	sp.Sources, more[0] = metricsrc.FromConfig(cfg)
	sp.SLOs, more[1] = slo.FromConfig(cfg)
	sp.KPIs, sp.Stages, more[2] = kpi.FromConfig(cfg)
	for _, m := range more {
		ds = append(ds, m...)
	}
	if len(ds) == 0 {
		return cfg, &sp, nil
	}
	ds.Sort()
	return cfg, &sp, ds
}
