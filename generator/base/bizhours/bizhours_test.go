package bizhours

import (
	"strings"
	"testing"
	"time"
)

func mustParse(t *testing.T, s string) Schedule {
	t.Helper()
	sc, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestParseRejectsWithTheExpectedForm(t *testing.T) {
	for _, s := range []string{"", "Mon-Fri 09:00-17:00", "Mon-Fry 09:00-17:00 UTC", "Mon-Fri 9-17 UTC",
		"Mon-Fri 17:00-09:00 UTC", "Mon-Fri 09:00-17:00 Europe/Atlantis", "Mon-Fri 09:00-25:00 UTC", "Mon-Fri 09:00-17:00 Local"} {
		_, err := Parse(s)
		if err == nil || !strings.Contains(err.Error(), Form) {
			t.Errorf("Parse(%q) = %v, want an error naming the form", s, err)
		}
	}
	for _, s := range []string{"Mon-Fri 09:00-17:00 Europe/Berlin", "Sun-Thu 08:30-16:30 Asia/Jerusalem", "Mon,Wed,Fri 00:00-24:00 UTC"} {
		if _, err := Parse(s); err != nil {
			t.Errorf("Parse(%q): %v", s, err)
		}
	}
}

// Hand-computed: the week of the European spring change (Sunday
// 2024-03-31, 02:00 CET → 03:00 CEST) and the autumn change (Sunday
// 2024-10-27, 03:00 CEST → 02:00 CET). Berlin opens at 08:00Z before the
// spring change and 07:00Z after it; the reverse in October.
func TestDeadlineFollowsBerlinAcrossDaylightSavingChanges(t *testing.T) {
	sc := mustParse(t, "Mon-Fri 09:00-17:00 Europe/Berlin")
	cases := []struct {
		name, start string
		within      time.Duration
		want        string
	}{
		{"friday 16:00 CET plus 2h is monday 10:00 CEST", "2024-03-29T15:00:00Z", 2 * time.Hour, "2024-04-01T08:00:00Z"},
		{"friday 16:00 CEST plus 2h is monday 10:00 CET", "2024-10-25T14:00:00Z", 2 * time.Hour, "2024-10-28T09:00:00Z"},
		{"saturday creation counts from monday; two full days end at wednesday opening", "2024-03-30T12:00:00Z", 16 * time.Hour, "2024-04-03T07:00:00Z"},
		{"saturday creation, 15h ends tuesday 16:00 CEST", "2024-03-30T12:00:00Z", 15 * time.Hour, "2024-04-02T14:00:00Z"},
		{"exactly a day's hours ends at the next opening", "2024-10-24T07:00:00Z", 8 * time.Hour, "2024-10-25T07:00:00Z"},
		{"within a day", "2024-03-27T08:30:00Z", 30 * time.Minute, "2024-03-27T09:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := sc.Deadline(at(t, c.start), c.within)
			if !got.Equal(at(t, c.want)) {
				t.Fatalf("Deadline = %s, want %s", got.UTC().Format(time.RFC3339), c.want)
			}
		})
	}
}

// US changes: Sunday 2024-03-10 02:00 EST → 03:00 EDT, Sunday 2024-11-03
// 02:00 EDT → 01:00 EST. Hours 01:00-04:00 on the spring Sunday hold 2
// hours of working time; on the autumn Sunday 4.
func TestBetweenCountsShortAndLongDaysInNewYork(t *testing.T) {
	sc := mustParse(t, "Sun 01:00-04:00 America/New_York")
	cases := []struct {
		name, a, b string
		want       time.Duration
	}{
		{"spring Sunday loses an hour", "2024-03-09T00:00:00Z", "2024-03-12T00:00:00Z", 2 * time.Hour},
		{"autumn Sunday gains an hour", "2024-11-02T00:00:00Z", "2024-11-05T00:00:00Z", 4 * time.Hour},
		{"an ordinary Sunday has three", "2024-03-16T00:00:00Z", "2024-03-19T00:00:00Z", 3 * time.Hour},
		{"a week of Sundays across the spring change", "2024-03-03T00:00:00Z", "2024-03-17T00:00:00Z", 5 * time.Hour},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := sc.Between(at(t, c.a), at(t, c.b)); got != c.want {
				t.Fatalf("Between = %s, want %s", got, c.want)
			}
		})
	}
	// Deadline and Between agree: 3h of Sunday time from the Saturday before
	// the autumn change ends at 04:00 EST less one hour = 03:00 EST = 08:00Z.
	got := sc.Deadline(at(t, "2024-11-02T12:00:00Z"), 3*time.Hour)
	if want := at(t, "2024-11-03T08:00:00Z"); !got.Equal(want) {
		t.Fatalf("Deadline = %s, want %s", got.UTC().Format(time.RFC3339), want.Format(time.RFC3339))
	}
}

func TestBetweenBerlinWorkWeekAcrossOctoberChange(t *testing.T) {
	sc := mustParse(t, "Mon-Fri 09:00-17:00 Europe/Berlin")
	// Friday 2024-10-25 12:00 CEST (10:00Z) to Tuesday 2024-10-29 12:00 CET
	// (11:00Z): Fri 5h + Mon 8h + Tue 3h = 16h, whatever the clocks did.
	if got := sc.Between(at(t, "2024-10-25T10:00:00Z"), at(t, "2024-10-29T11:00:00Z")); got != 16*time.Hour {
		t.Fatalf("Between = %s, want 16h", got)
	}
}

func TestCalendarCountsEveryInstant(t *testing.T) {
	a := at(t, "2024-03-30T12:00:00Z")
	if got := Calendar.Deadline(a, 16*time.Hour); !got.Equal(a.Add(16 * time.Hour)) {
		t.Fatal(got)
	}
	if got := Calendar.Between(a, a.Add(time.Hour)); got != time.Hour {
		t.Fatal(got)
	}
}

// Property: for random starts and lengths, the working time up to the
// deadline is the length, and any later working instant exceeds it.
func TestDeadlineIsTheLastInstantWithin(t *testing.T) {
	sc := mustParse(t, "Mon-Fri 09:00-17:00 America/New_York")
	base := at(t, "2024-01-01T00:00:00Z")
	for i := 0; i < 500; i++ {
		start := base.Add(time.Duration(i*7919) * time.Minute)
		d := time.Duration(i%40) * 37 * time.Minute
		dl := sc.Deadline(start, d)
		if got := sc.Between(start, dl); got != d {
			t.Fatalf("start %s d %s: Between to deadline %s = %s", start, d, dl, got)
		}
		if got := sc.Between(start, dl.Add(time.Minute)); got <= d {
			t.Fatalf("start %s d %s: a minute after the deadline %s still within (%s)", start, d, dl, got)
		}
	}
}
