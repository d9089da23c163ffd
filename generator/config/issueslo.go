package config

import (
	"fmt"
	"strings"

	"github.com/vitals-dev/vitals/generator/bizhours"
	"github.com/vitals-dev/vitals/generator/diag"
	"github.com/vitals-dev/vitals/generator/slo"
)

// HasIssueSLOs reports whether any [[slo]] counts issues.
func (c *Config) HasIssueSLOs() bool {
	for _, s := range c.SLOs {
		if s.IsIssues() {
			return true
		}
	}
	return false
}

// validateIssueSLO checks the keys of an issue-response [[slo]]: issues
// with exactly one of within and close_within, an optional repo of
// [github] repos and optional business_hours. The issue keys on a metric
// SLO are errors too.
func (c *Config) validateIssueSLO(path string, s SLO, at func(string) (int, int)) diag.List {
	var ds diag.List
	add := func(key, format string, args ...any) {
		l, col := at(key)
		ds = append(ds, diag.Diag{Path: path, Line: l, Col: col, Msg: fmt.Sprintf(format, args...)})
	}
	if !s.IsIssues() {
		for _, kv := range [][2]string{{"repo", s.Repo}, {"within", s.Within}, {"close_within", s.CloseWithin}, {"business_hours", s.BusinessHours}} {
			if kv[1] != "" {
				add(kv[0], "slo %q: %s applies to issue SLOs only (set issues = [...] labels, or [] for every issue)", s.Name, kv[0])
			}
		}
		return ds
	}
	switch {
	case s.Within == "" && s.CloseWithin == "":
		add("issues", "slo %q: an issue SLO needs within (time to first response) or close_within (time to close), such as within = \"16h\"", s.Name)
	case s.Within != "" && s.CloseWithin != "":
		add("close_within", "slo %q: set within or close_within, not both (declare two SLOs)", s.Name)
	}
	for _, kv := range [][2]string{{"within", s.Within}, {"close_within", s.CloseWithin}} {
		if kv[1] == "" {
			continue
		}
		if _, err := slo.ParseWindow(kv[1]); err != nil {
			add(kv[0], "slo %q: %s %q is not a length such as 16h, 2d or 90m", s.Name, kv[0], kv[1])
		}
	}
	if s.BusinessHours != "" {
		if _, err := bizhours.Parse(s.BusinessHours); err != nil {
			add("business_hours", "slo %q: %v", s.Name, err)
		}
	}
	if s.Repo != "" {
		found := false
		for _, r := range c.GitHub.Repos {
			found = found || strings.EqualFold(r, s.Repo)
		}
		if !found {
			add("repo", "slo %q: repo %q is not one of [github] repos %q", s.Name, s.Repo, c.GitHub.Repos)
		}
	}
	for _, l := range *s.Issues {
		if strings.TrimSpace(l) == "" {
			add("issues", "slo %q: issues holds an empty label", s.Name)
		}
	}
	return ds
}
