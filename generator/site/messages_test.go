package site

import (
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/config"
)

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
