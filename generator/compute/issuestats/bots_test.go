package issuestats

import (
	"testing"

	"github.com/vitals-dev/vitals/generator/base/period"
)

// [issues] bots: carol (typed "User") is listed, in another case; her
// comment on #4 is then not a response, so #4 joins "no response yet" and
// only bob's 12 h on #1 is left.
func TestListedBotsAreNotResponses(t *testing.T) {
	r := Compute(fixture(), Options{Bots: []string{"CAROL"}})
	fr := r.Repo("acme/app").FirstResponse
	if fr.Responded != 1 || fr.NoResponse != 4 {
		t.Fatalf("responded %d, no response %d; want 1, 4", fr.Responded, fr.NoResponse)
	}
	eqf(t, "median hours", fr.MedianHours, 12)
	// Every first-response figure follows: the monthly series too.
	for _, p := range r.Repo("acme/app").SeriesOf(period.Month).Points {
		if p.Period.Start.Month() == 3 && p.FirstResponseMedianHours != nil {
			t.Errorf("March median %v, want none (carol is a bot)", *p.FirstResponseMedianHours)
		}
	}
}

func TestTimesGivesFirstResponseAndCloseAtAsOf(t *testing.T) {
	ts := Times(fixture(), at("2024-04-01T00:00:00Z"), []string{"carol"})
	got := map[int]IssueTimes{}
	for _, it := range ts {
		if it.Issue.Repo == "acme/app" {
			got[it.Issue.Number] = it
		}
	}
	if len(got) != 5 {
		t.Fatalf("%d acme/app issues, want 5 (#6 is after as_of, #4 once)", len(got))
	}
	if fr := got[1].FirstResponse; fr == nil || !fr.Equal(at("2024-01-10T12:00:00Z")) {
		t.Errorf("#1 first response %v, want bob's", fr)
	}
	if got[4].FirstResponse != nil {
		t.Errorf("#4 first response %v, want none (carol listed as bot)", got[4].FirstResponse)
	}
	if got[5].Closed != nil {
		t.Errorf("#5 closed %v; its close is after as_of", got[5].Closed)
	}
	if c := got[3].Closed; c == nil || !c.Equal(at("2024-02-04T00:00:00Z")) {
		t.Errorf("#3 closed %v", c)
	}
}
