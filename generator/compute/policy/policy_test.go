package policy

import (
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/slo"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func atp(s string) *time.Time { t := at(s); return &t }

// apiSLO: target 0.9 (B = 0.1), window 10 days, one bucket a day at 00:00
// from 01-01 to 01-24, 50 events each; 01-10 has 100 events, all bad, and
// 01-17 has 20 bad of 50. From just after 01-10 00:00 every 10-day window
// holds 550 events with 100 or 120 bad (above 10%): exhausted, until the
// 01-10 bucket leaves the window just after 01-20 00:00 (20 of 500).
func apiSLO(asOf time.Time) slo.Result {
	var bs []slo.Bucket
	for d := 1; d <= 24; d++ {
		b := slo.Bucket{T: time.Date(2024, 1, d, 0, 0, 0, 0, time.UTC), Total: 50}
		switch d {
		case 10:
			b.Total, b.Bad = 100, 100
		case 17:
			b.Bad = 20
		}
		bs = append(bs, b)
	}
	s := slo.Spec{Name: "api", Target: 0.9, Window: 10 * 24 * time.Hour}
	return slo.Evaluate(s, slo.NewEvents(bs, 0), asOf)
}

func TestPolicyFlagsReleasesAndIncidents(t *testing.T) {
	asOf := at("2024-01-25T00:00:00Z")
	api := apiSLO(asOf)
	if len(api.ExhaustedSpans) != 1 || !api.ExhaustedSpans[0].From.Equal(at("2024-01-10T00:00:00Z")) || !api.ExhaustedSpans[0].To.Equal(at("2024-01-20T00:00:00Z")) {
		t.Fatalf("spans %+v, want (01-10, 01-20]", api.ExhaustedSpans)
	}
	// An issue SLO of o/a only, exhausted (01-14, 01-16].
	issues := slo.Result{Name: "o/a bugs answered", Repo: "o/a", Target: 0.9, Window: 28 * 24 * time.Hour,
		ExhaustedSpans: []slo.Span{{From: at("2024-01-14T00:00:00Z"), To: at("2024-01-16T00:00:00Z")}}}
	rel := func(id int64, repo, ts string, pre bool) model.Release {
		return model.Release{ID: id, Repo: repo, Tag: "v" + string(rune('0'+id)), PublishedAt: atp(ts), Prerelease: pre}
	}
	releases := []model.Release{
		rel(1, "o/a", "2024-01-10T00:00:00Z", false), // the instant the budget runs out: not yet exhausted
		rel(2, "o/a", "2024-01-15T12:00:00Z", false), // both SLOs exhausted
		rel(3, "o/a", "2024-01-20T00:00:00Z", false), // the span's last instant
		rel(4, "o/a", "2024-01-21T00:00:00Z", false),
		rel(5, "o/a", "2024-01-15T00:00:00Z", true),  // prerelease: not counted
		rel(6, "o/b", "2024-01-15T12:00:00Z", false), // the o/a SLO does not govern o/b
		{ID: 7, Repo: "o/a", Tag: "draft", Draft: true, PublishedAt: atp("2024-01-15T00:00:00Z")},
		rel(8, "o/a", "2024-01-25T00:00:00Z", false), // at as_of: not yet
	}
	pms := []model.Postmortem{
		{ID: "outage", Title: "Outage", Started: atp("2024-01-09T23:00:00Z"), Resolved: atp("2024-01-10T01:00:00Z"), Path: "content/postmortems/outage.md"},
		{ID: "quiet", Title: "Quiet", Repo: "o/b", Started: atp("2024-01-05T10:00:00Z"), Resolved: atp("2024-01-05T11:00:00Z")},
	}
	r := Compute([]slo.Result{api, issues}, releases, pms, asOf)

	if r.FreezeRecommended() {
		t.Errorf("exhausted at as_of: %q, want none", r.Exhausted)
	}
	flags := map[int64]int{}
	for _, x := range r.Releases {
		flags[x.Release.ID] = len(x.Exhausted)
	}
	want := map[int64]int{1: 0, 2: 2, 3: 1, 4: 0, 6: 1}
	if len(flags) != len(want) {
		t.Fatalf("releases %v, want %v (no prerelease, draft or release at as_of)", flags, want)
	}
	for id, n := range want {
		if flags[id] != n {
			t.Errorf("release %d flagged by %d SLOs, want %d", id, flags[id], n)
		}
	}
	if len(r.Quarters) != 1 || r.Quarters[0] != (Quarter{Quarter: "2024-Q1", Releases: 5, Flagged: 3}) {
		t.Errorf("quarters %+v, want 2024-Q1 5 releases, 3 flagged", r.Quarters)
	}
	// The outage used 100 bad of a budget of 0.1 * 550 = 55: 182%, with its
	// postmortem; its episode (01-10) is the same incident. The 01-17 episode
	// used 20 of 55 = 36% and has no postmortem. The quiet postmortem used none.
	if len(r.Incidents) != 2 || r.WithoutPostmortem != 1 {
		t.Fatalf("incidents %+v, without postmortem %d; want 2 and 1", r.Incidents, r.WithoutPostmortem)
	}
	ep, out := r.Incidents[0], r.Incidents[1]
	if ep.Postmortem != nil || !ep.Start.Equal(at("2024-01-17T00:00:00Z")) || !ep.End.Equal(at("2024-01-18T00:00:00Z")) || !near(ep.Share, 20.0/55) {
		t.Errorf("episode %+v, want 01-17..01-18, 36%%, no postmortem", ep)
	}
	if out.Postmortem == nil || out.Postmortem.ID != "outage" || !near(out.Share, 100.0/55) {
		t.Errorf("outage %+v, want its postmortem and 182%%", out)
	}
}

func TestExhaustedAtAsOfRecommendsAFreeze(t *testing.T) {
	r := Compute([]slo.Result{apiSLO(at("2024-01-15T00:00:00Z"))}, nil, nil, at("2024-01-15T00:00:00Z"))
	if !r.FreezeRecommended() || len(r.Exhausted) != 1 || r.Exhausted[0] != "api" {
		t.Fatalf("exhausted %q, want api", r.Exhausted)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
