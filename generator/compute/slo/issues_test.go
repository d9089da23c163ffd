package slo

import (
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/bizhours"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
)

func ti(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func tsp(t *testing.T, s string) *time.Time { v := ti(t, s); return &v }

// issueFixture, as of Wednesday 2024-04-10T00:00Z, with business hours
// Mon-Fri 09:00-17:00 UTC and within 16h (two working days):
//
//	#1 bug, created Mon 04-01 09:00, answered Tue 04-02 17:00: exactly 16h, good.
//	#2 bug, created Fri 04-05 16:00, answered Mon 04-08 10:00: 2h (the weekend
//	   does not count), good; on calendar time it is 66h, bad.
//	#3 bug, created Tue 04-09 10:00, no answer: 7h so far, pending, 9h left.
//	#4 bug, created Mon 04-01 10:00, answered Wed 04-03 11:00: 17h, bad, 1h late
//	   (deadline Wed 10:00).
//	#5 bug, created Tue 03-26 09:00, no answer: deadline Thu 03-28 09:00 (two
//	   full days end at the next opening), bad, late by 72 working hours.
//	#6 enhancement, not counted.
func issueFixture(t *testing.T) []issuestats.IssueFact {
	return []issuestats.IssueFact{
		{Repo: "o/r", Number: 1, Labels: []string{"bug"}, Created: ti(t, "2024-04-01T09:00:00Z"), FirstResponse: tsp(t, "2024-04-02T17:00:00Z")},
		{Repo: "o/r", Number: 2, Labels: []string{"Bug"}, Created: ti(t, "2024-04-05T16:00:00Z"), FirstResponse: tsp(t, "2024-04-08T10:00:00Z")},
		{Repo: "o/r", Number: 3, Labels: []string{"bug"}, Created: ti(t, "2024-04-09T10:00:00Z")},
		{Repo: "o/r", Number: 4, Labels: []string{"bug"}, Created: ti(t, "2024-04-01T10:00:00Z"), FirstResponse: tsp(t, "2024-04-03T11:00:00Z")},
		{Repo: "o/r", Number: 5, Labels: []string{"bug"}, Created: ti(t, "2024-03-26T09:00:00Z")},
		{Repo: "o/r", Number: 6, Labels: []string{"enhancement"}, Created: ti(t, "2024-04-01T09:00:00Z")},
	}
}

func issueSpec(t *testing.T, target float64, hours string) Spec {
	h := bizhours.Calendar
	if hours != "" {
		var err error
		if h, err = bizhours.Parse(hours); err != nil {
			t.Fatal(err)
		}
	}
	return Spec{Name: "bugs answered", Target: target, Window: 28 * 24 * time.Hour,
		Issues: &IssueRule{Labels: []string{"bug"}, Within: 16 * time.Hour, Hours: h}}
}

func TestIssueSLOJudgesEdgesInBusinessHours(t *testing.T) {
	asOf := ti(t, "2024-04-10T00:00:00Z")
	r, err := ComputeIssues(issueSpec(t, 0.5, "Mon-Fri 09:00-17:00 UTC"), issueFixture(t), asOf)
	if err != nil {
		t.Fatal(err)
	}
	d := r.Issues
	if d.Good != 2 || d.Bad != 2 || d.Pending != 1 {
		t.Fatalf("good/bad/pending %d/%d/%d, want 2/2/1", d.Good, d.Bad, d.Pending)
	}
	if r.Rolling.SLI != 0.5 || r.Rolling.Total != 4 || !r.Rolling.Compliant || r.Exhausted {
		t.Fatalf("rolling %+v exhausted %v; want SLI 0.5 of 4, compliant, not exhausted", r.Rolling, r.Exhausted)
	}
	if len(d.Breaches) != 2 || d.Breaches[0].Number != 4 || d.Breaches[1].Number != 5 {
		t.Fatalf("breaches %+v, want #4 then #5 (newest first)", d.Breaches)
	}
	if d.Breaches[0].Late != time.Hour || d.Breaches[1].Late != 72*time.Hour {
		t.Errorf("late %s and %s, want 1h and 72h", d.Breaches[0].Late, d.Breaches[1].Late)
	}
	if !d.Breaches[1].Deadline.Equal(ti(t, "2024-03-28T09:00:00Z")) {
		t.Errorf("#5 deadline %s", d.Breaches[1].Deadline)
	}
	if len(d.AtRisk) != 1 || d.AtRisk[0].Number != 3 || d.AtRisk[0].Left != 9*time.Hour {
		t.Errorf("at risk %+v, want #3 with 9h left", d.AtRisk)
	}
	if w := r.Issues.Rule.What(); r.Method != "issues" || w != "first response within 16h of working hours (Mon-Fri 09:00-17:00 UTC)" {
		t.Errorf("method %q, what %q", r.Method, w)
	}
}

func TestIssueSLOOnCalendarTimeCountsTheWeekend(t *testing.T) {
	r, err := ComputeIssues(issueSpec(t, 0.5, ""), issueFixture(t), ti(t, "2024-04-10T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	// #1 is exactly 32h: bad on calendar time; #2 66h bad; #3 (14h so far)
	// pending; #4 49h bad; #5 bad.
	d := r.Issues
	if d.Good != 0 || d.Bad != 4 || d.Pending != 1 {
		t.Fatalf("good/bad/pending %d/%d/%d, want 0/4/1", d.Good, d.Bad, d.Pending)
	}
}

func TestIssueSLOResponseExactlyAtWithinIsGood(t *testing.T) {
	rule := IssueRule{Within: 16 * time.Hour, Hours: bizhours.Calendar}
	c := ti(t, "2024-04-01T00:00:00Z")
	f := issuestats.IssueFact{Created: c, FirstResponse: tsp(t, "2024-04-01T16:00:00Z")}
	if v := rule.Judge(f, c.Add(48*time.Hour)).Verdict; v != Good {
		t.Fatalf("response exactly at within: %s, want good", v)
	}
	f.FirstResponse = tsp(t, "2024-04-01T16:00:01Z")
	if v := rule.Judge(f, c.Add(48*time.Hour)).Verdict; v != Bad {
		t.Fatalf("a second late: %s, want bad", v)
	}
	// No response and as_of exactly at the deadline: a response stamped at
	// as_of could not be seen yet, so within has not passed: pending.
	f.FirstResponse = nil
	if v := rule.Judge(f, c.Add(16*time.Hour)).Verdict; v != Pending {
		t.Fatalf("as_of at the deadline: %s, want pending", v)
	}
	if v := rule.Judge(f, c.Add(16*time.Hour+time.Nanosecond)).Verdict; v != Bad {
		t.Fatalf("as_of past the deadline: %s, want bad", v)
	}
	// A response at or after as_of is not seen.
	f.FirstResponse = tsp(t, "2024-04-01T10:00:00Z")
	if v := rule.Judge(f, ti(t, "2024-04-01T10:00:00Z")).Verdict; v != Pending {
		t.Fatalf("response at as_of: %s, want pending", v)
	}
}

func TestCloseWithinJudgesTheClose(t *testing.T) {
	rule := IssueRule{Within: 14 * 24 * time.Hour, Close: true, Hours: bizhours.Calendar}
	c := ti(t, "2024-04-01T00:00:00Z")
	f := issuestats.IssueFact{Created: c, FirstResponse: tsp(t, "2024-04-01T01:00:00Z"), Closed: tsp(t, "2024-04-20T00:00:00Z")}
	o := rule.Judge(f, ti(t, "2024-05-01T00:00:00Z"))
	if o.Verdict != Bad || o.Late != 5*24*time.Hour {
		t.Fatalf("closed after 19 days: %s late %s, want bad, 5 days late", o.Verdict, o.Late)
	}
}

// Hand-computed from issueFixture with target 0.5 (B = 0.5): #5 is known
// bad after Thu 03-28 09:00 (1/1: exhausted); #1 known good after Tue 04-02
// 17:00 (1/2 = B: not exhausted); #4 known bad after Wed 04-03 10:00 (2/3);
// #2 known good after Mon 04-08 10:00 (2/4 = B). A bad issue counts only
// once its deadline has passed, not from its creation.
func TestExhaustedSpansFollowWhenOutcomesBecomeKnown(t *testing.T) {
	asOf := ti(t, "2024-04-10T00:00:00Z")
	r, err := ComputeIssues(issueSpec(t, 0.5, "Mon-Fri 09:00-17:00 UTC"), issueFixture(t), asOf)
	if err != nil {
		t.Fatal(err)
	}
	want := []Span{
		{ti(t, "2024-03-28T09:00:00Z"), ti(t, "2024-04-02T17:00:00Z")},
		{ti(t, "2024-04-03T10:00:00Z"), ti(t, "2024-04-08T10:00:00Z")},
	}
	if len(r.ExhaustedSpans) != len(want) {
		t.Fatalf("spans %+v, want %+v", r.ExhaustedSpans, want)
	}
	for i := range want {
		if !r.ExhaustedSpans[i].From.Equal(want[i].From) || !r.ExhaustedSpans[i].To.Equal(want[i].To) {
			t.Fatalf("span %d %+v, want %+v", i, r.ExhaustedSpans[i], want[i])
		}
	}
	for _, c := range []struct {
		at   string
		want bool
	}{
		{"2024-03-28T09:00:00Z", false}, // the instant the budget runs out
		{"2024-03-28T09:00:01Z", true},
		{"2024-04-02T17:00:00Z", true}, // last instant of the span
		{"2024-04-02T17:00:01Z", false},
		{"2024-04-09T00:00:00Z", false},
	} {
		if got := r.ExhaustedAt(ti(t, c.at)); got != c.want {
			t.Errorf("ExhaustedAt(%s) = %v, want %v", c.at, got, c.want)
		}
	}
	// March: 03-28 09:00 to 04-01 00:00 = 87h. April: 41h + 120h = 161h.
	var march, april Compliance
	for _, m := range r.Months {
		switch m.Period {
		case "2024-03":
			march = m
		case "2024-04":
			april = m
		}
	}
	if march.Exhausted != 87*time.Hour || april.Exhausted != 161*time.Hour {
		t.Errorf("exhausted March %s, April %s; want 87h, 161h", march.Exhausted, april.Exhausted)
	}
}

// Invariant: exhausted at as_of exactly when the rolling window has data
// and is out of compliance.
func TestExhaustedAtAsOfMatchesRollingCompliance(t *testing.T) {
	for _, target := range []float64{0.3, 0.5, 0.6, 0.9} {
		for _, asOf := range []string{"2024-04-03T10:00:00Z", "2024-04-03T10:00:01Z", "2024-04-10T00:00:00Z", "2024-04-25T00:00:00Z"} {
			r, err := ComputeIssues(issueSpec(t, target, "Mon-Fri 09:00-17:00 UTC"), issueFixture(t), ti(t, asOf))
			if err != nil {
				t.Fatal(err)
			}
			if want := r.Rolling.HasData && !r.Rolling.Compliant; r.Exhausted != want {
				t.Errorf("target %v as of %s: exhausted %v, rolling %+v", target, asOf, r.Exhausted, r.Rolling)
			}
		}
	}
}

// An imported repository without comments in the store: its issues have no
// known first response. Three never answered bugs of o/imported (created
// 03-20, 03-21, 03-22, long past 16h at as_of) would make a 0% SLI and an
// exhausted budget; they are left out instead.
func TestIssueSLOLeavesOutIssuesWhoseCommentsAreNotInTheStore(t *testing.T) {
	asOf := ti(t, "2024-04-10T00:00:00Z")
	closed := tsp(t, "2024-03-21T12:00:00Z")
	imported := []issuestats.IssueFact{
		{Repo: "o/imported", Number: 1, Labels: []string{"bug"}, Created: ti(t, "2024-03-20T09:00:00Z"), Closed: closed, NoComments: true},
		{Repo: "o/imported", Number: 2, Labels: []string{"bug"}, Created: ti(t, "2024-03-21T09:00:00Z"), NoComments: true},
		{Repo: "o/imported", Number: 3, Labels: []string{"bug"}, Created: ti(t, "2024-03-22T09:00:00Z"), NoComments: true},
	}
	// Only the imported repository: no data, not 0%.
	r, err := ComputeIssues(issueSpec(t, 0.5, "Mon-Fri 09:00-17:00 UTC"), imported, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Rolling.HasData || r.State != NoData || r.Exhausted || len(r.Months) != 0 {
		t.Errorf("rolling %+v, state %s, exhausted %v, %d months; want no data, not exhausted, no months", r.Rolling, r.State, r.Exhausted, len(r.Months))
	}
	if d := r.Issues; d.Good+d.Bad+d.Pending != 0 || d.Unknown != 3 || len(d.NoComments) != 1 || d.NoComments[0] != "o/imported" {
		t.Errorf("issues %+v; want 3 unknown of o/imported, none judged", d)
	}
	if want := "no comments in the store for o/imported: run vitals fetch"; r.Reason != want || len(r.Notes) != 1 {
		t.Errorf("reason %q, notes %q; want reason %q and one note", r.Reason, r.Notes, want)
	}
	// With o/r: the same figures as o/r alone (TestIssueSLOJudgesEdgesInBusinessHours).
	r, err = ComputeIssues(issueSpec(t, 0.5, "Mon-Fri 09:00-17:00 UTC"), append(issueFixture(t), imported...), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if d := r.Issues; d.Good != 2 || d.Bad != 2 || d.Pending != 1 || r.Rolling.SLI != 0.5 || r.Exhausted {
		t.Errorf("good/bad/pending %d/%d/%d, SLI %v, exhausted %v; want 2/2/1, 0.5, not exhausted", d.Good, d.Bad, d.Pending, r.Rolling.SLI, r.Exhausted)
	}
	// A close target needs no comments: #1 closed in 27h (good within 48h),
	// #2 and #3 open past 48h (bad): SLI 1/3.
	closeSpec := Spec{Name: "bugs closed", Target: 0.5, Window: 28 * 24 * time.Hour,
		Issues: &IssueRule{Labels: []string{"bug"}, Within: 48 * time.Hour, Close: true, Hours: bizhours.Calendar}}
	r, err = ComputeIssues(closeSpec, imported, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if d := r.Issues; d.Good != 1 || d.Bad != 2 || d.Unknown != 0 || r.Rolling.Total != 3 || len(r.Notes) != 0 {
		t.Errorf("close SLO: good/bad/unknown %d/%d/%d of %v, notes %q; want 1/2/0 of 3, no note", d.Good, d.Bad, d.Unknown, r.Rolling.Total, r.Notes)
	}
}
