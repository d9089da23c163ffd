package site

import (
	"fmt"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/compute/policy"
	"github.com/vitals-dev/vitals/generator/compute/slo"
	"github.com/vitals-dev/vitals/generator/render/stepsummary"
)

// policySummary is the step summary's error-budget lines.
func (b *pageBuilder) policySummary() string {
	if b.rep.Policy == nil {
		return ""
	}
	var sb strings.Builder
	if b.rep.Policy.FreezeRecommended() {
		names := make([]string, len(b.rep.Policy.Exhausted))
		for i, n := range b.rep.Policy.Exhausted {
			names[i] = stepsummary.Cell(n)
		}
		fmt.Fprintf(&sb, "\n**Release freeze recommended**: the error budget is exhausted for %s.\n", strings.Join(names, ", "))
	}
	if n := b.rep.Policy.WithoutPostmortem; n > 0 {
		fmt.Fprintf(&sb, "\n%s used more than %d%% of an SLO's error budget and %s no postmortem.\n",
			plural(n, "incident"), int(100*policy.SignificantShare), map[bool]string{true: "has", false: "have"}[n == 1])
	}
	return sb.String()
}

// PolicyView is the SLO page's error-budget policy section.
type PolicyView struct {
	Exhausted         []string // SLO names exhausted at as_of
	Incidents         []IncidentBudgetView
	WithoutPostmortem int
	ReleasesFlagged   int
	Releases          int
	Share             string // the significance threshold, "20%"
}

// IncidentBudgetView is one budget-significant incident.
type IncidentBudgetView struct {
	SLO, Anchor, Start, End, Share string
	Postmortem, PostmortemLink     string // title and page, empty when none
}

// SLOExtra is what an SLO's section shows beyond the metric SLO figures:
// the policy verdict and, for issue SLOs, the breach list.
type SLOExtra struct {
	Exhausted     bool
	ExhaustedNote string // "exhausted for 3.2 days of the last 30d"
	Issue         *IssueSLOView
}

// IssueSLOView is an issue SLO's counts and lists.
type IssueSLOView struct {
	Good, Bad, Pending int
	// Unknown counts the window's issues left out for want of comments
	// in the store; UnknownNote names their repositories.
	Unknown          int
	UnknownNote      string
	Breaches, AtRisk []OutcomeView
	MoreBreaches     int
	Hours            string
	What             string // "first response within 16h of working hours (...)"
}

// OutcomeView is one issue of a breach or at-risk list. Title is GitHub text.
type OutcomeView struct {
	Repo, Title, URL, Created, Deadline, Done, Late string
	Number                                          int
}

const breachListMax = 25

// workingText writes working time in working hours, or in working days of
// dayLen from two days on ("16.0 working days" of 8 hours, not 5.3 days).
func workingText(d, dayLen time.Duration) string {
	if dayLen > 0 && d >= 2*dayLen {
		return fmt.Sprintf("%.1f working days", float64(d)/float64(dayLen))
	}
	return fmt.Sprintf("%.1f working h", d.Hours())
}

func durText(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%.1f days", d.Hours()/24)
	case d >= time.Hour:
		return fmt.Sprintf("%.1f h", d.Hours())
	}
	return fmt.Sprintf("%d min", int(d.Minutes()))
}

// sloExtra builds an SLO's policy and breach-list view.
func (b *pageBuilder) sloExtra(r slo.Result) *SLOExtra {
	x := &SLOExtra{Exhausted: r.Exhausted}
	if d := r.Rolling.Exhausted; d > 0 {
		x.ExhaustedNote = fmt.Sprintf("the budget was exhausted for %s of the last %s", durText(d), slo.FormatWindow(r.Window))
	}
	if r.Issues == nil {
		return x
	}
	d := r.Issues
	v := &IssueSLOView{Good: d.Good, Bad: d.Bad, Pending: d.Pending, What: d.Rule.What(), Unknown: d.Unknown}
	if d.Unknown > 0 {
		v.UnknownNote = "first response unknown, left out; " + noCommentsNote(d.NoComments)
	}
	if !d.Rule.Hours.IsCalendar() {
		v.Hours = d.Rule.Hours.String()
	}
	rule := d.Rule
	ov := func(o slo.Outcome) OutcomeView {
		w := OutcomeView{Repo: o.Repo, Number: o.Number, Title: o.Title, URL: webURL(o.URL),
			Created: o.Created.UTC().Format("2006-01-02 15:04"), Deadline: o.Deadline.UTC().Format("2006-01-02 15:04")}
		if o.Done != nil {
			w.Done = o.Done.UTC().Format("2006-01-02 15:04")
		}
		d := o.Left
		if o.Verdict == slo.Bad {
			d = o.Late
		}
		w.Late = durText(d)
		if !rule.Hours.IsCalendar() {
			w.Late = workingText(d, rule.Hours.DayLength())
		}
		return w
	}
	for i, o := range d.Breaches {
		if i == breachListMax {
			v.MoreBreaches = len(d.Breaches) - breachListMax
			break
		}
		v.Breaches = append(v.Breaches, ov(o))
	}
	for i, o := range d.AtRisk {
		if i == 10 {
			break
		}
		v.AtRisk = append(v.AtRisk, ov(o))
	}
	x.Issue = v
	return x
}

// policyView is the SLO page's policy section; anchors maps SLO names to
// their sections.
func (b *pageBuilder) policyView(anchors map[string]string) *PolicyView {
	if b.rep.Policy == nil {
		return nil
	}
	p := b.rep.Policy
	v := &PolicyView{Exhausted: p.Exhausted, WithoutPostmortem: p.WithoutPostmortem, Share: fmt.Sprintf("%d%%", int(100*policy.SignificantShare))}
	v.Releases = len(p.Releases)
	for _, r := range p.Releases {
		if len(r.Exhausted) > 0 {
			v.ReleasesFlagged++
		}
	}
	for _, in := range p.Incidents {
		iv := IncidentBudgetView{SLO: in.SLO, Anchor: anchors[in.SLO], Start: in.Start.UTC().Format("2006-01-02 15:04"),
			End: in.End.UTC().Format("2006-01-02 15:04"), Share: fmt.Sprintf("%.2f%%", 100*in.Share)}
		if in.Postmortem != nil {
			iv.Postmortem = in.Postmortem.Title
			if iv.Postmortem == "" {
				iv.Postmortem = in.Postmortem.ID
			}
			iv.PostmortemLink = b.postmortemPaths[in.Postmortem.Path]
		}
		v.Incidents = append(v.Incidents, iv)
	}
	return v
}

// policyCards are the dashboard's error-budget cards.
func (b *pageBuilder) policyCards() []Card {
	if b.rep.Policy == nil {
		return nil
	}
	var cs []Card
	if b.rep.Policy.FreezeRecommended() {
		cs = append(cs, Card{Title: "Release freeze recommended", Value: fmtInt(len(b.rep.Policy.Exhausted)), Unit: "SLOs exhausted",
			Link: "slo/index.html#policy", State: "breach", Note: strings.Join(b.rep.Policy.Exhausted, ", ")})
	}
	st := "ok"
	if b.rep.Policy.WithoutPostmortem > 0 {
		st = "warning"
	}
	cs = append(cs, Card{Title: "Budget-significant incidents without a postmortem", Value: fmtInt(b.rep.Policy.WithoutPostmortem),
		Link: "slo/index.html#budget-incidents", State: st,
		Note: fmt.Sprintf("of %d that used over %d%% of an SLO's budget", len(b.rep.Policy.Incidents), int(100*policy.SignificantShare))})
	return cs
}

// releaseExhausted maps a release (repo and id) to the SLOs exhausted when
// it was published.
func (b *pageBuilder) releaseExhausted() map[string][]string {
	if b.rep.Policy == nil {
		return nil
	}
	m := map[string][]string{}
	for _, r := range b.rep.Policy.Releases {
		if len(r.Exhausted) > 0 {
			m[releaseKey(r.Release.Repo, r.Release.ID)] = r.Exhausted
		}
	}
	return m
}

// BudgetReleasesView is the releases page's error-budget section.
type BudgetReleasesView struct {
	Flagged  int
	Total    int
	Quarters []policy.Quarter // newest first
}

func (b *pageBuilder) budgetReleasesView() *BudgetReleasesView {
	if b.rep.Policy == nil || len(b.rep.Policy.Quarters) == 0 {
		return nil
	}
	v := &BudgetReleasesView{}
	for i := len(b.rep.Policy.Quarters) - 1; i >= 0; i-- {
		q := b.rep.Policy.Quarters[i]
		v.Flagged += q.Flagged
		v.Total += q.Releases
		v.Quarters = append(v.Quarters, q)
	}
	return v
}

var policyDefs = DefSection{ID: "error-budget-policy", Title: "Issue-response SLOs and the error-budget policy", Items: []Def{
	{"issue-slo", "Issue-response SLOs", "The events are the issues (with the SLO's labels, in its repository) created in the period. An issue is good when its first response (or, for close_within, its close) came within the target time of its creation, bad when it came later or has not come and the target time has passed, and pending, left out, while the target time has not passed. With business hours, only those hours of the named time zone count, daylight-saving changes included; a response exactly at the target is in time."},
	{"exhausted", "Exhausted budget", "An SLO whose budget remaining over its rolling window is below zero. While any is exhausted the SLO page recommends a release freeze. The compliance tables say how long in each month and quarter the budget was exhausted; an issue counts in the window from the moment its verdict is known (its response, or the passing of its target time)."},
	{"exhausted-release", "Released on an exhausted budget", "A published, non-draft, non-pre release that went out while an SLO of its repository, or of the whole site, was exhausted. A release at the very instant the budget runs out is not flagged: the budget counts events before that instant."},
	{"budget-significant", "Budget-significant incident", "A postmortem whose [started, resolved) range holds bad events of more than 20% of an SLO's budget for the rolling window ending at resolved (the budget is 1 - target times the window's events); or, in an SLO's metric data, a run of buckets burning faster than the budget allows (error ratio above 1 - target, at most an hour apart) that used as much and that no postmortem covers. Each needs a postmortem; the page says whether one exists."},
}}
