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
