package expdoc

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/sources/expdata"
)

const yamlDoc = `---
title: "Bigger checkout button"
data: content/experiments/checkout.csv
unit: user_id
variant: arm
exposure: exposed_at
control: control
weights: {control: 1, big: 1, huge: 2}
primary: converted:up
guardrails: [latency_ms:down, refunds:down]
metrics: [revenue]
start: 2024-03-01
end: 2024-03-15 12:00
alpha: 0.1
decision: Rolled-Back
---

# Bigger checkout button

Some intro.

## Our hypothesis

A *bigger* button on [checkout](https://x.test/) will
lift conversion.

## What we learned

Nothing yet.
`

func TestParseReadsEveryKey(t *testing.T) {
	d, ds := Parse("content/experiments/checkout.md", []byte(yamlDoc), "Bigger checkout button")
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	got := fmt.Sprintf("%s|%s|%s|%s|%s %s %s|%s|%v %v|%+v|%+v|%+v|%s|%s|%v|%s",
		d.ID, d.DataPath, d.Format, d.Title, d.Unit, d.Variant, d.Exposure, d.Control, d.Weights, d.WeightOrder,
		d.Primary, d.Guardrails, d.Metrics, d.Start.Format(time.RFC3339), d.End.Format(time.RFC3339), d.Alpha, d.Decision)
	want := "checkout|content/experiments/checkout.csv|units|Bigger checkout button|user_id arm exposed_at|control|" +
		"map[big:1 control:1 huge:2] [big control huge]|{Name:converted Down:false}|" +
		"[{Name:latency_ms Down:true} {Name:refunds Down:true}]|[{Name:revenue Down:false}]|" +
		"2024-03-01T00:00:00Z|2024-03-15T12:00:00Z|0.1|rolled back"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if d.Hypothesis != "A bigger button on checkout will lift conversion." {
		t.Errorf("hypothesis %q", d.Hypothesis)
	}
	asOf := time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)
	if d.Planned(asOf) || !d.Running(asOf) || d.Running(d.End) || !d.Planned(d.Start) {
		t.Error("planned and running around start, as_of and end")
	}
}

func TestParseTOMLWithDefaults(t *testing.T) {
	src := `+++
data = "x.csv"
format = "variants"
weights = {control = 0.5, new = 0.5}
primary = "m1"
start = 2024-01-02
+++
The first paragraph, with no hypothesis heading.

More.
`
	d, ds := Parse("content/experiments/x.md", []byte(src), "X")
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if d.Format != FormatVariants || d.Control != "control" || d.Unit != "unit" || d.Variant != "variant" || d.Alpha != 0.05 ||
		!d.End.IsZero() || d.Start != time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC) || d.Hypothesis != "The first paragraph, with no hypothesis heading." {
		t.Errorf("%+v", d)
	}
}

func TestParseErrorsAtTheirKeys(t *testing.T) {
	src := `---
data: x.csv
format: rows
weights: {control: 1, b: 0}
primary: ""
guardrails: [conv, conv:down]
guardrail: [latency]
owner_team: growth
start: 2024-03-10
end: 2024-03-01
alpha: 5
decision: merged
---
`
	_, ds := Parse("content/experiments/bad.md", []byte(src), "Bad")
	var got []string
	for _, d := range ds {
		sev := "error"
		if d.Severity == diag.Warning {
			sev = "warning"
		}
		got = append(got, fmt.Sprintf("%d %s %s", d.Line, sev, d.Msg))
	}
	for _, w := range []string{
		`3 error format: "rows" is neither units`,
		`4 error weights: the share of "b" must be a positive number (got the number 0)`,
		`5 error primary: name the metric that decides`,
		`6 error guardrails.1: metric "conv" is also in guardrails.0`,
		`7 error unknown key "guardrail": did you mean "guardrails"?`,
		`8 warning key "owner_team" is not read by vitals`,
		`10 error end 2024-03-01T00:00:00Z is not after start 2024-03-10T00:00:00Z`,
		`11 error alpha: want a significance level between 0 and 0.5`,
		`12 error decision: "merged" is not one of shipped, rolled back, iterate`,
	} {
		if !strings.Contains(strings.Join(got, "\n"), w) {
			t.Errorf("no %q in\n%s", w, strings.Join(got, "\n"))
		}
	}
}

func TestNewExperimentParsesAsPlanned(t *testing.T) {
	rel, body := New(`Checkout: "one page" <b>`, time.Time{})
	if rel != "content/experiments/checkout-one-page-b.md" {
		t.Errorf("path %s", rel)
	}
	d, ds := Parse(rel, body, "x")
	if len(ds) > 0 || d == nil {
		t.Fatalf("the new document has problems: %v", ds)
	}
	if !d.Planned(time.Now()) || d.Title != "x" || d.Primary.Name != "converted" || len(d.Guardrails) != 1 || d.Weights["treatment"] != 0.5 {
		t.Errorf("%+v", d)
	}
	if d.Hypothesis != "" {
		t.Errorf("hypothesis %q: the comment is no hypothesis", d.Hypothesis)
	}
	_, body = New("X", time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC))
	if d, ds := Parse(rel, body, "x"); len(ds) > 0 || !d.Start.Equal(time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("start %v, %v", d.Start, ds)
	}
}

func TestReadPlacesMissingColumnsAtTheirKeys(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content/experiments"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/experiments/checkout.csv"), []byte("user_id,arm,exposed_at,converted,latency\nu1,control,2024-03-02,1,3\n"), 0o644)
	d, _ := Parse("content/experiments/checkout.md", []byte(yamlDoc), "x")
	_, ds := d.Read(dir, time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), func(*expdata.Unit) {})
	var got []string
	for _, x := range ds {
		got = append(got, fmt.Sprintf("%s:%d: %s", x.Path, x.Line, x.Msg))
	}
	want := []string{
		`content/experiments/checkout.md:10: guardrails.0: no column "latency_ms" in the header ("user_id", "arm", "exposed_at", "converted", "latency"); did you mean "latency"?`,
		`content/experiments/checkout.md:10: guardrails.1: no column "refunds"`,
		`content/experiments/checkout.md:11: metrics.0: no column "revenue"`,
	}
	for _, w := range want {
		if !strings.Contains(strings.Join(got, "\n"), w) {
			t.Errorf("no %q in\n%s", w, strings.Join(got, "\n"))
		}
	}
}

func TestReadNamesTheControlAndTheFile(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "e"), 0o755)
	os.WriteFile(filepath.Join(dir, "e/x.csv"), []byte("unit,variant,m\na,A,1\nb,B,2\n"), 0o644)
	d, _ := Parse("content/experiments/x.md", []byte("---\ndata: e/x.csv\nprimary: m\nstart: 2024-01-01\n---\n"), "x")
	_, ds := d.Read(dir, time.Time{}, func(*expdata.Unit) {})
	// No control key: the message is at the top of the document.
	if !strings.Contains(ds.Error(), `x.md:1:1: control: "control" is not a variant of e/x.csv (it has "A", "B")`) {
		t.Errorf("%v", ds)
	}
	d2, _ := Parse("content/experiments/x.md", []byte("---\ndata: e/none.csv\nprimary: m\nstart: 2024-01-01\n---\n"), "x")
	if _, ds := d2.Read(dir, time.Time{}, nil); !strings.Contains(ds.Error(), "x.md:2:7: data e/none.csv: no such file") {
		t.Errorf("%v", ds)
	}
}

func TestHypothesis(t *testing.T) {
	for body, want := range map[string]string{
		"# T\n\n## Hypothesis\n<!-- fill -->\n\n- We **believe** `x`\n  will win.\n\n## Next": "We believe x will win.",
		"<!-- c -->\n\n> Quoted first paragraph.\n":                                           "Quoted first paragraph.",
		"# Only a heading\n": "",
		"## HYPOTHESES\n\n![img](a.png) Two [links](u) here.\n": "Two links here.",
	} {
		if got := hypothesis(body); got != want {
			t.Errorf("hypothesis(%q) = %q, want %q", body, got, want)
		}
	}
}

func TestHypothesisKeepsUnderscores(t *testing.T) {
	if got := hypothesis("A checklist lifts the **set_up** rate.\n"); got != "A checklist lifts the set_up rate." {
		t.Errorf("hypothesis = %q", got)
	}
}
