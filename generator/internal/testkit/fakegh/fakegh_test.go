package fakegh

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

var base = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func get(t *testing.T, url string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func numbers(t *testing.T, b []byte) []int {
	t.Helper()
	var rows []struct{ Number int }
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	var out []int
	for _, r := range rows {
		out = append(out, r.Number)
	}
	return out
}

func TestIssuesPagingSortSinceAndLink(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	for i := 1; i <= 5; i++ {
		// Issue i is updated at base + (6-i) hours: issue 5 is the oldest update.
		s.AddIssue("o/r", model.Issue{Number: i, State: "open", CreatedAt: base, UpdatedAt: base.Add(time.Duration(6-i) * time.Hour)})
	}
	closed := base
	s.AddIssue("o/r", model.Issue{Number: 6, State: "closed", CreatedAt: base, UpdatedAt: base, ClosedAt: &closed})

	resp, b := get(t, s.APIURL()+"/repos/o/r/issues?state=all&sort=updated&direction=asc&per_page=2")
	if got := numbers(t, b); len(got) != 2 || got[0] != 6 || got[1] != 5 {
		t.Errorf("page 1 %v, want [6 5] (updated ascending, ties by number)", got)
	}
	link := resp.Header.Get("Link")
	if !strings.Contains(link, `?direction=asc&page=2&per_page=2&sort=updated&state=all>; rel="next"`) || !strings.Contains(link, `&page=3&per_page=2&sort=updated&state=all>; rel="last"`) {
		t.Errorf("Link %q", link)
	}
	_, b = get(t, s.APIURL()+"/repos/o/r/issues?state=all&sort=updated&direction=asc&per_page=2&page=3")
	if got := numbers(t, b); len(got) != 2 || got[0] != 2 || got[1] != 1 {
		t.Errorf("page 3 %v, want [2 1]", got)
	}
	// Default state is open; since is inclusive.
	since := base.Add(4 * time.Hour).Format(time.RFC3339)
	_, b = get(t, s.APIURL()+"/repos/o/r/issues?sort=updated&direction=asc&since="+since)
	if got := numbers(t, b); len(got) != 2 || got[0] != 2 || got[1] != 1 {
		t.Errorf("since %s: %v, want [2 1]", since, got)
	}
	if s.Count("/repos/o/r/issues") != 3 {
		t.Errorf("count %d", s.Count("/repos/o/r/issues"))
	}
}

func TestETagAnswers304WithoutUsingRateLimit(t *testing.T) {
	s := New(Options{RateLimit: 10})
	defer s.Close()
	s.AddRepo("o/r")
	resp, _ := get(t, s.APIURL()+"/repos/o/r/releases")
	et := resp.Header.Get("ETag")
	if et == "" || resp.Header.Get("X-RateLimit-Remaining") != "9" {
		t.Fatalf("etag %q remaining %s", et, resp.Header.Get("X-RateLimit-Remaining"))
	}
	resp, b := get(t, s.APIURL()+"/repos/o/r/releases", "If-None-Match", et)
	if resp.StatusCode != 304 || len(b) != 0 || resp.Header.Get("X-RateLimit-Remaining") != "9" || s.NotModified() != 1 {
		t.Errorf("status %d body %q remaining %s", resp.StatusCode, b, resp.Header.Get("X-RateLimit-Remaining"))
	}
	s.AddRelease("o/r", model.Release{ID: 1, Tag: "v1", CreatedAt: base})
	if resp, _ := get(t, s.APIURL()+"/repos/o/r/releases", "If-None-Match", et); resp.StatusCode != 200 {
		t.Errorf("changed list answered %d", resp.StatusCode)
	}
}

func TestRawJSONServedAsIsWithDuplicates(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	row := `{"number":7,"state":"open","pull_request":null,"created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:00:00Z","title":"a\/b"}`
	n, err := s.LoadIssuesJSONL("o/r", strings.NewReader(row+"\n\n"+row+"\n"))
	if err != nil || n != 2 {
		t.Fatalf("loaded %d, %v", n, err)
	}
	_, b := get(t, s.APIURL()+"/repos/o/r/issues?state=all")
	if string(b) != "["+row+","+row+"]" {
		t.Errorf("body %s", b)
	}
	if _, err := s.LoadIssuesJSONL("o/r", strings.NewReader("{broken\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("error %v, want one naming line 1", err)
	}
}

func TestAuthPrefixAndNotFound(t *testing.T) {
	s := New(Options{Token: "tok", Prefix: "/api/v3"})
	defer s.Close()
	s.AddRepo("o/r")
	if resp, _ := get(t, s.APIURL()+"/repos/o/r/issues"); resp.StatusCode != 401 {
		t.Errorf("no token: %d", resp.StatusCode)
	}
	if resp, _ := get(t, s.APIURL()+"/repos/o/r/issues", "Authorization", "Bearer tok"); resp.StatusCode != 200 {
		t.Errorf("token: %d", resp.StatusCode)
	}
	if resp, _ := get(t, s.URL+"/repos/o/r/issues", "Authorization", "Bearer tok"); resp.StatusCode != 404 {
		t.Errorf("without prefix: %d", resp.StatusCode)
	}
	if resp, _ := get(t, s.APIURL()+"/repos/o/nope/issues", "Authorization", "token tok"); resp.StatusCode != 404 {
		t.Errorf("unknown repo: %d", resp.StatusCode)
	}
}

func TestFaultsAnswerAsGitHubDoes(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	s.AddRepo("o/r")
	s.Fail(Fault{Match: "/releases", Kind: Secondary, RetryAfter: 30})
	s.Fail(Fault{Match: "/releases", Kind: TooMany, RetryAfter: 5})
	resp, b := get(t, s.APIURL()+"/repos/o/r/releases")
	if resp.StatusCode != 403 || resp.Header.Get("Retry-After") != "30" || !strings.Contains(string(b), "secondary rate limit") {
		t.Errorf("secondary: %d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), b)
	}
	resp, _ = get(t, s.APIURL()+"/repos/o/r/releases")
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "5" {
		t.Errorf("429: %d", resp.StatusCode)
	}
	if resp, _ = get(t, s.APIURL()+"/repos/o/r/releases"); resp.StatusCode != 200 {
		t.Errorf("after faults: %d", resp.StatusCode)
	}
	s.Fail(Fault{Match: "/releases", Kind: Truncate})
	req, _ := http.NewRequest(http.MethodGet, s.APIURL()+"/repos/o/r/releases", nil)
	r2, err := http.DefaultClient.Do(req)
	if err == nil {
		_, err = io.ReadAll(r2.Body)
		r2.Body.Close()
	}
	if err == nil {
		t.Error("truncated body read without error")
	}
	s.SetRateRemaining(0, base)
	resp, _ = get(t, s.APIURL()+"/repos/o/r/releases")
	if resp.StatusCode != 403 || resp.Header.Get("X-RateLimit-Remaining") != "0" || resp.Header.Get("X-RateLimit-Reset") != "1704067200" {
		t.Errorf("exhausted: %d %v", resp.StatusCode, resp.Header)
	}
}

func TestTransferredIssueRedirectsAndDeletedIsGone(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	s.AddIssue("o/a", model.Issue{Number: 5, State: "open", CreatedAt: base, UpdatedAt: base})
	s.AddIssue("o/a", model.Issue{Number: 6, State: "open", CreatedAt: base, UpdatedAt: base})
	s.AddRepo("o/b")
	s.TransferIssue("o/a", 5, "o/b", 1, base.Add(time.Hour), false)
	s.DeleteIssue("o/a", 6)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(s.APIURL() + "/repos/o/a/issues/5/events")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 301 || resp.Header.Get("Location") != s.APIURL()+"/repos/o/b/issues/1/events" {
		t.Errorf("transferred: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := get(t, s.APIURL()+"/repos/o/a/issues/6/events"); resp.StatusCode != 410 {
		t.Errorf("deleted: %d", resp.StatusCode)
	}
	_, b := get(t, s.APIURL()+"/repos/o/a/issues?state=all")
	if got := numbers(t, b); len(got) != 0 {
		t.Errorf("source still lists %v", got)
	}
	_, b = get(t, s.APIURL()+"/repos/o/b/issues?state=all")
	if got := numbers(t, b); len(got) != 1 || got[0] != 1 {
		t.Errorf("destination lists %v, want [1]", got)
	}
}
