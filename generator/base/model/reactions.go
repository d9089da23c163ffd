package model

import (
	"sort"
	"time"
)

// Reactions are an issue's reaction counts, as GitHub's REST `reactions`
// object gives them. A reaction does not change the issue's updated_at.
type Reactions struct {
	ThumbsUp   int `json:"+1"`
	ThumbsDown int `json:"-1"`
	Laugh      int `json:"laugh"`
	Hooray     int `json:"hooray"`
	Confused   int `json:"confused"`
	Heart      int `json:"heart"`
	Rocket     int `json:"rocket"`
	Eyes       int `json:"eyes"`
}

// Total is every reaction counted.
func (r Reactions) Total() int {
	return r.ThumbsUp + r.ThumbsDown + r.Laugh + r.Hooray + r.Confused + r.Heart + r.Rocket + r.Eyes
}

// DemandPoint is one observation in an issue's 👍 history: from At on, a
// sync saw ThumbsUp 👍 reactions on the issue. The store keeps a point the
// first time a sync (or an import) sees an issue's reactions and whenever
// the count differs from the issue's previous point, so the history of an
// issue whose count never changes is one row.
type DemandPoint struct {
	Repo     string    `json:"repo"`
	Issue    int       `json:"issue"`
	At       time.Time `json:"at"`
	ThumbsUp int       `json:"thumbs_up"`
}

// NoteDemand appends to points what issues show that points do not know
// yet: a point at `at` for every issue whose reactions are known and whose
// 👍 count differs from its latest point (or that has none). It returns
// the points, sorted by issue, then time.
func NoteDemand(points []DemandPoint, issues []Issue, at time.Time) []DemandPoint {
	last := make(map[int]DemandPoint, len(points))
	for _, p := range points {
		if q, ok := last[p.Issue]; !ok || !p.At.Before(q.At) {
			last[p.Issue] = p
		}
	}
	for _, is := range issues {
		if is.Reactions == nil {
			continue
		}
		if q, ok := last[is.Number]; ok && (q.ThumbsUp == is.Reactions.ThumbsUp || at.Before(q.At)) {
			continue
		}
		points = append(points, DemandPoint{Repo: is.Repo, Issue: is.Number, At: at.UTC(), ThumbsUp: is.Reactions.ThumbsUp})
	}
	SortDemand(points)
	return points
}

// SortDemand puts points in their canonical order: issue, then time.
func SortDemand(points []DemandPoint) {
	sort.Slice(points, func(i, j int) bool {
		a, b := points[i], points[j]
		if a.Issue != b.Issue {
			return a.Issue < b.Issue
		}
		return a.At.Before(b.At)
	})
}

// ThumbsUpAt is an issue's 👍 count at instant t from its history (points
// of that one issue, sorted by time): the latest point at or before t. ok
// is false when the history begins after t, unless the issue was created
// after t (it had none then).
func ThumbsUpAt(points []DemandPoint, created, t time.Time) (n int, ok bool) {
	if created.After(t) {
		return 0, true
	}
	for i := len(points) - 1; i >= 0; i-- {
		if !points[i].At.After(t) {
			return points[i].ThumbsUp, true
		}
	}
	return 0, false
}
