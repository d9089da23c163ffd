package reports

import (
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/config"
)

// The metric, SLO and KPI tables of site.toml as LoadConfig reads them:
// config decodes and places them, metricsrc, slo and kpi read them.

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
	_, sp, err := withSpecs(config.Parse("site.toml", []byte(metricsSite), "/site"))
	if err != nil {
		t.Fatal(err)
	}
	src := sp.Sources
	if len(src) != 2 || src[0].Path != "/site/content/metrics/api.json" || src[0].Format != "prometheus" || src[0].MaxBadShare != 0.2 || src[1].Format != "" {
		t.Errorf("sources %+v", src)
	}
	s := sp.SLOs[0]
	if s.Window != 28*24*time.Hour || s.Bad.String() != "api:code=5xx" || s.Total.String() != "api" || s.Good != nil {
		t.Errorf("slo spec %+v", s)
	}
	u := sp.SLOs[1]
	if u.Window != 30*24*time.Hour || u.Slice != time.Minute || u.Checks == nil {
		t.Errorf("uptime spec %+v", u)
	}
	k := sp.KPIs[0]
	if k.Period.String() != "week" || *k.Target != 100 || k.Down || k.Stage != "activation" {
		t.Errorf("kpi spec %+v", k)
	}
	if st := sp.Stages; len(st) != 5 || st[0] != "acquisition" {
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
			_, _, err := withSpecs(config.Parse("site.toml", []byte(src), "/site"))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("want %q in:\n%v", c.want, err)
			}
		})
	}
}

const issueSite = `title = "Demo"

[github]
repos = ["o/app", "o/api"]

[issues]
bots = ["DrahtBot"]

[[slo]]
name = "Bugs answered"
issues = ["bug"]
repo = "o/app"
within = "16h"
business_hours = "Mon-Fri 09:00-17:00 Europe/Berlin"
target = 0.9
window = "28d"

[[slo]]
name = "Every issue closed"
issues = []
close_within = "14d"
target = 0.8

[areas]
prefixes = ["area/"]
[areas.labels]
"Data loading" = ["loading", "streaming"]

[teams]
"Platform" = ["Data loading", "o/api"]
`

func TestIssueSLODecodesToARule(t *testing.T) {
	c, sp, err := withSpecs(config.Parse("site.toml", []byte(issueSite), "/site"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Issues.Bots) != 1 || c.Issues.Bots[0] != "DrahtBot" {
		t.Errorf("bots %q", c.Issues.Bots)
	}
	s := sp.SLOs[0]
	if s.Issues == nil || s.Issues.Within != 16*time.Hour || s.Issues.Close || s.Issues.Repo != "o/app" ||
		s.Issues.Hours.IsCalendar() || len(s.Issues.Labels) != 1 || s.Window != 28*24*time.Hour {
		t.Fatalf("spec %+v", s)
	}
	s = sp.SLOs[1]
	if s.Issues == nil || !s.Issues.Close || s.Issues.Within != 14*24*time.Hour || len(s.Issues.Labels) != 0 || !s.Issues.Hours.IsCalendar() {
		t.Fatalf("close spec %+v", s)
	}
	if !c.HasAreas() || c.Areas.Labels["Data loading"][1] != "streaming" || c.Teams["Platform"][1] != "o/api" {
		t.Errorf("areas %+v teams %+v", c.Areas, c.Teams)
	}
}

func TestIssueSLOErrorsNameLineAndExpectedForm(t *testing.T) {
	cases := []struct{ name, from, to, want string }{
		{"bad business hours", `business_hours = "Mon-Fri 09:00-17:00 Europe/Berlin"`, `business_hours = "weekdays 9 to 5"`,
			`site.toml:14:1: slo "Bugs answered": business_hours "weekdays 9 to 5": want three parts: days, hours and zone; expected the form "Mon-Fri 09:00-17:00 Europe/Berlin"`},
		{"unknown zone", `Europe/Berlin"`, `Europe/Bxrlin"`, `site.toml:14:1: slo "Bugs answered": business_hours "Mon-Fri 09:00-17:00 Europe/Bxrlin": "Europe/Bxrlin" is not an IANA time zone`},
		{"no target time", `within = "16h"`, ``, `site.toml:11:1: slo "Bugs answered": an issue SLO needs within`},
		{"both", `close_within = "14d"`, "close_within = \"14d\"\nwithin = \"1h\"", `site.toml:21:1: slo "Every issue closed": set within or close_within, not both`},
		{"bad within", `within = "16h"`, `within = "two days"`, `site.toml:13:1: slo "Bugs answered": within "two days" is not a length`},
		{"repo not configured", `repo = "o/app"`, `repo = "o/web"`, `site.toml:12:1: slo "Bugs answered": repo "o/web" is not one of [github] repos`},
		{"issue keys on a metric slo", `issues = []`, `total = "x"`, `slo "Every issue closed": close_within applies to issue SLOs only`},
		{"team names an unknown area", `"Platform" = ["Data loading", "o/api"]`, `"Platform" = ["Data loading", "o/web"]`, `site.toml:30:1: teams: "o/web" of team "Platform" is neither a [github] repo nor an area`},
		{"area in two teams", `"Platform" = ["Data loading", "o/api"]`, "\"Platform\" = [\"Data loading\"]\n\"Web\" = [\"data loading\"]", `teams: "data loading" is in teams "Platform" and "Web"`},
		{"reserved area name", `"Data loading" = [`, `"unassigned" = [`, `areas: "unassigned" cannot name an area`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(issueSite, c.from, c.to, 1)
			if src == issueSite {
				t.Fatal("edit did not apply")
			}
			_, _, err := withSpecs(config.Parse("site.toml", []byte(src), "/site"))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("want %q in:\n%v", c.want, err)
			}
		})
	}
}

// FuzzWithSpecs: any site.toml gives specs or positioned diagnostics from
// the readers of its tables, never a panic.
func FuzzWithSpecs(f *testing.F) {
	f.Add(metricsSite)
	f.Add(issueSite)
	f.Add("[[slo]]\nissues = []\n[[kpi]]\nwarning = 1\n[funnel]\nstages = [\"\"]\n")
	f.Fuzz(func(t *testing.T, src string) {
		cfg, sp, err := withSpecs(config.Parse("site.toml", []byte(src), "/site"))
		if cfg != nil && sp == nil {
			t.Fatalf("a config without specs: %v", err)
		}
	})
}

// A typo'd key is the one message about its table: with direction
// misspelt the KPI reads as "up", and its warning 30 past target 20 would
// have been called "on the good side" too.
func TestATypoedKeyIsTheOnlyMessageAboutItsTable(t *testing.T) {
	cases := []struct{ name, edit, want string }{
		{"kpi direction", "direction = \"down\"", `site.toml:15:1: unknown key "kpi.diretion" (did you mean direction?)`},
		{"slo target", "target = 0.99", `site.toml:9:1: unknown key "slo.trget" (did you mean target?)`},
		{"source file", "file = \"content/metrics/rds.csv\"", `site.toml:4:1: unknown key "metrics.source.fiel" (did you mean file?)`},
	}
	const src = `[[metrics.source]]
name = "rds"
format = "csv"
file = "content/metrics/rds.csv"

[[slo]]
name = "Uptime"
checks = "rds:up"
target = 0.99

[[kpi]]
name = "RDS CPU mean"
series = "rds:value"
aggregate = "mean"
direction = "down"
target = 20
warning = 30
`
	typo := map[string]string{"kpi direction": "diretion = \"down\"", "slo target": "trget = 0.99", "source file": "fiel = \"content/metrics/rds.csv\""}
	if _, _, err := withSpecs(config.Parse("site.toml", []byte(src), "/site")); err != nil {
		t.Fatalf("the site without a typo: %v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := withSpecs(config.Parse("site.toml", []byte(strings.Replace(src, c.edit, typo[c.name], 1)), "/site"))
			if err == nil || err.Error() != c.want {
				t.Errorf("want only\n%s\ngot\n%v", c.want, err)
			}
		})
	}
}
