package period

import (
	"testing"
	"time"
)

func TestPeriodNamesRoundTrip(t *testing.T) {
	at := time.Date(2024, 3, 5, 13, 0, 0, 0, time.UTC)
	cases := []struct {
		k    Kind
		name string
		end  string
	}{
		{Day, "2024-03-05", "2024-03-06"},
		{Week, "2024-W10", "2024-03-11"},
		{Month, "2024-03", "2024-04-01"},
		{Quarter, "2024-Q1", "2024-04-01"},
		{Year, "2024", "2025-01-01"},
	}
	for _, c := range cases {
		p := Of(c.k, at)
		if p.String() != c.name {
			t.Errorf("%v: got %s want %s", c.k, p, c.name)
		}
		if got := p.End().Format("2006-01-02"); got != c.end {
			t.Errorf("%s end: got %s want %s", c.name, got, c.end)
		}
		q, err := Parse(c.name)
		if err != nil || q != p {
			t.Errorf("Parse(%s) = %v, %v; want %v", c.name, q, err, p)
		}
		if !p.Contains(at) || p.Contains(p.End()) || !p.Contains(p.Start) {
			t.Errorf("%s: half-open containment broken", c.name)
		}
	}
}

func TestISOWeekAcrossYearBoundary(t *testing.T) {
	// 2021-01-03 is a Sunday in ISO week 2020-W53.
	p := Of(Week, time.Date(2021, 1, 3, 0, 0, 0, 0, time.UTC))
	if p.String() != "2020-W53" || p.Start.Format("2006-01-02") != "2020-12-28" {
		t.Fatalf("got %s starting %s", p, p.Start)
	}
	if _, err := Parse("2021-W53"); err == nil {
		t.Fatal("2021 has no week 53")
	}
}

func TestRangeIsInclusiveAndEmptyWhenReversed(t *testing.T) {
	from := time.Date(2023, 11, 30, 0, 0, 0, 0, time.UTC)
	to := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	r := Range(Month, from, to)
	if len(r) != 4 || r[0].String() != "2023-11" || r[3].String() != "2024-02" {
		t.Fatalf("got %v", r)
	}
	if Range(Month, to, from) != nil {
		t.Fatal("reversed range not empty")
	}
	if q := Of(Quarter, to).YearAgo().String(); q != "2023-Q1" {
		t.Fatalf("year ago: %s", q)
	}
}
