package postmortem

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// Every timeline form of the issue, each with the four times worked out by
// hand (zone offsets are fixed: CET +1, PST -8).
func TestReadTimelineForms(t *testing.T) {
	type want struct {
		started, detected, mitigated, resolved string // "" missing
		zone                                   string
		zoneLine                               int // 0: no zone stated
		skipped                                int
	}
	cases := []struct {
		name string
		ctx  DateContext
		body string
		want want
	}{
		{"list with full dates, no zone stated: UTC",
			DateContext{FileName: "x.md"}, `# Outage
## Timeline
- 2020-02-03 11:21 - deploy started
- 2020-02-03 11:30 - alert fired
- 2020-02-03 12:00 - rolled back
- 2020-02-03 12:30 - service restored
`, want{"2020-02-03 11:21", "2020-02-03 11:30", "2020-02-03 12:00", "2020-02-03 12:30", "UTC", 0, 0}},

		{"table whose column header states the zone",
			DateContext{FileName: "x.md"}, `## Timeline
| Date and Time in CET | Event |
|---|---|
| 2024-01-10 09:00 | Errors begin |
| 2024-01-10 09:20 | On-call paged |
| 2024-01-10 10:00 | Fixed |
`, want{"2024-01-10 08:00", "2024-01-10 08:20", "2024-01-10 09:00", "2024-01-10 09:00", "CET", 2, 0}},

		{"times alone, date from the title, All times in CET.",
			DateContext{Title: "Checkout down - October 3, 2025", FileName: "checkout.md"}, `# Checkout down - October 3, 2025
## Timeline

All times in CET.

- **10:45** - bad deploy
- **14:59** - support noticed two reports
- **16:11** - reverts deployed
- **22:28** - incident closed
`, want{"2025-10-03 09:45", "2025-10-03 13:59", "2025-10-03 15:11", "2025-10-03 21:28", "CET", 4, 0}},

		{"times alone in brackets, date from the file name",
			DateContext{Title: "Search down", FileName: "2019-05-30.md"}, `### Timeline
[08:47] latency alert
[09:15] failover to replica, impact mitigated
[10:02] recovered
`, want{"2019-05-30 08:47", "2019-05-30 08:47", "2019-05-30 09:15", "2019-05-30 10:02", "UTC", 0, 0}},

		{"12-hour times, zone and date from one sentence",
			DateContext{Title: "Queue backlog", FileName: "queue.md"}, `## Incident timeline
All times in PST, on February 5th 2019.

- 2:54 PM - alerts fire for queue depth
- 3:10 PM - deploy rolled back
- 3:40 PM - workers recovered
`, want{"2019-02-05 22:54", "2019-02-05 22:54", "2019-02-05 23:10", "2019-02-05 23:40", "PST", 2, 0}},

		{"entries past midnight roll over to the next day",
			DateContext{Title: "Night outage - 2023-03-25", FileName: "n.md"}, `## Timeline
- 23:40 UTC - errors begin
- 23:55 UTC - alert fired
- 00:20 UTC - rolled back
- 01:05 UTC - resolved
`, want{"2023-03-25 23:40", "2023-03-25 23:55", "2023-03-26 00:20", "2023-03-26 01:05", "UTC", 2, 0}},

		{"placeholders and typos are skipped, background is not the start",
			DateContext{Title: "DB failover 2020-01-16", FileName: "db.md"}, `## Timeline
- HH:mm - description
- 20202-01-16 10:00 - a typo nobody can read
- 2020-01-02 09:00 - background: config change merged
- 2020-01-16 10:05 - latency alert fired
- 2020-01-16 10:30 - database restored
`, want{"2020-01-16 10:05", "2020-01-16 10:05", "2020-01-16 10:30", "2020-01-16 10:30", "UTC", 0, 2}},

		{"time then a day-month-name date; the merge that caused it is background",
			DateContext{Title: "Data loss", FileName: "d.md"}, `## Timeline
* 11:10 6th Nov 2023 - upgrade merged
* 10:00 7th Nov 2023 - team noticed errors
`, want{"2023-11-07 10:00", "2023-11-07 10:00", "", "", "UTC", 0, 0}},

		{"month-day without a year takes the context's year",
			DateContext{Title: "Cache", FileName: "2021-03-27-cache.md"}, `## Timeline
[03-26 17:40] errors begin
[03-26 18:02] alert
[03-27 01:10] restored
`, want{"2021-03-26 17:40", "2021-03-26 18:02", "2021-03-27 01:10", "2021-03-27 01:10", "UTC", 0, 0}},

		{"year-less month names near a year boundary",
			DateContext{Title: "Fetch wrapper", FileName: "2026-01-03-fetch.md"}, `## Timeline
| Time (UTC) | Event |
|------------|-------|
| Dec 30, 10:18 AM | A customer reached out |
| Jan 2, 5:33 PM | Fix released, issue resolved |
`, want{"2025-12-30 10:18", "2025-12-30 10:18", "2026-01-02 17:33", "2026-01-02 17:33", "UTC", 2, 0}},

		{"an offset statement and a dated line for the times below it",
			DateContext{Title: "API errors", FileName: "api.md"}, `## Timeline
All times are UTC+2.

**March 5, 2024**
- 09:00 - error rate rises
- 09:12 - paged
- 11:00 - fixed
`, want{"2024-03-05 07:00", "2024-03-05 07:12", "2024-03-05 09:00", "2024-03-05 09:00", "UTC+2", 2, 0}},

		{"numeric day-month dates settled by the YYYY/MM/ directory",
			DateContext{Title: "04-03-2026 - Injection", FileName: "injection.md", Path: "content/postmortems/2026/03/injection.md"}, `## Timeline
- **04-03-2026 15:48 UTC** - report submitted
- **05-03-2026 10:07 UTC** - fix merged, issue resolved
`, want{"2026-03-04 15:48", "2026-03-04 15:48", "2026-03-05 10:07", "2026-03-05 10:07", "UTC", 2, 0}},

		{"a note in a block quote states the zone; paragraph entries over two lines",
			DateContext{Title: "Cert expired", FileName: "c.md"}, `## Timeline

> (all times in GMT)

2018-08-22, 03:26pm: first noticed that the site was
giving an error.

2018-08-23, 10:08am: proxying enabled again.
Issue resolved.
`, want{"2018-08-22 15:26", "2018-08-22 15:26", "2018-08-23 10:08", "2018-08-23 10:08", "GMT", 3, 0}},

		{"a zone in the timeline heading is the document's zone (times and the note agree)",
			DateContext{Title: "2023-04-21 Outage", FileName: "o.md"}, `## 2. Timeline (PST)

### 08:00
Errors begin.

### 08:10
Alert fired.

### 09:00
Restored.
`, want{"2023-04-21 16:00", "2023-04-21 16:10", "2023-04-21 17:00", "2023-04-21 17:00", "PST", 1, 0}},

		{"no timeline heading: nothing is read",
			DateContext{Title: "Prose", FileName: "p.md"}, `# Prose
At 4:11 AM UTC on November 24th the packages were published.
`, want{"", "", "", "", "UTC", 0, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tl := ReadTimeline([]byte(c.body), 1, c.ctx)
			got := tl.IncidentTimes()
			for _, k := range []struct {
				key, want string
			}{{fStarted, c.want.started}, {fDetected, c.want.detected}, {fMitigated, c.want.mitigated}, {fResolved, c.want.resolved}} {
				e, ok := got[k.key]
				switch {
				case k.want == "" && ok:
					t.Errorf("%s = %s (line %d), want none", k.key, e.At.Format(time.RFC3339), e.Line)
				case k.want != "" && !ok:
					t.Errorf("%s missing, want %s; entries %+v", k.key, k.want, tl.Entries)
				case ok && !e.At.Equal(utc(k.want)):
					t.Errorf("%s = %s, want %s UTC", k.key, e.At.Format(time.RFC3339), k.want)
				}
			}
			if tl.Zone != c.want.zone || tl.ZoneLine != c.want.zoneLine {
				t.Errorf("zone %s at line %d, want %s at %d", tl.Zone, tl.ZoneLine, c.want.zone, c.want.zoneLine)
			}
			if tl.Skipped != c.want.skipped {
				t.Errorf("skipped %d, want %d", tl.Skipped, c.want.skipped)
			}
		})
	}
}

// Each value keeps the line it came from, in file lines (body line 1 is
// file line 5 here).
func TestTimelineEntriesKeepTheirLines(t *testing.T) {
	body := "## Timeline\n\n- 2020-02-03 11:21 - alert fired\n- 2020-02-03 12:30 - restored\n"
	tl := ReadTimeline([]byte(body), 5, DateContext{})
	got := tl.IncidentTimes()
	if got[fStarted].Line != 7 || got[fResolved].Line != 8 {
		t.Errorf("lines %d and %d, want 7 and 8", got[fStarted].Line, got[fResolved].Line)
	}
	if got[fResolved].Source != "- 2020-02-03 12:30 - restored" {
		t.Errorf("source %q", got[fResolved].Source)
	}
}

// The words of METRICS.md decide: started is the first entry that says
// impact began (not the deploy before it); a negated or partial word does
// not count, and mitigated lies between detected and resolved.
func TestIncidentTimesWords(t *testing.T) {
	body := `## Timeline
- 2024-01-01 10:00 - deploy
- 2024-01-01 10:05 - customers reported errors
- 2024-01-01 10:20 - issue not resolved by restart
- 2024-01-01 10:40 - partially restored
- 2024-01-01 11:00 - rolled back
- 2024-01-01 11:30 - recovered
- 2024-01-01 12:00 - reverted the follow-up
`
	got := ReadTimeline([]byte(body), 1, DateContext{}).IncidentTimes()
	want := map[string]string{fStarted: "2024-01-01 10:05", fDetected: "2024-01-01 10:05", fMitigated: "2024-01-01 11:00", fResolved: "2024-01-01 11:30"}
	for k, w := range want {
		if !got[k].At.Equal(utc(w)) {
			t.Errorf("%s = %s, want %s", k, got[k].At, w)
		}
	}
}

func TestReadWhenRefusesWhatItCannotRead(t *testing.T) {
	for _, s := range []string{"HH:mm - x", "20202-01-16 10:00", "25:10 - x", "Monday was fine", "the 10:00 deploy", "25:00pm", "0:30 PM"} {
		if w, _, ok := readWhen(s); ok {
			t.Errorf("%q read as %+v", s, w)
		}
	}
	// A date that is no calendar day is read as written and refused later.
	if w, _, ok := readWhen("2024-13-40 10:00"); ok && validDate(w.year, w.month, w.day) {
		t.Errorf("2024-13-40 taken as a day")
	}
}

func TestReadWhenForms(t *testing.T) {
	cases := map[string]string{
		"2:54 PM PST - x":                      "0-0-0 14:54 PST",
		"11:10 6th Nov 2023":                   "2023-11-6 11:10 -",
		"Jan 14, 10:18 AM |":                   "0-1-14 10:18 -",
		"16:58 UTC - x":                        "0-0-0 16:58 UTC",
		"2020-02-03T11:21:00Z":                 "2020-2-3 11:21 UTC",
		"24-10-2024 - 08:15":                   "2024-10-24 8:15 -",
		"10:08am: x":                           "0-0-0 10:08 -",
		"03-26 17:40 x":                        "0-3-26 17:40 -",
		"Tuesday, March 5, 2024 at 9:00 (UTC)": "2024-3-5 9:00 UTC",
		"10:00 GMT+1 x":                        "0-0-0 10:00 GMT+1",
		"10:00 +05:30 x":                       "0-0-0 10:00 +05:30",
		"02:00-04:30 - x":                      "0-0-0 2:00 -",
	}
	for in, want := range cases {
		w, _, ok := readWhen(in)
		z := "-"
		if w.zone != nil {
			z = w.zone.name
		}
		got := fmt.Sprintf("%d-%d-%d %d:%02d %s", w.year, w.month, w.day, w.hour, w.min, z)
		if !ok || got != want {
			t.Errorf("readWhen(%q) = %q (ok %v), want %q", in, got, ok, want)
		}
	}
}

// A hostile body (a megabyte line, thousands of entries) is read in
// linear time and changes nothing.
func TestTimelineOnHugeInputStaysCheap(t *testing.T) {
	var b strings.Builder
	b.WriteString("## Timeline\n")
	b.WriteString(strings.Repeat("x 9 ", 250000) + "\n")
	for i := 0; i < 5000; i++ {
		b.WriteString("- 2024-01-01 10:00 - alert\n")
	}
	tl := ReadTimeline([]byte(b.String()), 1, DateContext{Title: strings.Repeat("a ", 100000)})
	if len(tl.Entries) != 5000 {
		t.Errorf("%d entries", len(tl.Entries))
	}
}
