package browsercheck

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// TestDemoSiteInBrowser builds the demo site (the repository root), opens
// every built page in Chromium and fails on anything a reader would meet:
// console errors, failed or non-local requests, charts not drawn (in every
// period of the period switcher), javascript: links, dialogs, and pages
// wider than a phone or than the printable width of A4 and Letter. The
// dashboard, the first issues page, the latest quarterly review and the
// SLO page are printed to PDF on both papers; the review must fit three
// sheets and the SLO page one sheet for every two SLOs.
func TestDemoSiteInBrowser(t *testing.T) {
	t.Parallel()
	browser(t) // skips before the build when there is no Chromium
	start := time.Now()
	out := buildSite(t, fixture.RepoRoot(t))
	srv := serve(t, out)
	pages := htmlPages(t, out)
	pdfs := shotsDir(t, "print")

	printed := map[string]bool{"index.html": true}
	for _, p := range pages {
		if strings.HasPrefix(p, "issues/") {
			printed[p] = true
			break
		}
	}
	if len(printed) == 1 {
		t.Logf("no issues/ page in this build: printing the dashboard only")
	}
	latest := ""
	for _, p := range pages {
		if strings.HasPrefix(p, "reviews/") && strings.Count(p, "/") == 2 {
			latest = p // pages are sorted: the last is the latest quarter
		}
	}
	for _, p := range []string{latest, "slo/index.html"} {
		if p != "" && slices.Contains(pages, p) {
			printed[p] = true
		}
	}

	kinds := onePerKind(pages)
	icons := &iconSet{pages: map[string][]string{}}
	eachPage(t, bySize(t, out, pages), func(t *testing.T, p string) {
		tb := newTab(t, srv)
		t0 := time.Now()
		defer func() { trace("%s: whole page %s", p, time.Since(t0)) }()
		probs, err := checkPage(tb, srv.URL+"/"+p)
		if err != nil {
			t.Fatalf("check %s: %v", p, err)
		}
		if err := icons.addPage(tb, p); err != nil {
			t.Fatal(err)
		}
		if err := firstPeriod(tb); err != nil {
			t.Fatal(err)
		}
		more, err := layoutProblems(tb, kinds[p])
		if err != nil {
			t.Fatalf("layout %s: %v", p, err)
		}
		probs = append(probs, more...)
		trace("%s: layout done %s", p, time.Since(t0))
		if printed[p] {
			if err := screen(tb); err != nil {
				t.Fatal(err)
			}
			limit, err := sheetLimit(tb, p)
			if err != nil {
				t.Fatal(err)
			}
			for _, pp := range papers {
				sheets, err := printPDF(tb, pp, pdfs, fileName(p))
				if err != nil {
					t.Error(err)
				}
				if limit > 0 && sheets > limit {
					t.Errorf("%s prints on %d %s sheets, more than %d", p, sheets, pp.Name, limit)
				}
			}
			trace("%s: pdf done %s", p, time.Since(t0))
		}
		probs = append(probs, tb.watch.take()...)
		for _, pr := range probs {
			t.Errorf("%s: %s", p, pr)
		}
	})
	// Browsers ask every page for its icon, /favicon.ico when it names
	// none; a 404 there is a failed request on every visit. It is checked
	// here once, as the browser asks only on the first page it opens.
	for _, u := range icons.urls {
		if !strings.HasPrefix(u, srv.URL+"/") {
			t.Errorf("icon %s of %v is not on the site", u, icons.pages[u])
			continue
		}
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode >= 400 {
			t.Errorf("icon %s: HTTP %d: browsers request it for %d pages (%s, ...); ship an icon or name one with <link rel=\"icon\">",
				strings.TrimPrefix(u, srv.URL), resp.StatusCode, len(icons.pages[u]), icons.pages[u][0])
		}
	}
	t.Logf("checked %d pages in %s", len(pages), time.Since(start).Round(time.Millisecond))
}

// iconSet gathers the icon URL of each page, in first-seen order; pages
// add to it from parallel tabs.
type iconSet struct {
	mu    sync.Mutex
	urls  []string
	pages map[string][]string
}

// addPage adds the icon of the page open in tb.
func (s *iconSet) addPage(tb *tab, page string) error {
	icon, err := eval[string](tb, `(document.querySelector('link[rel~="icon"]') || {href: location.origin + '/favicon.ico'}).href`)
	if err != nil {
		return err
	}
	s.add(icon, page)
	return nil
}

func (s *iconSet) add(u, page string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.pages[u]; !ok {
		s.urls = append(s.urls, u)
	}
	s.pages[u] = append(s.pages[u], page)
}

// layoutProblems reports what does not fit on the page open in tb: a page
// wider than a phone or than the printable width of A4 and Letter, and
// what prints badly. With detailed (the first page of a kind: pages of a
// kind share their template), also charts whose axis labels collide or
// leave out the latest period, tooltips that do not show the table's
// figure, anchors that are positions, tables with a column out of a
// phone's view, and charts not redrawn at a phone's width when their
// period is shown.
func layoutProblems(tb *tab, detailed bool) ([]string, error) {
	var probs []string
	run := func(checks ...func() ([]string, error)) error {
		for _, check := range checks {
			more, err := check()
			if err != nil {
				return err
			}
			probs = append(probs, more...)
		}
		return nil
	}
	if detailed {
		err := run(
			func() ([]string, error) { return nil, atWidth(tb, 1400, 900) },
			func() ([]string, error) { return axisProblems(tb, "at 1400 px", 0) },
			func() ([]string, error) { return tooltipProblems(tb, "at 1400 px") },
			func() ([]string, error) { return anchorProblems(tb) },
		)
		if err != nil {
			return nil, err
		}
	}
	if err := run(func() ([]string, error) { return phoneOverflow(tb) }); err != nil {
		return nil, fmt.Errorf("phone width: %w", err)
	}
	if detailed {
		err := run(
			func() ([]string, error) { return axisProblems(tb, "at 390 px", 0) },
			func() ([]string, error) { return tableProblems(tb, "at 390 px") },
			func() ([]string, error) { return stackedProblems(tb, "at 390 px") },
			// Charts drawn at 1280 px in panels hidden since: each is
			// redrawn at 390 px when its panel is shown.
			func() ([]string, error) { return periodCharts(tb, "at 390 px") },
			func() ([]string, error) { return nil, firstPeriod(tb) },
		)
		if err != nil {
			return nil, err
		}
	}
	for _, pp := range papers {
		err := run(
			func() ([]string, error) { return printOverflow(tb, pp) },
			func() ([]string, error) { return printFlow(tb, "print on "+pp.Name) },
		)
		if err != nil {
			return nil, fmt.Errorf("print on %s: %w", pp.Name, err)
		}
	}
	return probs, nil
}

// onePerKind picks the first page of each kind: the same first folder at
// the same depth (reviews/2024-Q1/index.html stands for every review).
func onePerKind(pages []string) map[string]bool {
	seen := map[string]bool{}
	out := map[string]bool{}
	for _, p := range pages {
		key := strings.SplitN(p, "/", 2)[0] + "/" + strconv.Itoa(strings.Count(p, "/"))
		if !seen[key] {
			seen[key] = true
			out[p] = true
		}
	}
	return out
}
