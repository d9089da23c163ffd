package slo

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/bizhours"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
)

// IssueRule makes an SLO count issues (METRICS.md, Issue-response SLOs):
// the events are the matching issues created in a period; an issue is good
// when its first response (or, with Close, its close) came within Within
// of created_at, bad when it came later or has not come and Within has
// passed at as_of, and pending, left out, while Within has not passed.
type IssueRule struct {
	Labels []string // any of, case-insensitive; empty: every issue
	Repo   string   // "" for every repo
	Within time.Duration
	Close  bool              // time to close rather than to first response
	Hours  bizhours.Schedule // Within counts only these hours; bizhours.Calendar for all
}

// What names the target in words: "first response within 16h of Mon-Fri
// 09:00-17:00 Europe/Berlin".
func (r IssueRule) What() string {
	s := "first response within " + FormatWindow(r.Within)
	if r.Close {
		s = "closed within " + FormatWindow(r.Within)
	}
	if !r.Hours.IsCalendar() {
		s += " of working hours (" + r.Hours.String() + ")"
	}
	return s
}

// Verdict is an issue's standing against an IssueRule.
type Verdict int

const (
	Pending Verdict = iota
	Good
	Bad
	// Unknown: a first-response rule on an issue whose repository's
	// comments are not in the store. It is no event: neither good, bad nor
	// pending.
	Unknown
)

func (v Verdict) String() string { return [...]string{"pending", "good", "bad", "unknown"}[v] }

// Outcome is one issue judged at as_of.
type Outcome struct {
	Repo       string
	Number     int
	Title, URL string
	Created    time.Time
	// Deadline is the last instant at which a response (or close) is within target.
	Deadline time.Time
	Done     *time.Time // the response or close, nil when none before as_of
	Verdict  Verdict
	// Late is, for a bad issue, the working time from Deadline to Done (or to
	// as_of when none came); Left is, for a pending one, the working time
	// from as_of to Deadline.
	Late, Left time.Duration
}

// Matches reports whether the rule counts issue f.
func (r IssueRule) Matches(f issuestats.IssueFact) bool {
	if r.Repo != "" && !strings.EqualFold(r.Repo, f.Repo) {
		return false
	}
	return len(r.Labels) == 0 || model.HasLabel(f.Labels, r.Labels)
}

// Judge decides an issue at asOf. A response exactly at the deadline is
// good; with no response, the issue turns bad only once working time past
// Within has elapsed before as_of.
func (r IssueRule) Judge(f issuestats.IssueFact, asOf time.Time) Outcome {
	o := Outcome{Repo: f.Repo, Number: f.Number, Title: f.Title, URL: f.URL, Created: f.Created,
		Deadline: r.Hours.Deadline(f.Created, r.Within)}
	done := f.FirstResponse
	if r.Close {
		done = f.Closed
	} else if f.NoComments {
		o.Verdict = Unknown
		return o
	}
	if done != nil && !done.Before(asOf) {
		done = nil
	}
	o.Done = done
	switch {
	case done != nil && !done.After(o.Deadline):
		o.Verdict = Good
	case done != nil:
		o.Verdict, o.Late = Bad, r.Hours.Between(o.Deadline, *done)
	case o.Deadline.Before(asOf):
		o.Verdict, o.Late = Bad, r.Hours.Between(o.Deadline, asOf)
	default:
		o.Verdict, o.Left = Pending, r.Hours.Between(asOf, o.Deadline)
	}
	return o
}

// IssueDetail is what an issue SLO adds to its Result.
type IssueDetail struct {
	Rule IssueRule
	// Good, Bad and Pending count the rolling window's issues.
	Good, Bad, Pending int
	// Breaches are the rolling window's bad issues, newest first;
	// AtRisk the pending ones, closest to missing first.
	Breaches, AtRisk []Outcome
	// NoComments are the repositories, sorted, whose matching issues were
	// left out because the store lacks their comments (Verdict Unknown);
	// Unknown counts those of the rolling window.
	NoComments []string
	Unknown    int
}

// ComputeIssues evaluates an issue SLO over facts at asOf. Each decided
// issue is one event stamped at its created_at; it counts in a window
// ending at t only once decided before t (a good one at its response, a
// bad one after its deadline), which the error-budget policy uses.
func ComputeIssues(s Spec, facts []issuestats.IssueFact, asOf time.Time) (Result, error) {
	if s.Issues == nil {
		return Result{}, fmt.Errorf("slo %q: not an issue SLO", s.Name)
	}
	rule := *s.Issues
	det := &IssueDetail{Rule: rule}
	var bs []Bucket
	from := asOf.Add(-s.Window)
	for _, f := range facts {
		if !f.Created.Before(asOf) || !rule.Matches(f) {
			continue
		}
		o := rule.Judge(f, asOf)
		inWindow := !o.Created.Before(from)
		switch o.Verdict {
		case Unknown:
			if !slices.Contains(det.NoComments, o.Repo) {
				det.NoComments = append(det.NoComments, o.Repo)
			}
			if inWindow {
				det.Unknown++
			}
			continue
		case Pending:
			if inWindow {
				det.Pending++
				det.AtRisk = append(det.AtRisk, o)
			}
			continue
		case Good:
			bs = append(bs, Bucket{T: o.Created, Total: 1, Known: o.Done.UnixNano()})
			if inWindow {
				det.Good++
			}
		case Bad:
			bs = append(bs, Bucket{T: o.Created, Total: 1, Bad: 1, Known: o.Deadline.UnixNano()})
			if inWindow {
				det.Bad++
				det.Breaches = append(det.Breaches, o)
			}
		}
	}
	slices.Sort(det.NoComments)
	slices.SortFunc(det.Breaches, func(a, b Outcome) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return cmpRef(a, b)
	})
	slices.SortFunc(det.AtRisk, func(a, b Outcome) int {
		if c := cmp.Compare(a.Left, b.Left); c != 0 {
			return c
		}
		return cmpRef(a, b)
	})
	// Issues are events at exact instants, not samples of a series: every
	// burn window is fine-grained enough (those without issues are unknown).
	r := Evaluate(s, NewEvents(bs, time.Nanosecond), asOf)
	r.Resolution = 0
	r.Issues = det
	r.Repo = rule.Repo
	if len(det.NoComments) > 0 {
		// Unknown is not 0% answered: say whose issues are left out and why.
		missing := "no comments in the store for " + strings.Join(det.NoComments, ", ") + ": run vitals fetch"
		r.Notes = append(r.Notes, missing+"; until then their issues are left out of this SLO (their first responses are unknown)")
		if r.State == NoData {
			r.Reason = missing
		}
	}
	return r, nil
}

func cmpRef(a, b Outcome) int {
	if c := cmp.Compare(a.Repo, b.Repo); c != 0 {
		return c
	}
	return cmp.Compare(a.Number, b.Number)
}
