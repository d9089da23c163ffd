package config

import (
	"strings"
	"testing"
)

func TestUnknownMetricKeyIsReported(t *testing.T) {
	src := "[[kpi]]\nname = \"Signups\"\nseries = \"api:signups\"\nunit = \"users\"\ncolour = \"red\"\n"
	_, err := Parse("site.toml", []byte(src), "/site")
	if err == nil || !strings.Contains(err.Error(), `site.toml:5:1: unknown key "kpi.colour"`) {
		t.Errorf("got %v", err)
	}
}

func TestMetricTablesAreDecodedNotRead(t *testing.T) {
	// What a value means is for metricsrc, slo and kpi to say (FromConfig):
	// config takes a bad window or an unknown format as written.
	src := "[[metrics.source]]\nname = \"api\"\nformat = \"influx\"\n[[slo]]\nname = \"A\"\nwindow = \"monthly\"\nissues = [\"bug\"]\n[funnel]\n"
	c, err := Parse("site.toml", []byte(src), "/site")
	if err != nil {
		t.Fatal(err)
	}
	if c.Metrics.Sources[0].Format != "influx" || c.SLOs[0].Window != "monthly" || !c.HasIssueSLOs() || c.Funnel == nil || len(c.Funnel.Stages) != 0 {
		t.Errorf("tables %+v", c)
	}
}

func TestSelectorNamesTheKey(t *testing.T) {
	m := Metrics{Sources: []MetricSource{{Name: "api"}}}
	if x, err := m.Selector("bad", "api:code=5xx"); err != nil || x.String() != "api:code=5xx" {
		t.Errorf("%v %v", x, err)
	}
	for text, want := range map[string]string{
		"web":  `bad "web": no [[metrics.source]] is named "web"`,
		":x":   `bad: selector ":x" has no source name before ':'`,
		"api:": `bad: selector "api:" has an empty term`,
	} {
		if _, err := m.Selector("bad", text); err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %s", text, err, want)
		}
	}
}
