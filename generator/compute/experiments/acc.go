package experiments

import (
	"sort"
	"time"
)

// Acc adds up units one at a time into Data: the memory it holds grows with
// variants, metrics and exposure days, never with units.
type Acc struct {
	metrics []string
	units   []int64
	m       [][]Moments
	days    map[int64]*Day // by Unix day
	last    *Day           // the day of the previous unit: units come in runs
	lastKey int64
}

// NewAcc returns an accumulator of the named metrics.
func NewAcc(metrics []string) *Acc {
	return &Acc{metrics: metrics, days: map[int64]*Day{}}
}

// Add counts one unit of variant v (an index; variants may appear in any
// order) with its metric values; has[j] false leaves the unit out of metric
// j (an empty cell). A zero exposure time puts the unit in no day.
func (a *Acc) Add(v int, exposure time.Time, values []float64, has []bool) {
	a.apply(v, exposure, values, has, 1)
}

// Remove takes out a unit added before with the same arguments.
func (a *Acc) Remove(v int, exposure time.Time, values []float64, has []bool) {
	a.apply(v, exposure, values, has, -1)
}

func (a *Acc) apply(v int, exposure time.Time, values []float64, has []bool, sign int64) {
	for len(a.units) <= v {
		a.units = append(a.units, 0)
		a.m = append(a.m, make([]Moments, len(a.metrics)))
	}
	a.units[v] += sign
	addRow(a.m[v], values, has, sign)
	if exposure.IsZero() {
		return
	}
	key := exposure.Unix()
	key = floorDiv(key, 86400)
	d := a.last
	if d == nil || key != a.lastKey {
		d = a.days[key]
		if d == nil {
			d = &Day{Start: time.Unix(key*86400, 0).UTC()}
			a.days[key] = d
		}
		a.last, a.lastKey = d, key
	}
	for len(d.Units) <= v {
		d.Units = append(d.Units, 0)
		d.M = append(d.M, make([]Moments, len(a.metrics)))
	}
	d.Units[v] += sign
	addRow(d.M[v], values, has, sign)
}

func addRow(row []Moments, values []float64, has []bool, sign int64) {
	for j, x := range values {
		switch {
		case !has[j]:
		case sign > 0:
			row[j].Add(x)
		default:
			row[j].Remove(x)
		}
	}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// Data is what was added, for variants named by index (variants[i] is
// index i); variants without units get zero counts.
func (a *Acc) Data(variants []string) Data {
	d := Data{Variants: variants, Metrics: a.metrics}
	grow := func(u []int64, m [][]Moments) ([]int64, [][]Moments) {
		for len(u) < len(variants) {
			u = append(u, 0)
			m = append(m, make([]Moments, len(a.metrics)))
		}
		return u, m
	}
	d.Units, d.M = grow(append([]int64(nil), a.units...), append([][]Moments(nil), a.m...))
	keys := make([]int64, 0, len(a.days))
	for k := range a.days {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for _, k := range keys {
		day := *a.days[k]
		day.Units, day.M = grow(day.Units, day.M)
		d.Days = append(d.Days, day)
	}
	return d
}
