package pages

import (
	"fmt"
	"html/template"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/releasestats"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/compute/slo"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/sources/content"
)

// Addresses that several sections share: paths from page to page, anchors,
// links to postmortems and reviews, incident markers on charts, and content
// bodies as a page shows them.

var attrURL = regexp.MustCompile(`(<(?:a|img)\b[^>]*?\s(?:href|src)=")([^"]*)(")`)

// rebase rewrites relative links and images in a content body written at
// src (content/x/y.md) so that they resolve from the page at out
// (x/slug/index.html): resources are published at their path below content/.
func rebase(body string, src, out string) string {
	srcDir := path.Dir(strings.TrimPrefix(src, "content/"))
	outDir := path.Dir(out)
	return attrURL.ReplaceAllStringFunc(body, func(m string) string {
		sub := attrURL.FindStringSubmatch(m)
		u := sub[2]
		if u == "" || strings.HasPrefix(u, "#") || strings.HasPrefix(u, "/") || strings.Contains(strings.SplitN(u, "/", 2)[0], ":") {
			return m
		}
		frag := ""
		if i := strings.IndexAny(u, "?#"); i >= 0 {
			u, frag = u[:i], u[i:]
		}
		target := path.Join(srcDir, u)
		if strings.HasSuffix(strings.ToLower(target), ".md") {
			return m // links between content files are left as written
		}
		return sub[1] + relPath(outDir, target) + frag + sub[3]
	})
}

// relPath is the relative URL from directory from to file to (both slash
// paths below the site root).
func relPath(from, to string) string {
	if from == "." {
		from = ""
	}
	fromParts := strings.Split(from, "/")
	if from == "" {
		fromParts = nil
	}
	toParts := strings.Split(to, "/")
	i := 0
	for i < len(fromParts) && i < len(toParts)-1 && fromParts[i] == toParts[i] {
		i++
	}
	return strings.Repeat("../", len(fromParts)-i) + strings.Join(toParts[i:], "/")
}

// slugAnchors names sections after their titles (prefix-title-in-slug-form),
// so a link pasted into chat survives a change of order; a repeated slug
// gets -2, -3 in order, and an empty one the position.
func slugAnchors(prefix string, names []string) []string {
	out := make([]string, len(names))
	used := map[string]bool{}
	for i, n := range names {
		s := anchor(n)
		if s == "" {
			s = "item"
		}
		a := prefix + "-" + s
		for k := 2; used[a]; k++ {
			a = fmt.Sprintf("%s-%s-%d", prefix, s, k)
		}
		used[a] = true
		out[i] = a
	}
	return out
}

func sloAnchors(rs []slo.Result) []string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Name
	}
	return slugAnchors("slo", names)
}

func anchor(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// webURL keeps only http(s) links from data; anything else is dropped.
func webURL(u string) string {
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}

// incidentMarkers marks each incident in the period of kind k in which it
// started, linked to its postmortem relative to the page at from.
func (b *Builder) incidentMarkers(k period.Kind, from string) []chart.Marker {
	var out []chart.Marker
	for i := len(b.rep.Incidents) - 1; i >= 0; i-- { // oldest first
		in := b.rep.Incidents[i]
		if in.Started == nil || !in.Started.Before(b.asOf) {
			continue
		}
		label := in.Started.Format("2006-01-02")
		if in.Severity != "" {
			label = in.Severity + " " + label
		}
		out = append(out, chart.Marker{X: period.Of(k, *in.Started).String(), Label: label,
			URL: relPath(path.Dir(from), b.postmortemPaths[in.Path])})
	}
	return out
}

// howLink links, from the page at from, a definition on "How we count"
// (anchor: its section and item, "issues-time-to-close").
func howLink(from, anchor string) string {
	return relPath(path.Dir(from), "how-we-count/index.html") + "#" + anchor
}

// releaseAnchor is the id of a release's row on the releases page.
func releaseAnchor(repo, tag string) string { return "release-" + anchor(repo+" "+tag) }

// releasesPath is the releases page, the first page of the release list.
const releasesPath = "releases/index.html"

// newestReleases orders releases as the releases pages list them: newest
// first, then by repository and id.
func newestReleases(rows []releasestats.Row) []releasestats.Row {
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
	return newest
}

// releaseLink is the site path of a release's row: its page of the
// release list (PageSize a page, newest first) and its anchor.
func (b *Builder) releaseLink(repo, tag string) string {
	if b.releasePages == nil {
		b.releasePages = map[string]int{}
		for i, r := range newestReleases(b.rep.Releases.Rows) {
			b.releasePages[releaseAnchor(r.Repo, r.Tag)] = i/PageSize + 1
		}
	}
	a := releaseAnchor(repo, tag)
	return listPagePath(releasesPath, b.releasePages[a]) + "#" + a
}

func reviewPath(q period.P) string { return "reviews/" + q.String() + "/index.html" }

// latestReview links to the last complete quarter's review; nil without one.
func latestReview(r *reports.Reports) *ReviewLink {
	if n := len(r.Quarters); n > 0 {
		q := r.Quarters[n-1].Quarter
		return &ReviewLink{Quarter: q.String(), Path: reviewPath(q)}
	}
	return nil
}

// ReviewLink links to a review.
type ReviewLink struct {
	Quarter, Path string
	Current       bool
}

// bodyWithoutTitle drops the leading <h1> of a body whose title came from
// that heading, since the page template shows the title itself.
func bodyWithoutTitle(pg *content.Page) template.HTML {
	t := strings.TrimLeft(string(pg.Body), " \n")
	end := strings.Index(t, "</h1>")
	if !strings.HasPrefix(t, "<h1") || end < 0 {
		return pg.Body
	}
	// A leading heading that says the title again (or gave it) goes.
	if pg.TitleFrom != "heading" && (len(pg.Headings) == 0 || pg.Headings[0].Level != 1 || !strings.EqualFold(strings.TrimSpace(pg.Headings[0].Text), strings.TrimSpace(pg.Title))) {
		return pg.Body
	}
	return template.HTML(strings.TrimLeft(t[end+len("</h1>"):], "\n"))
}

// PageLink is a titled link to a page of the site.
type PageLink struct{ Title, Path string }

// linkFrom links from one page to another (both site paths).
func linkFrom(from, to string) string {
	return strings.Repeat("../", strings.Count(from, "/")) + to
}

// pageWillExist: postmortem pages exist; launch and experiment pages are
// made by their sections (or as content pages of content/launches and
// content/experiments).
func (b *Builder) pageWillExist(p string) bool {
	for _, pg := range b.content.Pages {
		if pg.Section != "" && pg.Section+"/"+pg.Slug+"/index.html" == p {
			return true
		}
	}
	return strings.HasPrefix(p, "postmortems/")
}

// withoutTitle drops a body's leading <h1>: the page shows the title.
func withoutTitle(body template.HTML) template.HTML {
	t := strings.TrimLeft(string(body), " \n")
	if end := strings.Index(t, "</h1>"); strings.HasPrefix(t, "<h1") && end >= 0 {
		return template.HTML(strings.TrimLeft(t[end+len("</h1>"):], "\n"))
	}
	return body
}
