package site

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// go test ./generator/site -run Golden -update rewrites the golden pages.
var update = flag.Bool("update", false, "rewrite the golden HTML files in testdata/golden")

const goldenDir = "testdata/golden"

// goldenAsOf is the fixture's as-of: the first instant of July 2025, so
// 2025-Q2 is the last complete quarter and July 2025 has not begun.
var goldenAsOf = ts("2025-07-01T00:00:00Z")

// goldenSite writes a small site with every kind of page: one repository
// with issues over eighteen months (bugs, a reopen, comments, a feature
// request), merged pull requests and three releases, one postmortem that
// names a release and a pre-mortem's risk, a pre-mortem, two decision
// records (one supersedes the other), and a metric export with an SLO and a KPI.
func goldenSite(t testing.TB) string {
	t.Helper()
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "Golden health"
description = "A small fixture site."
base_url = "https://example.org/health/"

[github]
repos = ["acme/app"]

[[metrics.source]]
name = "web"
file = "content/metrics/web.csv"

[[slo]]
name = "Web availability"
description = "Requests that did not fail."
target = 0.99
window = "30d"
total = "web:requests"
bad = "web:errors"

[[kpi]]
name = "Signups"
series = "web:signups"
unit = "users"
target = 300
warning = 200
-- content/postmortems/2025-05-10-login-outage.md --
---
id: 2025-05-10-login-outage
title: "Login failed for a third of users after v1.2.0"
severity: SEV2
status: published
repo: acme/app
release: v1.2.0
started: 2025-05-10T09:00:00Z
detected: 2025-05-10T09:20:00Z
mitigated: 2025-05-10T10:00:00Z
resolved: 2025-05-10T13:00:00Z
services: [auth]
tags: [release]
premortem: 2025-04-20-session-cookies
risk: old-cookies
decisions: [ADR-2]
action_items:
  - title: "Canary logins before a full rollout"
    owner: "@ann"
    due: 2025-06-01
    issue: acme/app#7
  - title: "Alert on login error rate"
    owner: "@bo"
    due: 2025-05-20
    status: done
---

# Login failed for a third of users after v1.2.0

## Summary

A session cookie change rejected older cookies.
-- content/premortems/2025-04-20-session-cookies.md --
---
title: "Session cookies v2"
date: 2025-04-20
---

# Pre-mortem: session cookies v2

## How this could fail

- Older cookies are rejected and people are logged out. Likelihood: medium. Impact: high. {#old-cookies}
- The cookie grows past the header limit of a proxy. Likelihood: low. Impact: medium. Mitigation: keep it under 1 KB.
-- content/decisions/0001-sessions-in-cookies.md --
# 1. Keep sessions in signed cookies

Date: 2024-02-01

## Status

Superseded by [2. Version the session cookie](0002-version-the-session-cookie.md)

## Context

Sessions lived in the database.

## Decision

Sessions are signed cookies.

## Consequences

No session table.
-- content/decisions/0002-version-the-session-cookie.md --
---
status: accepted
date: 2025-04-15
deciders: Ann, Bo
---

# Version the session cookie

## Context and Problem Statement

A cookie format change must not log people out.

## Decision Outcome

Chosen option: "a version field", because old and new cookies can both be read.
`)
	writeFile(t, filepath.Join(dir, "content/metrics/web.csv"), goldenMetrics())
	day := func(s string) time.Time { return ts(s + "T10:00:00Z") }
	at := func(s string) *time.Time { x := day(s); return &x }
	issue := func(n int, title, created string, labels []string, closed string) model.Issue {
		is := model.Issue{Repo: "acme/app", Number: n, Title: title, State: "open", Labels: labels,
			CreatedAt: day(created), UpdatedAt: day(created), URL: fmt.Sprintf("https://github.com/acme/app/issues/%d", n)}
		if closed != "" {
			is.State, is.ClosedAt, is.UpdatedAt = "closed", at(closed), day(closed)
		}
		return is
	}
	rd := &store.RepoData{Repo: "acme/app", SyncedAt: goldenAsOf, EventsComplete: true,
		Issues: []model.Issue{
			issue(1, "Crash on start", "2024-01-15", []string{"bug"}, "2024-01-20"),
			issue(2, "Dark mode", "2024-03-02", []string{"feature"}, ""),
			issue(3, "Slow search", "2024-05-10", []string{"bug", "perf"}, "2024-06-01"),
			issue(4, "Typo in settings", "2024-11-05", []string{"bug"}, "2025-02-01"),
			issue(5, "Export fails", "2025-02-10", []string{"bug"}, ""),
			issue(6, "Login loop", "2025-05-10", []string{"bug"}, "2025-05-11"),
			issue(7, "Canary logins", "2025-05-12", nil, ""),
			issue(8, "Sync conflict", "2025-06-20", []string{"bug"}, ""),
		},
		Events: []model.Event{
			{Repo: "acme/app", ID: 1, IssueNumber: 1, Event: "closed", CreatedAt: day("2024-01-20")},
			{Repo: "acme/app", ID: 2, IssueNumber: 3, Event: "closed", CreatedAt: day("2024-05-20")},
			{Repo: "acme/app", ID: 3, IssueNumber: 3, Event: "reopened", CreatedAt: day("2024-05-25")},
			{Repo: "acme/app", ID: 4, IssueNumber: 3, Event: "closed", CreatedAt: day("2024-06-01")},
			{Repo: "acme/app", ID: 5, IssueNumber: 4, Event: "closed", CreatedAt: day("2025-02-01")},
			{Repo: "acme/app", ID: 6, IssueNumber: 6, Event: "closed", CreatedAt: day("2025-05-11")},
		},
		Comments: []model.Comment{
			{Repo: "acme/app", ID: 1, IssueNumber: 1, User: model.User{Login: "maint"}, CreatedAt: day("2024-01-16")},
			{Repo: "acme/app", ID: 2, IssueNumber: 3, User: model.User{Login: "maint"}, CreatedAt: day("2024-05-10").Add(3 * time.Hour)},
			{Repo: "acme/app", ID: 3, IssueNumber: 6, User: model.User{Login: "maint"}, CreatedAt: day("2025-05-10").Add(time.Hour)},
		},
		PullRequests: []model.PullRequest{
			{Repo: "acme/app", Number: 20, Title: "Fix crash", State: "closed", CreatedAt: day("2024-01-18"), UpdatedAt: day("2024-01-19"), ClosedAt: at("2024-01-19"), MergedAt: at("2024-01-19")},
			{Repo: "acme/app", Number: 21, Title: "Cookies", State: "closed", CreatedAt: day("2025-05-01"), UpdatedAt: day("2025-05-08"), ClosedAt: at("2025-05-08"), MergedAt: at("2025-05-08")},
		},
		Releases: []model.Release{
			{Repo: "acme/app", ID: 101, Tag: "v1.0.0", CreatedAt: day("2024-02-01"), PublishedAt: at("2024-02-01"), URL: "https://github.com/acme/app/releases/tag/v1.0.0"},
			{Repo: "acme/app", ID: 102, Tag: "v1.1.0", Body: "## What's changed\n\n* Faster search", CreatedAt: day("2024-09-01"), PublishedAt: at("2024-09-01")},
			{Repo: "acme/app", ID: 103, Tag: "v1.2.0", CreatedAt: day("2025-05-09"), PublishedAt: at("2025-05-09")},
		},
	}
	for i := range rd.Comments {
		rd.Comments[i].UpdatedAt = rd.Comments[i].CreatedAt
	}
	sd := filepath.Join(dir, "content/data/store")
	if err := store.WriteRepo(sd, rd); err != nil {
		t.Fatal(err)
	}
	if err := store.WriteManifest(sd, store.Manifest{SyncedAt: rd.SyncedAt, Repos: []string{"acme/app"}}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// goldenMetrics is a daily wide CSV from 2024-07-01 to 2025-06-30: requests,
// errors (a bad week in May 2025) and signups.
func goldenMetrics() string {
	var b strings.Builder
	b.WriteString("time,requests,errors,signups\n")
	for d := ts("2024-07-01T00:00:00Z"); d.Before(goldenAsOf); d = d.AddDate(0, 0, 1) {
		errs := 2 + d.Day()%3
		if d.Year() == 2025 && d.Month() == time.May && d.Day() >= 10 && d.Day() < 17 {
			errs = 40
		}
		fmt.Fprintf(&b, "%s,%d,%d,%d\n", d.Format(time.RFC3339), 1000, errs, 5+d.Day()%7+int(d.Month()))
	}
	return b.String()
}

func writeFile(t testing.TB, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Every HTML page of the fixture site is compared with its golden file, so
// a template or page-data change is a reviewable diff. A golden file that
// no page produced any more fails too (it would hide a page that vanished).
func TestGoldenPagesOfFixtureSite(t *testing.T) {
	dir := goldenSite(t)
	mustBuild(t, dir, Options{AsOf: goldenAsOf})
	got := map[string][]byte{}
	for p, b := range fixture.ReadTree(t, filepath.Join(dir, "public")) {
		if strings.HasSuffix(p, ".html") {
			got[p] = b
		}
	}
	if len(got) < 10 {
		t.Fatalf("the fixture built only %d pages", len(got))
	}
	if *update {
		if err := os.RemoveAll(goldenDir); err != nil {
			t.Fatal(err)
		}
		for p, b := range got {
			writeFile(t, filepath.Join(goldenDir, filepath.FromSlash(p)), string(b))
		}
		return
	}
	want := fixture.ReadTree(t, goldenDir)
	var paths []string
	for p := range got {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		w, ok := want[p]
		if !ok {
			t.Errorf("%s: no golden file (run go test ./generator/site -run Golden -update)", p)
			continue
		}
		if d := firstDiff(string(w), string(got[p])); d != "" {
			t.Errorf("%s differs from %s (run with -update to accept):\n%s", p, filepath.Join(goldenDir, p), d)
		}
	}
	for p := range want {
		if _, ok := got[p]; !ok {
			t.Errorf("%s: golden file that no page produced; delete it or run with -update", filepath.Join(goldenDir, p))
		}
	}
}

// firstDiff shows the first line where want and got differ, or "".
func firstDiff(want, got string) string {
	if want == got {
		return ""
	}
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n  want %s\n  got  %s", i+1, clip(w), clip(g))
		}
	}
	return "differ"
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
