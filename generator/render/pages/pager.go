package pages

import (
	"path"
	"strconv"
)

// A page's weight must not grow with the data (issue 22). A long list
// (releases, postmortems) is split over numbered pages of PageSize rows,
// each page linking the first, the last and the Near pages either side of
// itself (so its pager does not grow with the list either); a long table that only supports a page
// (budget-significant incidents) shows its first Shown rows and links a
// download of all of them. Every row is always in a download.
const (
	PageSize = 200
	Shown    = 50
	Near     = 2
)

// Pager links the pages of one long list; nil when the list fits one page.
type Pager struct {
	Number, Count   int // this page, of Count
	From, To, Total int // its rows, From..To (from 1) of Total
	Size            int // rows a page
	Links           []PagerLink
}

// PagerLink is one page of the list, relative to the page it is on. Gap
// says pages between the link before and this one are not linked.
type PagerLink struct {
	Number       int
	Path         string
	Current, Gap bool
}

// Rest says whether this is a page after the first, which shows the list
// alone (no charts, no figures).
func (p *Pager) Rest() bool { return p != nil && p.Number > 1 }

// listPage is one page of a long list: its path, its rows [From, To) and
// its pager.
type listPage struct {
	Path     string
	From, To int
	Pager    *Pager
}

// listPagePath is the path of page k of the list whose first page is at
// first: "releases/index.html", then "releases/page/2/index.html".
func listPagePath(first string, k int) string {
	if k <= 1 {
		return first
	}
	return path.Join(path.Dir(first), "page", strconv.Itoa(k), "index.html")
}

// listPages splits n rows into pages of PageSize, the first at first.
func listPages(first string, n int) []listPage {
	count := max(1, (n+PageSize-1)/PageSize)
	out := make([]listPage, count)
	for k := range out {
		p := listPage{Path: listPagePath(first, k+1), From: k * PageSize, To: min(n, (k+1)*PageSize)}
		if count > 1 {
			pg := &Pager{Number: k + 1, Count: count, From: p.From + 1, To: p.To, Total: n, Size: PageSize}
			last := 0 // the page linked before
			for j := 1; j <= count; j++ {
				if j != 1 && j != count && (j < k+1-Near || j > k+1+Near) {
					continue
				}
				pg.Links = append(pg.Links, PagerLink{Number: j, Path: relPath(path.Dir(p.Path), listPagePath(first, j)), Current: j == k+1, Gap: j > last+1})
				last = j
			}
			p.Pager = pg
		}
		out[k] = p
	}
	return out
}
