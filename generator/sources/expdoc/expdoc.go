// Package expdoc reads an experiment's document, content/experiments/*.md:
// its front matter declares the design and names the data (docs/metrics.md,
// "Experiments"), its body says the hypothesis and what was learned. Every
// problem is reported at the front-matter key it concerns, including those
// found in the data's header (a metric the file has no column for is an
// error at the line that names the metric).
package expdoc

import (
	"fmt"
	"math"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
)

// Dir is where experiments live, relative to the site.
const Dir = "content/experiments"

// Keys are the front-matter keys of an experiment, in the order docs/metrics.md
// lists them.
var Keys = []string{"data", "format", "unit", "variant", "exposure", "control", "weights",
	"primary", "guardrails", "metrics", "start", "end", "alpha", "decision"}

// otherKeys are read by other parts of vitals or kept for people; any other
// key is a warning, and one a letter or two from an experiment key an error
// (a misspelt "guardrails" would decide the verdict without them).
var otherKeys = []string{"title", "description", "tags", "owner", "owners", "draft"}

// Formats of the data file.
const (
	FormatUnits    = "units"
	FormatVariants = "variants"
)

// Decisions, as written after normalising case and separators.
var Decisions = []string{"shipped", "rolled back", "iterate"}

// Metric is a metric as the design names it.
type Metric struct {
	Name string
	Down bool // "name:down": lower is better
}

// Doc is one experiment's document.
type Doc struct {
	ID    string // the file name without .md (experiments.csv)
	Path  string // slash path relative to the site
	Title string
	// Data is the data file as written; DataPath is it relative to the
	// site, slash-separated.
	Data, DataPath          string
	Format                  string
	Unit, Variant, Exposure string
	Control                 string
	// Weights by variant; WeightOrder are their variants in natural order.
	Weights     map[string]float64
	WeightOrder []string
	Primary     Metric
	Guardrails  []Metric
	Metrics     []Metric
	// Start is zero for an experiment not started (planned); End is zero
	// while it has no end yet (running).
	Start    time.Time
	End      time.Time
	Alpha    float64
	Decision string // "" (none yet) or one of Decisions
	// Hypothesis is the first paragraph under a heading that names the
	// hypothesis, else the body's first paragraph, as plain text.
	Hypothesis string

	fm *frontmatter.FrontMatter
}

// At is where key's value is written (line and column in the document).
func (d *Doc) At(key string) (int, int) {
	if d.fm == nil {
		return 0, 0
	}
	p := d.fm.ValuePos(key)
	return p.Line, p.Col
}

// Errorf is an error at key's value.
func (d *Doc) Errorf(key, format string, args ...any) diag.Diag {
	l, c := d.At(key)
	return diag.Diag{Path: d.Path, Line: l, Col: c, Msg: fmt.Sprintf(format, args...)}
}

// IsExperiment reports whether a content path is an experiment: a .md file
// directly in content/experiments, other than a folder description
// (README.md, index.md, _index.md) or a template (_template.md).
func IsExperiment(rel string) bool {
	if path.Dir(rel) != Dir || !strings.EqualFold(path.Ext(rel), ".md") {
		return false
	}
	return !content.IsIndex(rel) && !content.IsTemplate(rel)
}

// Parse reads an experiment document. rel is its slash path relative to
// the site; title is the page's title (content.Page.Title). Front-matter
// syntax errors are content's to report: a document that has them gives
// no Doc and no diagnostics here.
func Parse(rel string, src []byte, title string) (*Doc, diag.List) {
	fm, body, fds := frontmatter.Parse(rel, src)
	if len(fds) > 0 {
		return nil, nil
	}
	d := &Doc{ID: strings.TrimSuffix(path.Base(rel), path.Ext(rel)), Path: rel, Title: title, fm: fm}
	dec := &decoder{doc: d, p: fm.Params, Decoder: frontmatter.NewDecoder(rel, fm)}
	dec.read()
	d.Hypothesis = hypothesis(string(body))
	return d, dec.Diags
}

type decoder struct {
	*frontmatter.Decoder
	doc *Doc
	p   map[string]any
}

func (x *decoder) errf(key, format string, args ...any) { x.Errf(key, format, args...) }

func (x *decoder) read() {
	d := x.doc
	x.unknownKeys()
	d.Data = x.text("data")
	switch {
	case d.Data == "":
		x.errf("data", "data: name the experiment's CSV, relative to the site (data: content/experiments/%s.csv)", d.ID)
	case filepath.IsAbs(d.Data) || path.IsAbs(filepath.ToSlash(d.Data)):
		d.DataPath = filepath.ToSlash(d.Data)
	default:
		d.DataPath = path.Clean(filepath.ToSlash(d.Data))
	}
	d.Format = strings.ToLower(x.text("format"))
	switch d.Format {
	case "":
		d.Format = FormatUnits
	case FormatUnits, FormatVariants:
	default:
		x.errf("format", "format: %q is neither units (one row per unit, the default) nor variants (one row per variant: units, M_sum and M_sumsq or M_count)", d.Format)
	}
	d.Unit = x.textOr("unit", "unit")
	d.Variant = x.textOr("variant", "variant")
	d.Exposure = x.text("exposure")
	if d.Format == FormatVariants && d.Exposure != "" {
		x.errf("exposure", "exposure: a per-variant summary has no exposure times; remove the key or use format: units")
	}
	d.Control = x.textOr("control", "control")
	x.weights()
	x.metrics()
	if t, ok := x.time("start"); ok && t != nil {
		d.Start = *t
	}
	if t, ok := x.time("end"); ok && t != nil {
		d.End = *t
		if !d.Start.IsZero() && !d.End.After(d.Start) {
			x.errf("end", "end %s is not after start %s; the window is [start, end)", d.End.Format(time.RFC3339), d.Start.Format(time.RFC3339))
		}
	}
	d.Alpha = 0.05
	if v, ok := x.p["alpha"]; ok && v != nil {
		a, ok := number(v)
		if !ok || !(a > 0 && a <= 0.5) {
			x.errf("alpha", "alpha: want a significance level between 0 and 0.5, such as 0.05 (got %s)", describe(v))
		} else {
			d.Alpha = a
		}
	}
	dec := normDecision(x.text("decision"))
	switch {
	case dec == "":
	case slicesContains(Decisions, dec):
		d.Decision = dec
	default:
		x.errf("decision", "decision: %q is not one of shipped, rolled back, iterate (leave it empty while undecided)", clip(dec))
	}
}

func slicesContains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

var sepRE = regexp.MustCompile(`[\s_-]+`)

// normDecision lowercases and turns "rolled_back", "Rolled-Back" into
// "rolled back".
func normDecision(s string) string {
	return sepRE.ReplaceAllString(strings.ToLower(strings.TrimSpace(s)), " ")
}

func (x *decoder) unknownKeys() {
	keys := make([]string, 0, len(x.p))
	for k := range x.p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if slicesContains(Keys, k) || slicesContains(otherKeys, k) {
			continue
		}
		best, bestD := "", 3
		for _, known := range Keys {
			if d := diag.Distance(strings.ToLower(k), known); d < bestD {
				best, bestD = known, d
			}
		}
		if best != "" {
			p := x.FM.KeyPos(k)
			x.Diags = append(x.Diags, diag.Diag{Path: x.doc.Path, Line: p.Line, Col: p.Col,
				Msg: fmt.Sprintf("unknown key %q: did you mean %q? (experiment keys: %s)", clip(k), best, strings.Join(Keys, ", "))})
			continue
		}
		x.WarnKey(k, "key %q is not read by vitals (experiment keys: %s)", clip(k), strings.Join(Keys, ", "))
	}
}

// text reads a text value, trimmed ("" when absent); a YAML number is
// taken as written (control: 1 is "1").
func (x *decoder) text(key string) string { return x.Str(key) }

func (x *decoder) textOr(key, def string) string {
	if s := x.text(key); s != "" {
		return s
	}
	return def
}

func (x *decoder) time(key string) (*time.Time, bool) { return x.Time(key, x.p[key]) }

// weights reads {variant = share, ...}: positive numbers of any scale.
func (x *decoder) weights() {
	v, ok := x.p["weights"]
	if !ok || v == nil {
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		x.errf("weights", "weights: want a table of variant = share, such as {control = 0.5, new = 0.5}, got %s", describe(v))
		return
	}
	d := x.doc
	d.Weights = map[string]float64{}
	for k, w := range m {
		f, ok := number(w)
		if !ok || !(f > 0) || math.IsInf(f, 0) {
			x.errf("weights."+k, "weights: the share of %q must be a positive number (got %s)", clip(k), describe(w))
			continue
		}
		d.Weights[k] = f
		d.WeightOrder = append(d.WeightOrder, k)
	}
	sort.Strings(d.WeightOrder)
	switch {
	case len(d.Weights) == 1:
		x.errf("weights", "weights: one variant alone cannot be compared; list the control and every treatment")
	case len(d.Weights) > 1 && d.Weights[d.Control] == 0:
		x.errf("weights", "weights: the control %q has no share (weights list %s)", clip(d.Control), strings.Join(d.WeightOrder, ", "))
	}
}

func number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int64:
		return float64(v), true
	case int:
		return float64(v), true
	case uint64:
		return float64(v), true
	}
	return 0, false
}

// metrics reads primary, guardrails and metrics: "name", "name:up" or
// "name:down".
func (x *decoder) metrics() {
	d := x.doc
	seen := map[string]string{}
	one := func(key, s string) (Metric, bool) {
		m := Metric{Name: strings.TrimSpace(s)}
		if i := strings.LastIndexByte(m.Name, ':'); i >= 0 {
			switch dir := strings.ToLower(strings.TrimSpace(m.Name[i+1:])); dir {
			case "up", "down":
				m.Name, m.Down = strings.TrimSpace(m.Name[:i]), dir == "down"
			}
		}
		if m.Name == "" {
			x.errf(key, "%s: a metric needs a name (a column of the data)", key)
			return m, false
		}
		if prev, dup := seen[m.Name]; dup {
			x.errf(key, "%s: metric %q is also in %s; a metric has one role", key, clip(m.Name), prev)
			return m, false
		}
		seen[m.Name] = key
		return m, true
	}
	if p := x.text("primary"); p == "" {
		x.errf("primary", "primary: name the metric that decides the experiment, with the direction you want (primary: conversion:up)")
	} else if m, ok := one("primary", p); ok {
		d.Primary = m
	}
	for _, key := range []string{"guardrails", "metrics"} {
		v, ok := x.p[key]
		if !ok || v == nil {
			continue
		}
		var items []any
		switch v := v.(type) {
		case []any:
			items = v
		case string:
			items = []any{v}
		default:
			x.errf(key, "%s: want a list of metrics, such as [latency_ms:down, errors:down], got %s", key, describe(v))
			continue
		}
		for i, it := range items {
			s, ok := it.(string)
			if !ok {
				x.errf(key+"."+strconv.Itoa(i), "%s: want a metric name, got %s", key, describe(it))
				continue
			}
			if m, ok := one(key+"."+strconv.Itoa(i), s); ok {
				if key == "guardrails" {
					d.Guardrails = append(d.Guardrails, m)
				} else {
					d.Metrics = append(d.Metrics, m)
				}
			}
		}
	}
}

// Planned reports whether the experiment has not started by asOf (no
// start, or start at or after asOf): it has no figures, and its data file
// need not exist yet.
func (d *Doc) Planned(asOf time.Time) bool {
	return d.Start.IsZero() || !d.Start.Before(asOf)
}

// Running reports whether the experiment runs past asOf: no end, or an end
// after it (docs/metrics.md: interim figures).
func (d *Doc) Running(asOf time.Time) bool {
	return d.End.IsZero() || d.End.After(asOf)
}

// MetricNames are every metric of the design: primary, guardrails, others.
func (d *Doc) MetricNames() []string {
	out := []string{d.Primary.Name}
	for _, m := range d.Guardrails {
		out = append(out, m.Name)
	}
	for _, m := range d.Metrics {
		out = append(out, m.Name)
	}
	return out
}

// metricKey is the front-matter key path that names metric i of
// MetricNames, for messages.
func (d *Doc) metricKey(i int) string {
	switch {
	case i == 0:
		return "primary"
	case i <= len(d.Guardrails):
		return "guardrails." + strconv.Itoa(i-1)
	}
	return "metrics." + strconv.Itoa(i-1-len(d.Guardrails))
}

func describe(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(clip(v))
	case nil:
		return "nothing"
	}
	return frontmatter.Describe(v)
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
