package slo

import (
	"fmt"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/bizhours"
	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/sources/issuesrc"
)

// FromConfig reads every [[slo]] table of site.toml into a Spec, one per
// table in order, with every problem at its key. A table with problems
// gives a partial Spec: the build stops on the problems.
func FromConfig(c *config.Config) ([]Spec, diag.List) {
	var (
		specs []Spec
		ds    diag.List
		names = map[string]bool{}
	)
	for _, t := range c.SLOs {
		if (t.Name == "" || names[strings.ToLower(t.Name)]) && !t.Place.HasUnknownKey() {
			ds = append(ds, t.Place.Error("name", "every [[slo]] needs a name of its own (got %q)", t.Name))
		}
		names[strings.ToLower(t.Name)] = true
		s, d := specFrom(t, c)
		specs = append(specs, s)
		if !t.Place.HasUnknownKey() { // else the unknown key is the message (config.Place)
			ds = append(ds, d...)
		}
	}
	return specs, ds
}

// specFrom reads one [[slo]]: what every SLO has, then its way of counting.
func specFrom(t config.SLO, c *config.Config) (Spec, diag.List) {
	var ds diag.List
	at := t.Place
	s := Spec{Name: t.Name, Description: t.Description, Target: t.Target, Window: DefaultWindow, Place: at}
	if !(t.Target > 0 && t.Target < 1) {
		ds = append(ds, at.Error("target", "slo %q: target %v must be a share between 0 and 1, such as 0.999", t.Name, t.Target))
	}
	if t.Window != "" {
		var err error
		if s.Window, err = ParseWindow(t.Window); err != nil {
			ds = append(ds, at.Error("window", "slo %q: %v", t.Name, err))
		}
	}
	if w := t.WarningBudget; w != nil {
		s.WarningBudget = *w
		if *w < 0 || *w > 1 {
			ds = append(ds, at.Error("warning_budget", "slo %q: warning_budget %v must be between 0 and 1", t.Name, *w))
		}
	}
	if t.IsIssues() {
		s.Issues, ds = issueRuleFrom(t, issuesrc.FromConfig(c).Repos, ds)
	} else {
		ds = append(ds, issueKeysUnused(t)...)
	}
	ds = append(ds, oneWayOfCounting(t)...)
	ds = seriesFrom(&s, t, c.Metrics, ds)
	ds = slicesFrom(&s, t, ds)
	return s, ds
}

// oneWayOfCounting checks that an [[slo]] counts one way: total with good
// or bad, error_ratio, checks, latency or issues.
func oneWayOfCounting(t config.SLO) diag.List {
	var ds diag.List
	ways := 0
	if t.IsIssues() {
		ways++
	}
	if t.Total != "" || t.Good != "" || t.Bad != "" {
		ways++
		if t.Total == "" || (t.Good == "") == (t.Bad == "") {
			ds = append(ds, t.Place.Error("total", "slo %q: counting occurrences needs total with either good or bad", t.Name))
		}
	}
	for _, v := range []string{t.ErrorRatio, t.Checks, t.Latency} {
		if v != "" {
			ways++
		}
	}
	if ways != 1 {
		ds = append(ds, t.Place.Error("name", "slo %q: set exactly one way of counting: total with good or bad, error_ratio, checks, latency, or issues", t.Name))
	}
	if (t.Latency != "") != (t.Threshold != nil) {
		ds = append(ds, t.Place.Error("threshold", "slo %q: latency and threshold go together", t.Name))
	}
	return ds
}

// seriesFrom reads the selectors of a metric SLO, each naming a
// [[metrics.source]], and its latency threshold.
func seriesFrom(s *Spec, t config.SLO, m config.Metrics, ds diag.List) diag.List {
	for _, f := range []struct {
		key, text string
		dst       **model.Selector
	}{{"good", t.Good, &s.Good}, {"bad", t.Bad, &s.Bad}, {"total", t.Total, &s.Total},
		{"error_ratio", t.ErrorRatio, &s.ErrorRatio}, {"checks", t.Checks, &s.Checks}, {"latency", t.Latency, &s.Latency}} {
		if f.text == "" {
			continue
		}
		x, err := m.Selector(f.key, f.text)
		if err != nil {
			ds = append(ds, t.Place.Error(f.key, "%v", err))
		}
		*f.dst = &x
	}
	if t.Threshold != nil {
		s.Threshold = *t.Threshold
	}
	return ds
}

// slicesFrom reads slice (checks and latency) and stale_after (checks).
func slicesFrom(s *Spec, t config.SLO, ds diag.List) diag.List {
	if t.Slice != "" {
		d, err := ParseWindow(t.Slice)
		switch {
		case err != nil:
			ds = append(ds, t.Place.Error("slice", "slo %q: slice: %v", t.Name, err))
		case t.Checks == "" && t.Latency == "":
			ds = append(ds, t.Place.Error("slice", "slo %q: slice applies to checks and latency only", t.Name))
		case d > 24*time.Hour:
			ds = append(ds, t.Place.Error("slice", "slo %q: slice %s is longer than a day", t.Name, t.Slice))
		case s.Window/d > MaxWindowSlices:
			// Issue 23: slice = "1s" passed and its build ran past 90 s
			// and 15 GB.
			ds = append(ds, t.Place.Error("slice", "slo %q: slice %s makes %s time slices in its %s window, more than %s (docs/limits.md): use a slice of at least %s",
				t.Name, t.Slice, thousands(int64(s.Window/d)), FormatWindow(s.Window), thousands(MaxWindowSlices), FormatWindow(minSlice(s.Window, MaxWindowSlices))))
		}
		s.Slice = d
	}
	if t.StaleAfter != "" {
		d, err := parseStaleAfter(t.StaleAfter)
		switch {
		case err != nil:
			ds = append(ds, t.Place.Error("stale_after", "slo %q: %v", t.Name, err))
		case t.Checks == "":
			ds = append(ds, t.Place.Error("stale_after", "slo %q: stale_after applies to checks only", t.Name))
		}
		s.StaleAfter = d
	}
	return ds
}

// parseStaleAfter reads stale_after: "" is the default (0), "off" never.
func parseStaleAfter(v string) (time.Duration, error) {
	switch strings.TrimSpace(v) {
	case "":
		return 0, nil
	case "off":
		return StaleOff, nil
	}
	d, err := ParseWindow(v)
	if err != nil {
		return 0, fmt.Errorf("stale_after %q is not a length such as 2h or 1d, or \"off\"", v)
	}
	return d, nil
}

// issueKeysUnused reports the keys of issue SLOs set on a metric SLO.
func issueKeysUnused(t config.SLO) diag.List {
	var ds diag.List
	for _, kv := range [][2]string{{"repo", t.Repo}, {"within", t.Within}, {"close_within", t.CloseWithin}, {"business_hours", t.BusinessHours}} {
		if kv[1] != "" {
			ds = append(ds, t.Place.Error(kv[0], "slo %q: %s applies to issue SLOs only (set issues = [...] labels, or [] for every issue)", t.Name, kv[0]))
		}
	}
	return ds
}

// issueRuleFrom reads an issue-response [[slo]]: issues with exactly one of
// within and close_within, an optional repo of [github] repos and optional
// business_hours.
func issueRuleFrom(t config.SLO, repos []string, ds diag.List) (*IssueRule, diag.List) {
	at := t.Place
	r := &IssueRule{Labels: *t.Issues, Repo: t.Repo, Hours: bizhours.Calendar}
	switch {
	case t.Within == "" && t.CloseWithin == "":
		ds = append(ds, at.Error("issues", "slo %q: an issue SLO needs within (time to first response) or close_within (time to close), such as within = \"16h\"", t.Name))
	case t.Within != "" && t.CloseWithin != "":
		ds = append(ds, at.Error("close_within", "slo %q: set within or close_within, not both (declare two SLOs)", t.Name))
	}
	for _, w := range []struct {
		key, text string
		close     bool
	}{{"within", t.Within, false}, {"close_within", t.CloseWithin, true}} {
		if w.text == "" {
			continue
		}
		d, err := ParseWindow(w.text)
		if err != nil {
			ds = append(ds, at.Error(w.key, "slo %q: %s %q is not a length such as 16h, 2d or 90m", t.Name, w.key, w.text))
		}
		r.Within, r.Close = d, w.close // close_within, read last, wins (both set is an error)
	}
	if t.BusinessHours != "" {
		h, err := bizhours.Parse(t.BusinessHours)
		if err != nil {
			ds = append(ds, at.Error("business_hours", "slo %q: %v", t.Name, err))
		}
		r.Hours = h
	}
	if t.Repo != "" && !containsFold(repos, t.Repo) {
		ds = append(ds, at.Error("repo", "slo %q: repo %q is not one of [github] repos %q", t.Name, t.Repo, repos))
	}
	for _, l := range *t.Issues {
		if strings.TrimSpace(l) == "" {
			ds = append(ds, at.Error("issues", "slo %q: issues holds an empty label", t.Name))
		}
	}
	return r, ds
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
