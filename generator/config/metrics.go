package config

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

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/bizhours"
	"github.com/vitals-dev/vitals/generator/diag"
	"github.com/vitals-dev/vitals/generator/kpi"
	"github.com/vitals-dev/vitals/generator/metricsrc"
	"github.com/vitals-dev/vitals/generator/model"
	"github.com/vitals-dev/vitals/generator/period"
	"github.com/vitals-dev/vitals/generator/slo"
)

// Metrics is the [metrics] table: the metric export files a site reads.
type Metrics struct {
	MaxBadShare float64        `toml:"max_bad_share"`
	Sources     []MetricSource `toml:"source"`
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
}

// Funnel is the [funnel] table (AARRR stages).
type Funnel struct {
	Stages []string `toml:"stages"`
}

// FunnelStages are the declared stages, or AARRR's five when [funnel] is
// present without stages; nil without [funnel].
func (c *Config) FunnelStages() []string {
	if c.Funnel == nil {
		return nil
	}
	if len(c.Funnel.Stages) == 0 {
		return kpi.AARRR
	}
	return c.Funnel.Stages
}

// MetricSources are the read options of every [[metrics.source]], files
// resolved against the site directory.
func (c *Config) MetricSources() []metricsrc.Options {
	var out []metricsrc.Options
	for _, s := range c.Metrics.Sources {
		f, _ := metricsrc.ParseFormat(s.Format)
		share := s.MaxBadShare
		if share == 0 {
			share = c.Metrics.MaxBadShare
		}
		path := s.File
		if !filepath.IsAbs(path) {
			path = filepath.Join(c.Dir, filepath.FromSlash(path))
		}
		out = append(out, metricsrc.Options{Name: s.Name, Path: path, Format: f, MaxBadShare: share,
			TimeColumn: s.TimeColumn, StatusColumn: s.StatusColumn, KeyColumn: s.KeyColumn})
	}
	return out
}

// staleAfter reads stale_after: "" is the default (0), "off" never.
func staleAfter(v string) (time.Duration, error) {
	switch strings.TrimSpace(v) {
	case "":
		return 0, nil
	case "off":
		return slo.StaleOff, nil
	}
	d, err := slo.ParseWindow(v)
	if err != nil {
		return 0, fmt.Errorf("stale_after %q is not a length such as 2h or 1d, or \"off\"", v)
	}
	return d, nil
}

// Spec turns an [[slo]] table into an slo.Spec (validated by Parse).
func (s SLO) Spec() (slo.Spec, error) {
	out := slo.Spec{Name: s.Name, Target: s.Target}
	var err error
	w := s.Window
	if w == "" {
		w = "30d"
	}
	if out.Window, err = slo.ParseWindow(w); err != nil {
		return out, err
	}
	if s.Slice != "" {
		if out.Slice, err = slo.ParseWindow(s.Slice); err != nil {
			return out, fmt.Errorf("slice: %w", err)
		}
	}
	if out.StaleAfter, err = staleAfter(s.StaleAfter); err != nil {
		return out, err
	}
	if s.WarningBudget != nil {
		out.WarningBudget = *s.WarningBudget
	}
	if s.Threshold != nil {
		out.Threshold = *s.Threshold
	}
	if s.IsIssues() {
		rule := &slo.IssueRule{Labels: *s.Issues, Repo: s.Repo, Hours: bizhours.Calendar}
		text := s.Within
		if s.CloseWithin != "" {
			rule.Close, text = true, s.CloseWithin
		}
		if rule.Within, err = slo.ParseWindow(text); err != nil {
			return out, err
		}
		if s.BusinessHours != "" {
			if rule.Hours, err = bizhours.Parse(s.BusinessHours); err != nil {
				return out, err
			}
		}
		out.Issues = rule
		return out, nil
	}
	for _, f := range []struct {
		text string
		dst  **model.Selector
	}{{s.Good, &out.Good}, {s.Bad, &out.Bad}, {s.Total, &out.Total}, {s.ErrorRatio, &out.ErrorRatio}, {s.Checks, &out.Checks}, {s.Latency, &out.Latency}} {
		if f.text == "" {
			continue
		}
		x, err := model.ParseSelector(f.text)
		if err != nil {
			return out, err
		}
		*f.dst = &x
	}
	return out, nil
}

// Spec turns a [[kpi]] table into a kpi.Spec (validated by Parse).
func (k KPI) Spec() (kpi.Spec, error) {
	out := kpi.Spec{Name: k.Name, Unit: k.Unit, Down: k.Direction == "down", Target: k.Target, Warning: k.Warning, Stage: k.Stage, Period: period.Month}
	var err error
	if out.Series, err = model.ParseSelector(k.Series); err != nil {
		return out, err
	}
	if k.Period != "" {
		if out.Period, err = period.ParseKind(k.Period); err != nil {
			return out, err
		}
	}
	out.Aggregate, err = kpi.ParseAggregate(k.Aggregate)
	return out, err
}

// validateMetrics checks the metric, SLO and KPI tables; pos.of(key...)
// gives a key's line for messages.
func (c *Config) validateMetrics(path string, pos position) diag.List {
	var ds diag.List
	add := func(line, col int, sev diag.Severity, format string, args ...any) {
		ds = append(ds, diag.Diag{Path: path, Line: line, Col: col, Severity: sev, Msg: fmt.Sprintf(format, args...)})
	}
	if s := c.Metrics.MaxBadShare; s < 0 || s > 1 {
		l, col := pos.of("metrics", "max_bad_share")
		add(l, col, diag.Error, "max_bad_share %v must be between 0 and 1", s)
	}
	sources := map[string]bool{}
	for i, s := range c.Metrics.Sources {
		at := func(key string) (int, int) { return nth(pos, "metrics.source", i, key) }
		switch {
		case s.Name == "":
			l, col := at("name")
			add(l, col, diag.Error, "metrics source %d has no name", i+1)
		case strings.Trim(s.Name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") != "":
			l, col := at("name")
			add(l, col, diag.Error, "metrics source name %q may hold only letters, digits, '-', '_' and '.'", s.Name)
		case sources[s.Name]:
			l, col := at("name")
			add(l, col, diag.Error, "metrics source name %q is used twice", s.Name)
		}
		sources[s.Name] = true
		if s.File == "" {
			l, col := at("file")
			add(l, col, diag.Error, "metrics source %q has no file", s.Name)
		}
		if _, err := metricsrc.ParseFormat(s.Format); err != nil {
			l, col := at("format")
			add(l, col, diag.Error, "%v", err)
		}
		if s.MaxBadShare < 0 || s.MaxBadShare > 1 {
			l, col := at("max_bad_share")
			add(l, col, diag.Error, "max_bad_share %v must be between 0 and 1", s.MaxBadShare)
		}
	}
	checkSel := func(text string, at func(string) (int, int), key string) {
		x, err := model.ParseSelector(text)
		l, col := at(key)
		if err != nil {
			add(l, col, diag.Error, "%s: %v", key, err)
		} else if !sources[x.Source] {
			add(l, col, diag.Error, "%s %q: no [[metrics.source]] is named %q", key, text, x.Source)
		}
	}
	names := map[string]bool{}
	for i, s := range c.SLOs {
		at := func(key string) (int, int) { return nth(pos, "slo", i, key) }
		if s.Name == "" || names[strings.ToLower(s.Name)] {
			l, col := at("name")
			add(l, col, diag.Error, "every [[slo]] needs a name of its own (got %q)", s.Name)
		}
		names[strings.ToLower(s.Name)] = true
		if !(s.Target > 0 && s.Target < 1) {
			l, col := at("target")
			add(l, col, diag.Error, "slo %q: target %v must be a share between 0 and 1, such as 0.999", s.Name, s.Target)
		}
		if s.Window != "" {
			if _, err := slo.ParseWindow(s.Window); err != nil {
				l, col := at("window")
				add(l, col, diag.Error, "slo %q: %v", s.Name, err)
			}
		}
		ds = append(ds, c.validateIssueSLO(path, s, at)...)
		ways := 0
		if s.IsIssues() {
			ways++
		}
		if s.Total != "" || s.Good != "" || s.Bad != "" {
			ways++
			if s.Total == "" || (s.Good == "") == (s.Bad == "") {
				l, col := at("total")
				add(l, col, diag.Error, "slo %q: counting occurrences needs total with either good or bad", s.Name)
			}
		}
		for _, v := range []string{s.ErrorRatio, s.Checks, s.Latency} {
			if v != "" {
				ways++
			}
		}
		if ways != 1 {
			l, col := at("name")
			add(l, col, diag.Error, "slo %q: set exactly one way of counting: total with good or bad, error_ratio, checks, latency, or issues", s.Name)
		}
		for _, kv := range [][2]string{{"good", s.Good}, {"bad", s.Bad}, {"total", s.Total}, {"error_ratio", s.ErrorRatio}, {"checks", s.Checks}, {"latency", s.Latency}} {
			if kv[1] != "" {
				checkSel(kv[1], at, kv[0])
			}
		}
		if (s.Latency != "") != (s.Threshold != nil) {
			l, col := at("threshold")
			add(l, col, diag.Error, "slo %q: latency and threshold go together", s.Name)
		}
		if s.Slice != "" {
			l, col := at("slice")
			if d, err := slo.ParseWindow(s.Slice); err != nil {
				add(l, col, diag.Error, "slo %q: slice: %v", s.Name, err)
			} else if s.Checks == "" && s.Latency == "" {
				add(l, col, diag.Error, "slo %q: slice applies to checks and latency only", s.Name)
			} else if d > 24*time.Hour {
				add(l, col, diag.Error, "slo %q: slice %s is longer than a day", s.Name, s.Slice)
			}
		}
		if s.StaleAfter != "" {
			l, col := at("stale_after")
			if _, err := staleAfter(s.StaleAfter); err != nil {
				add(l, col, diag.Error, "slo %q: %v", s.Name, err)
			} else if s.Checks == "" {
				add(l, col, diag.Error, "slo %q: stale_after applies to checks only", s.Name)
			}
		}
		if w := s.WarningBudget; w != nil && (*w < 0 || *w > 1) {
			l, col := at("warning_budget")
			add(l, col, diag.Error, "slo %q: warning_budget %v must be between 0 and 1", s.Name, *w)
		}
	}
	stages := c.FunnelStages()
	if c.Funnel != nil {
		seen := map[string]bool{}
		for _, st := range stages {
			if st == "" || seen[st] {
				l, col := pos.of("funnel", "stages")
				add(l, col, diag.Error, "funnel stages must be distinct and not empty (got %q)", st)
			}
			seen[st] = true
		}
	}
	names = map[string]bool{}
	stageOf := map[string]string{}
	for i, k := range c.KPIs {
		at := func(key string) (int, int) { return nth(pos, "kpi", i, key) }
		if k.Name == "" || names[strings.ToLower(k.Name)] {
			l, col := at("name")
			add(l, col, diag.Error, "every [[kpi]] needs a name of its own (got %q)", k.Name)
		}
		names[strings.ToLower(k.Name)] = true
		if k.Series == "" {
			l, col := at("series")
			add(l, col, diag.Error, "kpi %q has no series", k.Name)
		} else {
			checkSel(k.Series, at, "series")
		}
		if k.Direction != "" && k.Direction != "up" && k.Direction != "down" {
			l, col := at("direction")
			add(l, col, diag.Error, "kpi %q: direction %q must be \"up\" (higher is better) or \"down\"", k.Name, k.Direction)
		}
		if k.Period != "" {
			if p, err := period.ParseKind(k.Period); err != nil || p == period.Year {
				l, col := at("period")
				add(l, col, diag.Error, "kpi %q: period %q must be day, week, month or quarter", k.Name, k.Period)
			}
		}
		if _, err := kpi.ParseAggregate(k.Aggregate); err != nil {
			l, col := at("aggregate")
			add(l, col, diag.Error, "kpi %q: %v", k.Name, err)
		}
		if k.Warning != nil && k.Target == nil {
			l, col := at("warning")
			add(l, col, diag.Error, "kpi %q: warning needs a target", k.Name)
		} else if k.Warning != nil && ((k.Direction == "down" && *k.Warning < *k.Target) || (k.Direction != "down" && *k.Warning > *k.Target)) {
			l, col := at("warning")
			add(l, col, diag.Error, "kpi %q: warning %v is on the good side of target %v for direction %q", k.Name, *k.Warning, *k.Target, orUp(k.Direction))
		}
		if k.Stage != "" {
			l, col := at("stage")
			ok := false
			for _, st := range stages {
				ok = ok || st == k.Stage
			}
			if !ok {
				add(l, col, diag.Error, "kpi %q: stage %q is not one of the [funnel] stages %q", k.Name, k.Stage, stages)
			} else if other, dup := stageOf[k.Stage]; dup {
				add(l, col, diag.Warning, "kpi %q: stage %q already has kpi %q, which the funnel shows", k.Name, k.Stage, other)
			} else {
				stageOf[k.Stage] = k.Name
			}
		}
	}
	return ds
}

func orUp(d string) string {
	if d == "" {
		return "up"
	}
	return d
}

// nth finds key in the n-th (0-based) [[table]] of an array of tables, or
// that table's header when the key is not set; (0, 0) when not found.
func nth(pos position, table string, n int, key string) (int, int) {
	count, header := -1, 0
	inTable := false
	for i, raw := range pos.lines {
		l := strings.TrimSpace(raw)
		if strings.HasPrefix(l, "[") {
			if inTable {
				break
			}
			if strings.HasPrefix(l, "[[") && normKey(strings.TrimSuffix(strings.SplitN(strings.TrimPrefix(l, "[["), "]]", 2)[0], "]]")) == table {
				count++
				if count == n {
					inTable, header = true, i+1
				}
			}
			continue
		}
		if !inTable {
			continue
		}
		if k, _, ok := strings.Cut(l, "="); ok && normKey(k) == key {
			return i + 1, strings.Index(raw, strings.TrimSpace(k)) + 1
		}
	}
	if header > 0 {
		return header, 1
	}
	return 0, 0
}
