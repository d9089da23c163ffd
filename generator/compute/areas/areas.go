// Package areas computes issue figures per area and per team ([areas] and
// [teams] in site.toml): each group's issues go through the same issue
// computation as a repository's (issuestats), so every figure means what
// it means on the issues pages. An issue with labels of two areas counts
// in both; an issue in no area is in "unassigned", never dropped. Pure
// functions, no I/O.
package areas

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/compute/slo"
)

// Unassigned is the area of issues no label puts in an area.
const Unassigned = "unassigned"

// Recent is the span of the comparison's flow figures.
const Recent = 90 * 24 * time.Hour

// Spec is the site's [areas] and [teams].
type Spec struct {
	// Prefixes: a label "area/search" with prefix "area/" puts the issue in
	// area "search" (compared case-insensitively; the area keeps the label's spelling).
	Prefixes []string
	// Labels maps an area to the labels that put an issue in it.
	Labels map[string][]string
	// Teams maps a team to the areas and repos ("owner/name") it owns.
	Teams map[string][]string
}

// AreasOf are the areas of an issue's labels, sorted; [Unassigned] when none.
func (s Spec) AreasOf(labels []string) []string {
	var out []string
	for _, l := range labels {
		for _, p := range s.Prefixes {
			if len(l) > len(p) && strings.EqualFold(l[:len(p)], p) {
				out = append(out, strings.TrimSpace(l[len(p):]))
			}
		}
	}
	for area, ls := range s.Labels {
		if model.HasLabel(labels, ls) {
			out = append(out, area)
		}
	}
	if len(out) == 0 {
		return []string{Unassigned}
	}
	// One spelling per area, case-insensitively: the configured name wins
	// over a prefix label's spelling.
	canon := map[string]string{}
	for a := range s.Labels {
		canon[strings.ToLower(a)] = a
	}
	seen := map[string]bool{}
	uniq := out[:0]
	for _, a := range out {
		k := strings.ToLower(a)
		if c, ok := canon[k]; ok {
			a = c
		}
		if !seen[k] {
			seen[k] = true
			uniq = append(uniq, a)
		}
	}
	slices.Sort(uniq)
	return uniq
}

// teamOf is the team that owns an area or repo ("" when none).
func (s Spec) teamOf(x string) string {
	teams := make([]string, 0, len(s.Teams))
	for t := range s.Teams {
		teams = append(teams, t)
	}
	slices.Sort(teams)
	for _, t := range teams {
		for _, y := range s.Teams[t] {
			if strings.EqualFold(x, y) {
				return t
			}
		}
	}
	return ""
}

// Options are the inputs besides the dataset.
type Options struct {
	AsOf      time.Time
	BugLabels []string
	Bots      []string
	// Facts are the counted issues of the dataset with their first
	// response and close (issuestats.FactsOf(issuestats.Times(...))).
	Facts []issuestats.IssueFact
	// ResponseSLO names the SLO whose verdicts fill
	// first_response_within_target; Verdicts holds them, one per fact of
	// Facts (slo.Pending for an issue the SLO does not count; "" and nil: none).
	ResponseSLO string
	Verdicts    []slo.Verdict
}

// Group is one area or team.
type Group struct {
	Name string
	Team string // the area's team; for a team, its own name
	Kind string // "area" or "team"
	Slug string // unique among groups of its kind, for page paths
	// Issues is how many issues the group holds (created before as_of).
	Issues int
	Stats  *issuestats.RepoStats
	// Over the last 90 days before as_of.
	Opened, Closed, BugsOpened int
	CloseMedianDays            *float64 // issues closed in the last 90 days
	FirstResponseMedianHours   *float64 // issues created in the last 90 days
	// ResponseGood and ResponseBad count the response SLO's decided issues
	// created in the last 90 days.
	ResponseGood, ResponseBad int
	Months                    []Month
	Forecast                  Forecast
}

// Per100Open scales a count to 100 open issues of the group (nil without open issues).
func (g *Group) Per100Open(n int) *float64 {
	if g.Stats == nil || g.Stats.Open == 0 {
		return nil
	}
	v := 100 * float64(n) / float64(g.Stats.Open)
	return &v
}

// ResponseShare is ResponseGood over the decided issues; nil when none.
func (g *Group) ResponseShare() *float64 {
	n := g.ResponseGood + g.ResponseBad
	if n == 0 {
		return nil
	}
	v := float64(g.ResponseGood) / float64(n)
	return &v
}

// Month is one row of areas.csv.
type Month struct {
	Point issuestats.Point
	// WithinTarget is the share of the month's issues (by creation) that the
	// response SLO judged good; nil when it judged none.
	WithinTarget *float64
}

// Report is every group.
type Report struct {
	AsOf  time.Time
	Areas []*Group // by name, Unassigned last
	Teams []*Group // by name
	// InSeveral counts issues in two or more areas (counted in each).
	InSeveral int
	// ResponseSLO is Options.ResponseSLO.
	ResponseSLO string
}

// Compute groups d's issues by area and team.
func Compute(s Spec, d *model.Dataset, o Options) *Report {
	a := NewAcc(s, o)
	a.Add(d)
	return a.Report(o)
}

// Acc adds up the groups' issue figures one repository at a time (Add),
// so that a build holds one repository's comments and events at a time;
// Report makes the groups from the figures and Options.Facts.
type Acc struct {
	s     Spec
	opts  issuestats.Options
	repos []string                               // in the order added
	parts map[string]map[string]*issuestats.Part // group key -> repo -> part
	memo  map[string]membership                  // labels and repo -> groups
	teams map[string]string                      // lower area or repo -> team
	seen  int                                    // issue records added
}

// Empty says whether no repository added had an issue record.
func (a *Acc) Empty() bool { return a.seen == 0 }

// membership is the groups of an issue: its areas (spelled) and the keys
// of every group it is in ("a:" lower area, "t:" team).
type membership struct {
	areas []string
	keys  []string
}

// NewAcc starts the groups of s as of o.AsOf.
func NewAcc(s Spec, o Options) *Acc {
	a := &Acc{s: s, opts: issuestats.Options{AsOf: o.AsOf, BugLabels: o.BugLabels, Bots: o.Bots},
		parts: map[string]map[string]*issuestats.Part{}, memo: map[string]membership{}, teams: map[string]string{}}
	names := make([]string, 0, len(s.Teams))
	for t := range s.Teams {
		names = append(names, t)
	}
	slices.Sort(names)
	for _, t := range names { // the first team (by name) that owns a thing owns it
		for _, y := range s.Teams[t] {
			if _, ok := a.teams[strings.ToLower(y)]; !ok {
				a.teams[strings.ToLower(y)] = t
			}
		}
	}
	return a
}

func (a *Acc) member(repo string, labels []string) membership {
	k := repo + "\x00" + strings.Join(labels, "\x00")
	if m, ok := a.memo[k]; ok {
		return m
	}
	m := membership{areas: a.s.AreasOf(labels)}
	teams := map[string]bool{}
	for _, ar := range m.areas {
		m.keys = append(m.keys, "a:"+strings.ToLower(ar))
		if t := a.teams[strings.ToLower(ar)]; t != "" {
			teams[t] = true
		}
	}
	if t := a.teams[strings.ToLower(repo)]; t != "" {
		teams[t] = true
	}
	for t := range teams {
		m.keys = append(m.keys, "t:"+t)
	}
	slices.Sort(m.keys[len(m.areas):])
	a.memo[k] = m
	return m
}

// Add computes the groups' figures of d's repositories (usually one).
func (a *Acc) Add(d *model.Dataset) {
	a.AddWith(d, issuestats.FirstResponses(d, a.opts), nil)
}

// AddWith is Add with d's first responses indexed already
// (issuestats.FirstResponses of d with the Acc's as_of and bots; nil when d
// has two records of one number), and, when whole is not nil, d's issue
// figures (issuestats.ComputeParts of d with the Acc's as_of, bug labels
// and bots): a group that holds every counted issue of d (a team that owns
// the repository) takes those rather than computing them again. Neither is
// changed but for the sorting of whole's durations, which Merge does too.
func (a *Acc) AddWith(d *model.Dataset, resp *issuestats.Responses, whole []*issuestats.Part) {
	for _, r := range d.Repos {
		if !slices.Contains(a.repos, r) {
			a.repos = append(a.repos, r)
		}
	}
	a.seen += len(d.Issues)
	// Each issue record's groups; then each group's figures from its
	// records in place (issuestats.ComputePartsOf: no copy).
	gid := map[string]int{}
	var names []string
	recIDs := make([][]int, len(d.Issues)) // issue record -> group ids
	idsOf := map[*string][]int{}           // memoised memberships share their keys
	for i := range d.Issues {
		is := &d.Issues[i]
		if !is.CreatedAt.Before(a.opts.AsOf) {
			continue
		}
		m := a.member(is.Repo, is.Labels)
		ids, ok := idsOf[&m.keys[0]]
		if !ok {
			for _, g := range m.keys {
				id, ok := gid[g]
				if !ok {
					id = len(names)
					gid[g] = id
					names = append(names, g)
				}
				ids = append(ids, id)
			}
			idsOf[&m.keys[0]] = ids
		}
		recIDs[i] = ids
	}
	// Sixty-four groups at a time, each issue record's groups as a bit mask.
	im := make([]uint64, len(d.Issues))
	for base := 0; base < len(names); base += 64 {
		for i, ids := range recIDs {
			im[i] = 0
			for _, id := range ids {
				if id >= base && id < base+64 {
					im[i] |= 1 << (id - base)
				}
			}
		}
		for id := base; id < min(base+64, len(names)); id++ {
			bit := uint64(1) << (id - base)
			if whole != nil && a.holdsAll(d, im, bit) {
				a.addParts(names[id], whole)
				continue
			}
			a.addGroup(d, names[id], bit, im, resp)
		}
	}
}

// holdsAll says whether every issue of d that is counted (created before
// as_of) has bit in its mask.
func (a *Acc) holdsAll(d *model.Dataset, im []uint64, bit uint64) bool {
	for i := range d.Issues {
		if im[i]&bit == 0 && d.Issues[i].CreatedAt.Before(a.opts.AsOf) {
			return false
		}
	}
	return true
}

// addParts adds parts, one per repository, to group g.
func (a *Acc) addParts(g string, parts []*issuestats.Part) {
	byRepo := a.parts[g]
	if byRepo == nil {
		byRepo = map[string]*issuestats.Part{}
		a.parts[g] = byRepo
	}
	for _, p := range parts {
		byRepo[p.Repo()] = p
	}
}

// addGroup computes the figures of group g's issues of d: those whose
// mask has bit (with their comments and events, which issuestats finds
// by issue).
func (a *Acc) addGroup(d *model.Dataset, g string, bit uint64, im []uint64, resp *issuestats.Responses) {
	a.addParts(g, issuestats.ComputePartsWith(d, a.opts, func(i int) bool { return im[i]&bit != 0 }, resp))
}

// stats merges a group's parts in the order the repositories were added
// (a repository without the group's issues adds an empty part).
func (a *Acc) stats(g string) *issuestats.RepoStats {
	parts := make([]*issuestats.Part, 0, len(a.repos))
	for _, r := range a.repos {
		p := a.parts[g][r]
		if p == nil {
			p = issuestats.ComputeParts(&model.Dataset{AsOf: a.opts.AsOf, Repos: []string{r}}, a.opts)[0]
		}
		parts = append(parts, p)
	}
	delete(a.parts, g) // merged once: its memory goes as the groups are made
	return issuestats.Merge(parts, a.opts).All
}

// Report makes the groups: their members are the issues of o.Facts (the
// counted issues of every repository added), their figures those of Add.
// It consumes what Add added: call it once.
func (a *Acc) Report(o Options) *Report {
	s := a.s
	rep := &Report{AsOf: o.AsOf, ResponseSLO: o.ResponseSLO}
	byGroup := map[string][]int32{} // group key -> indices of o.Facts
	names := map[string]string{}    // lower -> spelling
	for i := range o.Facts {
		it := &o.Facts[i]
		m := a.member(it.Repo, it.Labels)
		if len(m.areas) > 1 {
			rep.InSeveral++
		}
		for _, ar := range m.areas {
			if k := strings.ToLower(ar); names[k] == "" {
				names[k] = ar
			}
		}
		for _, g := range m.keys {
			byGroup[g] = append(byGroup[g], int32(i))
		}
	}
	// Configured areas show even without issues.
	for ar := range s.Labels {
		if _, ok := names[strings.ToLower(ar)]; !ok {
			names[strings.ToLower(ar)] = ar
		}
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if (a == Unassigned) != (b == Unassigned) {
			if a == Unassigned {
				return 1
			}
			return -1
		}
		return cmp.Compare(a, b)
	})
	slugs := map[string]int{}
	for _, k := range keys {
		name := names[k]
		g := a.group("a:"+k, byGroup["a:"+k], o)
		g.Name, g.Kind, g.Team = name, "area", s.teamOf(name)
		g.Slug = slug(name, slugs)
		rep.Areas = append(rep.Areas, g)
	}
	teams := make([]string, 0, len(s.Teams))
	for t := range s.Teams {
		teams = append(teams, t)
	}
	slices.Sort(teams)
	slugs = map[string]int{}
	for _, t := range teams {
		g := a.group("t:"+t, byGroup["t:"+t], o)
		g.Name, g.Kind, g.Team = t, "team", t
		g.Slug = slug(t, slugs)
		rep.Teams = append(rep.Teams, g)
	}
	return rep
}

func (a *Acc) group(key string, members []int32, o Options) *Group {
	g := &Group{Stats: a.stats(key), Issues: len(members)}
	from := o.AsOf.Add(-Recent)
	var closeDays, respHours []float64
	bugLabels := o.BugLabels
	if len(bugLabels) == 0 {
		bugLabels = []string{"bug"}
	}
	monthly := map[string][2]int{} // month -> good, bad
	for _, i := range members {
		it := &o.Facts[i]
		if o.Verdicts != nil && o.Verdicts[i] != slo.Pending {
			v := o.Verdicts[i]
			m := period.Of(period.Month, it.Created).String()
			gb := monthly[m]
			if v == slo.Good {
				gb[0]++
			} else {
				gb[1]++
			}
			monthly[m] = gb
			if !it.Created.Before(from) {
				if v == slo.Good {
					g.ResponseGood++
				} else {
					g.ResponseBad++
				}
			}
		}
		if !it.Created.Before(from) {
			g.Opened++
			if model.HasLabel(it.Labels, bugLabels) {
				g.BugsOpened++
			}
			if it.FirstResponse != nil {
				respHours = append(respHours, it.FirstResponse.Sub(it.Created).Hours())
			}
		}
		if it.Closed != nil && !it.Closed.Before(from) {
			closeDays = append(closeDays, it.Closed.Sub(it.Created).Hours()/24)
		}
	}
	for _, p := range g.Stats.SeriesOf(period.Day).Points {
		if !p.Period.Start.Before(from) {
			g.Closed += p.Closed
		}
	}
	g.CloseMedianDays = median(closeDays)
	g.FirstResponseMedianHours = median(respHours)
	for _, p := range g.Stats.SeriesOf(period.Month).Points {
		m := Month{Point: p}
		if gb, ok := monthly[p.Period.String()]; ok && gb[0]+gb[1] > 0 {
			v := float64(gb[0]) / float64(gb[0]+gb[1])
			m.WithinTarget = &v
		}
		g.Months = append(g.Months, m)
	}
	g.Forecast = forecast(g.Stats, o.AsOf)
	return g
}

func median(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	slices.Sort(xs)
	n := len(xs)
	v := xs[n/2]
	if n%2 == 0 {
		v = (xs[n/2-1] + xs[n/2]) / 2
	}
	v = math.Round(v*100) / 100
	return &v
}

// slug makes a path segment of a name: lower-case letters and digits
// joined by '-', unique among those already given.
func slug(name string, used map[string]int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimSuffix(b.String(), "-")
	if s == "" {
		s = "group"
	}
	used[s]++
	if n := used[s]; n > 1 {
		s += "-" + strconv.Itoa(n)
	}
	return s
}
