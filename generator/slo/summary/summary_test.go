package summary

import (
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/kpi"
	"github.com/vitals-dev/vitals/generator/period"
	"github.com/vitals-dev/vitals/generator/slo"
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
	md := StepSummaryMarkdown("vitals", slos, kpis)
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

func TestFailingListsWhatMeetsTheThreshold(t *testing.T) {
	slos := []slo.Result{{Name: "a", State: slo.Breach}, {Name: "b", State: slo.Warning}, {Name: "c", State: slo.NoData}}
	kpis := []kpi.Result{{Name: "k", State: slo.Warning}}
	if got := Failing(slos, kpis, slo.Breach); len(got) != 1 || !strings.HasPrefix(got[0], "SLO a: breach") {
		t.Errorf("breach: %q", got)
	}
	if got := Failing(slos, kpis, slo.Warning); len(got) != 3 {
		t.Errorf("warning: %q", got)
	}
	if Worst(slos, kpis) != slo.Breach || Worst(nil, nil) != slo.OK {
		t.Error("Worst")
	}
}
