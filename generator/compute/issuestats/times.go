package issuestats

import (
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// IssueTimes is one counted issue with the instants that response and
// close targets are judged on.
type IssueTimes struct {
	Issue *model.Issue
	// FirstResponse is the first comment before as_of by someone other than
	// the author who is not a bot (METRICS.md); nil when none yet.
	FirstResponse *time.Time
	// Closed is closed_at when the issue is closed before as_of; nil otherwise.
	Closed *time.Time
	// NoComments: the store lacks the comments of the issue's repository
	// (model.Dataset.NoComments), so FirstResponse is unknown, not absent.
	NoComments bool
}

// Times lists every counted issue of d (created before asOf, one per repo
// and number) with its first response and close, in the dataset's order.
// bots are the [issues] bots logins.
func Times(d *model.Dataset, asOf time.Time, bots []string) []IssueTimes {
	return TimesWith(d, asOf, bots, nil)
}

// TimesWith is Times with d's first responses indexed already (resp from
// FirstResponses of the same d, as_of and bots; nil: index them here).
func TimesWith(d *model.Dataset, asOf time.Time, bots []string, resp *Responses) []IssueTimes {
	asOf = asOf.UTC()
	c := &computer{d: d, asOf: asOf, asOfNs: asOf.UnixNano(), bots: model.NewBots(bots)}
	c.indexIssues()
	first := func(k int) int64 { return resp.first[c.kept[k]] }
	if resp == nil {
		c.indexComments()
		first = func(k int) int64 { return c.firstResp[k] }
	}
	out := make([]IssueTimes, len(c.kept))
	// The instants from one allocation each, not one per issue.
	ts := make([]time.Time, 0, 2*len(c.kept))
	at := func(t time.Time) *time.Time {
		ts = append(ts, t)
		return &ts[len(ts)-1]
	}
	for k, i := range c.kept {
		is := &d.Issues[i]
		it := IssueTimes{Issue: is, NoComments: d.NoComments[is.Repo]}
		if fr := first(k); fr != noTime {
			it.FirstResponse = at(time.Unix(0, fr).UTC())
		}
		if is.ClosedAt != nil && is.ClosedAt.Before(asOf) && is.State != "open" {
			it.Closed = at(is.ClosedAt.UTC())
		}
		out[k] = it
	}
	return out
}

// IssueFact is what issue SLOs and areas know of one counted issue at as_of.
type IssueFact struct {
	Repo       string
	Number     int
	Title, URL string // text from GitHub: render only through html/template
	Labels     []string
	Created    time.Time
	// FirstResponse and Closed are nil when they did not happen before as_of.
	FirstResponse, Closed *time.Time
	// NoComments: the store lacks the comments of the issue's repository,
	// so its first response is unknown (a close is still known).
	NoComments bool
}

// FactsOf are the facts of counted issues (Times): a copy, so
// that the decoded issues need not be kept for them.
func FactsOf(ts []IssueTimes) []IssueFact {
	out := make([]IssueFact, len(ts))
	for i, it := range ts {
		is := it.Issue
		out[i] = IssueFact{Repo: is.Repo, Number: is.Number, Title: is.Title, URL: is.URL, Labels: is.Labels,
			Created: is.CreatedAt, FirstResponse: it.FirstResponse, Closed: it.Closed, NoComments: it.NoComments}
	}
	return out
}
