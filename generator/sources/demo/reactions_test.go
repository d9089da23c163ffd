package demo

import (
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// The demo's reactions are those a store of nightly syncs with a weekly
// refresh would hold: every issue with reactions has a 👍 history whose
// last point is its stored count, points only where the count changed,
// none before the history began or after as_of; feature requests draw
// more 👍 than other issues; and some requests gained demand in the last
// 90 days, so the most-wanted page has something true to show.
func TestDemoReactionsMatchTheirHistory(t *testing.T) {
	o := Options{Seed: DemoSeed}.WithDefaults()
	var upReq, nReq, upOther, nOther, gained int
	for _, rd := range Generate(o) {
		hist := map[int][]model.DemandPoint{}
		for _, p := range rd.Demand {
			hist[p.Issue] = append(hist[p.Issue], p)
			if p.At.After(o.AsOf) {
				t.Fatalf("%s #%d: a point at %v", rd.Repo, p.Issue, p.At)
			}
		}
		for _, is := range rd.Issues {
			pts := hist[is.Number]
			if is.Reactions == nil {
				if len(pts) > 0 {
					t.Errorf("%s #%d: history without reactions", rd.Repo, is.Number)
				}
				if is.ClosedAt == nil {
					t.Errorf("%s #%d: an open issue's reactions are unknown", rd.Repo, is.Number)
				}
				continue
			}
			if len(pts) == 0 || pts[len(pts)-1].ThumbsUp != is.Reactions.ThumbsUp {
				t.Fatalf("%s #%d: stored 👍 %d, history %+v", rd.Repo, is.Number, is.Reactions.ThumbsUp, pts)
			}
			for i := 1; i < len(pts); i++ {
				if pts[i].ThumbsUp == pts[i-1].ThumbsUp || !pts[i].At.After(pts[i-1].At) {
					t.Fatalf("%s #%d: points %+v keep an unchanged count or go back in time", rd.Repo, is.Number, pts)
				}
			}
			if model.HasLabel(is.Labels, []string{"enhancement"}) {
				upReq += is.Reactions.ThumbsUp
				nReq++
				if is.ClosedAt == nil {
					then, ok := model.ThumbsUpAt(pts, is.CreatedAt, o.AsOf.Add(-90*24*time.Hour))
					if ok && is.Reactions.ThumbsUp-then >= 5 {
						gained++
					}
				}
			} else {
				upOther += is.Reactions.ThumbsUp
				nOther++
			}
		}
	}
	if nReq == 0 || nOther == 0 || float64(upReq)/float64(nReq) < 3*float64(upOther)/float64(nOther) {
		t.Errorf("👍 per request %d/%d, per other issue %d/%d: want requests to draw at least three times as many", upReq, nReq, upOther, nOther)
	}
	if gained == 0 {
		t.Errorf("no open request gained 5 or more 👍 in the last 90 days")
	}
}
