package demo

import (
	"math"
	"slices"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// reactions gives every issue its reaction counts and the store its 👍
// history, as a store would hold them after nightly syncs with a weekly
// refresh of the open issues (docs/store.md). They come from a stream of
// their own, so the rest of the data is what it was before reactions.
//
// Feature requests draw the most 👍, with a long tail (a few dozen on the
// most wanted), fewer on issues open less than 120 days; each 👍 arrives at a time between the issue's creation and
// its close (or as_of), early more often than late, and a quarter of the
// requests keep gaining steadily. The store's history begins at the first
// Monday after 45% of the span (the fictional first sync that kept
// reactions): each issue is seen then (or the night after it is opened),
// at every weekly refresh while open, and the night after it closes; a
// point is kept when the count is new or changed, and the issue's stored
// count is that of its last sighting.
func (g *repoGen) reactions() []model.DemandPoint {
	w := g.w
	r := newRand(w.o.Seed, "reactions:"+g.repo)
	h0 := w.start + int64(float64(w.asOf-w.start)*0.45)
	h0 = nextMonday(h0)
	var points []model.DemandPoint
	var arrivals []int64
	for i := range g.issues {
		is := &g.issues[i]
		kind := g.infos[i].kind
		created := is.CreatedAt.Unix()
		end := w.asOf
		if is.ClosedAt != nil {
			end = is.ClosedAt.Unix()
		}
		n := thumbsUp(r, kind)
		// A young issue has had less time to draw them: full after 120 days.
		n = int(math.Round(float64(n) * math.Min(1, float64(end-created)/(120*day))))
		steady := r.Float64() < 0.25
		arrivals = arrivals[:0]
		for range n {
			u := r.Float64()
			if !steady {
				u *= u // early more often than late
			}
			arrivals = append(arrivals, created+int64(u*float64(end-created)))
		}
		slices.Sort(arrivals)
		others := model.Reactions{Heart: small(r, 0.3), Hooray: small(r, 0.15), Rocket: small(r, 0.1), Eyes: small(r, 0.2),
			Laugh: small(r, 0.05), Confused: small(r, 0.08), ThumbsDown: small(r, 0.06)}

		count := func(t int64) int {
			k, _ := slices.BinarySearch(arrivals, t+1)
			return k
		}
		last := -1
		var seen int64
		see := func(t int64) {
			if t > w.asOf || t < h0 {
				return
			}
			seen = t
			if c := count(t); c != last {
				points = append(points, model.DemandPoint{Repo: g.repo, Issue: is.Number, At: time.Unix(t, 0).UTC(), ThumbsUp: c})
				last = c
			}
		}
		first := max(h0, nextMidnight(created))
		see(first)
		for t := nextMonday(first); t <= end && t <= w.asOf; t += 7 * day {
			see(t)
		}
		if is.ClosedAt != nil {
			see(nextMidnight(end))
		}
		if seen == 0 {
			continue // closed before the history began: never seen since
		}
		others.ThumbsUp = last
		is.Reactions = &others
	}
	return points
}

// thumbsUp draws an issue's 👍: feature requests many (a long tail),
// bugs and performance issues a few, the rest rarely any.
func thumbsUp(r randSource, kind uint8) int {
	switch kind {
	case kindEnhancement:
		return int(math.Min(90, math.Floor(math.Exp(0.9+1.3*r.NormFloat64()))))
	case kindBug, kindPerformance:
		return int(math.Min(20, math.Floor(math.Exp(-1+1.1*r.NormFloat64()))))
	}
	return small(r, 0.2)
}

// small is 0 most of the time, else 1 to 3.
func small(r randSource, p float64) int {
	if r.Float64() >= p {
		return 0
	}
	return 1 + r.IntN(3)
}

func nextMidnight(t int64) int64 { return (t/day + 1) * day }

// nextMonday is the first Monday 00:00 UTC at or after t.
func nextMonday(t int64) int64 {
	d := (t + day - 1) / day * day
	wd := int64(time.Unix(d, 0).UTC().Weekday()) // Sunday = 0
	return d + ((8-wd)%7)*day
}
