package incidents

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// repeatsByPairs is Repeats as it was before the cap: every pair compared.
// It is the reference the linear version must agree with.
func repeatsByPairs(pms []model.Postmortem) map[string][]Repeat {
	out := map[string][]Repeat{}
	keys := func(p model.Postmortem) map[string]string {
		m := map[string]string{}
		for _, s := range p.Services {
			m["service:"+strings.ToLower(s)] = s
		}
		for _, s := range p.Tags {
			m["tag:"+strings.ToLower(s)] = s
		}
		return m
	}
	for i, a := range pms {
		ta := date(a)
		if ta.IsZero() {
			continue
		}
		ka := keys(a)
		for j, b := range pms {
			if i == j {
				continue
			}
			tb := date(b)
			if tb.IsZero() {
				continue
			}
			if d := ta.Sub(tb); d > RepeatWindow || d < -RepeatWindow {
				continue
			}
			var shared []string
			for k, v := range keys(b) {
				if _, ok := ka[k]; ok && !slices.Contains(shared, v) {
					shared = append(shared, v)
				}
			}
			if len(shared) == 0 {
				continue
			}
			slices.Sort(shared)
			out[a.Path] = append(out[a.Path], Repeat{Path: b.Path, ID: b.ID, Title: b.Title, When: tb, Shared: shared})
		}
		slices.SortFunc(out[a.Path], func(x, y Repeat) int {
			if c := x.When.Compare(y.When); c != 0 {
				return c
			}
			return cmp.Compare(x.Path, y.Path)
		})
	}
	return out
}

// randomPostmortems: n postmortems over span days (many on the same day,
// some undated, some started and some only dated), with services and tags
// from a small vocabulary in mixed letter case, repeated within a list.
func randomPostmortems(seed uint64, n, span, perDay int) []model.Postmortem {
	r := rand.New(rand.NewPCG(seed, 7))
	vocab := []string{"api", "API", "db", "Db", "web", "queue", "auth"}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	pms := make([]model.Postmortem, n)
	for i := range pms {
		p := model.Postmortem{ID: fmt.Sprintf("pm-%d", r.IntN(n)), Path: fmt.Sprintf("pm/%04d.md", i), Title: fmt.Sprint("t", i)}
		t := base.Add(time.Duration(r.IntN(span*perDay)) * 24 * time.Hour / time.Duration(perDay))
		switch r.IntN(10) {
		case 0: // undated
		case 1:
			p.Date = &t
		default:
			p.Started = &t
		}
		for range r.IntN(3) {
			p.Services = append(p.Services, vocab[r.IntN(len(vocab))])
		}
		for range r.IntN(3) {
			p.Tags = append(p.Tags, vocab[r.IntN(len(vocab))])
		}
		pms[i] = p
	}
	return pms
}

// Against every pair compared: the same lists where they are within the
// cap; beyond it, the RepeatCap nearest in time (a total order: distance,
// then time, then path), and each key's count of repeats sharing it.
func TestRepeatsAgreeWithEveryPairCompared(t *testing.T) {
	// Few instants (4 a day) make ties in time; many (every minute) none.
	for _, tc := range []struct{ n, span, perDay int }{{40, 400, 4}, {300, 700, 4}, {300, 60, 4}, {300, 60, 1440}} {
		for seed := range uint64(2) {
			pms := randomPostmortems(seed, tc.n, tc.span, tc.perDay)
			want, got := repeatsByPairs(pms), Repeats(pms)
			capped := 0
			for _, p := range pms {
				w, g := want[p.Path], got[p.Path]
				if len(w) <= RepeatCap {
					if !reflect.DeepEqual(w, g.List) || g.More || g.ByKey != nil {
						t.Fatalf("n %d seed %d %s: got %+v, want %+v", tc.n, seed, p.Path, g, w)
					}
					continue
				}
				capped++
				checkCapped(t, pms, p, w, g)
			}
			if tc.span < 100 && capped == 0 {
				t.Fatalf("n %d span %d: no list over the cap, the test checks nothing of it", tc.n, tc.span)
			}
		}
	}
}

func checkCapped(t *testing.T, pms []model.Postmortem, p model.Postmortem, all []Repeat, g Related) {
	t.Helper()
	at := date(p)
	dist := func(r Repeat) time.Duration { return absDur(at.Sub(r.When)) }
	order := func(x, y Repeat) int {
		if c := cmp.Compare(dist(x), dist(y)); c != 0 {
			return c
		}
		if c := x.When.Compare(y.When); c != 0 {
			return c
		}
		return cmp.Compare(x.Path, y.Path)
	}
	nearest := slices.Clone(all)
	slices.SortFunc(nearest, order)
	nearest = nearest[:RepeatCap]
	slices.SortFunc(nearest, func(x, y Repeat) int {
		if c := x.When.Compare(y.When); c != 0 {
			return c
		}
		return cmp.Compare(x.Path, y.Path)
	})
	if !g.More || !reflect.DeepEqual(g.List, nearest) {
		t.Fatalf("%s: got %+v, want the %d nearest %+v", p.Path, g.List, RepeatCap, nearest)
	}
	// Each of p's keys, services then tags, first spelling kept in place,
	// last spelling shown, with the other dated postmortems in the window
	// that have it, counted by brute force.
	var want []KeyCount
	add := func(kind, v string) {
		for i := range want {
			if want[i].Kind == kind && strings.EqualFold(want[i].Value, v) {
				want[i].Value = v
				return
			}
		}
		n := 0
		for _, b := range pms {
			tb := date(b)
			if b.Path == p.Path || tb.IsZero() || absDur(at.Sub(tb)) > RepeatWindow {
				continue
			}
			list := b.Services
			if kind == "tag" {
				list = b.Tags
			}
			if slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, v) }) {
				n++
			}
		}
		want = append(want, KeyCount{Kind: kind, Value: v, N: n})
	}
	for _, s := range p.Services {
		add("service", s)
	}
	for _, s := range p.Tags {
		add("tag", s)
	}
	if !reflect.DeepEqual(g.ByKey, want) {
		t.Fatalf("%s: counts %+v, want %+v", p.Path, g.ByKey, want)
	}
}

// 25 postmortems a day apart with one service: the middle one lists the
// 10 before and the 10 after it (20), and counts the 24 others.
func TestRepeatsListTheNearestAndCountTheRest(t *testing.T) {
	var pms []model.Postmortem
	for i := range 25 {
		s := time.Date(2024, 3, 1+i, 0, 0, 0, 0, time.UTC)
		pms = append(pms, model.Postmortem{ID: fmt.Sprint(i), Path: fmt.Sprintf("%02d.md", i), Started: &s, Services: []string{"api"}})
	}
	g := Repeats(pms)["12.md"]
	var ids []string
	for _, r := range g.List {
		ids = append(ids, r.ID)
	}
	if strings.Join(ids, " ") != "2 3 4 5 6 7 8 9 10 11 13 14 15 16 17 18 19 20 21 22" || !g.More {
		t.Errorf("list %v (more %v), want 2 to 22 without 12", ids, g.More)
	}
	if !reflect.DeepEqual(g.ByKey, []KeyCount{{"service", "api", 24}}) {
		t.Errorf("counts %+v, want service api 24", g.ByKey)
	}
	// The first one: the next 20, and still 24 within 90 days.
	if g := Repeats(pms)["00.md"]; len(g.List) != 20 || g.List[19].ID != "20" || g.ByKey[0].N != 24 {
		t.Errorf("first: %d listed, last %s, count %+v", len(g.List), g.List[len(g.List)-1].ID, g.ByKey)
	}
}

// benchPostmortems are like the benchmark site's: 1 to 3 of 12 services,
// one tag that all share, spread over 3 years.
func benchPostmortems(n int) []model.Postmortem {
	r := rand.New(rand.NewPCG(1, 2))
	svc := []string{"api", "sync", "search", "editor", "auth", "webhooks", "attachments", "gateway", "postgres", "queue", "cdn", "billing"}
	base := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	pms := make([]model.Postmortem, n)
	for i := range pms {
		t := base.Add(time.Duration(r.IntN(3*365*24*60)) * time.Minute)
		p := model.Postmortem{ID: fmt.Sprint(i), Path: fmt.Sprintf("pm/%05d.md", i), Title: "t", Started: &t, Tags: []string{"benchmark"}}
		for range 1 + r.IntN(3) {
			if s := svc[r.IntN(len(svc))]; !slices.Contains(p.Services, s) {
				p.Services = append(p.Services, s)
			}
		}
		pms[i] = p
	}
	return pms
}

func BenchmarkRepeats(b *testing.B) {
	for _, n := range []int{2000, 10000} {
		pms := benchPostmortems(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				Repeats(pms)
			}
		})
		if n > 2000 {
			continue // every pair compared: 140 s at 10,000
		}
		b.Run(fmt.Sprint(n, "-by-pairs"), func(b *testing.B) {
			for b.Loop() {
				repeatsByPairs(pms)
			}
		})
	}
}
