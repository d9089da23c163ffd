package expdoc

import (
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
)

// New is what `vitals new experiment "Title"` writes: the path
// (content/experiments/slug.md, whose name is the experiment's id) and a
// document with every key, each explained, and the sections a reader looks
// for. With a zero start it has none: until it gets one it is planned, and
// its data file need not exist, so the site builds as it is.
func New(title string, start time.Time) (path string, body []byte) {
	title = content.NewTitle(title, "Untitled experiment")
	id := content.TitleSlug(title, "experiment")
	when := `""`
	if !start.IsZero() {
		when = start.UTC().Format("2006-01-02")
		if start.UTC() != start.UTC().Truncate(24*time.Hour) {
			when = `"` + start.UTC().Format("2006-01-02 15:04") + `"`
		}
	}
	r := strings.NewReplacer(
		"{{ID}}", id,
		"{{START}}", when,
		"{{TITLE}}", frontmatter.YAMLString(title),
		"{{HEADING}}", strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(title),
	)
	return Dir + "/" + id + ".md", []byte(r.Replace(skeleton))
}

const skeleton = `---
# The file's name ({{ID}}) is the experiment's id in experiments.csv.
title: {{TITLE}}
# data: the experiment's CSV, relative to the site. Until start is set and
# reached, the experiment is planned and the file need not exist.
data: content/experiments/{{ID}}.csv
# format: units (the default): one row per unit, with the unit id, its variant,
# optionally when it was exposed, and one column per metric (numbers, or
# true/false, yes/no, 1/0 for a yes/no metric).
# Or variants: one row per variant, with columns variant, units, and for each
# metric M either M_sum and M_sumsq, or M_count (the 1s of a yes/no metric).
format: units
# unit and variant: the columns that hold the unit id (user, account) and the
# variant it was assigned.
unit: user_id
variant: variant
# exposure: the column with the time the unit was first exposed (optional).
# Rows outside [start, end) and after the data's as_of are left out; with it the
# page shows the effect as it built up, day by day.
exposure: exposed_at
# control: the variant the others are compared with.
control: control
# weights: each variant's intended share of the units, of any scale. Units per
# variant far from these shares (a sample ratio mismatch, p < 0.001) make the
# experiment invalid: the assignment or the logging is broken. Default: equal.
weights: {control: 0.5, treatment: 0.5}
# primary: the one metric that decides, with the direction you want: up or down.
primary: converted:up
# guardrails: metrics that must not get significantly worse (write the good
# direction); one that does makes the treatment lose.
guardrails: [latency_ms:down]
# metrics: shown to learn from; they decide nothing.
metrics: []
# start and end: the experiment runs over [start, end), UTC (YYYY-MM-DD or
# YYYY-MM-DD HH:MM). Leave end empty while it runs: the page then shows interim
# figures, and stopping on them inflates false positives.
start: {{START}}
end: ""
# alpha: the false-positive rate you accept per comparison. With several
# treatments it is split among them (Bonferroni): 0.05 over two is 0.025 each.
alpha: 0.05
# decision: once decided, shipped, rolled back or iterate. The log flags a
# decision that disagrees with the verdict (shipped without a win).
decision: ""
---

# {{HEADING}}

## Hypothesis

<!-- We believe that <this change> for <these users> will <move the primary
metric this way>, because <evidence>. The log shows this paragraph. -->

## Design

<!-- Who is in it, how they are assigned, how long it runs and why that long
(the minimum detectable effect on the page says what it could detect). -->

## What we learned

<!-- After it ends: the result in plain words, what surprised you, what next. -->
`
