package demo

import (
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

const day = 86400 // seconds

// world is what every repository shares: the people and the activity curve.
// It is read-only once built, so repositories can be generated in parallel.
type world struct {
	o     Options
	start int64 // unix seconds
	asOf  int64
	days  int

	// users: maintainers, then the two bots, then the community pool
	// (hostile logins included at fixed places).
	users      []model.User
	nMaint     int
	dependabot int32
	ci         int32
	commStart  int
	commN      int
	hostileIdx []int32 // users index of each hostile login

	// cum is the cumulative activity weight per day since start; bugFrac the
	// share of new issues that are bugs on that day.
	cum     []float64
	bugFrac []float64
	// sweeps are the instants the stale bot runs, sorted.
	sweeps []int64
}

func newWorld(o Options) *world {
	w := &world{o: o, start: o.Start.Unix(), asOf: o.AsOf.Unix()}
	w.days = int((w.asOf - w.start + day - 1) / day)

	for _, m := range maintainers {
		w.users = append(w.users, model.User{Login: m, Type: "User"})
	}
	w.nMaint = len(w.users)
	w.dependabot = int32(len(w.users))
	w.users = append(w.users, model.User{Login: botDependabot, Type: "Bot"})
	w.ci = int32(len(w.users))
	w.users = append(w.users, model.User{Login: botCI, Type: "Bot"})

	// The community grows with the data set, so big sets do not have a
	// handful of people filing everything.
	w.commN = min(max(o.Issues/6, 60), 40000)
	w.commStart = len(w.users)
	r := newRand(o.Seed, "people")
	seen := map[string]bool{}
	for _, m := range maintainers {
		seen[m] = true
	}
	// Hostile logins sit at the rare end of the pool: they show up a few
	// times on their own, besides the issues they are planted on.
	hostileAt := []int{w.commN - 3, w.commN - 2, w.commN - 1}
	for i := 0; len(w.users) < w.commStart+w.commN; i++ {
		if k := indexOf(hostileAt, len(w.users)-w.commStart); k >= 0 && k < len(hostileLogins) {
			w.hostileIdx = append(w.hostileIdx, int32(len(w.users)))
			w.users = append(w.users, model.User{Login: hostileLogins[k], Type: "User"})
			continue
		}
		login := loginAdjectives[r.IntN(len(loginAdjectives))] + loginNouns[r.IntN(len(loginNouns))]
		switch r.IntN(3) {
		case 0:
			login = loginAdjectives[r.IntN(len(loginAdjectives))] + "-" + loginNouns[r.IntN(len(loginNouns))]
		case 1:
			login += strconv.Itoa(r.IntN(1000))
		}
		if seen[login] {
			login += "-" + strconv.Itoa(i)
		}
		seen[login] = true
		w.users = append(w.users, model.User{Login: login, Type: "User"})
	}
	for len(w.hostileIdx) < len(hostileLogins) { // tiny pools: append the rest
		w.hostileIdx = append(w.hostileIdx, int32(len(w.users)))
		w.users = append(w.users, model.User{Login: hostileLogins[len(w.hostileIdx)-1], Type: "User"})
		w.commN++
	}

	w.cum = make([]float64, w.days)
	w.bugFrac = make([]float64, w.days)
	var acc float64
	for d := 0; d < w.days; d++ {
		t := time.Unix(w.start+int64(d)*day, 0).UTC()
		x := w.frac(w.start + int64(d)*day)
		a := 0.8 + float64(0.4*x) // the product grows (float64(): no fused multiply-add, same bits on every platform)
		switch t.Weekday() {
		case time.Saturday, time.Sunday:
			a *= 0.45
		}
		if (t.Month() == time.December && t.Day() >= 22) || (t.Month() == time.January && t.Day() <= 2) {
			a *= 0.5
		}
		if t.Month() == time.August {
			a *= 0.85
		}
		acc += a
		w.cum[d] = acc
		// Bugs fall from about half of new issues to about a fifth, with a
		// yearly wobble (more bug reports in the first half of each year).
		season := math.Sin(2 * math.Pi * float64(t.YearDay()-20) / 365.25)
		w.bugFrac[d] = clamp(0.58-float64(0.45*x)+float64(0.07*season), 0.05, 0.9)
	}

	// The stale bot runs on the 3rd of each month at 04:00 UTC from about
	// 45% of the way through (the backlog peaks, then shrinks).
	first := time.Unix(w.start+int64(0.45*float64(w.asOf-w.start)), 0).UTC()
	for m := time.Date(first.Year(), first.Month(), 3, 4, 0, 0, 0, time.UTC); m.Unix() < w.asOf; m = m.AddDate(0, 1, 0) {
		if m.Unix() >= first.Unix() {
			w.sweeps = append(w.sweeps, m.Unix())
		}
	}
	return w
}

// frac is how far t is through [start, asOf), 0..1.
func (w *world) frac(t int64) float64 {
	return clamp(float64(t-w.start)/float64(w.asOf-w.start), 0, 1)
}

// sampleTime draws an instant from the activity curve: a day by weight, then
// a time of day that favours working hours.
func (w *world) sampleTime(r interface {
	Float64() float64
	Int64N(int64) int64
}) int64 {
	for {
		u := r.Float64() * w.cum[len(w.cum)-1]
		d := sort.SearchFloat64s(w.cum, u)
		var tod int64
		if r.Float64() < 0.65 {
			tod = 7*3600 + r.Int64N(12*3600)
		} else {
			tod = r.Int64N(day)
		}
		if t := w.start + int64(d)*day + tod; t < w.asOf {
			return t
		}
	}
}

func (w *world) maintainer(r randSource) int32 { return int32(r.IntN(w.nMaint)) }

// community picks a person with a skew: a few people file many issues.
func (w *world) community(r randSource) int32 {
	u := r.Float64()
	return int32(w.commStart + int(float64(w.commN)*u*u))
}

type randSource interface {
	Float64() float64
	IntN(int) int
	Int64N(int64) int64
	NormFloat64() float64
	ExpFloat64() float64
}

// lognormal draws seconds with the given median and spread, at least lo.
func lognormal(r randSource, median, sigma float64, lo int64) int64 {
	v := int64(median * math.Exp(sigma*r.NormFloat64()))
	return max(v, lo)
}

func clamp(x, lo, hi float64) float64 { return math.Min(math.Max(x, lo), hi) }

func indexOf(xs []int, v int) int {
	for i, x := range xs {
		if x == v {
			return i
		}
	}
	return -1
}
