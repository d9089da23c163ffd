// Package policy applies the error-budget policy (METRICS.md, Error-budget
// policy; Google SRE workbook) to evaluated SLOs: which are exhausted (a
// release freeze is recommended), which releases were published while a
// relevant SLO was exhausted, and which incidents used more than 20% of an
// SLO's rolling budget and so need a postmortem. Pure functions, no I/O.
package policy

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/slo"
)

// SignificantShare is the share of an SLO's rolling budget above which an
// incident is budget-significant.
const SignificantShare = 0.20

// episodeGap joins bad buckets of a metric SLO into one episode when they
// are at most this far apart.
const episodeGap = time.Hour

// Report is the policy at as_of.
type Report struct {
	// Exhausted names the SLOs whose rolling budget is exhausted at as_of.
	Exhausted []string
	// Releases are the published, non-draft, non-pre releases before as_of,
	// newest first, each with the SLOs that were exhausted when it went out.
	Releases []Release
	// Quarters count releases and flagged releases per quarter, oldest first.
	Quarters []Quarter
	// Incidents are the budget-significant incidents, newest first.
	Incidents []Incident
	// WithoutPostmortem counts the Incidents that have no postmortem.
	WithoutPostmortem int
}

// FreezeRecommended reports whether any SLO is exhausted at as_of.
func (r Report) FreezeRecommended() bool { return len(r.Exhausted) > 0 }

// Release is one release and the SLOs exhausted when it was published.
type Release struct {
	Release   model.Release
	Exhausted []string // SLO names, sorted; empty when the budget allowed it
}

// Quarter counts the releases of one quarter.
type Quarter struct {
	Quarter           string // 2024-Q1
	Releases, Flagged int
}

// Incident is a stretch of time that used more than SignificantShare of an
// SLO's rolling budget: a postmortem's [started, resolved), or an episode
// of bad events in the SLO's data that no postmortem covers.
type Incident struct {
	SLO        string
	Start, End time.Time
	// Share is bad events in [Start, End) over the budget of the rolling
	// window ending at End (B times its events).
	Share float64
	// Postmortem is the postmortem covering it; nil when none exists.
	Postmortem *model.Postmortem
}

// applies reports whether an SLO limited to sloRepo ("" for the site)
// governs repo ("" for the site).
func applies(sloRepo, repo string) bool {
	return sloRepo == "" || repo == "" || strings.EqualFold(sloRepo, repo)
}

// Compute applies the policy. slos are evaluated at asOf; releases and
// postmortems are the store's and the site's.
func Compute(slos []slo.Result, releases []model.Release, pms []model.Postmortem, asOf time.Time) Report {
	var r Report
	for _, s := range slos {
		if s.Exhausted {
			r.Exhausted = append(r.Exhausted, s.Name)
		}
	}
	slices.Sort(r.Exhausted)
	r.Releases, r.Quarters = flagReleases(slos, releases, asOf)
	r.Incidents = significant(slos, pms, asOf)
	for _, in := range r.Incidents {
		if in.Postmortem == nil {
			r.WithoutPostmortem++
		}
	}
	return r
}

func flagReleases(slos []slo.Result, releases []model.Release, asOf time.Time) ([]Release, []Quarter) {
	var out []Release
	for _, rel := range releases {
		if rel.Draft || rel.Prerelease || rel.PublishedAt == nil || !rel.PublishedAt.Before(asOf) {
			continue
		}
		fr := Release{Release: rel}
		for _, s := range slos {
			if applies(s.Repo, rel.Repo) && s.ExhaustedAt(*rel.PublishedAt) {
				fr.Exhausted = append(fr.Exhausted, s.Name)
			}
		}
		slices.Sort(fr.Exhausted)
		out = append(out, fr)
	}
	slices.SortFunc(out, func(a, b Release) int {
		if c := b.Release.PublishedAt.Compare(*a.Release.PublishedAt); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Release.Repo, b.Release.Repo); c != 0 {
			return c
		}
		return cmp.Compare(a.Release.ID, b.Release.ID)
	})
	if len(out) == 0 {
		return nil, nil
	}
	first := *out[len(out)-1].Release.PublishedAt
	var qs []Quarter
	idx := map[string]int{}
	for _, p := range period.Range(period.Quarter, first, asOf.Add(-time.Nanosecond)) {
		idx[p.String()] = len(qs)
		qs = append(qs, Quarter{Quarter: p.String()})
	}
	for _, fr := range out {
		q := &qs[idx[period.Of(period.Quarter, *fr.Release.PublishedAt).String()]]
		q.Releases++
		if len(fr.Exhausted) > 0 {
			q.Flagged++
		}
	}
	return out, qs
}

func pmRange(pm model.Postmortem) (time.Time, time.Time, bool) {
	if pm.Started == nil {
		return time.Time{}, time.Time{}, false
	}
	end := pm.Resolved
	if end == nil {
		end = pm.Mitigated
	}
	if end == nil || !end.After(*pm.Started) {
		return time.Time{}, time.Time{}, false
	}
	return *pm.Started, *end, true
}

func significant(slos []slo.Result, pms []model.Postmortem, asOf time.Time) []Incident {
	var out []Incident
	for _, s := range slos {
		covered := map[int]bool{}
		for i, pm := range pms {
			a, b, ok := pmRange(pm)
			if !ok || !applies(s.Repo, pm.Repo) || !a.Before(asOf) {
				continue
			}
			if b.After(asOf) {
				b = asOf
			}
			if sh, ok := s.BudgetShare(a, b); ok && sh > SignificantShare {
				out = append(out, Incident{SLO: s.Name, Start: a, End: b, Share: sh, Postmortem: &pms[i]})
				covered[i] = true
			}
		}
		if s.Issues != nil || s.Events == nil {
			continue // episodes are read from metric data only
		}
		for _, ep := range episodes(s.Events, 1-s.Target) {
			sh, ok := s.BudgetShare(ep.From, ep.To)
			if !ok || sh <= SignificantShare {
				continue
			}
			in := Incident{SLO: s.Name, Start: ep.From, End: ep.To, Share: sh}
			dup := false
			for i, pm := range pms {
				a, b, ok := pmRange(pm)
				if ok && applies(s.Repo, pm.Repo) && a.Before(ep.To) && ep.From.Before(b) {
					if covered[i] {
						dup = true
					} else {
						in.Postmortem = &pms[i]
						covered[i] = true
					}
					break
				}
			}
			if !dup {
				out = append(out, in)
			}
		}
	}
	slices.SortFunc(out, func(a, b Incident) int {
		if c := b.Start.Compare(a.Start); c != 0 {
			return c
		}
		if c := cmp.Compare(a.SLO, b.SLO); c != 0 {
			return c
		}
		if c := a.End.Compare(b.End); c != 0 {
			return c
		}
		return cmp.Compare(pmKey(a.Postmortem), pmKey(b.Postmortem))
	})
	return out
}

// pmKey orders incidents that share SLO and range: by postmortem path.
func pmKey(pm *model.Postmortem) string {
	if pm == nil {
		return ""
	}
	return pm.Path + "\x00" + pm.ID
}

// episodes are the runs of buckets burning budget faster than it accrues
// (error ratio above B: a background of a few errors is no episode),
// joined when at most episodeGap apart; each ends one resolution step
// after its last such bucket.
func episodes(ev *slo.Events, B float64) []slo.Span {
	var out []slo.Span
	step := ev.Resolution
	if step <= 0 {
		step = time.Minute
	}
	for _, b := range ev.Buckets {
		if b.Total <= 0 || b.Bad/b.Total <= B {
			continue
		}
		end := b.T.Add(step)
		if n := len(out); n > 0 && !b.T.After(out[n-1].To.Add(episodeGap)) {
			out[n-1].To = end
			continue
		}
		out = append(out, slo.Span{From: b.T, To: end})
	}
	return out
}
