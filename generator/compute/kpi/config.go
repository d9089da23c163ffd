package kpi

import (
	"slices"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/config"
)

// FromConfig reads the [funnel] and every [[kpi]] table of site.toml: the
// funnel's stages (AARRR's five when [funnel] has none, or when there is
// no [funnel] and a KPI names a stage; nil when no KPI has one) and one
// Spec per [[kpi]] in order, with every problem at its key. A table with
// problems gives a partial Spec: the build stops on the problems.
func FromConfig(c *config.Config) (specs []Spec, stages []string, ds diag.List) {
	stages, ds = stagesFrom(c.Funnel)
	which := "[funnel] stages"
	if c.Funnel == nil {
		which = "AARRR stages (the funnel without a [funnel] table)"
		for _, t := range c.KPIs {
			if t.Stage != "" {
				stages = AARRR
			}
		}
	}
	names := map[string]bool{}
	stageOf := map[string]string{} // stage -> the first KPI of it
	for _, t := range c.KPIs {
		if (t.Name == "" || names[strings.ToLower(t.Name)]) && !t.Place.HasUnknownKey() {
			ds = append(ds, t.Place.Error("name", "every [[kpi]] needs a name of its own (got %q)", t.Name))
		}
		names[strings.ToLower(t.Name)] = true
		s, d := specFrom(t, c.Metrics)
		specs = append(specs, s)
		if t.Place.HasUnknownKey() {
			continue // the unknown key is the message (config.Place)
		}
		ds = append(ds, d...)
		if t.Stage == "" {
			continue
		}
		switch other, dup := stageOf[t.Stage]; {
		case !slices.Contains(stages, t.Stage):
			ds = append(ds, t.Place.Error("stage", "kpi %q: stage %q is not one of the %s %q", t.Name, t.Stage, which, stages))
		case dup:
			ds = append(ds, t.Place.Warning("stage", "kpi %q: stage %q already has kpi %q, which the funnel shows", t.Name, t.Stage, other))
		default:
			stageOf[t.Stage] = t.Name
		}
	}
	return specs, stages, ds
}

// stagesFrom reads [funnel] stages.
func stagesFrom(f *config.Funnel) ([]string, diag.List) {
	if f == nil {
		return nil, nil
	}
	if len(f.Stages) == 0 {
		return AARRR, nil
	}
	if f.Place.HasUnknownKey() {
		return f.Stages, nil // the unknown key is the message
	}
	var ds diag.List
	seen := map[string]bool{}
	for _, st := range f.Stages {
		if st == "" || seen[st] {
			ds = append(ds, f.Place.Error("stages", "funnel stages must be distinct and not empty (got %q)", st))
		}
		seen[st] = true
	}
	return f.Stages, ds
}

// specFrom reads one [[kpi]] but its stage, which FromConfig checks
// against the funnel and the other KPIs.
func specFrom(t config.KPI, m config.Metrics) (Spec, diag.List) {
	var ds diag.List
	at := t.Place
	s := Spec{Name: t.Name, Unit: t.Unit, Down: t.Direction == "down", Target: t.Target, Warning: t.Warning, Stage: t.Stage, Period: period.Month, Place: at}
	if t.Series == "" {
		ds = append(ds, at.Error("series", "kpi %q has no series", t.Name))
	} else {
		var err error
		if s.Series, err = m.Selector("series", t.Series); err != nil {
			ds = append(ds, at.Error("series", "%v", err))
		}
	}
	if t.Direction != "" && t.Direction != "up" && t.Direction != "down" {
		ds = append(ds, at.Error("direction", "kpi %q: direction %q must be \"up\" (higher is better) or \"down\"", t.Name, t.Direction))
	}
	if t.Period != "" {
		p, err := period.ParseKind(t.Period)
		if err != nil || p == period.Year {
			ds = append(ds, at.Error("period", "kpi %q: period %q must be day, week, month or quarter", t.Name, t.Period))
		}
		s.Period = p
	}
	var err error
	if s.Aggregate, err = ParseAggregate(t.Aggregate); err != nil {
		ds = append(ds, at.Error("aggregate", "kpi %q: %v", t.Name, err))
	}
	if w := t.Warning; w != nil && t.Target == nil {
		ds = append(ds, at.Error("warning", "kpi %q: warning needs a target", t.Name))
	} else if w != nil && (s.Down && *w < *t.Target || !s.Down && *w > *t.Target) {
		ds = append(ds, at.Error("warning", "kpi %q: warning %v is on the good side of target %v for direction %q", t.Name, *w, *t.Target, orUp(t.Direction)))
	}
	return s, ds
}

func orUp(d string) string {
	if d == "" {
		return "up"
	}
	return d
}
