package incidents

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// RepeatWindow is how close in time two incidents that share a service or
// tag must start to be repeats of each other.
const RepeatWindow = 90 * 24 * time.Hour

// RepeatCap is how many related postmortems a page lists: the nearest in
// time. The rest are counted per shared service and tag (Related.ByKey).
const RepeatCap = 20

// Repeat is another postmortem that shares a service or tag with one,
// within RepeatWindow.
type Repeat struct {
	Path, ID, Title string
	When            time.Time
	Shared          []string // the services and tags in common, sorted
}

// Related is what one postmortem's page lists of its repeats.
type Related struct {
	// List holds every repeat when there are at most RepeatCap, else the
	// RepeatCap nearest in time (ties: earlier, then by path); sorted by
	// time, then path.
	List []Repeat
	// More is true when List leaves some out.
	More bool
	// ByKey is each of the postmortem's services, then tags, as it spells
	// them, with how many other postmortems within RepeatWindow share it;
	// set only when More.
	ByKey []KeyCount
}

// KeyCount is a service or tag and how many repeats share it.
type KeyCount struct {
	Kind  string // "service" or "tag"
	Value string
	N     int
}

// repeatDoc is a dated postmortem as Repeats compares it.
type repeatDoc struct {
	at   time.Time
	keys []int32  // key ids, sorted, distinct
	vals []string // parallel to keys: the last spelling this postmortem uses
	pos  []int32  // parallel to keys: its place in that key's postings
}

// Repeats links postmortems that share a service or tag (compared without
// letter case) and started (else are dated) within RepeatWindow of each
// other, by source path. Each key's postmortems are listed once in time
// order, and a page's repeats are found by walking outward from it in the
// lists of its own keys, nearest first, until RepeatCap are found: the cost
// is linear in the postmortems, whatever the number of pairs.
func Repeats(pms []model.Postmortem) map[string]Related {
	ids := map[string]int32{}
	var kinds, names []string // by key id: "service" or "tag", and the first spelling
	docs := make([]repeatDoc, len(pms))
	var dated []int
	for i, p := range pms {
		t := date(p)
		if t.IsZero() {
			continue
		}
		d := repeatDoc{at: t}
		add := func(kind, s string) {
			k := kind + ":" + strings.ToLower(s)
			id, ok := ids[k]
			if !ok {
				id = int32(len(kinds))
				ids[k] = id
				kinds, names = append(kinds, kind), append(names, s)
			}
			if j := slices.Index(d.keys, id); j >= 0 {
				d.vals[j] = s // the last spelling, as a map of key to value keeps it
				return
			}
			d.keys, d.vals = append(d.keys, id), append(d.vals, s)
		}
		for _, s := range p.Services {
			add("service", s)
		}
		for _, s := range p.Tags {
			add("tag", s)
		}
		docs[i] = d
		dated = append(dated, i)
	}
	// Postings: each key's postmortems by time, then path.
	slices.SortStableFunc(dated, func(x, y int) int {
		if c := docs[x].at.Compare(docs[y].at); c != 0 {
			return c
		}
		return cmp.Compare(pms[x].Path, pms[y].Path)
	})
	post := make([][]int32, len(kinds))
	for _, i := range dated {
		d := &docs[i]
		d.pos = make([]int32, len(d.keys))
		for j, k := range d.keys {
			d.pos[j] = int32(len(post[k]))
			post[k] = append(post[k], int32(i))
		}
	}

	out := map[string]Related{}
	seen := make([]int32, len(pms)) // seen[b] == a+1: b already taken for a
	type head struct {
		list     []int32
		at, step int // next place in list and direction
	}
	var heads []head
	var found []int32
	for _, a := range dated {
		da := &docs[a]
		heads, found = heads[:0], found[:0]
		for j, k := range da.keys {
			heads = append(heads, head{post[k], int(da.pos[j]) - 1, -1}, head{post[k], int(da.pos[j]) + 1, 1})
		}
		seen[a] = int32(a) + 1
		// Take the nearest in time among the heads until RepeatCap are
		// found, then the rest of the tie at the last one's distance, so
		// which are kept does not depend on the order of the lists.
		var last time.Duration = -1
		more := false
		for {
			best, bestD := -1, time.Duration(0)
			for h := range heads {
				hd := &heads[h]
				for hd.at >= 0 && hd.at < len(hd.list) && seen[hd.list[hd.at]] == int32(a)+1 {
					hd.at += hd.step
				}
				if hd.at < 0 || hd.at >= len(hd.list) {
					continue
				}
				d := absDur(da.at.Sub(docs[hd.list[hd.at]].at))
				if best < 0 || d < bestD {
					best, bestD = h, d
				}
			}
			if best < 0 || bestD > RepeatWindow {
				break
			}
			if len(found) >= RepeatCap && bestD > last {
				more = true
				break
			}
			b := heads[best].list[heads[best].at]
			seen[b] = int32(a) + 1
			found = append(found, b)
			last = bestD
		}
		if len(found) == 0 {
			continue
		}
		rel := Related{}
		if more || len(found) > RepeatCap {
			slices.SortFunc(found, func(x, y int32) int {
				if c := cmp.Compare(absDur(da.at.Sub(docs[x].at)), absDur(da.at.Sub(docs[y].at))); c != 0 {
					return c
				}
				return byTimePath(pms, docs, x, y)
			})
			found = found[:RepeatCap]
			rel.More = true
			for j, k := range da.keys {
				rel.ByKey = append(rel.ByKey, KeyCount{Kind: kinds[k], Value: da.vals[j], N: inWindow(post[k], docs, da.at) - 1})
			}
		}
		slices.SortFunc(found, func(x, y int32) int { return byTimePath(pms, docs, x, y) })
		rel.List = make([]Repeat, len(found))
		for n, b := range found {
			db := &docs[b]
			var shared []string
			for j, k := range db.keys {
				if slices.Contains(da.keys, k) && !slices.Contains(shared, db.vals[j]) {
					shared = append(shared, db.vals[j])
				}
			}
			slices.Sort(shared)
			rel.List[n] = Repeat{Path: pms[b].Path, ID: pms[b].ID, Title: pms[b].Title, When: db.at, Shared: shared}
		}
		out[pms[a].Path] = rel
	}
	return out
}

func byTimePath(pms []model.Postmortem, docs []repeatDoc, x, y int32) int {
	if c := docs[x].at.Compare(docs[y].at); c != 0 {
		return c
	}
	return cmp.Compare(pms[x].Path, pms[y].Path)
}

// inWindow counts the postings dated within RepeatWindow of t.
func inWindow(list []int32, docs []repeatDoc, t time.Time) int {
	lo, _ := slices.BinarySearchFunc(list, t.Add(-RepeatWindow), func(i int32, t time.Time) int {
		if docs[i].at.Before(t) {
			return -1
		}
		return 1
	})
	hi, _ := slices.BinarySearchFunc(list, t.Add(RepeatWindow), func(i int32, t time.Time) int {
		if docs[i].at.After(t) {
			return 1
		}
		return -1
	})
	return hi - lo
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
