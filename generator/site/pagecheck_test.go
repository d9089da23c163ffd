package site

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/render/chart"
)

// The checks of what the demo's pages say (issue 18): built once per
// as-of for the tests of this file, each page read as text.

var demoBuilds sync.Map // as-of (RFC 3339, "" the store's) -> *demoPages

type demoPages struct {
	once  sync.Once
	asOf  time.Time
	pages map[string]string // slash path -> HTML
	err   error
}

// demoSite builds the demo (the repository root) as of asOf (zero: the
// store's own) and returns its pages.
func demoSite(t *testing.T, asOf time.Time) *demoPages {
	t.Helper()
	key := ""
	if !asOf.IsZero() {
		key = asOf.Format(time.RFC3339)
	}
	v, _ := demoBuilds.LoadOrStore(key, &demoPages{})
	d := v.(*demoPages)
	d.once.Do(func() {
		dest := filepath.Join(os.TempDir(), "vitals-pagecheck-"+strings.NewReplacer(":", "", "-", "").Replace(key)+"-"+time.Now().Format("150405.000000000"))
		defer os.RemoveAll(dest)
		res, err := build(t, fixture.RepoRoot(t), Options{Dest: dest, AsOf: asOf})
		if err != nil {
			d.err = err
			return
		}
		d.asOf = res.AsOf
		d.pages = map[string]string{}
		d.err = filepath.WalkDir(dest, func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dest, p)
			d.pages[filepath.ToSlash(rel)] = string(b)
			return nil
		})
	})
	if d.err != nil {
		t.Fatal(d.err)
	}
	return d
}

var chartRE = regexp.MustCompile(`<div class="chart[^"]*" id="chart-([^"]+)" data-option="([^"]*)"(?: data-meta="([^"]*)")?`)

// pageChart is a chart as a page carries it: its option and meta.
type pageChart struct {
	ID     string
	Option struct {
		XAxis []struct {
			Data []any `json:"data"`
		} `json:"xAxis"`
		Series []struct {
			Name string `json:"name"`
			Type string `json:"type"`
			Data []any  `json:"data"`
		} `json:"series"`
	}
	Meta struct {
		Periods     string   `json:"periods"`
		Forecast    int      `json:"forecast"`
		Projections []string `json:"projections"`
	}
}

func chartsOf(t *testing.T, page, html_ string) []pageChart {
	t.Helper()
	var out []pageChart
	for _, m := range chartRE.FindAllStringSubmatch(html_, -1) {
		c := pageChart{ID: m[1]}
		if err := json.Unmarshal([]byte(html.UnescapeString(m[2])), &c.Option); err != nil {
			t.Fatalf("%s: chart %s: option: %v", page, m[1], err)
		}
		if m[3] != "" {
			if err := json.Unmarshal([]byte(html.UnescapeString(m[3])), &c.Meta); err != nil {
				t.Fatalf("%s: chart %s: meta: %v", page, m[1], err)
			}
		}
		out = append(out, c)
	}
	return out
}

// category is an x-axis category as a period or an instant, if it is one.
func category(v any, periods string) (p period.P, instant time.Time, partial, ok bool) {
	s, _ := v.(string)
	if m, isMap := v.(map[string]any); isMap {
		s, _ = m["value"].(string)
	}
	s, partial = strings.CutSuffix(s, chart.ToDate)
	if t, err := time.Parse("2006-01-02 15:04", s); err == nil {
		return period.P{}, t, partial, true
	}
	if periods == "week" {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return period.Of(period.Week, t), time.Time{}, partial, true
		}
	}
	if p, err := period.Parse(s); err == nil {
		return p, time.Time{}, partial, true
	}
	return period.P{}, time.Time{}, false, false
}

func drawn(v any) bool {
	if m, ok := v.(map[string]any); ok {
		v = m["value"]
	}
	return v != nil && v != "-"
}

// No chart draws a period that begins at or after as_of (it holds nothing
// yet: a zero there reads as a collapse), and the period as_of falls in is
// drawn apart and labelled "(to date)", never as a full period's count.
// Only a forecast's projection reaches past as_of. Built as of the demo's
// store (the first instant of a month, quarter and week) and as of the
// middle of a month, quarter and week.
func TestNoChartCountsAPeriodAtOrAfterAsOf(t *testing.T) {
	for _, asOf := range []time.Time{{}, time.Date(2026, 9, 16, 12, 0, 0, 0, time.UTC)} {
		d := demoSite(t, asOf)
		checked := 0
		for path, page := range d.pages {
			for _, c := range chartsOf(t, path, page) {
				if len(c.Option.XAxis) == 0 {
					continue
				}
				for i, v := range c.Option.XAxis[0].Data {
					p, at, partial, ok := category(v, c.Meta.Periods)
					if !ok {
						continue
					}
					checked++
					if !at.IsZero() {
						if at.After(d.asOf) {
							t.Errorf("as of %s, %s: chart %s has the instant %v after as_of", d.asOf, path, c.ID, v)
						}
						continue
					}
					if c.Meta.Forecast > 0 && i >= c.Meta.Forecast {
						for _, s := range c.Option.Series {
							projected := s.Type == "scatter"
							for _, n := range c.Meta.Projections {
								projected = projected || n == s.Name
							}
							if !projected && i < len(s.Data) && drawn(s.Data[i]) {
								t.Errorf("as of %s, %s: chart %s draws %q in the forecast's period %v", d.asOf, path, c.ID, s.Name, v)
							}
						}
						continue
					}
					if !p.Start.Before(d.asOf) {
						t.Errorf("as of %s, %s: chart %s draws the period %v, which begins at or after as_of", d.asOf, path, c.ID, v)
					} else if p.End().After(d.asOf) && !partial {
						t.Errorf("as of %s, %s: chart %s draws the unfinished period %v as a whole one (no %q)", d.asOf, path, c.ID, v, chart.ToDate)
					}
				}
			}
		}
		if checked < 1000 {
			t.Errorf("as of %s: only %d categories checked; the charts were not found", d.asOf, checked)
		}
	}
}

// jargon are words and forms that must not reach a manager: the settings
// file's tables and keys, API field names, internal terms. Their precise
// meaning is one click away, on "How we count", which alone may use them.
var jargon = []*regexp.Regexp{
	regexp.MustCompile(`\[(teams|issues|areas|github|assets|funnel)\]`),
	regexp.MustCompile(`\[\[(slo|kpi)\]\]`),
	regexp.MustCompile(`site\.toml`),
	regexp.MustCompile(`\b(closed_at|created_at|merged_at|published_at|stale_after|as_of)\b`),
	regexp.MustCompile(`(?i)\bas-of time\b`),
	regexp.MustCompile(`(?i)budget-significant`),
	regexp.MustCompile(`\b\d{4}-W\d{2}\b`), // an ISO week: weeks are named by their Monday
	regexp.MustCompile(`(?i)\bp90\b|nearest rank`),
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// Pages speak plainly (issue 18.10): no settings keys, field names or
// statistics shorthand in what a reader sees (text, chart options, titles),
// except on "How we count".
func TestPagesUsePlainWords(t *testing.T) {
	d := demoSite(t, time.Time{})
	for path, page := range d.pages {
		if strings.HasPrefix(path, "how-we-count/") {
			continue
		}
		text := html.UnescapeString(page)
		for _, re := range jargon {
			if m := re.FindStringIndex(text); m != nil {
				from, to := max(0, m[0]-60), min(len(text), m[1]+60)
				t.Errorf("%s: %q in %q", path, text[m[0]:m[1]], tagRE.ReplaceAllString(text[from:to], " "))
			}
		}
	}
}

var (
	cardRE      = regexp.MustCompile(`(?s)<li class="card state-(ok|warning|breach|none)">(.*?)</li>`)
	stateRE     = regexp.MustCompile(`<(?:td|span|strong) class="state state-[a-z-]+"[^>]*>([^<]*)<`)
	tileStateRE = regexp.MustCompile(`(?s)<li class="tile tile-(better|worse|steady|few)"[^>]*>(.*?)</li>`)
	deltaRE     = regexp.MustCompile(`<span class="delta (good|bad)"[^>]*>(.*?)</span></span>`)
)

// Every state also has a word (WCAG 1.4.1: never colour alone): each card
// with a state border says its state, each state cell and tile says it,
// and each coloured change says better or worse.
func TestEveryStateHasWords(t *testing.T) {
	d := demoSite(t, time.Time{})
	counts := map[string]int{}
	for path, page := range d.pages {
		for _, m := range cardRE.FindAllStringSubmatch(page, -1) {
			counts["card"]++
			if w := regexp.MustCompile(`<span class="card-state">([^<]+)</span>`).FindStringSubmatch(m[2]); w == nil || strings.TrimSpace(w[1]) == "" {
				t.Errorf("%s: a card with state %s says it only in colour: %.200s", path, m[1], m[2])
			}
		}
		for _, m := range stateRE.FindAllStringSubmatch(page, -1) {
			counts["state"]++
			if strings.TrimSpace(m[1]) == "" {
				t.Errorf("%s: an empty state: %s", path, m[0])
			}
		}
		for _, m := range tileStateRE.FindAllStringSubmatch(page, -1) {
			counts["tile"]++
			if w := regexp.MustCompile(`<span class="tile-state">([^<]+)</span>`).FindStringSubmatch(m[2]); w == nil {
				t.Errorf("%s: a %s tile without its state in words", path, m[1])
			}
		}
		for _, m := range deltaRE.FindAllStringSubmatch(page, -1) {
			counts["delta"]++
			want := map[string]string{"good": "better", "bad": "worse"}[m[1]]
			// m[2] ends before the judgement's closing tag when no
			// "against" follows it (a column that says what it is against).
			if !strings.Contains(m[2]+"</span>", `<span class="judged">`+want+`</span>`) {
				t.Errorf("%s: a %s change that does not say %q: %s", path, m[1], want, m[2])
			}
		}
	}
	for _, k := range []string{"card", "state", "tile", "delta"} {
		if counts[k] < 3 {
			t.Errorf("only %d %ss found on the demo's pages: the check finds nothing to check", counts[k], k)
		}
	}
}

// The dashboard leads with what needs action (issue 18.6): before the
// verdict, the overdue action items with how late the oldest is, as many
// as the action-items page counts, and each overdue item there says by
// how many days.
func TestDashboardLeadsWithWhatNeedsAction(t *testing.T) {
	d := demoSite(t, time.Time{})
	dash, items := d.pages["index.html"], d.pages["action-items/index.html"]
	at, verdict := strings.Index(dash, `id="needs-action"`), strings.Index(dash, `id="verdict"`)
	if at < 0 || verdict < 0 || at > verdict {
		t.Fatalf("the dashboard's needs-action list is missing or after the verdict (at %d, verdict at %d)", at, verdict)
	}
	m := regexp.MustCompile(`<strong class="overdue">(\d+) overdue</strong>`).FindStringSubmatch(items)
	if m == nil || m[1] == "0" {
		t.Fatal("the demo's action-items page counts no overdue item")
	}
	if want := m[1] + " action items overdue"; !strings.Contains(dash[at:verdict], want) || !strings.Contains(dash[at:verdict], "the oldest by ") {
		t.Errorf("the dashboard's needs-action list lacks %q with the oldest's lateness: %s", want, tagRE.ReplaceAllString(dash[at:verdict], " "))
	}
	rows := regexp.MustCompile(`(?s)<tr class="overdue">.*?</tr>`).FindAllString(items, -1)
	if len(rows) == 0 || fmt.Sprint(len(rows)) != m[1] {
		t.Errorf("%d overdue rows on the action-items page, which counts %s", len(rows), m[1])
	}
	for _, r := range rows {
		if !regexp.MustCompile(`overdue by \d+ days?`).MatchString(r) {
			t.Errorf("an overdue item does not say how late it is: %s", tagRE.ReplaceAllString(r, " "))
		}
	}
}

var (
	figureRE = regexp.MustCompile(`data-figure="([^"]+)" data-over="([^"]*)"[^>]*>([^<]*)`)
	numberRE = regexp.MustCompile(`[-+]?[\d,]*\.?\d+%?`)
)

// A figure that appears on two pages is the same number, or says next to
// it what differs (issue 18.3): pages mark such figures (data-figure, the
// figure; data-over, the window or instant it is counted over, which the
// page says in words). The same figure over the same window must read the
// same everywhere; over another window (a quarter's SLO budget against
// the rolling one) the page must say which.
func TestFiguresOnTwoPagesAgreeOrSayWhatDiffers(t *testing.T) {
	d := demoSite(t, time.Time{})
	type seen struct{ value, page string }
	same := map[string]seen{}               // key + over -> first value
	pagesOf := map[string]map[string]bool{} // key -> pages
	for path, page := range d.pages {
		text := strings.ToLower(html.UnescapeString(tagRE.ReplaceAllString(page, " ")))
		text = strings.Join(strings.Fields(text), " ")
		for _, m := range figureRE.FindAllStringSubmatch(page, -1) {
			key, over, value := html.UnescapeString(m[1]), html.UnescapeString(m[2]), html.UnescapeString(m[3])
			if over == "" {
				t.Errorf("%s: figure %q does not say what it is counted over", path, key)
				continue
			}
			if !strings.Contains(text, strings.ToLower(over)) {
				t.Errorf("%s: figure %q is counted %q, which the page does not say", path, key, over)
			}
			num := numberRE.FindString(value)
			if num == "" {
				num = strings.TrimSpace(value) // n/a
			}
			if pagesOf[key] == nil {
				pagesOf[key] = map[string]bool{}
			}
			pagesOf[key][path] = true
			k := key + "\x00" + over
			if s, ok := same[k]; !ok {
				same[k] = seen{num, path}
			} else if s.value != num {
				t.Errorf("figure %q %s: %s on %s, %s on %s", key, over, s.value, s.page, num, path)
			}
		}
	}
	shared := 0
	for _, ps := range pagesOf {
		if len(ps) > 1 {
			shared++
		}
	}
	if shared < 8 {
		t.Errorf("only %d marked figures appear on two pages or more: the check has too little to hold", shared)
	}
}

// A quarterly review shows the quarter's launches, foresight and
// decisions (the board's ask): in the demo, the sync engine launch went
// staff → 5% → 25% → 0% in 2025-Q2; its one incident that quarter is
// linked to the launch and named its pre-mortem's first risk (1 of 1);
// ADRs 5, 6 and 8 are dated in 2025-Q2. 2023-Q4 has none of the three.
func TestReviewShowsLaunchesForesightAndDecisions(t *testing.T) {
	d := demoSite(t, time.Time{})
	page := html.UnescapeString(strings.Join(strings.Fields(tagRE.ReplaceAllString(d.pages["reviews/2025-Q2/index.html"], " ")), " "))
	for _, want := range []string{
		"Sync engine v2: batched writes staff → 5% → 25% → 0% rolled back",
		"Foresight: 1 of 1 (100.0%)",
		"5. Batch the sync engine's writes (superseded, 2025-04-28)",
		"6. Cap sync batches and give them their own pool (accepted, 2025-06-20)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("2025-Q2 review lacks %q", want)
		}
	}
	if strings.Contains(d.pages["reviews/2023-Q4/index.html"], `id="learning"`) {
		t.Error("2023-Q4 review has a launches section without launches, foresight or decisions")
	}
}

// An SLO with budget left now that was exhausted earlier in its window
// (issue 18.5: "100.0% of budget left" over "exhausted for 8.5 days")
// says that it recovered, in the table row and the figures beside it.
func TestBudgetLeftBesideTimeExhaustedSaysItRecovered(t *testing.T) {
	page := demoSite(t, time.Time{}).pages["slo/index.html"]
	rowRE := regexp.MustCompile(`(?s)<tr>\s*<th scope="row"><a href="#([^"]+)">.*?</tr>`)
	cellRE := regexp.MustCompile(`<td class="num"[^>]*>([^<]*)</td>`)
	seen := 0
	for _, m := range rowRE.FindAllStringSubmatch(page, -1) {
		cells := cellRE.FindAllStringSubmatch(m[0], -1)
		if len(cells) < 4 {
			continue
		}
		left, exhausted := cells[2][1], cells[3][1]
		if exhausted == "never" || strings.HasPrefix(left, "-") || left == "0.0%" || left == "n/a" {
			continue
		}
		seen++
		if !strings.HasSuffix(exhausted, ", recovered") {
			t.Errorf("SLO %s: %s left now beside %q exhausted, with no word that it recovered", m[1], left, exhausted)
		}
		sec := page[strings.Index(page, `<section class="slo" id="`+m[1]+`"`):]
		if !strings.Contains(sec[:strings.Index(sec, "</ul>")], ", recovered since") {
			t.Errorf("SLO %s: the figures say %q exhausted beside %s left, with no word that it recovered", m[1], exhausted, left)
		}
	}
	if seen == 0 {
		t.Fatal("the demo has no SLO that recovered from an exhausted budget in its window: the test checks nothing")
	}
}
