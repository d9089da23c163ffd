package pages

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/policy"
	"github.com/vitals-dev/vitals/generator/compute/releasestats"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/render/theme"
)

// releasesSection: the releases page (cadence, lead time, change failure
// rate, releases on an exhausted budget), the release cards, releases.csv.
var releasesSection = Section{
	Name:    "releases",
	Reports: []reports.Report{reports.Releases, reports.Incidents, reports.Policy},
	Pages:   (*Builder).releases,
}

// ReleasesData is the releases page's data.
type ReleasesData struct {
	Figures []Figure
	Kinds   []string
	Panels  []Panel
	Rows    []ReleaseRow
	Budget  *BudgetReleasesView // releases on an exhausted error budget (policy.go)
	// Pager links the pages of the release list when it is longer than
	// PageSize; the pages after the first show the list alone.
	Pager *Pager
}

// ReleaseRow is one release in the table.
type ReleaseRow struct {
	Repo, Tag, Name, URL, Published, PublishedSort string
	Prerelease, Failed                             bool
	Since, LeadTime                                string
	PRs                                            int
	Notes                                          template.HTML
	// Anchor names the row (a slug of repository and tag) for links from
	// postmortems; Postmortems are the ones that name this release.
	Anchor      string
	Postmortems []Link
	// Exhausted names the SLOs whose error budget was exhausted when the
	// release was published.
	Exhausted []string
}

func (b *Builder) releases() error {
	rr := b.rep.Releases
	if rr == nil {
		return nil
	}
	rows := rr.Rows
	if err := b.addFile("data/releases.csv", func(w io.Writer) error { return releasestats.WriteCSV(w, rows) }); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	d := &ReleasesData{}
	var all []chart.Chart
	for _, k := range []struct {
		kind period.Kind
		rows []releasestats.PeriodRow
	}{{period.Month, rr.Months}, {period.Quarter, rr.Quarters}} {
		partial := len(k.rows) > 0 && k.rows[len(k.rows)-1].Period.End().After(b.asOf)
		markers := b.incidentMarkers(k.kind, "releases/index.html")
		x := make([]string, len(k.rows))
		n, cfr, lead := make([]float64, len(x)), make([]float64, len(x)), make([]float64, len(x))
		for i, p := range k.rows {
			x[i] = p.Period.String()
			n[i] = float64(p.Releases)
			cfr[i] = 100 * p.ChangeFailure
			lead[i] = p.LeadTimeMedianHours
		}
		ks := k.kind.String()
		panel := Panel{Kind: ks}
		for _, s := range []chart.Spec{
			{ID: "rel-" + ks + "-count", Title: "Releases per " + ks, Kind: chart.Bar, X: x, Partial: partial, Integer: true,
				Series: []chart.Series{{Name: "releases", Values: n}}, Caption: "Published, non-draft releases; prereleases left out."},
			{ID: "rel-" + ks + "-lead", Title: "Lead time per " + ks, Kind: chart.Line, X: x, YName: "hours", Decimals: 1, Partial: partial,
				Series:  []chart.Series{{Name: "median of release lead times, hours", Values: lead}},
				Caption: "For each release, the median time from merge to release of the pull requests merged since the previous release; then the median over the period's releases."},
			{ID: "rel-" + ks + "-cfr", Title: "Change failure rate per " + ks, Kind: chart.Line, X: x, YName: "%", Decimals: 1, Partial: partial,
				Series: []chart.Series{{Name: "failed releases %", Values: cfr, Counts: releasesCount(k.rows)}}, CountOf: "releases", Markers: markers,
				Caption: "The share of releases that caused an incident (a postmortem names them) in each " + ks + "; a gap where there was no release. Incidents are marked."},
		} {
			ch, err := chart.Build(s)
			if err != nil {
				return err
			}
			panel.Charts = append(panel.Charts, ch)
			all = append(all, ch)
		}
		d.Panels = append(d.Panels, panel)
		d.Kinds = append(d.Kinds, ks)
	}
	sum := rr.Summary
	last12 := sum.Last12Months
	// Each figure names its window: the rate beside "last 12 months" is
	// over the same 12 months, the rate over every release comes after.
	d.Figures = []Figure{
		{Name: "Releases, last 12 months", Value: theme.Num(last12), Note: "published, prereleases left out", Key: "releases", Over: "last 12 months"},
		cfrFigure("Change failure rate, last 12 months", sum.ChangeFailure12, sum.Failed12, last12, "in the last 12 months").mark("change-failure-rate", "last 12 months"),
		cfrFigure("Change failure rate, all releases", sum.ChangeFailure, sum.Failed, sum.Releases, "yet"),
	}
	for _, repo := range b.rep.Repos {
		if v, ok := rr.MedianDays[repo]; ok && !math.IsNaN(v) {
			d.Figures = append(d.Figures, newFigure("Median days between releases, "+repo, fmt.Sprintf("%.1f", v), "consecutive releases, prereleases left out"))
		}
	}
	newest := newestReleases(rows)
	exhausted := b.releaseExhausted()
	d.Budget = b.budgetReleasesView()
	lists := listPages(releasesPath, len(newest))
	how := "Published, non-draft releases; prereleases are listed but left out of cadence and failure rates."
	for k, lp := range lists {
		var page []ReleaseRow
		for _, r := range newest[lp.From:lp.To] {
			notes, _ := b.md.RenderUntrusted([]byte(r.Body))
			notes = prefixIDs(notes, fmt.Sprintf("rel-%d-", r.ID))
			page = append(page, ReleaseRow{Repo: r.Repo, Tag: r.Tag, Name: r.Name, URL: webURL(r.URL),
				Published: r.PublishedAt.Format("2006-01-02"), PublishedSort: r.PublishedAt.Format(time.RFC3339),
				Prerelease: r.Prerelease, Failed: r.Failed, Since: days2(r.DaysSincePrevious), LeadTime: hours1(r.LeadTimeMedianHours),
				PRs: r.PRs, Notes: notes, Anchor: releaseAnchor(r.Repo, r.Tag), Postmortems: b.postmortemsOf(r.Repo, r.ID, lp.Path),
				Exhausted: exhausted[reports.ReleaseKey(r.Repo, r.ID)]})
		}
		if k > 0 {
			b.addPage(&Page{Path: lp.Path, Kind: "releases", Data: &ReleasesData{Rows: page, Pager: lp.Pager},
				Info: PageInfo{Title: fmt.Sprintf("Releases, page %d of %d", k+1, len(lists)), Section: "releases",
					Description: "Every release, newest first.", HowCounted: how}})
			continue
		}
		d.Rows, d.Pager = page, lp.Pager
		b.addPage(&Page{Path: releasesPath, Kind: "releases", Data: d, charts: all,
			Info: PageInfo{Title: "Releases", Section: "releases",
				Description: "Release cadence, lead time and change failure rate.", HowCounted: how}})
	}
	b.nav1("Releases", "releases/index.html", "releases")
	b.addDefs(DefSection{ID: "releases", Title: "Releases", Items: []Def{
		{"release", "Release", "A published, non-draft release of a repository, at its publication time. Prereleases are listed but left out of cadence and failure rates."},
		{"cadence", "Cadence", "Releases per period, and the median days between consecutive releases of a repository."},
		{"lead-time", "Lead time", "For each pull request merged after the repository's previous release and at or before this one, the time from merge to this release's publication; the median per release, in hours."},
	}})
	g := CardGroup{Title: "Releases", How: "how-we-count/index.html#releases",
		Note: "Published releases, prereleases left out: the last 12 months against the 12 before."}
	rc := Card{Title: "Releases", Value: theme.Num(last12), Link: "releases/index.html", Figure: "releases", Over: "last 12 months"}
	if sum.Prev12Months > 0 {
		rc.Deltas = []Delta{NewCountDelta(float64(last12), float64(sum.Prev12Months), false, "vs the 12 months before")}
	}
	cf := Card{Title: "Change failure rate", Value: "n/a", Link: "releases/index.html#all-releases", Figure: "change-failure-rate", Over: "last 12 months",
		Note: fmt.Sprintf("%d of %d releases failed", sum.Failed12, last12)}
	if !math.IsNaN(sum.ChangeFailure12) {
		cf.Value = theme.Pct(sum.ChangeFailure12)
		if !math.IsNaN(sum.ChangeFailurePrev12) {
			if sum.Failed12 < 10 && sum.FailedPrev12 < 10 {
				cf.Deltas = []Delta{fewDelta(fmt.Sprintf("%d against %d failed", sum.Failed12, sum.FailedPrev12), "vs the 12 months before", "too few failures to call a trend")}
			} else {
				cf.Deltas = []Delta{NewPointsDelta(sum.ChangeFailure12, sum.ChangeFailurePrev12, true, "vs the 12 months before")}
			}
		}
	} else if last12 == 0 {
		cf.Note = "n/a: no releases in the last 12 months"
	} else {
		cf.Note = "n/a without postmortems"
	}
	g.Cards = append(g.Cards, rc, cf)
	b.groups = append(b.groups, g)
	return nil
}

func days2(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return fmt.Sprintf("%.2f", v)
}

func hours1(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return fmt.Sprintf("%.1f", v)
}

var idAttr = regexp.MustCompile(` id="([^"]*)"`)

// prefixIDs gives the element IDs of a rendered fragment a prefix, so that
// many release notes on one page ("What's changed" in each) keep IDs unique.
func prefixIDs(h template.HTML, prefix string) template.HTML {
	return template.HTML(idAttr.ReplaceAllString(string(h), ` id="`+prefix+`$1"`))
}

func releasesCount(rows []releasestats.PeriodRow) []int {
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = r.Releases
	}
	return out
}

// postmortemsOf links the postmortems whose failed release is repo's
// release id, relative to the page at from.
func (b *Builder) postmortemsOf(repo string, id int64, from string) []Link {
	var out []Link
	for _, in := range b.rep.Incidents {
		if in.FailedRelease != nil && in.FailedRelease.ID == id && strings.EqualFold(in.FailedRelease.Repo, repo) {
			out = append(out, Link{Title: in.Title, Path: relPath(path.Dir(from), b.postmortemPaths[in.Path])})
		}
	}
	return out
}

// cfrFigure is a change failure rate over a window: failed of n releases,
// or n/a saying why (no releases in the window, or no postmortems).
func cfrFigure(name string, rate float64, failed, n int, window string) Figure {
	switch {
	case !math.IsNaN(rate):
		return newFigure(name, theme.Pct(rate), fmt.Sprintf("%d of %d releases named by a postmortem", failed, n))
	case n == 0:
		return newFigure(name, "n/a", "no releases "+window)
	}
	return newFigure(name, "n/a", fmt.Sprintf("no postmortems, so no failed release is known (%d releases)", n))
}

// releaseExhausted maps a release (repo and id) to the SLOs exhausted when
// it was published.
func (b *Builder) releaseExhausted() map[string][]string {
	if b.rep.Policy == nil {
		return nil
	}
	m := map[string][]string{}
	for _, r := range b.rep.Policy.Releases {
		if len(r.Exhausted) > 0 {
			m[reports.ReleaseKey(r.Release.Repo, r.Release.ID)] = r.Exhausted
		}
	}
	return m
}

// BudgetReleasesView is the releases page's error-budget section.
type BudgetReleasesView struct {
	Flagged  int
	Total    int
	Quarters []policy.Quarter // newest first
}

func (b *Builder) budgetReleasesView() *BudgetReleasesView {
	if b.rep.Policy == nil || len(b.rep.Policy.Quarters) == 0 {
		return nil
	}
	v := &BudgetReleasesView{}
	for i := len(b.rep.Policy.Quarters) - 1; i >= 0; i-- {
		q := b.rep.Policy.Quarters[i]
		v.Flagged += q.Flagged
		v.Total += q.Releases
		v.Quarters = append(v.Quarters, q)
	}
	return v
}
