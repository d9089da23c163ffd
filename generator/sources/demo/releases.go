package demo

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// merged is a merged pull request, for release notes.
type merged struct {
	t     int64
	num   int32
	title string
}

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
	var ms []merged
	for _, p := range g.prInfos {
		if p.merged {
			ms = append(ms, merged{p.closed, p.num, p.title})
		}
	}
	slices.SortFunc(ms, func(a, b merged) int { return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.num, b.num)) })

	base := g.idBase() + 1<<31 // apart from comment and event ids
	if g.exactRel {
		if g.nRel == 0 {
			return nil
		}
		return g.genReleasesN(v, name, majorsAt, ms)
	}
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
		b := notes(ms, prev, t)
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

// notes lists the pull requests merged after prev up to t (ms in merge order).
func notes(ms []merged, prev, t int64) *strings.Builder {
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
	return &b
}

// genReleasesN makes exactly g.nRel releases (Options.Releases shared among
// the repositories), one per slot of an even split of the span with some
// jitter, on weekdays and in order: release candidates before majors and a
// few minors, and in the first repository the last one a draft.
func (g *repoGen) genReleasesN(v semver, name string, majorsAt []float64, ms []merged) []model.Release {
	w, r, n := g.w, g.r, g.nRel
	base := g.idBase() + 1<<31
	span := w.asOf - w.start
	gap := span / int64(n)
	out := make([]model.Release, 0, n)
	prev, nextMajor, rcFor := w.start, 0, semver{}
	for k := range n {
		t := w.start + gap*int64(k) + gap/4 + r.Int64N(max(gap/2, 1))
		if gap > 3*day {
			t = weekday(t)
		}
		// In order and before as_of, whatever the jitter and weekends did.
		t = min(max(t, prev+60), w.asOf-int64(n-k)*60)
		var tag string
		pre, draft := false, false
		switch {
		case rcFor != semver{}:
			v, rcFor = rcFor, semver{}
			tag = v.String()
		case k == 0:
			tag = v.String()
		case k < n-1 && nextMajor < len(majorsAt) && w.frac(t) >= majorsAt[nextMajor]:
			nextMajor++
			rcFor = semver{v.major + 1, 0, 0}
			tag, pre = rcFor.String()+"-rc.1", true
		case k < n-1 && r.Float64() < 0.05:
			rcFor = semver{v.major, v.minor + 1, 0}
			tag, pre = rcFor.String()+"-rc.1", true
		case r.Float64() < 0.3:
			v = semver{v.major, v.minor + 1, 0}
			tag = v.String()
		default:
			v.patch++
			tag = v.String()
		}
		if g.idx == 0 && k == n-1 && n > 1 {
			draft = true
		}
		body := "Release candidate for " + strings.TrimSuffix(tag, "-rc.1") + ". Please report problems before the final release."
		if !pre {
			body = notes(ms, prev, t).String()
		}
		rel := model.Release{
			Repo: g.repo, ID: base + int64(k), Tag: tag,
			Name:       name + " " + strings.TrimPrefix(tag, "v"),
			Draft:      draft,
			Prerelease: pre,
			CreatedAt:  time.Unix(t-int64(300+r.IntN(3000)), 0).UTC(),
			Body:       body,
			URL:        "https://github.com/" + g.repo + "/releases/tag/" + tag,
		}
		if !draft {
			rel.PublishedAt = g.timePtr(t)
		}
		out = append(out, rel)
		prev = t
	}
	return out
}
