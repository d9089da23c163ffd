package postmortem

import (
	"strings"
	"testing"
	"time"
)

// The forms of issue 17, each in a small document written for the test,
// with the values worked out by hand (UTC; abbreviations are fixed
// offsets, PT the real Pacific zone).
func TestTimelineFlowForms(t *testing.T) {
	cases := []struct {
		name, title, file, body string
		want                    map[string]string // key -> "2006-01-02 15:04" or "2006-01-02" (day) ; "" none
	}{
		{"time headings take the date of the first heading that has one",
			"2019-03-02, Queue down", "q.md", `## Timeline
All times in CET

### Mar 2 2019 09:10
Deploy of the new worker.

### 09:30
Users report failing uploads.

### 10:05
Worker rolled back, uploads work again.
`, map[string]string{fStarted: "2019-03-02 08:30", fDetected: "2019-03-02 08:30", fMitigated: "2019-03-02 09:05", fResolved: "2019-03-02 09:05"}},

		{"day headings inside the timeline, bare 12-hour times, a day after the time",
			"Incident report Jan 9 2024 - Hub down", "h.md", `## Timeline

_All times in EST_

## Jan 9
11:40 PM
First alert fires

## Jan 10
1:05
Engineer acknowledges the alert

1:30
Hub restarted, service restored

4:15 PM EST Wednesday Jan 10th: incident closed
`, map[string]string{fStarted: "2024-01-10 04:40", fDetected: "2024-01-10 04:40", fMitigated: "2024-01-10 06:30", fResolved: "2024-01-10 21:15"}},

		{"a table with date and time in their own columns and the year in the header",
			"Suspicious login", "2021-07-01-login.md", `## Timeline (all times PT)

| Day | Date (2021) | Time (PT) | Event |
|-----|-------------|-----------|-------|
| Thu | Jul 1 | 22:10 | User reports an unexpected login prompt
| Thu | Jul 1 | 22:20 | Security team disables the account
| Fri | Jul 2 | 09:00 | Verified as a false positive
`, map[string]string{fStarted: "2021-07-02 05:10", fDetected: "2021-07-02 05:10", fMitigated: "2021-07-02 05:20", fResolved: "2021-07-02 16:00"}},

		{"dates only: day precision; a year cut short; the zone and range in the heading",
			"Cache returns stale blocks", "2024-05-01-cache.md", `## Timeline (all times PST) 03/04/2024 - 03/20/2024

03-04-2024 - Community members reported stale blocks in the forum.

03-06-2024 - Release 2.1 was recalled.

03/20/202 - Version 2.2 was released that included the fix.
`, map[string]string{fStarted: "2024-03-04", fDetected: "2024-03-04", fMitigated: "2024-03-06", fResolved: "2024-03-20"}},

		{"a day marker line, 13:55 PM, an entry's own zone wins, background merge",
			"Mail relay", "m.md", `## Timeline (PST)
_6/10/22_

09:00 AM: PR 42 was merged (the root cause).

13:55 PM: Alarms fire for the mail queue.

15:30 PM MST: Queue drained, mail flowing again.
`, map[string]string{fStarted: "2022-06-10 21:55", fDetected: "2022-06-10 21:55", fMitigated: "2022-06-10 22:30", fResolved: "2022-06-10 22:30"}},

		{"labelled key events and one value per entry",
			"DB failover 2023-08-01", "d.md", `## Timeline
- 2023-08-01 10:00 UTC - Impact started: writes fail
- 2023-08-01 10:04 UTC - Alerted: on-call paged
- 2023-08-01 10:20 UTC - detected the bad replica and resolved the lag by failing over
- 2023-08-01 11:00 UTC - Resolved
`, map[string]string{fStarted: "2023-08-01 10:00", fDetected: "2023-08-01 10:04", fMitigated: "2023-08-01 10:20", fResolved: "2023-08-01 11:00"}},

		{"the first entry says the impact had lasted hours: the start is not stated",
			"Builds stuck 2020-02-02", "b.md", `## Timeline
- 09:00 UTC - build success rate has been at zero for several hours now; problem identified
- 09:40 UTC - stuck runners deleted, builds working again
`, map[string]string{fStarted: "", fDetected: "2020-02-02 09:00", fMitigated: "2020-02-02 09:40", fResolved: "2020-02-02 09:40"}},

		{"a vulnerability reported and never said to be exploited is a near miss",
			"Parser overflow", "2023-02-01-parser.md", `## Timeline (all times UTC) 01/10/2023 - 02/01/2023

01/10/2023 - A researcher submitted a bug bounty report describing the overflow.

02/01/2023 - Version 3.4 was released with the fix.
`, map[string]string{fStarted: "", fDetected: "2023-01-10", fResolved: "2023-02-01"}},

		{"bare 1600, 11.50 and ~15:00 as leading times",
			"Storage full 2022-11-03", "s.md", `## Timeline
11.50 UTC - deploy of the log rotation change
1600 UTC - disk full errors, alert fires
~17:20 UTC - volume extended, service restored
`, map[string]string{fStarted: "2022-11-03 16:00", fDetected: "2022-11-03 16:00", fMitigated: "2022-11-03 17:20", fResolved: "2022-11-03 17:20"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkTimes(t, c.title, c.file, c.body, c.want) })
	}
}

// checkTimes reads the timeline of a document titled title and compares
// the four times with want (key -> "2006-01-02 15:04" UTC, "2006-01-02" a
// date, "" none).
func checkTimes(t *testing.T, title, file, body string, want map[string]string) {
	t.Helper()
	tl := ReadTimeline([]byte("# "+title+"\n"+body), 1, DateContext{Title: title, FileName: file})
	got := tl.IncidentTimes()
	for _, k := range []string{fStarted, fDetected, fMitigated, fResolved} {
		w, asked := want[k]
		if !asked {
			continue
		}
		p, ok := got[k]
		switch {
		case w == "" && ok:
			t.Errorf("%s = %s (line %d, %s), want none", k, p.At.Format(time.RFC3339), p.Line, p.Words)
		case w == "":
		case !ok:
			t.Errorf("%s missing, want %s; entries %+v", k, w, tl.Entries)
		case len(w) == 10 && (!p.Day || p.At.Format("2006-01-02") != w):
			t.Errorf("%s = %s (day %v, %s), want the date %s", k, p.At.Format(time.RFC3339), p.Day, p.Words, w)
		case len(w) > 10 && (p.Day || p.At.Format("2006-01-02 15:04") != w):
			t.Errorf("%s = %s (day %v, line %d, %s), want %s UTC", k, p.At.Format(time.RFC3339), p.Day, p.Line, p.Words, w)
		}
	}
}

// A note that says there was no impact makes a near miss, named with its
// line; the hint names a line whose time cannot be placed.
func TestNearMissAndUnplacedHint(t *testing.T) {
	body := "# X\n\nThe bug was not exploited.\n\n## Timeline\n- 2X:XX - something happened\n- 2024-02-02 10:00 UTC - reported by a user\n"
	tl := ReadTimeline([]byte(body), 1, DateContext{Title: "X", FileName: "x.md"})
	if tl.NoImpact == nil || tl.NoImpact.Line != 3 {
		t.Fatalf("near miss %+v, want line 3", tl.NoImpact)
	}
	if _, ok := tl.IncidentTimes()[fStarted]; ok {
		t.Errorf("a near miss has no started")
	}
	if len(tl.Unplaced) != 1 || tl.Unplaced[0].Line != 6 || !strings.Contains(tl.Unplaced[0].Why, "cannot be read") {
		t.Errorf("unplaced %+v", tl.Unplaced)
	}
}
