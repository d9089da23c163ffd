package demo

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// optionSets are the shapes every invariant is checked on: the demo, a
// different seed and size, a short span, a tiny set, and event budgets below
// and above what the issues' lives need.
var optionSets = []struct {
	name string
	o    Options
}{
	{"demo", Options{Seed: DemoSeed}},
	{"seed3-5000", Options{Seed: 3, Issues: 5000}},
	{"short-span", Options{Seed: 4, Issues: 400, Start: time.Date(2025, 1, 31, 12, 0, 0, 0, time.UTC), AsOf: time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC)}},
	{"tiny", Options{Seed: 5, Issues: 5, Repos: []string{"a/b", "c/d", "e/f"}}},
	{"few-events", Options{Seed: 6, Issues: 800, EventsPerIssue: 0.1, CommentsPerIssue: 0.5}},
	{"many-events", Options{Seed: 6, Issues: 800, EventsPerIssue: 6, CommentsPerIssue: 9}},
}

func TestSameSeedWritesIdenticalFiles(t *testing.T) {
	o := Options{Seed: 11, Issues: 1500}
	a, b := t.TempDir(), t.TempDir()
	if err := Write(a, o); err != nil {
		t.Fatal(err)
	}
	if err := Write(b, o); err != nil {
		t.Fatal(err)
	}
	fa, fb := fixture.ReadTree(t, a), fixture.ReadTree(t, b)
	if want := 1 + 2*(1+len(store.Tables())); len(fa) != want { // manifest + two repos of repo.json and the tables
		t.Fatalf("wrote %d files, want %d: %v", len(fa), want, keys(fa))
	}
	if !slices.Equal(keys(fa), keys(fb)) {
		t.Fatalf("file sets differ: %v vs %v", keys(fa), keys(fb))
	}
	for name, ba := range fa {
		if !bytes.Equal(ba, fb[name]) {
			t.Errorf("%s differs between two writes with the same seed", name)
		}
	}
}

func TestDifferentSeedsGiveDifferentData(t *testing.T) {
	a := Generate(Options{Seed: 1, Issues: 300})
	b := Generate(Options{Seed: 2, Issues: 300})
	same := 0
	for i := range a[0].Issues {
		if a[0].Issues[i].Title == b[0].Issues[i].Title && a[0].Issues[i].CreatedAt.Equal(b[0].Issues[i].CreatedAt) {
			same++
		}
	}
	if same > len(a[0].Issues)/10 {
		t.Errorf("%d of %d issues equal under seeds 1 and 2", same, len(a[0].Issues))
	}
}

func TestManifestSyncedAtIsAsOf(t *testing.T) {
	dir := t.TempDir()
	o := Options{Seed: 2, Issues: 50, AsOf: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	if err := Write(dir, o); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Manifest.SyncedAt.Equal(o.AsOf) {
		t.Errorf("synced_at %s, want %s", s.Manifest.SyncedAt, o.AsOf)
	}
	// The manifest lists repos sorted: api before app.
	if !slices.Equal(s.Manifest.Repos, []string{"lumenhq/lumen-api", "lumenhq/lumen-app"}) || len(s.Repos) != 2 {
		t.Errorf("manifest repos %v, loaded %d", s.Manifest.Repos, len(s.Repos))
	}
	for _, rd := range s.Repos {
		if !rd.EventsComplete || !rd.SyncedAt.Equal(o.AsOf) {
			t.Errorf("%s: events_complete %v synced_at %s", rd.Repo, rd.EventsComplete, rd.SyncedAt)
		}
	}
}

// issueEvents returns, per issue number, its closed and reopened events in order.
func issueEvents(rd *store.RepoData) map[int][]model.Event {
	out := map[int][]model.Event{}
	for _, e := range rd.Events {
		if e.Event == "closed" || e.Event == "reopened" {
			out[e.IssueNumber] = append(out[e.IssueNumber], e)
		}
	}
	return out
}

func TestClosedAtEqualsLastClosedEvent(t *testing.T) {
	for _, tc := range optionSets {
		t.Run(tc.name, func(t *testing.T) {
			for _, rd := range Generate(tc.o) {
				evs := issueEvents(rd)
				for _, is := range rd.Issues {
					ev := evs[is.Number]
					switch is.State {
					case "closed":
						if is.ClosedAt == nil || len(ev) == 0 {
							t.Fatalf("%s#%d closed without closed_at or events", rd.Repo, is.Number)
						}
						last := ev[len(ev)-1]
						if last.Event != "closed" || !last.CreatedAt.Equal(*is.ClosedAt) {
							t.Fatalf("%s#%d closed_at %s, last event %s at %s", rd.Repo, is.Number, is.ClosedAt, last.Event, last.CreatedAt)
						}
					case "open":
						if is.ClosedAt != nil {
							t.Fatalf("%s#%d open with closed_at", rd.Repo, is.Number)
						}
						if len(ev) > 0 && ev[len(ev)-1].Event != "reopened" {
							t.Fatalf("%s#%d open but its last event is %s", rd.Repo, is.Number, ev[len(ev)-1].Event)
						}
					default:
						t.Fatalf("%s#%d state %q", rd.Repo, is.Number, is.State)
					}
				}
			}
		})
	}
}

func TestClosedAndReopenedEventsAlternate(t *testing.T) {
	for _, tc := range optionSets {
		t.Run(tc.name, func(t *testing.T) {
			for _, rd := range Generate(tc.o) {
				for num, ev := range issueEvents(rd) {
					for i, e := range ev {
						want := "closed"
						if i%2 == 1 {
							want = "reopened"
						}
						if e.Event != want {
							t.Fatalf("%s#%d event %d is %s, want %s", rd.Repo, num, i, e.Event, want)
						}
						if i > 0 && !ev[i-1].CreatedAt.Before(e.CreatedAt) {
							t.Fatalf("%s#%d events not strictly in time order", rd.Repo, num)
						}
					}
				}
			}
		})
	}
}

func TestNothingBeforeStartOrAtOrAfterAsOf(t *testing.T) {
	for _, tc := range optionSets {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.o.WithDefaults()
			in := func(what string, at time.Time) {
				t.Helper()
				if at.Before(o.Start) || !at.Before(o.AsOf) {
					t.Fatalf("%s at %s outside [%s, %s)", what, at, o.Start, o.AsOf)
				}
			}
			for _, rd := range Generate(o) {
				for _, is := range rd.Issues {
					in("issue created", is.CreatedAt)
					in("issue updated", is.UpdatedAt)
					if is.ClosedAt != nil {
						in("issue closed", *is.ClosedAt)
					}
				}
				for _, p := range rd.PullRequests {
					in("pr created", p.CreatedAt)
					in("pr updated", p.UpdatedAt)
					if p.ClosedAt != nil {
						in("pr closed", *p.ClosedAt)
					}
				}
				for _, c := range rd.Comments {
					in("comment", c.CreatedAt)
					in("comment updated", c.UpdatedAt)
				}
				for _, e := range rd.Events {
					in("event", e.CreatedAt)
				}
				for _, r := range rd.Releases {
					in("release created", r.CreatedAt)
					if r.PublishedAt != nil {
						in("release published", *r.PublishedAt)
					}
				}
			}
		})
	}
}

func TestCommentsAndEventsFollowTheirItemsCreation(t *testing.T) {
	for _, tc := range optionSets {
		t.Run(tc.name, func(t *testing.T) {
			for _, rd := range Generate(tc.o) {
				created := map[int]time.Time{}
				updated := map[int]time.Time{}
				for _, is := range rd.Issues {
					created[is.Number], updated[is.Number] = is.CreatedAt, is.UpdatedAt
				}
				for _, p := range rd.PullRequests {
					created[p.Number], updated[p.Number] = p.CreatedAt, p.UpdatedAt
				}
				for _, c := range rd.Comments {
					at, ok := created[c.IssueNumber]
					if !ok || !c.CreatedAt.After(at) || c.UpdatedAt.Before(c.CreatedAt) {
						t.Fatalf("%s comment %d on #%d at %s (item created %s, known %v)", rd.Repo, c.ID, c.IssueNumber, c.CreatedAt, at, ok)
					}
					if updated[c.IssueNumber].Before(c.UpdatedAt) {
						t.Fatalf("%s#%d updated_at %s before its comment's %s", rd.Repo, c.IssueNumber, updated[c.IssueNumber], c.UpdatedAt)
					}
				}
				for _, e := range rd.Events {
					at, ok := created[e.IssueNumber]
					if !ok || !e.CreatedAt.After(at) {
						t.Fatalf("%s event %d on #%d at %s (item created %s, known %v)", rd.Repo, e.ID, e.IssueNumber, e.CreatedAt, at, ok)
					}
				}
			}
		})
	}
}

func TestIssueAndPullRequestNumbersShareOneSequence(t *testing.T) {
	for _, tc := range optionSets {
		t.Run(tc.name, func(t *testing.T) {
			for _, rd := range Generate(tc.o) {
				n := len(rd.Issues) + len(rd.PullRequests)
				at := make([]time.Time, n+1)
				seen := make([]bool, n+1)
				mark := func(num int, c time.Time) {
					if num < 1 || num > n || seen[num] {
						t.Fatalf("%s: number %d out of 1..%d or used twice", rd.Repo, num, n)
					}
					seen[num], at[num] = true, c
				}
				for _, is := range rd.Issues {
					mark(is.Number, is.CreatedAt)
				}
				for _, p := range rd.PullRequests {
					mark(p.Number, p.CreatedAt)
				}
				for i := 2; i <= n; i++ {
					if at[i].Before(at[i-1]) {
						t.Fatalf("%s: #%d created before #%d", rd.Repo, i, i-1)
					}
				}
			}
		})
	}
}

func TestIDsAreUniqueAndRecordsInCanonicalOrder(t *testing.T) {
	for _, tc := range optionSets {
		t.Run(tc.name, func(t *testing.T) {
			comments, events, releases := map[int64]bool{}, map[int64]bool{}, map[int64]bool{}
			for _, rd := range Generate(tc.o) {
				for i, c := range rd.Comments {
					if comments[c.ID] {
						t.Fatalf("comment id %d twice", c.ID)
					}
					comments[c.ID] = true
					if i > 0 && (c.CreatedAt.Before(rd.Comments[i-1].CreatedAt) || c.ID <= rd.Comments[i-1].ID) {
						t.Fatalf("%s comments out of order at %d", rd.Repo, i)
					}
				}
				for i, e := range rd.Events {
					if events[e.ID] {
						t.Fatalf("event id %d twice", e.ID)
					}
					events[e.ID] = true
					if i > 0 && (e.CreatedAt.Before(rd.Events[i-1].CreatedAt) || e.ID <= rd.Events[i-1].ID) {
						t.Fatalf("%s events out of order at %d", rd.Repo, i)
					}
				}
				for _, r := range rd.Releases {
					if releases[r.ID] {
						t.Fatalf("release id %d twice", r.ID)
					}
					releases[r.ID] = true
				}
				for i := 1; i < len(rd.Issues); i++ {
					if rd.Issues[i].Number <= rd.Issues[i-1].Number {
						t.Fatalf("%s issues not sorted by number", rd.Repo)
					}
				}
			}
		})
	}
}

func TestPullRequestStatesAreConsistent(t *testing.T) {
	var merged, unmerged, open int
	for _, rd := range Generate(Options{Seed: DemoSeed}) {
		for _, p := range rd.PullRequests {
			switch {
			case p.State == "open" && p.ClosedAt == nil && p.MergedAt == nil:
				open++
			case p.State == "closed" && p.MergedAt != nil && p.ClosedAt != nil && p.MergedAt.Equal(*p.ClosedAt):
				merged++
			case p.State == "closed" && p.MergedAt == nil && p.ClosedAt != nil:
				unmerged++
			default:
				t.Fatalf("%s#%d: state %s closed_at %v merged_at %v", rd.Repo, p.Number, p.State, p.ClosedAt, p.MergedAt)
			}
		}
	}
	if merged == 0 || unmerged == 0 || open == 0 {
		t.Errorf("merged %d, closed unmerged %d, open %d: want some of each", merged, unmerged, open)
	}
}

func TestSizeScalesWithIssues(t *testing.T) {
	for _, n := range []int{1000, 8000} {
		o := Options{Seed: 9, Issues: n}.WithDefaults()
		var issues, comments, events int
		for _, rd := range Generate(o) {
			issues += len(rd.Issues)
			comments += len(rd.Comments)
			events += len(rd.Events)
		}
		if issues != n {
			t.Errorf("Issues %d: generated %d issues", n, issues)
		}
		// Averages are targets: within 10% (comments past as-of are dropped).
		wantC, wantE := o.CommentsPerIssue*float64(n), o.EventsPerIssue*float64(n)
		if d := float64(comments)/wantC - 1; d < -0.1 || d > 0.1 {
			t.Errorf("Issues %d: %d comments, want about %.0f", n, comments, wantC)
		}
		if d := float64(events)/wantE - 1; d < -0.1 || d > 0.1 {
			t.Errorf("Issues %d: %d events, want about %.0f", n, events, wantE)
		}
	}
}

func TestSplitIssuesSharesByFallingWeight(t *testing.T) {
	// Weights 1, 1/1.5, 1/2 (sum 13/6): 2400 -> 2400*6/13 = 1107.69,
	// 738.46, 553.85; floors 1107+738+553 = 2398, the two largest
	// remainders (.85, .69) get one more each.
	tests := []struct {
		n, k int
		want []int
	}{
		{2400, 2, []int{1440, 960}},
		{2400, 3, []int{1108, 738, 554}},
		{1, 2, []int{1, 0}},
		{0, 1, []int{0}},
	}
	for _, tc := range tests {
		if got := splitIssues(tc.n, tc.k); !slices.Equal(got, tc.want) {
			t.Errorf("splitIssues(%d, %d) = %v, want %v", tc.n, tc.k, got, tc.want)
		}
	}
}

func TestValidateRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		o    Options
		want string
	}{
		{"as-of before start", Options{Start: DefaultAsOf, AsOf: DefaultStart}, "must be after start"},
		{"negative issues", Options{Issues: -1}, "issues must be"},
		{"negative comments", Options{CommentsPerIssue: -2}, "must not be negative"},
		{"bad repo", Options{Repos: []string{"nope"}}, "not owner/name"},
		{"span over 100 years", Options{Start: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)}, "more than 100 years"},
		{"too many issues", Options{Issues: MaxIssues + 1}, "issues must be"},
		{"too many comments", Options{CommentsPerIssue: 5000}, "at most 1000"},
		{"repo twice", Options{Repos: []string{"a/b", "a/b"}}, "named twice"},
	}
	for _, tc := range tests {
		err := tc.o.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
		if err := Write(t.TempDir(), tc.o); err == nil {
			t.Errorf("%s: Write accepted invalid options", tc.name)
		}
	}
	if err := (Options{}).Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
}

func keys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
