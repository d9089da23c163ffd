package issuestats

import (
	"sync"
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
	asOf = asOf.UTC()
	c := &computer{d: d, asOf: asOf, asOfNs: asOf.UnixNano(), bots: model.NewBots(bots)}
	c.indexIssues()
	var wg sync.WaitGroup
	wg.Go(c.indexComments)
	wg.Wait()
	out := make([]IssueTimes, len(c.kept))
	for k, i := range c.kept {
		is := &d.Issues[i]
		it := IssueTimes{Issue: is, NoComments: d.NoComments[is.Repo]}
		if fr := c.firstResp[k]; fr != noTime {
			t := time.Unix(0, fr).UTC()
			it.FirstResponse = &t
		}
		if is.ClosedAt != nil && is.ClosedAt.Before(asOf) && is.State != "open" {
			t := is.ClosedAt.UTC()
			it.Closed = &t
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
