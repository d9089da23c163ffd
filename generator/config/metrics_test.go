package config

import (
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/slo"
)

const metricsSite = `title = "Demo"

[metrics]
max_bad_share = 0.2

[[metrics.source]]
name = "api"
file = "content/metrics/api.json"
format = "prometheus"

[[metrics.source]]
name = "uptime"
file = "content/metrics/checks.csv"

[[slo]]
name = "API availability"
target = 0.999
window = "28d"
total = "api"
bad = "api:code=5xx"

[[slo]]
name = "Uptime"
target = 0.995
checks = "uptime"
slice = "1m"

[[kpi]]
name = "Signups"
series = "api:signups"
unit = "users"
target = 100
warning = 80
stage = "activation"
period = "week"
aggregate = "sum"

[funnel]
`

func TestMetricsTablesDecodeAndConvert(t *testing.T) {
	c, err := Parse("site.toml", []byte(metricsSite), "/site")
	if err != nil {
		t.Fatal(err)
	}
	src := c.MetricSources()
	if len(src) != 2 || src[0].Path != "/site/content/metrics/api.json" || src[0].Format != "prometheus" || src[0].MaxBadShare != 0.2 || src[1].Format != "" {
		t.Errorf("sources %+v", src)
	}
	s, err := c.SLOs[0].Spec()
	if err != nil || s.Window != 28*24*time.Hour || s.Bad.String() != "api:code=5xx" || s.Total.String() != "api" || s.Good != nil {
		t.Errorf("slo spec %+v %v", s, err)
	}
	u, _ := c.SLOs[1].Spec()
	if u.Window != 30*24*time.Hour || u.Slice != time.Minute || u.Checks == nil {
		t.Errorf("uptime spec %+v", u)
	}
	k, err := c.KPIs[0].Spec()
	if err != nil || k.Period.String() != "week" || *k.Target != 100 || k.Down || k.Stage != "activation" {
		t.Errorf("kpi spec %+v %v", k, err)
	}
	if st := c.FunnelStages(); len(st) != 5 || st[0] != "acquisition" {
		t.Errorf("default funnel %q", st)
	}
}

func TestMetricsValidationNamesLineOfTheRightTable(t *testing.T) {
	cases := []struct {
		name, edit, want string
	}{
		{"target out of range", `target = 0.995`, `site.toml:24:1: slo "Uptime": target 99.5 must be a share`},
		{"unknown source", `checks = "uptime"`, `site.toml:25:1: checks "nope": no [[metrics.source]] is named "nope"`},
		{"two ways", `slice = "1m"`, `site.toml:23:1: slo "Uptime": set exactly one way of counting`},
		{"bad format", `format = "prometheus"`, `site.toml:9:1: unknown format "influx"`},
		{"warning on good side", `warning = 80`, `site.toml:33:1: kpi "Signups": warning 120 is on the good side of target 100`},
		{"stage not in funnel", `stage = "activation"`, `site.toml:34:1: kpi "Signups": stage "sleep" is not one of the [funnel] stages`},
		{"bad window", `window = "28d"`, `site.toml:18:1: slo "API availability": window "monthly" is not a length`},
	}
	repl := map[string]string{
		"target out of range":  `target = 99.5`,
		"unknown source":       `checks = "nope"`,
		"two ways":             "slice = \"1m\"\nerror_ratio = \"api:ratio\"",
		"bad format":           `format = "influx"`,
		"warning on good side": `warning = 120`,
		"stage not in funnel":  `stage = "sleep"`,
		"bad window":           `window = "monthly"`,
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := metricsSite
			if c.name == "target out of range" {
				// the second [[slo]]'s target, not the first's
				i := strings.Index(src, `name = "Uptime"`)
				src = src[:i] + strings.Replace(src[i:], c.edit, repl[c.name], 1)
			} else {
				src = strings.Replace(src, c.edit, repl[c.name], 1)
			}
			_, err := Parse("site.toml", []byte(src), "/site")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("want %q in:\n%v", c.want, err)
			}
		})
	}
}

func TestUnknownMetricKeyIsReported(t *testing.T) {
	src := strings.Replace(metricsSite, `unit = "users"`, "unit = \"users\"\ncolour = \"red\"", 1)
	_, err := Parse("site.toml", []byte(src), "/site")
	if err == nil || !strings.Contains(err.Error(), `unknown key "kpi.colour"`) {
		t.Errorf("got %v", err)
	}
}

func TestStaleAfterReadsLengthsAndOff(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		err  bool
	}{{"", 0, false}, {"off", slo.StaleOff, false}, {"2h", 2 * time.Hour, false}, {"1d", 24 * time.Hour, false}, {"soon", 0, true}} {
		got, err := SLO{StaleAfter: tc.in}.Spec()
		if (err != nil) != tc.err || (err == nil && got.StaleAfter != tc.want) {
			t.Errorf("stale_after %q: %v, %v; want %v (error %v)", tc.in, got.StaleAfter, err, tc.want, tc.err)
		}
	}
}
