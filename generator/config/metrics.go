package config

import "github.com/vitals-dev/vitals/generator/diag"

// Metrics is the [metrics] table: the metric export files a site reads.
// Owned by the metric-exports work (issue 5); extend freely.
type Metrics struct{}

// SLO is one [[slo]] table.
type SLO struct {
	Name   string  `toml:"name"`
	Target float64 `toml:"target"`
	Window string  `toml:"window"`
}

// KPI is one [[kpi]] table.
type KPI struct {
	Name string `toml:"name"`
}

// Funnel is the [funnel] table (AARRR stages).
type Funnel struct{}

// validateMetrics checks the metric, SLO and KPI tables; pos.of(key...)
// gives a key's line for messages.
func (c *Config) validateMetrics(path string, pos position) diag.List { return nil }
