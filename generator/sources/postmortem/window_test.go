package postmortem

import (
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
)

// A labelled impact window gives started and mitigated (the impact
// ended), and resolved when the timeline says nothing resolved it; the
// values are worked out by hand (UTC).
func TestImpactWindowGivesStartAndEnd(t *testing.T) {
	cases := []struct {
		name, file, body             string
		started, mitigated, resolved string // "" none
	}{
		{"a window with the zone after it, the date from the file name", "2026-07-23-validator.md",
			"# Validator incident\n\n**Impact Window:** **08:43–10:52 UTC** (partial, see timeline)\n\n## Summary\nThe validator stopped signing.\n",
			"2026-07-23 08:43", "2026-07-23 10:52", "2026-07-23 10:52"},
		{"Impact: a range in PST, the date from the title", "hub.md",
			"# 2024-03-05 Hub outage\n\nImpact: 14:02 - 14:47 PST\n",
			"2024-03-05 22:02", "2024-03-05 22:47", "2024-03-05 22:47"},
		{"Duration of impact with dates, past midnight; the timeline resolves later", "db.md",
			"# Database\n\n- Duration of impact: 2024-03-05 23:40 to 2024-03-06 00:20 UTC\n\n## Timeline\n- 2024-03-06 09:00 UTC - incident closed\n",
			"2024-03-05 23:40", "2024-03-06 00:20", "2024-03-06 09:00"},
		{"a window with no date to be had gives nothing", "notes.md",
			"# Notes\n\nImpact window: 08:43-10:52\n", "", "", ""},
		{"impact in words is no window", "x.md",
			"# X\n\n**Impact:** ~38% of requests returning errors for 45 minutes\n", "", "", ""},
		{"two windows (two incidents) give nothing", "two.md",
			"# Two\n\nImpact: 10:00-11:00 UTC\n\nImpact: 15:00-16:00 UTC\n", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fm, body, _ := frontmatter.Parse(c.file, []byte(c.body))
			pm := Read(frontmatter.NewDecoder(c.file, fm), Doc{Path: "content/postmortems/" + c.file, FileName: c.file, Slug: "x", Title: titleOf(c.body)}, body)
			for _, v := range []struct {
				key  string
				got  *time.Time
				want string
			}{{fStarted, pm.Started, c.started}, {fMitigated, pm.Mitigated, c.mitigated}, {fResolved, pm.Resolved, c.resolved}} {
				switch {
				case v.want == "" && v.got != nil:
					t.Errorf("%s = %s, want none (%v)", v.key, v.got.Format(time.RFC3339), pm.Inferred)
				case v.want != "" && v.got == nil:
					t.Errorf("%s missing, want %s", v.key, v.want)
				case v.want != "" && v.got.UTC().Format("2006-01-02 15:04") != v.want:
					t.Errorf("%s = %s, want %s UTC (%s)", v.key, v.got.UTC().Format("2006-01-02 15:04"), v.want, pm.Inferred[v.key])
				}
			}
			if c.started != "" && (pm.Sources[fStarted].Line != 3 || pm.Sources[fStarted].Words != "the impact window's start") {
				t.Errorf("started's source %+v, want line 3", pm.Sources[fStarted])
			}
		})
	}
}

func titleOf(body string) string {
	for i := 2; i < len(body); i++ {
		if body[i] == '\n' {
			return body[2:i]
		}
	}
	return ""
}
