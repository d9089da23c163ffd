package slo

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// State is how an SLO or KPI stands at as_of. States are ordered from best
// to worst, so the worst of several is their maximum.
//
//   - OK: meeting its objective.
//   - NoData: nothing to judge it on (no events in the window, no value).
//     Worse than OK so that it shows, but it never fails a build.
//   - Warning: an SLO with less than its warning share of budget left
//     (Spec.WarningBudget, default 25%) or a ticket alert firing; a KPI
//     that misses its target but not its warning threshold (package kpi).
//   - Breach: an SLO whose SLI is below target over its rolling window, or
//     with a page alert firing; a KPI past its warning threshold.
type State int

const (
	OK State = iota
	NoData
	Warning
	Breach
)

var stateNames = [...]string{"ok", "no-data", "warning", "breach"}

func (s State) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return "State(" + strconv.Itoa(int(s)) + ")"
	}
	return stateNames[s]
}

// MarshalText writes the state's name (for JSON).
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseState reads "ok", "no-data", "warning" or "breach" (the values of
// vitals build --fail-on).
func ParseState(s string) (State, error) {
	for i, n := range stateNames {
		if strings.EqualFold(s, n) {
			return State(i), nil
		}
	}
	return OK, fmt.Errorf("unknown state %q (want ok, no-data, warning or breach)", s)
}

// WorstState is the worst of the states (OK when there are none).
func WorstState(states ...State) State {
	w := OK
	for _, s := range states {
		if s > w {
			w = s
		}
	}
	return w
}

// Fails reports whether a build run with --fail-on=threshold should fail on
// state s: s is threshold or worse. NoData never fails a build.
func (s State) Fails(threshold State) bool {
	return s != NoData && s >= threshold && threshold >= Warning
}

// ParseWindow reads a window length: "30d", "4w", "12h", "90m", or a Go duration.
func ParseWindow(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 {
		unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[s[len(s)-1]]
		if unit > 0 {
			n, err := strconv.Atoi(s[:len(s)-1])
			if err == nil && n > 0 && n <= 3660 {
				return time.Duration(n) * unit, nil
			}
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("window %q is not a length such as 30d, 4w, 12h or 5m", s)
	}
	return d, nil
}

// FormatWindow writes a duration the way ParseWindow reads it: 30d, 6h, 5m.
func FormatWindow(d time.Duration) string {
	day := 24 * time.Hour
	switch {
	case d >= day && d%day == 0:
		return strconv.Itoa(int(d/day)) + "d"
	case d >= time.Hour && d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	case d >= time.Minute && d%time.Minute == 0:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	}
	return d.String()
}
