package metricsrc

import (
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/config"
)

func TestFromConfigResolvesFilesAndSharesAndPlacesProblems(t *testing.T) {
	c, err := config.Parse("site.toml", []byte(`[metrics]
max_bad_share = 0.3
[[metrics.source]]
name = "api"
file = "m/api.json"
format = "datadog"
[[metrics.source]]
name = "abs"
file = "/data/x.csv"
max_bad_share = 0.05
[[metrics.source]]
name = "api"
format = "influx"
[[metrics.source]]
name = "a b"
file = "x"
`), "/site")
	if err != nil {
		t.Fatal(err)
	}
	opts, ds := FromConfig(c)
	if o := opts[0]; o.Path != "/site/m/api.json" || o.Format != Datadog || o.MaxBadShare != 0.3 {
		t.Errorf("first %+v", o)
	}
	if o := opts[1]; o.Path != "/data/x.csv" || o.Format != Auto || o.MaxBadShare != 0.05 {
		t.Errorf("second %+v", o)
	}
	got := ds.Error()
	for _, want := range []string{
		`site.toml:12:1: metrics source name "api" is used twice`,
		`site.toml:11:1: metrics source "api" has no file`, // no key: the table's header
		`site.toml:13:1: unknown format "influx"`,
		`site.toml:15:1: metrics source name "a b" may hold only letters`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}
