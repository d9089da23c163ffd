package ghsync

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
)

// cutOffRepo is a repository whose events listing GitHub cuts off after one
// page, with reopenable issues 2, 4 and 6 whose events are read one by one.
func cutOffRepo(t *testing.T) *env {
	e := newEnv(t, fakegh.Options{EventsMaxPages: 1})
	load(e.srv, "acme/r", shape{Items: 250, Comments: 10})
	for _, n := range []int{2, 4, 6} {
		cl := created(n).Add(10 * time.Minute)
		e.srv.AddIssue("acme/r", model.Issue{Number: n, State: "closed", CreatedAt: created(n), UpdatedAt: cl.Add(time.Hour), ClosedAt: &cl})
	}
	return e
}

func TestEventsNotFoundKeepsAnIssueThatExistsAndReportsIt(t *testing.T) {
	tests := []struct {
		name string
		kind fakegh.FaultKind
		code string
	}{
		{"404", fakegh.Status404, "404 Not Found"},
		{"410", fakegh.Status410, "410 Gone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := cutOffRepo(t)
			// A proxy or a token that cannot read issue 4's events.
			e.srv.Fail(fakegh.Fault{Match: "/issues/4/events", Kind: tc.kind})
			sum := e.run(t, "acme/r")
			r := repoSummary(t, sum, "acme/r")
			if r.Removed != 0 || r.Issues != 225 {
				t.Errorf("%d issues, %d removed; want 225 and 0", r.Issues, r.Removed)
			}
			// Only the issue's own endpoint decided: one GET issues/4.
			if n := e.srv.Count("/repos/acme/r/issues/4"); n != 1 {
				t.Errorf("GET issues/4 %d times, want 1", n)
			}
			if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "#4") || !strings.Contains(r.Warnings[0], tc.code) {
				t.Errorf("warnings %q, want one naming #4 and %s", r.Warnings, tc.code)
			}
			if !strings.Contains(sum.String(), "acme/r: warning: events of #4") {
				t.Errorf("summary does not report it:\n%s", sum)
			}
			rd := readRepo(t, e.dir, "acme/r")
			found := false
			for _, is := range rd.Issues {
				found = found || is.Number == 4
			}
			comments := 0
			for _, c := range rd.Comments {
				if c.IssueNumber == 4 {
					comments++
				}
			}
			if !found || comments != 1 {
				t.Errorf("issue 4 kept %v with %d comments, want true and 1", found, comments)
			}
		})
	}
}

func TestEventsEndpointMissingEverywhereDropsNoIssue(t *testing.T) {
	// A server that serves no per-issue events at all (a GHES with the
	// timeline disabled): every issue stays.
	e := cutOffRepo(t)
	for _, n := range []int{2, 4, 6} {
		e.srv.Fail(fakegh.Fault{Match: "/issues/" + strconv.Itoa(n) + "/events", Kind: fakegh.Status404})
	}
	sum := e.run(t, "acme/r")
	r := repoSummary(t, sum, "acme/r")
	if r.Issues != 225 || r.Removed != 0 || len(r.Warnings) != 3 {
		t.Errorf("%d issues, %d removed, warnings %q; want 225, 0 and 3", r.Issues, r.Removed, r.Warnings)
	}
}

func TestIssueGoneFromItsOwnEndpointIsRemoved(t *testing.T) {
	tests := []struct {
		name        string
		kind        fakegh.FaultKind
		transferred int
	}{
		{"deleted 404", fakegh.Status404, 0},
		{"deleted 410", fakegh.Status410, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := cutOffRepo(t)
			e.srv.Fail(fakegh.Fault{Match: "/issues/4/events", Kind: tc.kind})
			e.srv.Fail(fakegh.Fault{Match: "/issues/4?", Kind: tc.kind})
			sum := e.run(t, "acme/r")
			r := repoSummary(t, sum, "acme/r")
			if r.Issues != 224 || len(r.Warnings) != 0 || r.Transferred != tc.transferred {
				t.Errorf("%d issues, warnings %q, %d transferred; want 224, none, %d", r.Issues, r.Warnings, r.Transferred, tc.transferred)
			}
		})
	}
}
