package site

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/render/pages"
)

// Each section lists the reports its pages read, and the build computes
// only the listed ones: built alone from only its own reports, a section
// makes the same pages, downloads, navigation and cards as from every
// report. A section that read a report it does not list would find it
// empty and make other pages, or none.
func TestSectionsDeclareTheReportsTheyRead(t *testing.T) {
	dir := goldenSite(t)
	// The golden site, with areas, a page of its own and a launch, so that
	// every section has something to make.
	f, err := os.OpenFile(filepath.Join(dir, "site.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\n[areas.labels]\nPerformance = [\"perf\"]\nFeatures = [\"feature\"]\n\n[teams]\n\"App team\" = [\"acme/app\"]\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	writeFile(t, filepath.Join(dir, "content/about.md"), "---\ntitle: About\nmenu: About\n---\n\nWho we are.\n")
	writeFile(t, filepath.Join(dir, "content/launches/new-login.md"), "---\nflag: new-login\nguardrails: [\"Web availability\", \"Signups\"]\n"+
		"stages:\n  - at: 2025-05-01 00:00\n    percent: 10\n  - at: 2025-05-15 00:00\n    percent: 50\n---\n# New login\n")
	// An experiment around the golden postmortem (incidents while it ran),
	// ended in a reviewed quarter.
	writeFile(t, filepath.Join(dir, "content/experiments/x.md"), "---\ndata: content/experiments/x.csv\nexposure: at\nprimary: m\nstart: 2025-05-01\nend: 2025-05-20\ndecision: shipped\n---\n\nA hypothesis.\n")
	writeFile(t, filepath.Join(dir, "content/experiments/x.csv"), "unit,variant,at,m\na,control,2025-05-02,1\nb,control,2025-05-03,0\nc,treatment,2025-05-02,1\nd,treatment,2025-05-04,1\ne,treatment,2025-05-04,0\n")

	every := pages.Needs(pages.Sections)
	made := func(t *testing.T, sections []pages.Section, want []reports.Report) *pages.Site {
		t.Helper()
		b := newBuilder(Options{Source: dir, AsOf: goldenAsOf, DryRun: true}, sections)
		b.want = append([]reports.Report{}, want...) // not nil: none is none
		if _, err := b.run(context.Background()); err != nil {
			t.Fatal(err)
		}
		return b.site
	}
	for _, s := range pages.Sections {
		t.Run(s.Name, func(t *testing.T) {
			got, want := made(t, []pages.Section{s}, s.Reports), made(t, []pages.Section{s}, every)
			if len(want.Pages) <= 2 && len(want.Files) == 0 { // the dashboard and "How we count" alone
				t.Fatalf("the fixture gives section %s no page to make", s.Name)
			}
			samePages(t, got, want, false)
		})
	}
	// The dashboard's verdict tiles read reports of their own.
	t.Run("dashboard", func(t *testing.T) {
		samePages(t, made(t, nil, pages.Needs(nil)), made(t, nil, every), true)
	})
}

// samePages compares two sites made by the same sections. Unless tiles, the
// dashboard's verdict and its link to the latest review are left out: they
// read the dashboard's own reports.
func samePages(t *testing.T, got, want *pages.Site, tiles bool) {
	t.Helper()
	byPath := map[string]*pages.Page{}
	for _, p := range got.Pages {
		byPath[p.Path] = p
	}
	for _, w := range want.Pages {
		g := byPath[w.Path]
		if g == nil {
			t.Errorf("%s: not made from the section's own reports", w.Path)
			continue
		}
		delete(byPath, w.Path)
		gd, wd := g.Data, w.Data
		if d, ok := wd.(*pages.DashboardData); ok && !tiles {
			x, y := *d, *gd.(*pages.DashboardData)
			x.Tiles, x.LatestReview, y.Tiles, y.LatestReview = nil, nil, nil, nil
			gd, wd = &y, &x
		}
		if g.Info != w.Info || !reflect.DeepEqual(gd, wd) {
			t.Errorf("%s: differs when made from the section's own reports: it reads one it does not list", w.Path)
		}
	}
	for p := range byPath {
		t.Errorf("%s: made only from the section's own reports", p)
	}
	if !reflect.DeepEqual(got.Files, want.Files) || !reflect.DeepEqual(got.Nav, want.Nav) || got.StepSummary != want.StepSummary || got.Charts != want.Charts {
		t.Errorf("downloads, navigation, step summary or chart count differ")
	}
}
