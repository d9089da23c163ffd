package site

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"sort"
	"time"

	"github.com/vitals-dev/vitals/generator/chart"
	"github.com/vitals-dev/vitals/generator/period"
	"github.com/vitals-dev/vitals/generator/releasestats"
)

// ReleasesData is the releases page's data.
type ReleasesData struct {
	Figures []Figure
	Kinds   []string
	Panels  []Panel
	Rows    []ReleaseRow
	Budget  *BudgetReleasesView // releases on an exhausted error budget (policy.go)
}

// ReleaseRow is one release in the table.
type ReleaseRow struct {
	Repo, Tag, Name, URL, Published, PublishedSort string
	Prerelease, Failed                             bool
	Since, LeadTime                                string
	PRs                                            int
	Notes                                          template.HTML
	// Exhausted names the SLOs whose error budget was exhausted when the
	// release was published.
	Exhausted []string
}

func (b *pageBuilder) releases() error {
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
			{ID: "rel-" + ks + "-count", Title: "Releases per " + ks, Kind: chart.Bar, X: x,
				Series: []chart.Series{{Name: "releases", Values: n}}, Caption: "Published, non-draft releases; prereleases left out."},
			{ID: "rel-" + ks + "-lead", Title: "Lead time per " + ks, Kind: chart.Line, X: x, YName: "hours", Decimals: 1,
				Series:  []chart.Series{{Name: "median of release lead times, hours", Values: lead}},
				Caption: "For each release, the median time from merge to release of the pull requests merged since the previous release; then the median over the period's releases."},
			{ID: "rel-" + ks + "-cfr", Title: "Change failure rate per " + ks, Kind: chart.Line, X: x, YName: "%", Decimals: 1,
				Series:  []chart.Series{{Name: "failed releases %", Values: cfr}},
				Caption: "Releases named by a postmortem (or pinned to one) over releases in the period; n/a without postmortems."},
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
	cfrText := "n/a"
	if !math.IsNaN(sum.ChangeFailure) {
		cfrText = fmtPct(sum.ChangeFailure)
	}
	d.Figures = []Figure{
		{"Releases, last 12 months", fmtInt(last12), "published, prereleases left out"},
		{"Change failure rate", cfrText, fmt.Sprintf("%d of %d releases named by a postmortem", sum.Failed, sum.Releases)},
	}
	for _, repo := range b.rep.Repos {
		if v, ok := rr.MedianDays[repo]; ok && !math.IsNaN(v) {
			d.Figures = append(d.Figures, Figure{"Median days between releases, " + repo, fmt.Sprintf("%.1f", v), "consecutive releases, prereleases left out"})
		}
	}
	newest := append([]releasestats.Row(nil), rows...)
	sort.SliceStable(newest, func(i, j int) bool {
		a, b := newest[i], newest[j]
		if !a.PublishedAt.Equal(*b.PublishedAt) {
			return a.PublishedAt.After(*b.PublishedAt)
		}
		if a.Repo != b.Repo {
			return a.Repo < b.Repo
		}
		return a.ID < b.ID
	})
	exhausted := b.releaseExhausted()
	d.Budget = b.budgetReleasesView()
	for _, r := range newest {
		notes, _ := b.md.RenderUntrusted([]byte(r.Body))
		notes = prefixIDs(notes, fmt.Sprintf("rel-%d-", r.ID))
		d.Rows = append(d.Rows, ReleaseRow{Repo: r.Repo, Tag: r.Tag, Name: r.Name, URL: webURL(r.URL),
			Published: r.PublishedAt.Format("2006-01-02"), PublishedSort: r.PublishedAt.Format(time.RFC3339),
			Prerelease: r.Prerelease, Failed: r.Failed, Since: days2(r.DaysSincePrevious), LeadTime: hours1(r.LeadTimeMedianHours),
			PRs: r.PRs, Notes: notes, Exhausted: exhausted[releaseKey(r.Repo, r.ID)]})
	}
	b.addPage(&pageOut{Path: "releases/index.html", Kind: "releases", Data: d, charts: all,
		Info: PageInfo{Title: "Releases", Section: "releases",
			Description: "Release cadence, lead time and change failure rate.",
			HowCounted:  "Published, non-draft releases; prereleases are listed but left out of cadence and failure rates."}})
	b.nav1("Releases", "releases/index.html", "releases")
	b.addDefs(DefSection{ID: "releases", Title: "Releases", Items: []Def{
		{"release", "Release", "A published, non-draft release of a repository, at its publication time. Prereleases are listed but left out of cadence and failure rates."},
		{"cadence", "Cadence", "Releases per period, and the median days between consecutive releases of a repository."},
		{"lead-time", "Lead time", "For each pull request merged after the repository's previous release and at or before this one, the time from merge to this release's publication; the median per release, in hours."},
	}})
	g := CardGroup{Title: "Releases", Note: "Published, non-draft; prereleases left out."}
	g.Cards = append(g.Cards, Card{Title: "Releases, last 12 months", Value: fmtInt(last12), Link: "releases/index.html"},
		Card{Title: "Change failure rate", Value: cfrText, Link: "releases/index.html", Note: "all releases; n/a without postmortems"})
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
