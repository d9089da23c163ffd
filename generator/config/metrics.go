package config

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// The metric tables of site.toml:
//
//	[metrics]
//	max_bad_share = 0.10          # optional: a file with a larger share of unreadable rows is an error
//
//	[[metrics.source]]            # one per export file
//	name = "api"                  # series are named "api:<own name>" (letters, digits, - _ .)
//	file = "content/metrics/api-requests.json"   # relative to the site
//	format = "prometheus"         # optional, detected when absent: prometheus, grafana, datadog, csv, checks
//	time_column = "Date"          # optional (CSV): found by name otherwise
//	status_column = "status"      # optional (checks)
//	key_column = "slug"           # optional (checks): one series per value, e.g. per endpoint
//	max_bad_share = 0.2           # optional, overrides [metrics] for this file
//
//	[[slo]]
//	name = "API availability"
//	description = "..."           # optional, shown on the SLO page
//	target = 0.999                # 0 < target < 1
//	window = "30d"                # rolling window (default 30d): 28d, 4w, 7d ...
//	# exactly one way of counting, each a series selector (model.Selector:
//	# "source", "source:label=value", "source:label!=value", "source:column"):
//	total = "api"                 #   occurrences: total with bad ...
//	bad = "api:code=5xx"          #   ... or with good = "api:code!=5xx"
//	# error_ratio = "api:error_ratio"        bad/total per point, equal weights
//	# checks = "uptime"                      up/down checks in time slices
//	# latency = "api:p99" threshold = 300    time slices bad above threshold
//	slice = "5m"                  # time-slice length for checks and latency (default 5m)
//	stale_after = "2h"            # checks: a status with no newer result is unknown after this
//	                              # (default 6x the check's median interval, at least 1h; "off": never)
//	warning_budget = 0.25         # warning below this share of budget left (default 0.25)
//
//	[[slo]]                       # an issue-response SLO: the events are issues
//	name = "Bugs answered within 2 business days"
//	issues = ["bug"]              # labels (any of, case-insensitive); [] = every issue
//	repo = "owner/name"           # optional; default every configured repo
//	within = "16h"                # time to first response that counts as good ...
//	# close_within = "14d"        # ... or time to close (exactly one of the two)
//	business_hours = "Mon-Fri 09:00-17:00 Europe/Berlin"   # optional: within counts only
//	                              # these hours (16h = two 8-hour days); default calendar time
//	target = 0.9
//	window = "28d"
//
//	[[kpi]]
//	name = "Signups"
//	series = "analytics:activation"
//	unit = "users"                # optional
//	direction = "up"              # "up" (higher is better, default) or "down"
//	target = 1200                 # optional: missing it is a warning ...
//	warning = 1000                # optional: ... and past this a breach (without it, a breach)
//	period = "month"              # day, week, month (default) or quarter
//	aggregate = "sum"             # how a period's points add up: sum (default), mean, last, max, min
//	stage = "activation"          # optional funnel stage
//
//	[funnel]
//	stages = ["acquisition", "activation", "retention", "referral", "revenue"]   # the default
//
// docs/config.md lists every key (from keys.go). These are the tables as
// written; what they mean, and every rule about their values, is in the
// packages that read them: metricsrc.FromConfig,
// slo.FromConfig and kpi.FromConfig. Each table's Place puts their
// problems at the key's line and column.

// Metrics is the [metrics] table: the metric export files a site reads.
type Metrics struct {
	MaxBadShare float64        `toml:"max_bad_share"`
	Sources     []MetricSource `toml:"source"`
	Place       Place          `toml:"-"`
}

// MetricSource is one [[metrics.source]] table.
type MetricSource struct {
	Name         string  `toml:"name"`
	File         string  `toml:"file"`
	Format       string  `toml:"format"`
	TimeColumn   string  `toml:"time_column"`
	StatusColumn string  `toml:"status_column"`
	KeyColumn    string  `toml:"key_column"`
	MaxBadShare  float64 `toml:"max_bad_share"`
	Place        Place   `toml:"-"`
}

// SLO is one [[slo]] table.
type SLO struct {
	Name          string   `toml:"name"`
	Description   string   `toml:"description"`
	Target        float64  `toml:"target"`
	Window        string   `toml:"window"`
	Good          string   `toml:"good"`
	Bad           string   `toml:"bad"`
	Total         string   `toml:"total"`
	ErrorRatio    string   `toml:"error_ratio"`
	Checks        string   `toml:"checks"`
	Latency       string   `toml:"latency"`
	Threshold     *float64 `toml:"threshold"`
	Slice         string   `toml:"slice"`
	StaleAfter    string   `toml:"stale_after"`
	WarningBudget *float64 `toml:"warning_budget"`
	// Issue-response SLOs: Issues set (even to []) makes the SLO count issues.
	Issues        *[]string `toml:"issues"`
	Repo          string    `toml:"repo"`
	Within        string    `toml:"within"`
	CloseWithin   string    `toml:"close_within"`
	BusinessHours string    `toml:"business_hours"`
	Place         Place     `toml:"-"`
}

// HasIssueSLOs reports whether any [[slo]] counts issues.
func (c *Config) HasIssueSLOs() bool {
	for _, s := range c.SLOs {
		if s.IsIssues() {
			return true
		}
	}
	return false
}

// IsIssues reports whether the SLO counts issues rather than metric series.
func (s SLO) IsIssues() bool { return s.Issues != nil }

// KPI is one [[kpi]] table.
type KPI struct {
	Name      string   `toml:"name"`
	Series    string   `toml:"series"`
	Unit      string   `toml:"unit"`
	Direction string   `toml:"direction"`
	Target    *float64 `toml:"target"`
	Warning   *float64 `toml:"warning"`
	Period    string   `toml:"period"`
	Aggregate string   `toml:"aggregate"`
	Stage     string   `toml:"stage"`
	Place     Place    `toml:"-"`
}

// Funnel is the [funnel] table (AARRR stages).
type Funnel struct {
	Stages []string `toml:"stages"`
	Place  Place    `toml:"-"`
}

// SourceNamed reports whether a [[metrics.source]] has the name (valid or
// not: a source with a bad name has its own error).
func (m Metrics) SourceNamed(name string) bool {
	for _, s := range m.Sources {
		if s.Name == name {
			return true
		}
	}
	return false
}

// place gives every metric, SLO, KPI and funnel table its Place.
// unknownIn holds the tables (tomlpos paths, joined by ".") that have an
// unknown key.
func (c *Config) place(path string, pos position, unknownIn map[string]bool) {
	at := func(table []string, index int) Place {
		p := Place{path: path, pos: pos, table: table, index: index}
		elem := strings.Join(table, ".")
		if index >= 0 {
			elem += "." + strconv.Itoa(index)
		}
		p.unknown = unknownIn[elem]
		return p
	}
	c.Metrics.Place = at([]string{"metrics"}, -1)
	for i := range c.Metrics.Sources {
		c.Metrics.Sources[i].Place = at([]string{"metrics", "source"}, i)
	}
	for i := range c.SLOs {
		c.SLOs[i].Place = at([]string{"slo"}, i)
	}
	for i := range c.KPIs {
		c.KPIs[i].Place = at([]string{"kpi"}, i)
	}
	if c.Funnel != nil {
		c.Funnel.Place = at([]string{"funnel"}, -1)
	}
}

// Selector reads the series selector written at key of a site.toml table
// (an [[slo]]'s bad, a [[kpi]]'s series) and checks that a
// [[metrics.source]] has its source's name. The error names the key.
func (m Metrics) Selector(key, text string) (model.Selector, error) {
	x, err := model.ParseSelector(text)
	if err != nil {
		return x, fmt.Errorf("%s: %v", key, err)
	}
	if !m.SourceNamed(x.Source) {
		return x, fmt.Errorf("%s %q: no [[metrics.source]] is named %q", key, text, x.Source)
	}
	return x, nil
}
