package kpi

import "github.com/vitals-dev/vitals/generator/base/period"

// AARRR is the pirate-metrics funnel in order: the default [funnel] stages.
var AARRR = []string{"acquisition", "activation", "retention", "referral", "revenue"}

// Stage is one step of the funnel.
type Stage struct {
	Name string
	KPI  string // the KPI declared for the stage; "" when none
	Unit string
	Value
	// Conversion is Value / the previous stage's value; nil for the first
	// stage and where either is missing or the previous is 0.
	Conversion *float64
	// OfFirst is Value / the first stage's value, likewise.
	OfFirst *float64
}

// Funnel is the stages over one period.
type Funnel struct {
	Period period.P
	Stages []Stage
}

// BuildFunnel lines up, for each declared stage, the first KPI result whose
// Stage it is, over the KPIs' current period (the latest among them).
func BuildFunnel(stages []string, results []Result) Funnel {
	var f Funnel
	for _, r := range results {
		if r.Stage != "" && r.Current.Period.Start.After(f.Period.Start) {
			f.Period = r.Current.Period
		}
	}
	for i, name := range stages {
		st := Stage{Name: name}
		for _, r := range results {
			if r.Stage == name {
				st.KPI, st.Unit, st.Value = r.Name, r.Unit, r.Current
				break
			}
		}
		if i > 0 {
			st.Conversion = ratio(st.Value, f.Stages[i-1].Value)
			st.OfFirst = ratio(st.Value, f.Stages[0].Value)
		}
		f.Stages = append(f.Stages, st)
	}
	return f
}

func ratio(a, b Value) *float64 {
	if !a.Has || !b.Has || b.V == 0 {
		return nil
	}
	r := a.V / b.V
	return &r
}
