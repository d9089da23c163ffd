package stepsummary

import (
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/kpi"
	"github.com/vitals-dev/vitals/generator/compute/slo"
)

func TestCellEscapesHostileText(t *testing.T) {
	cases := map[string]string{
		"a|b":                          `a\|b`,
		"line1\nline2\r\n":             "line1 line2  ",
		"<img src=x onerror=alert(1)>": `&lt;img src=x onerror=alert\(1\)&gt;`,
		"[click](javascript:x)":        `\[click\]\(javascript:x\)`,
		"a\\|b":                        `a\\\|b`,
		"**bold** `code`":              "\\*\\*bold\\*\\* \\`code\\`",
	}
	for in, want := range cases {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Cell(strings.Repeat("x", 500)); len([]rune(got)) != 121 {
		t.Errorf("long cell not cut: %d runes", len([]rune(got)))
	}
}

func TestStepSummaryTablesStayOneRowPerItem(t *testing.T) {
	asOf := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	target := 100.0
	prev := -12.5
	slos := []slo.Result{
		{Name: "API | availability\n| injected | row |", Target: 0.999, Window: 30 * 24 * time.Hour, State: slo.Breach, Alerting: "page",
			Reason: "SLI below", Rolling: slo.Compliance{HasData: true, SLI: 0.998, BudgetRemaining: -1}},
		{Name: "Quiet", Target: 0.99, Window: 7 * 24 * time.Hour, State: slo.NoData},
	}
	kpis := []kpi.Result{{Name: "Signups", Unit: "users", Target: &target, State: slo.Warning,
		Current: kpi.Value{Period: period.Of(period.Month, asOf).Prev(), V: 90, Has: true}, ChangePrevPct: &prev}}
	md := SLOsAndKPIs("vitals", slos, kpis)
	if !strings.HasPrefix(md, "## vitals: breach\n") {
		t.Errorf("heading: %q", md)
	}
	rows := 0
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| ") && !strings.HasPrefix(l, "| SLO") && !strings.HasPrefix(l, "| KPI") {
			rows++
			// An unescaped | splits cells: count cells by unescaped pipes.
			if n := strings.Count(strings.ReplaceAll(l, `\|`, ""), "|"); n != 9 && n != 8 {
				t.Errorf("row has %d cell borders: %s", n, l)
			}
		}
	}
	if rows != 3 {
		t.Errorf("want 3 data rows, got %d:\n%s", rows, md)
	}
	for _, want := range []string{"| **breach** | 99.800% | 99.900% | 30d | -100.0% | page |", "| Quiet | no-data | n/a |", "| Signups | **warning** | 2024-03 | 90 users | -12.5% | n/a | 100 users |"} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q in:\n%s", want, md)
		}
	}
}

func TestWorstIsTheWorstStateOrOK(t *testing.T) {
	slos := []slo.Result{{Name: "a", State: slo.Warning}, {Name: "c", State: slo.NoData}}
	kpis := []kpi.Result{{Name: "k", State: slo.Breach}}
	if got := Worst(slos, kpis); got != slo.Breach {
		t.Errorf("Worst = %s, want breach (a KPI's)", got)
	}
	if got := Worst(slos, nil); got != slo.Warning {
		t.Errorf("Worst(SLOs) = %s, want warning", got)
	}
	if got := Worst(nil, nil); got != slo.OK {
		t.Errorf("Worst of none = %s, want ok", got)
	}
}

func TestFiguresEscapeEveryCell(t *testing.T) {
	if got := Figures(nil); got != "" {
		t.Errorf("no figures: %q, want nothing", got)
	}
	got := Figures([]Figure{{"Open | bugs", "12", "+3 vs <b>last</b> year"}})
	want := "\n| Figure | Now | Change |\n|---|---|---|\n| Open \\| bugs | 12 | +3 vs &lt;b&gt;last&lt;/b&gt; year |\n"
	if got != want {
		t.Errorf("Figures:\n%q\nwant\n%q", got, want)
	}
}
