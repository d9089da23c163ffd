package demo

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// openAt says whether an issue is open at instant t, following docs/metrics.md:
// it opens at created_at, each closed event ends an open interval and each
// reopened event starts one.
func openAt(is model.Issue, evs []model.Event, t time.Time) bool {
	if !is.CreatedAt.Before(t) {
		return false
	}
	open := true
	for _, e := range evs {
		if !e.CreatedAt.Before(t) {
			break
		}
		open = e.Event == "reopened"
	}
	return open
}

type demoData struct {
	o   Options
	rds []*store.RepoData
	evs map[string]map[int][]model.Event
}

func loadDemo() demoData {
	o := Options{Seed: DemoSeed}.WithDefaults()
	d := demoData{o: o, rds: Generate(o), evs: map[string]map[int][]model.Event{}}
	for _, rd := range d.rds {
		d.evs[rd.Repo] = issueEvents(rd)
	}
	return d
}

func (d demoData) countOpen(t time.Time, only func(model.Issue) bool) int {
	n := 0
	for _, rd := range d.rds {
		for _, is := range rd.Issues {
			if (only == nil || only(is)) && openAt(is, d.evs[rd.Repo][is.Number], t) {
				n++
			}
		}
	}
	return n
}

func isBug(is model.Issue) bool { return model.HasLabel(is.Labels, []string{"bug"}) }

func TestDemoBugRateFalls(t *testing.T) {
	d := loadDemo()
	year := 365 * 24 * time.Hour
	count := func(from, to time.Time) int {
		n := 0
		for _, rd := range d.rds {
			for _, is := range rd.Issues {
				if isBug(is) && !is.CreatedAt.Before(from) && is.CreatedAt.Before(to) {
					n++
				}
			}
		}
		return n
	}
	last := count(d.o.AsOf.Add(-year), d.o.AsOf)
	prev := count(d.o.AsOf.Add(-2*year), d.o.AsOf.Add(-year))
	first := count(d.o.Start, d.o.AsOf.Add(-2*year))
	t.Logf("bugs opened by year: %d, %d, %d", first, prev, last)
	if !(float64(last) < 0.9*float64(prev) && float64(prev) < 0.95*float64(first)) {
		t.Errorf("bugs per year %d, %d, %d: want a falling bug rate", first, prev, last)
	}
}

func TestDemoBacklogGrowsThenShrinks(t *testing.T) {
	d := loadDemo()
	at := func(x float64) time.Time {
		return d.o.Start.Add(time.Duration(x * float64(d.o.AsOf.Sub(d.o.Start))))
	}
	early, peak, end := d.countOpen(at(0.1), nil), d.countOpen(at(0.45), nil), d.countOpen(d.o.AsOf, nil)
	t.Logf("open: %d early, %d at 45%%, %d at as-of", early, peak, end)
	if !(float64(peak) > 1.5*float64(early) && float64(peak) > 1.3*float64(end)) {
		t.Errorf("open %d, %d, %d: want the backlog to grow, then shrink", early, peak, end)
	}
	// Backlog closure (docs/metrics.md): the share of issues open a year before
	// as-of that are not open at as-of.
	yearAgo := d.o.AsOf.Add(-365 * 24 * time.Hour)
	cohort, closed := 0, 0
	for _, rd := range d.rds {
		for _, is := range rd.Issues {
			if openAt(is, d.evs[rd.Repo][is.Number], yearAgo) {
				cohort++
				if !openAt(is, d.evs[rd.Repo][is.Number], d.o.AsOf) {
					closed++
				}
			}
		}
	}
	share := float64(closed) / float64(cohort)
	t.Logf("backlog closure %d/%d = %.2f", closed, cohort, share)
	if share < 0.5 || share > 0.95 {
		t.Errorf("backlog closure %.2f, want between 0.5 and 0.95", share)
	}
}

func TestDemoKeepsVeryOldOpenBugs(t *testing.T) {
	d := loadDemo()
	twoYears := d.o.AsOf.Add(-2 * 365 * 24 * time.Hour)
	n := d.countOpen(d.o.AsOf, func(is model.Issue) bool { return isBug(is) && is.CreatedAt.Before(twoYears) })
	if n < 3 {
		t.Errorf("%d bugs older than two years open at as-of, want a few", n)
	}
}

func TestDemoHasNoResponseYetAndBotOnlyIssues(t *testing.T) {
	d := loadDemo()
	byIssue := map[string]map[int][]model.User{}
	for _, rd := range d.rds {
		byIssue[rd.Repo] = map[int][]model.User{}
		for _, c := range rd.Comments {
			byIssue[rd.Repo][c.IssueNumber] = append(byIssue[rd.Repo][c.IssueNumber], c.User)
		}
	}
	var silent, botOnly, authorOnly, answered int
	for _, rd := range d.rds {
		for _, is := range rd.Issues {
			us := byIssue[rd.Repo][is.Number]
			bots, author, others := 0, 0, 0
			for _, u := range us {
				switch {
				case u.IsBot():
					bots++
				case u.Login == is.Author.Login:
					author++
				default:
					others++
				}
			}
			switch {
			case len(us) == 0:
				silent++
			case others > 0:
				answered++
			case author == 0:
				botOnly++
			default:
				authorOnly++
			}
		}
	}
	t.Logf("issues: %d without comments, %d bot-only, %d author and bots only, %d answered", silent, botOnly, authorOnly, answered)
	if silent == 0 || botOnly == 0 || authorOnly == 0 || answered < silent {
		t.Errorf("want some of each kind of issue without a response, and mostly answered ones")
	}
}

func TestDemoReopensTwiceAndAcrossMonths(t *testing.T) {
	d := loadDemo()
	var twice, acrossMonth, reopenedOpen int
	for _, rd := range d.rds {
		for _, is := range rd.Issues {
			evs := d.evs[rd.Repo][is.Number]
			reopens := 0
			for i, e := range evs {
				if e.Event != "reopened" {
					continue
				}
				reopens++
				if prev := evs[i-1].CreatedAt; prev.Month() != e.CreatedAt.Month() || prev.Year() != e.CreatedAt.Year() {
					acrossMonth++
				}
			}
			if reopens >= 2 {
				twice++
			}
			if reopens > 0 && is.State == "open" {
				reopenedOpen++
				if is.StateReason != "reopened" {
					t.Errorf("%s#%d reopened and open with state_reason %q", rd.Repo, is.Number, is.StateReason)
				}
			}
		}
	}
	t.Logf("%d reopened twice or more, %d reopens in a later month than their close, %d still open", twice, acrossMonth, reopenedOpen)
	if twice == 0 || acrossMonth == 0 {
		t.Errorf("want issues reopened twice (%d) and reopened across a month boundary (%d)", twice, acrossMonth)
	}
}

func TestDemoLabelsAndUsers(t *testing.T) {
	d := loadDemo()
	labels := map[string]int{}
	for _, rd := range d.rds {
		for _, is := range rd.Issues {
			for _, l := range is.Labels {
				labels[l]++
			}
		}
	}
	for _, want := range append([]string{"bug", "Bug", "enhancement", "docs", "question", "performance", "security", "good first issue"}, hostileLabels...) {
		if labels[want] == 0 {
			t.Errorf("no issue labelled %q", want)
		}
	}
	check := func(u model.User, where string) {
		bot := strings.HasSuffix(u.Login, "[bot]")
		if bot != (u.Type == "Bot") || (!bot && u.Type != "User") {
			t.Fatalf("%s: user %q has type %q", where, u.Login, u.Type)
		}
	}
	logins := map[string]bool{}
	var labeled int
	for _, rd := range d.rds {
		for _, is := range rd.Issues {
			check(is.Author, "issue author")
			logins[is.Author.Login] = true
		}
		for _, p := range rd.PullRequests {
			check(p.Author, "pr author")
			logins[p.Author.Login] = true
		}
		for _, c := range rd.Comments {
			check(c.User, "comment")
			logins[c.User.Login] = true
		}
		for _, e := range rd.Events {
			check(e.Actor, "event actor")
			if e.Event == "labeled" {
				labeled++
			}
		}
	}
	for _, want := range append([]string{botDependabot, botCI}, hostileLogins...) {
		if !logins[want] {
			t.Errorf("no item by %q", want)
		}
	}
	if labeled == 0 {
		t.Error("no labeled events")
	}
}

func TestDemoPlantsHostileTitlesInEveryRepo(t *testing.T) {
	d := loadDemo()
	for _, rd := range d.rds {
		titles := map[string]bool{}
		for _, is := range rd.Issues {
			titles[is.Title] = true
		}
		for _, want := range hostileTitles {
			if !titles[want] {
				t.Errorf("%s: no issue titled %q", rd.Repo, want)
			}
		}
	}
	// The first planted title is the oldest open bug of each repo, so the
	// "oldest open bugs" lists show it.
	for _, rd := range d.rds {
		var oldest *model.Issue
		for i, is := range rd.Issues {
			if is.State == "open" && isBug(is) && (oldest == nil || is.CreatedAt.Before(oldest.CreatedAt)) {
				oldest = &rd.Issues[i]
			}
		}
		if oldest == nil || oldest.Title != hostileTitles[0] {
			t.Errorf("%s: oldest open bug is %+v, want the one titled %q", rd.Repo, oldest, hostileTitles[0])
		}
	}
	found := false
	for _, r := range d.rds[0].Releases {
		found = found || strings.Contains(r.Body, "<script>")
	}
	if !found {
		t.Error("no release body with a script element")
	}
}

var semverTag = regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-rc\.[1-9][0-9]*)?$`)

func TestDemoReleasesEveryTwoToFourWeeks(t *testing.T) {
	d := loadDemo()
	drafts := 0
	for _, rd := range d.rds {
		tags := map[string]bool{}
		var pre int
		var prev *time.Time
		for _, r := range rd.Releases {
			if !semverTag.MatchString(r.Tag) || tags[r.Tag] {
				t.Errorf("%s: tag %q not semver or repeated", rd.Repo, r.Tag)
			}
			tags[r.Tag] = true
			if r.Prerelease != strings.Contains(r.Tag, "-rc.") {
				t.Errorf("%s %s: prerelease %v", rd.Repo, r.Tag, r.Prerelease)
			}
			switch {
			case r.Draft:
				drafts++
				if r.PublishedAt != nil {
					t.Errorf("%s %s: draft with published_at", rd.Repo, r.Tag)
				}
				continue
			case r.PublishedAt == nil:
				t.Fatalf("%s %s: published release without published_at", rd.Repo, r.Tag)
			case r.Prerelease:
				pre++
				continue
			}
			if wd := r.PublishedAt.Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Errorf("%s %s published on a %s", rd.Repo, r.Tag, wd)
			}
			// 14..28 days between release days, a time of day in 13:00-18:00,
			// and at most two days of weekend shift: 13.7..30.3 days.
			if prev != nil {
				if gap := r.PublishedAt.Sub(*prev).Hours() / 24; gap < 13 || gap > 31 {
					t.Errorf("%s %s: %.1f days after the previous release", rd.Repo, r.Tag, gap)
				}
			}
			prev = r.PublishedAt
		}
		if pre == 0 || len(rd.Releases) < 40 {
			t.Errorf("%s: %d releases, %d prereleases: want about 50 and a few prereleases", rd.Repo, len(rd.Releases), pre)
		}
	}
	if drafts != 1 {
		t.Errorf("%d draft releases, want one", drafts)
	}
}

func TestBugShareHasASeasonalWobble(t *testing.T) {
	w := newWorld(Options{Seed: DemoSeed}.WithDefaults())
	at := func(y int, m time.Month, d int) float64 {
		return w.bugFrac[int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(DefaultStart).Hours()/24)]
	}
	// The trend falls by 0.45 over three years (about 0.075 in half a year),
	// the yearly wobble is +-0.07 with its peak in April and trough in
	// October: April 2025 beats the October before it, and October 2025
	// falls well below April 2025.
	if apr, oct := at(2025, 4, 21), at(2024, 10, 21); apr <= oct {
		t.Errorf("bug share April 2025 %.3f, October 2024 %.3f: want a spring peak", apr, oct)
	}
	if apr, oct := at(2025, 4, 21), at(2025, 10, 21); apr-oct < 0.15 {
		t.Errorf("bug share April 2025 %.3f, October 2025 %.3f: want the trend and the wobble together (> 0.15)", apr, oct)
	}
}

func TestInvalidOptionsGenerateEmptyRepos(t *testing.T) {
	rds := Generate(Options{Start: DefaultAsOf, AsOf: DefaultStart})
	if len(rds) != 2 {
		t.Fatalf("%d repos, want the two defaults", len(rds))
	}
	for _, rd := range rds {
		if len(rd.Issues)+len(rd.PullRequests)+len(rd.Comments)+len(rd.Events)+len(rd.Releases) != 0 {
			t.Errorf("%s: records generated from invalid options", rd.Repo)
		}
	}
}
