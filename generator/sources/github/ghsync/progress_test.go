package ghsync

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestBarFillsWithPages(t *testing.T) {
	cases := []struct {
		page, last int
		want       string
	}{
		{0, 0, "o/r  issues       [........................] 0/0"},
		{1, 4, "o/r  issues       [######..................] 1/4"},
		{4, 4, "o/r  issues       [########################] 4/4"},
		{5, 4, "o/r  issues       [########################] 5/5"}, // last unknown yet
	}
	for _, tc := range cases {
		if got := bar("o/r", "issues", tc.page, tc.last); got != tc.want {
			t.Errorf("bar(%d,%d) = %q, want %q", tc.page, tc.last, got, tc.want)
		}
	}
}

func TestProgressWithoutTTYWritesALineEveryFiveSeconds(t *testing.T) {
	c := &clock{t: t0}
	var out bytes.Buffer
	p := newProgress(&out, false, c.Now)
	p.begin("o/r")
	for i := 1; i <= 12; i++ { // pages 2s apart: lines at 6s (page 3), 12s (page 6), 18s, 24s
		c.Add(2 * time.Second)
		p.update("issues", i, 12)
	}
	p.done(RepoSummary{Repo: "o/r", Requests: 12})
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		"o/r: syncing",
		"o/r: issues page 3 of 12",
		"o/r: issues page 6 of 12",
		"o/r: issues page 9 of 12",
		"o/r: issues page 12 of 12",
		"o/r: done, 12 requests (0 not modified), 0 added, 0 updated, 0 removed",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", out.String(), strings.Join(want, "\n"))
	}
	if strings.Contains(out.String(), "\r") {
		t.Error("carriage return in non-TTY output")
	}
}

func TestProgressOnTTYRedrawsOneLine(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, true, func() time.Time { return t0 })
	p.begin("o/r")
	p.update("issues", 1, 2)
	p.update("issues", 2, 2)
	p.done(RepoSummary{Repo: "o/r"})
	s := out.String()
	if strings.Count(s, "\r\x1b[K") != 3 || strings.Count(s, "\n") != 1 {
		t.Errorf("TTY output %q", s)
	}
}

func TestNilProgressIsQuiet(t *testing.T) {
	p := newProgress(nil, true, time.Now)
	p.begin("o/r")
	p.update("issues", 1, 1)
	p.done(RepoSummary{Repo: "o/r"})
}
