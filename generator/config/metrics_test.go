package config

import (
	"strings"
	"testing"
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

func TestUnknownMetricKeyIsReported(t *testing.T) {
	src := strings.Replace(metricsSite, `unit = "users"`, "unit = \"users\"\ncolour = \"red\"", 1)
	_, err := Parse("site.toml", []byte(src), "/site")
	if err == nil || !strings.Contains(err.Error(), `unknown key "kpi.colour"`) {
		t.Errorf("got %v", err)
	}
}
