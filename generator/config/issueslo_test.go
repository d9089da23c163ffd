package config

import (
	"strings"
	"testing"
	"time"
)

const issueSite = `title = "Demo"

[github]
repos = ["o/app", "o/api"]

[issues]
bots = ["DrahtBot"]

[[slo]]
name = "Bugs answered"
issues = ["bug"]
repo = "o/app"
within = "16h"
business_hours = "Mon-Fri 09:00-17:00 Europe/Berlin"
target = 0.9
window = "28d"

[[slo]]
name = "Every issue closed"
issues = []
close_within = "14d"
target = 0.8

[areas]
prefixes = ["area/"]
[areas.labels]
"Data loading" = ["loading", "streaming"]

[teams]
"Platform" = ["Data loading", "o/api"]
`

func TestIssueSLODecodesToARule(t *testing.T) {
	c, err := Parse("site.toml", []byte(issueSite), "/site")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Issues.Bots) != 1 || c.Issues.Bots[0] != "DrahtBot" {
		t.Errorf("bots %q", c.Issues.Bots)
	}
	s, err := c.SLOs[0].Spec()
	if err != nil || s.Issues == nil || s.Issues.Within != 16*time.Hour || s.Issues.Close || s.Issues.Repo != "o/app" ||
		s.Issues.Hours.IsCalendar() || len(s.Issues.Labels) != 1 || s.Window != 28*24*time.Hour {
		t.Fatalf("spec %+v %v", s, err)
	}
	s, err = c.SLOs[1].Spec()
	if err != nil || s.Issues == nil || !s.Issues.Close || s.Issues.Within != 14*24*time.Hour || len(s.Issues.Labels) != 0 || !s.Issues.Hours.IsCalendar() {
		t.Fatalf("close spec %+v %v", s, err)
	}
	if !c.HasAreas() || c.Areas.Labels["Data loading"][1] != "streaming" || c.Teams["Platform"][1] != "o/api" {
		t.Errorf("areas %+v teams %+v", c.Areas, c.Teams)
	}
}

func TestIssueSLOErrorsNameLineAndExpectedForm(t *testing.T) {
	cases := []struct{ name, from, to, want string }{
		{"bad business hours", `business_hours = "Mon-Fri 09:00-17:00 Europe/Berlin"`, `business_hours = "weekdays 9 to 5"`,
			`site.toml:14:1: slo "Bugs answered": business_hours "weekdays 9 to 5": want three parts: days, hours and zone; expected the form "Mon-Fri 09:00-17:00 Europe/Berlin"`},
		{"unknown zone", `Europe/Berlin"`, `Europe/Bxrlin"`, `site.toml:14:1: slo "Bugs answered": business_hours "Mon-Fri 09:00-17:00 Europe/Bxrlin": "Europe/Bxrlin" is not an IANA time zone`},
		{"no target time", `within = "16h"`, ``, `site.toml:11:1: slo "Bugs answered": an issue SLO needs within`},
		{"both", `close_within = "14d"`, "close_within = \"14d\"\nwithin = \"1h\"", `site.toml:21:1: slo "Every issue closed": set within or close_within, not both`},
		{"bad within", `within = "16h"`, `within = "two days"`, `site.toml:13:1: slo "Bugs answered": within "two days" is not a length`},
		{"repo not configured", `repo = "o/app"`, `repo = "o/web"`, `site.toml:12:1: slo "Bugs answered": repo "o/web" is not one of [github] repos`},
		{"issue keys on a metric slo", `issues = []`, `total = "x"`, `slo "Every issue closed": close_within applies to issue SLOs only`},
		{"team names an unknown area", `"Platform" = ["Data loading", "o/api"]`, `"Platform" = ["Data loading", "o/web"]`, `site.toml:30:1: teams: "o/web" of team "Platform" is neither a [github] repo nor an area`},
		{"area in two teams", `"Platform" = ["Data loading", "o/api"]`, "\"Platform\" = [\"Data loading\"]\n\"Web\" = [\"data loading\"]", `teams: "data loading" is in teams "Platform" and "Web"`},
		{"reserved area name", `"Data loading" = [`, `"unassigned" = [`, `areas: "unassigned" cannot name an area`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(issueSite, c.from, c.to, 1)
			if src == issueSite {
				t.Fatal("edit did not apply")
			}
			_, err := Parse("site.toml", []byte(src), "/site")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("want %q in:\n%v", c.want, err)
			}
		})
	}
}
