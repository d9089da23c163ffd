package ghsync

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// lineEvery is how often a non-TTY progress line is written.
const lineEvery = 5 * time.Second

// progress shows how a sync is going: on a terminal, one bar per repository
// redrawn in place; elsewhere (CI logs), a line every few seconds. A nil
// writer shows nothing.
type progress struct {
	w    io.Writer
	tty  bool
	now  func() time.Time
	repo string
	last time.Time
}

func newProgress(w io.Writer, tty bool, now func() time.Time) *progress {
	return &progress{w: w, tty: tty, now: now}
}

func (p *progress) begin(repo string) {
	if p.w == nil {
		return
	}
	p.repo = repo
	p.last = p.now()
	if !p.tty {
		fmt.Fprintf(p.w, "%s: syncing\n", repo)
	}
}

// update reports page of last in a phase ("issues", "comments", ...).
func (p *progress) update(phase string, page, last int) {
	if p.w == nil {
		return
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r\x1b[K%s", bar(p.repo, phase, page, last))
		return
	}
	if now := p.now(); now.Sub(p.last) >= lineEvery {
		p.last = now
		fmt.Fprintf(p.w, "%s: %s page %d of %d\n", p.repo, phase, page, last)
	}
}

func (p *progress) done(rs RepoSummary) {
	if p.w == nil {
		return
	}
	if p.tty {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	if rs.Err != nil {
		fmt.Fprintf(p.w, "%s: failed (see the summary)\n", rs.Repo)
		return
	}
	fmt.Fprintf(p.w, "%s: done, %d requests (%d not modified), %d added, %d updated, %d removed\n",
		rs.Repo, rs.Requests, rs.NotModified, rs.Added, rs.Updated, rs.Removed)
}

// bar is "owner/name  issues    [#########...........]  12/30".
func bar(repo, phase string, page, last int) string {
	const width = 24
	if last < page {
		last = page
	}
	filled := 0
	if last > 0 {
		filled = page * width / last
	}
	return fmt.Sprintf("%s  %-12s [%s%s] %d/%d", repo, phase,
		strings.Repeat("#", filled), strings.Repeat(".", width-filled), page, last)
}
