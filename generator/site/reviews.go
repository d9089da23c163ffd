package site

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/issuestats"
	"github.com/vitals-dev/vitals/generator/period"
)

// Quarterly reviews: one page per complete quarter at reviews/YYYY-Qn/,
// a link to share in a quarterly review. Its figures are counted as of the
// quarter's end, so the page keeps showing that quarter as later data
// arrives (bugs stay "by current labels", the one thing that can move).

// ReviewData is a quarterly review page's data.
type ReviewData struct {
	Quarter, Range, Prev, YearAgo string
	Rows                          []ReviewRow
	Repos                         []ReviewRepo
	Incidents                     []ReviewIncident
	Releases                      []Figure
	SLOs                          []ReviewSLO
	Quarters                      []ReviewLink
	now                           issuestats.Point
}

// ReviewRow is one figure against the previous quarter and a year earlier.
type ReviewRow struct {
	Name, Now, Prev, YearAgo string
	Deltas                   []Delta
}

// ReviewRepo is one repository's quarter.
type ReviewRepo struct {
	Repo                                            string
	Opened, Closed, BugsOpened, OpenAtEnd, BugsOpen int
}

// ReviewIncident is an incident that started in the quarter.
type ReviewIncident struct {
	Path, Title, Severity, Date, TTR, Actions string
}

// ReviewSLO is one SLO's compliance over the quarter.
type ReviewSLO struct {
	Name, Target, SLI, Budget string
	Compliant, HasData        bool
}

// ReviewLink links to a review.
type ReviewLink struct {
	Quarter, Path string
	Current       bool
}

// ReviewsIndex is the list of reviews.
type ReviewsIndex struct {
	Quarters []ReviewLink
}

func reviewPath(q period.P) string { return "reviews/" + q.String() + "/index.html" }

// latestReview links to the last complete quarter's review; nil without one.
func latestReview(r *Reports) *ReviewLink {
	if n := len(r.Quarters); n > 0 {
		q := r.Quarters[n-1].Quarter
		return &ReviewLink{Quarter: q.String(), Path: reviewPath(q)}
	}
	return nil
}

func (b *pageBuilder) reviews() error {
	qs := b.rep.Quarters
	if len(qs) == 0 {
		return nil
	}
	var links []ReviewLink
	for i := len(qs) - 1; i >= 0; i-- {
		links = append(links, ReviewLink{Quarter: qs[i].Quarter.String(), Path: reviewPath(qs[i].Quarter)})
	}
	for _, qr := range qs {
		q := qr.Quarter
		d := b.review(q, qr.Issues)
		for _, l := range links {
			l.Current = l.Quarter == q.String()
			d.Quarters = append(d.Quarters, l)
		}
		now := d.now
		b.addPage(&pageOut{Path: reviewPath(q), Kind: "review", Data: d,
			Info: PageInfo{Title: q.String() + " review", Section: "reviews",
				Description: fmt.Sprintf("%s: %d bugs opened, %d issues open at the end of the quarter, %d incidents.",
					q, now.BugsOpened, now.OpenAtEnd, len(d.Incidents)),
				HowCounted:  "Bugs by current labels.",
				CountedAsOf: "Counted as of the end of " + q.String() + " (" + q.End().Format("2 January 2006, 15:04 UTC") + ")."}})
	}
	b.addPage(&pageOut{Path: "reviews/index.html", Kind: "reviews", Data: &ReviewsIndex{Quarters: links},
		Info: PageInfo{Title: "Quarterly reviews", Section: "reviews",
			Description: "One page per quarter, with stable links, for quarterly reviews."}})
	b.nav1("Reviews", "reviews/index.html", "reviews")
	b.addDefs(DefSection{ID: "reviews", Title: "Quarterly reviews", Items: []Def{
		{"quarter", "A quarter's figures", "Counted as of the quarter's end, as if the data had been synced at that instant, and compared with the previous quarter and the same quarter a year earlier. Bugs are still bugs by their current labels."},
	}})
	return nil
}

func (b *pageBuilder) review(q period.P, rep *issuestats.Report) *ReviewData {
	byStart := map[time.Time]issuestats.Point{}
	for _, p := range rep.All.SeriesOf(period.Quarter).Points {
		byStart[p.Period.Start] = p
	}
	prev, ago := q.Prev(), q.YearAgo()
	d := &ReviewData{Quarter: q.String(), Prev: prev.String(), YearAgo: ago.String(),
		Range: q.Start.Format("2 January 2006") + " to " + q.End().Add(-time.Second).Format("2 January 2006")}
	now, pp, pa := byStart[q.Start], byStart[prev.Start], byStart[ago.Start]
	d.now = now
	_, hasPrev := byStart[prev.Start]
	_, hasAgo := byStart[ago.Start]
	row := func(name string, f func(issuestats.Point) float64, goodWhenDown bool, decimals int) {
		r := ReviewRow{Name: name, Now: num(f(now), decimals), Prev: "n/a", YearAgo: "n/a"}
		if hasPrev {
			r.Prev = num(f(pp), decimals)
			r.Deltas = append(r.Deltas, NewDelta(f(now), f(pp), goodWhenDown, "vs "+d.Prev))
		}
		if hasAgo {
			r.YearAgo = num(f(pa), decimals)
			r.Deltas = append(r.Deltas, NewDelta(f(now), f(pa), goodWhenDown, "vs "+d.YearAgo))
		}
		d.Rows = append(d.Rows, r)
	}
	row("Bugs opened", func(p issuestats.Point) float64 { return float64(p.BugsOpened) }, true, 0)
	row("Issues opened", func(p issuestats.Point) float64 { return float64(p.Opened) }, true, 0)
	row("Issues closed", func(p issuestats.Point) float64 { return float64(p.Closed) }, false, 0)
	row("Issues reopened", func(p issuestats.Point) float64 { return float64(p.Reopened) }, true, 0)
	row("Open issues at the end", func(p issuestats.Point) float64 { return float64(p.OpenAtEnd) }, true, 0)
	row("Open bugs at the end", func(p issuestats.Point) float64 { return float64(p.BugsOpenAtEnd) }, true, 0)
	row("Flow ratio (closed / opened)", func(p issuestats.Point) float64 { return ptr(p.FlowRatio) }, false, 2)
	row("Median days to close", func(p issuestats.Point) float64 { return ptr(p.CloseMedianDays) }, true, 2)
	row("p90 days to close", func(p issuestats.Point) float64 { return ptr(p.CloseP90Days) }, true, 2)
	for _, rs := range rep.Repos {
		for _, p := range rs.SeriesOf(period.Quarter).Points {
			if p.Period == q {
				d.Repos = append(d.Repos, ReviewRepo{Repo: rs.Repo, Opened: p.Opened, Closed: p.Closed,
					BugsOpened: p.BugsOpened, OpenAtEnd: p.OpenAtEnd, BugsOpen: p.BugsOpenAtEnd})
			}
		}
	}
	for _, in := range b.rep.Incidents {
		if in.Started == nil || !q.Contains(*in.Started) {
			continue
		}
		ri := ReviewIncident{Title: in.Title, Severity: in.Severity, Date: in.Started.Format("2006-01-02"), TTR: minutesText(in.TTR)}
		if in.Actions > 0 {
			ri.Actions = fmt.Sprintf("%d of %d done", in.ActionsDone, in.Actions)
		}
		ri.Path = b.postmortemPaths[in.Path]
		d.Incidents = append(d.Incidents, ri)
	}
	var rel, failed int
	cfr := "n/a"
	if b.rep.Releases != nil {
		for _, r := range b.rep.Releases.Quarters {
			if r.Period == q {
				rel, failed = r.Releases, r.Failed
				if !math.IsNaN(r.ChangeFailure) {
					cfr = fmtPct(r.ChangeFailure)
				}
			}
		}
	}
	d.Releases = []Figure{
		{"Releases", fmtInt(rel), "published, prereleases left out"},
		{"Failed releases", fmtInt(failed), "named by a postmortem, or pinned to one"},
		{"Change failure rate", cfr, "n/a without postmortems or releases"},
	}
	for _, r := range b.rep.SLOs {
		for _, c := range r.Quarters {
			if c.Period == q.String() {
				s := ReviewSLO{Name: r.Name, Target: pct3(r.Target), HasData: c.HasData, Compliant: c.Compliant}
				if c.HasData {
					s.SLI, s.Budget = pct3(c.SLI), fmtPct(c.BudgetRemaining)
				}
				d.SLOs = append(d.SLOs, s)
			}
		}
	}
	return d
}

func num(v float64, decimals int) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	if decimals == 0 {
		return fmtInt(int(math.Round(v)))
	}
	return strings.TrimSpace(fmt.Sprintf("%.*f", decimals, v))
}

func pct3(v float64) string { return fmt.Sprintf("%.3f%%", 100*v) }
