package postmortem

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A labelled impact window near the top of a report ("**Impact Window:**
// 08:43–10:52 UTC", "Impact: 14:02 - 14:47 PST", "Duration of impact:
// 2024-03-05 10:00 to 11:30") states when the impact began and ended: it
// gives started and, as "Impact ended" does, mitigated (METRICS.md,
// labelled key events). A time alone takes the document's date (title,
// file name, first dated sentence); a zone, the range's own, else the
// document's stated zone, else UTC. Nothing is read when no date can be
// had, or when more than one window is labelled (a report of several
// incidents).

var (
	impactWindowRE = regexp.MustCompile(`(?i)^\s*(?:[-*]\s+)?(?:#{1,6}\s+)?(impact window|impact|duration of (?:the )?impact|impact duration|outage window|incident window|time of impact)\s*:\s*(.+)$`)
	// rangeRE splits a range after its first time of day.
	rangeRE = regexp.MustCompile(`(?i)^(.*?\b\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,5}\b)?)\s*(?:–|—|-|\bto\b|\buntil\b)\s*(.+)$`)
)

// windowLines is how far from the top a window is looked for.
const windowLines = 40

// impactWindow reads the labelled window: its start and end (UTC), the
// file line and the label. ok is false when there is none to read.
func impactWindow(body []byte, firstLine int, ctx DateContext) (start, end time.Time, line int, label string, ok bool) {
	ls := docLines(body, firstLine)
	found := 0
	var w1, w2 when
	for i, l := range ls {
		if i >= windowLines {
			break
		}
		if l.skip {
			continue
		}
		m := impactWindowRE.FindStringSubmatch(strings.NewReplacer("**", "", "__", "").Replace(l.text))
		if m == nil {
			continue
		}
		a, b, yes := timeRange(strings.TrimSpace(m[2]))
		if !yes {
			continue
		}
		found++
		w1, w2, line, label = a, b, l.n, m[1]
	}
	if found != 1 {
		return time.Time{}, time.Time{}, 0, "", false
	}
	day := time.Time{}
	if w1.hasDate() && w1.year != 0 {
		day = time.Date(w1.year, time.Month(w1.month), w1.day, 0, 0, 0, 0, time.UTC)
	} else if !w1.hasDate() {
		day, _ = contextDate(ls, ctx, 0)
	}
	if day.IsZero() {
		return time.Time{}, time.Time{}, 0, "", false
	}
	zone := w2.zone
	if zone == nil {
		zone = w1.zone
	}
	if zone == nil {
		for _, l := range ls {
			if z := statedZone(l.text); z != nil && !l.skip {
				zone = z
				break
			}
		}
	}
	at := func(day time.Time, w when) time.Time {
		local := day.Add(time.Duration(w.hour)*time.Hour + time.Duration(w.min)*time.Minute + time.Duration(w.sec)*time.Second)
		if zone == nil {
			return local
		}
		return local.Add(-time.Duration(zone.offsetAt(local)) * time.Second)
	}
	endDay := day
	if w2.hasDate() && w2.year != 0 {
		endDay = time.Date(w2.year, time.Month(w2.month), w2.day, 0, 0, 0, 0, time.UTC)
	} else if w2.hasDate() {
		endDay = time.Date(day.Year(), time.Month(w2.month), w2.day, 0, 0, 0, 0, time.UTC)
	}
	start, end = at(day, w1), at(endDay, w2)
	if !w2.hasDate() && end.Before(start) {
		end = at(endDay.AddDate(0, 0, 1), w2) // 23:40–00:20: past midnight
	}
	if end.Before(start) {
		return time.Time{}, time.Time{}, 0, "", false
	}
	return start, end, line, label, true
}

// timeRange reads "08:43–10:52 UTC", "14:02 - 14:47 PST", "2024-03-05
// 10:00 to 11:30": two times of day, each with an optional date.
func timeRange(s string) (a, b when, ok bool) {
	m := rangeRE.FindStringSubmatch(s)
	if m == nil {
		return when{}, when{}, false
	}
	a, rest, ok := readWhen(strings.TrimSpace(m[1]))
	if !ok || !a.hasTime || strings.TrimSpace(rest) != "" {
		return when{}, when{}, false
	}
	b, _, ok = readWhen(m[2])
	if !ok || !b.hasTime {
		return when{}, when{}, false
	}
	return a, b, true
}

// windowWords: why each value of a window is what it is (the page's
// "Because" column).
var windowWords = map[string]string{
	fStarted:   "the impact window's start",
	fMitigated: "the impact window's end (the impact ended)",
	fResolved:  "the impact window's end (no later entry resolves it)",
}

// windowSource says where a window's value came from.
func windowSource(line int, label string) string {
	return "line " + strconv.Itoa(line) + `: labelled line "` + label + `"`
}
