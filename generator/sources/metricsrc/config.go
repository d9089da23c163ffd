package metricsrc

import (
	"path/filepath"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/config"
)

// FromConfig reads the [metrics] table and its [[metrics.source]] tables
// into read options, files resolved against the site directory, with every
// problem at its key.
func FromConfig(c *config.Config) ([]Options, diag.List) {
	var ds diag.List
	if s := c.Metrics.MaxBadShare; s < 0 || s > 1 {
		ds = append(ds, c.Metrics.Place.Error("max_bad_share", "max_bad_share %v must be between 0 and 1", s))
	}
	var out []Options
	named := map[string]bool{}
	for i, s := range c.Metrics.Sources {
		o, d := optionsFrom(i, s, c, named[s.Name])
		named[s.Name] = true
		out = append(out, o)
		if !s.Place.HasUnknownKey() { // else the unknown key is the message (config.Place)
			ds = append(ds, d...)
		}
	}
	return out, ds
}

// optionsFrom reads the i-th [[metrics.source]]; taken says another source
// before it has its name.
func optionsFrom(i int, s config.MetricSource, c *config.Config, taken bool) (Options, diag.List) {
	var ds diag.List
	at := s.Place
	switch {
	case s.Name == "":
		ds = append(ds, at.Error("name", "metrics source %d has no name", i+1))
	case strings.Trim(s.Name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") != "":
		ds = append(ds, at.Error("name", "metrics source name %q may hold only letters, digits, '-', '_' and '.'", s.Name))
	case taken:
		ds = append(ds, at.Error("name", "metrics source name %q is used twice", s.Name))
	}
	if s.File == "" {
		ds = append(ds, at.Error("file", "metrics source %q has no file", s.Name))
	}
	f, err := ParseFormat(s.Format)
	if err != nil {
		ds = append(ds, at.Error("format", "%v", err))
	}
	if s.MaxBadShare < 0 || s.MaxBadShare > 1 {
		ds = append(ds, at.Error("max_bad_share", "max_bad_share %v must be between 0 and 1", s.MaxBadShare))
	}
	share := s.MaxBadShare
	if share == 0 {
		share = c.Metrics.MaxBadShare
	}
	path := s.File
	if !filepath.IsAbs(path) {
		path = filepath.Join(c.Dir, filepath.FromSlash(path))
	}
	return Options{Name: s.Name, Path: path, Format: f, MaxBadShare: share,
		TimeColumn: s.TimeColumn, StatusColumn: s.StatusColumn, KeyColumn: s.KeyColumn, File: s.File, At: s.Place}, ds
}
