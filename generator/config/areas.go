package config

// The [areas] and [teams] tables:
//
//	[areas]
//	prefixes = ["area/", "component:"]   # a label "area/search" puts an issue in area "search"
//	[areas.labels]                        # an area and the labels (any case) that put an issue in it
//	"Data loading" = ["loading", "streaming"]
//
//	[teams]                               # a team and the areas and repos (owner/name) it owns
//	"Platform" = ["Data loading", "owner/api"]
//
// An issue with labels of two areas counts in both; an issue in no area
// is in "unassigned". A team's issues are those of its areas and repos.

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/diag"
)

// Areas is the [areas] table.
type Areas struct {
	Prefixes []string            `toml:"prefixes"`
	Labels   map[string][]string `toml:"labels"`
}

// Unassigned is the area of issues that no [areas] entry claims.
const Unassigned = "unassigned"

// HasAreas reports whether the site declares areas or teams.
func (c *Config) HasAreas() bool {
	return len(c.Areas.Prefixes) > 0 || len(c.Areas.Labels) > 0 || len(c.Teams) > 0
}

func (c *Config) validateAreas(path string, pos position) diag.List {
	var ds diag.List
	add := func(key []string, format string, args ...any) {
		l, col := pos.of(key...)
		ds = append(ds, diag.Diag{Path: path, Line: l, Col: col, Msg: fmt.Sprintf(format, args...)})
	}
	for _, p := range c.Areas.Prefixes {
		if strings.TrimSpace(p) == "" {
			add([]string{"areas", "prefixes"}, "areas: prefixes holds an empty prefix; write label prefixes such as \"area/\"")
		}
	}
	areas := sortedKeys(c.Areas.Labels)
	known := map[string]bool{}
	for _, a := range areas {
		known[strings.ToLower(a)] = true
		if strings.TrimSpace(a) == "" || strings.EqualFold(a, Unassigned) || strings.EqualFold(a, "all") {
			add([]string{"areas", "labels", a}, "areas: %q cannot name an area (empty, \"unassigned\" and \"all\" are taken)", a)
		}
		if len(c.Areas.Labels[a]) == 0 {
			add([]string{"areas", "labels", a}, "areas: area %q lists no labels", a)
		}
	}
	repos := map[string]bool{}
	for _, r := range c.GitHub.Repos {
		repos[strings.ToLower(r)] = true
	}
	owner := map[string]string{}
	for _, team := range sortedKeys(c.Teams) {
		if strings.TrimSpace(team) == "" {
			add([]string{"teams"}, "teams: a team needs a name")
		}
		for _, x := range c.Teams[team] {
			k := strings.ToLower(x)
			switch {
			case strings.Contains(x, "/") && !repos[k] && !known[k]:
				add([]string{"teams", team}, "teams: %q of team %q is neither a [github] repo nor an area", x, team)
			case !strings.Contains(x, "/") && !known[k] && len(c.Areas.Prefixes) == 0 && !strings.EqualFold(x, Unassigned):
				add([]string{"teams", team}, "teams: %q of team %q is not an area of [areas.labels]", x, team)
			}
			if other, dup := owner[k]; dup && other != team {
				add([]string{"teams", team}, "teams: %q is in teams %q and %q; give it one team", x, other, team)
			}
			owner[k] = team
		}
	}
	return ds
}

func sortedKeys(m map[string][]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
