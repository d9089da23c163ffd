package model

import (
	"strconv"
	"time"
)

// Launch is a feature-flag rollout, read from a Markdown document under
// content/launches (METRICS.md, Launches): the stages in which a flag
// reached more users, the SLOs and KPIs it must not hurt, and what it links.
// Text fields come from content files: hostile, render only escaped.
type Launch struct {
	ID    string // the file name without .md: launches.csv, links
	Title string
	Flag  string
	// Stages are in time order, each lasting until the next or as_of.
	Stages []Stage
	// Guardrails are the SLOs and KPIs named in front matter, in the
	// order written; DefaultGuardrails is true when the document names
	// none (the key is absent): then every SLO of the site guards it.
	Guardrails        []Guardrail
	DefaultGuardrails bool
	// Canary is the label that marks the flag's cohort in metric sources
	// (variant="canary"); nil when the document names none.
	Canary     *Term
	Releases   []ReleaseRef
	Experiment string // an experiment's id (its file name without .md), or ""
	Path       string // source path relative to the site, slash-separated
}

// Stage is one step of a rollout: from At on, Percent of users (or the
// named Cohort) see the flag. A stage names a percent, a cohort, or both.
type Stage struct {
	At         time.Time
	Percent    float64
	HasPercent bool
	Cohort     string
	Line       int // the file line the stage is written on, for messages
}

// Label names a stage for people: "25%", "staff", or "staff (2%)".
func (s Stage) Label() string {
	p := strconv.FormatFloat(s.Percent, 'f', -1, 64) + "%"
	switch {
	case s.Cohort != "" && s.HasPercent:
		return s.Cohort + " (" + p + ")"
	case s.Cohort != "":
		return s.Cohort
	}
	return p
}

// Guardrail is an SLO or KPI a launch must not hurt, by its site.toml name.
type Guardrail struct {
	Name string
	KPI  bool // a [[kpi]]; else an [[slo]]
}

// ReleaseRef names a GitHub release: repo and tag.
type ReleaseRef struct {
	Repo, Tag string
}
