package demo

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/model"
)

type semver struct{ major, minor, patch int }

func (v semver) String() string { return fmt.Sprintf("v%d.%d.%d", v.major, v.minor, v.patch) }

// genReleases makes a release every two to four weeks (never on a weekend),
// semver tags with a few release candidates before majors and some minors,
// and, in the first repository only, one draft of the next version.
// Release counts do not scale with Issues: a benchmark set has the same
// three years of releases as the demo.
func (g *repoGen) genReleases() []model.Release {
	w, r := g.w, g.r
	v := semver{1, 0, 0}
	name := g.repo[strings.IndexByte(g.repo, '/')+1:]
	var majorsAt []float64
	switch g.idx {
	case 0:
		v, name = semver{2, 4, 0}, "Lumen"
		majorsAt = []float64{0.33, 0.78}
	case 1:
		v, name = semver{0, 9, 0}, "Lumen API"
		majorsAt = []float64{0.22}
	}

	// Merged pull requests in merge order, for the release notes.
	type merged struct {
		t     int64
		num   int32
		title string
	}
	var ms []merged
	for _, p := range g.prInfos {
		if p.merged {
			ms = append(ms, merged{p.closed, p.num, p.title})
		}
	}
	slices.SortFunc(ms, func(a, b merged) int { return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.num, b.num)) })

	base := g.idBase() + 1<<31 // apart from comment and event ids
	var out []model.Release
	add := func(tag string, created, published int64, pre, draft bool, body string) {
		rel := model.Release{
			Repo: g.repo, ID: base + int64(len(out)), Tag: tag,
			Name:       name + " " + strings.TrimPrefix(tag, "v"),
			Draft:      draft,
			Prerelease: pre,
			CreatedAt:  time.Unix(created, 0).UTC(),
			Body:       body,
			URL:        "https://github.com/" + g.repo + "/releases/tag/" + tag,
		}
		if !draft {
			rel.PublishedAt = g.timePtr(published)
		}
		out = append(out, rel)
	}

	t := w.start + int64(3+r.IntN(8))*day + int64(13+r.IntN(4))*3600 + r.Int64N(3600)
	prev := w.start
	nextMajor, ga := 0, 0
	for {
		t = weekday(t)
		if t >= w.asOf {
			break
		}
		rc := false
		if ga > 0 {
			switch {
			case nextMajor < len(majorsAt) && w.frac(t) >= majorsAt[nextMajor]:
				v = semver{v.major + 1, 0, 0}
				nextMajor++
				rc = true
			case r.Float64() < 0.35:
				v = semver{v.major, v.minor + 1, 0}
				rc = r.Float64() < 0.15
			default:
				v.patch++
			}
		}
		if rc {
			rt := weekday(t - int64(3+r.IntN(3))*day)
			if rt > prev && rt < w.asOf {
				add(v.String()+"-rc.1", rt-600, rt, true, false, "Release candidate for "+v.String()+". Please report problems before the final release.")
			}
		}
		// Notes list the pull requests merged since the previous release.
		var b strings.Builder
		b.WriteString("## What's changed\n")
		lo, _ := slices.BinarySearchFunc(ms, prev+1, func(m merged, t int64) int { return cmp.Compare(m.t, t) })
		hi, _ := slices.BinarySearchFunc(ms, t+1, func(m merged, t int64) int { return cmp.Compare(m.t, t) })
		for i := lo; i < hi && i < lo+4; i++ {
			fmt.Fprintf(&b, "- %s (#%d)\n", ms[i].title, ms[i].num)
		}
		if hi-lo > 4 {
			fmt.Fprintf(&b, "- and %d more changes\n", hi-lo-4)
		}
		if g.idx == 0 && ga == 2 {
			b.WriteString("\nThanks to <script>alert(1)</script> and [our site](javascript:alert(1)) for testing.\n")
		}
		add(v.String(), t-int64(300+r.IntN(3000)), t, false, false, b.String())
		prev = t
		ga++
		t = (t/day+int64(14+r.IntN(15)))*day + int64(13+r.IntN(5))*3600 + r.Int64N(3600)
	}
	if g.idx == 0 && len(out) > 0 {
		next := semver{v.major, v.minor + 1, 0}
		add(next.String(), w.asOf-2*day, 0, false, true, "Draft notes for the next release.")
	}
	return out
}

// weekday moves an instant on a Saturday or Sunday to the same time on Monday.
func weekday(t int64) int64 {
	switch time.Unix(t, 0).UTC().Weekday() {
	case time.Saturday:
		return t + 2*day
	case time.Sunday:
		return t + day
	}
	return t
}
