// Package config reads site.toml. Unknown keys are errors with their line, and
// a token written into the file is refused: tokens come only from the
// environment (GITHUB_TOKEN or GH_TOKEN).
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/vitals-dev/vitals/generator/base/diag"
)

// FileName is the site configuration's file name in a site source.
const FileName = "site.toml"

// Config is site.toml.
type Config struct {
	Title   string `toml:"title"`
	BaseURL string `toml:"base_url"`
	Theme   string `toml:"theme"`
	// Description is shown on the dashboard and in link previews.
	Description string `toml:"description"`

	GitHub  GitHub  `toml:"github"`
	Issues  Issues  `toml:"issues"`
	Markup  Markup  `toml:"markup"`
	Store   Store   `toml:"store"`
	Assets  Assets  `toml:"assets"`
	Metrics Metrics `toml:"metrics"`
	// SLOs and KPIs are declared as [[slo]] and [[kpi]] tables.
	SLOs   []SLO   `toml:"slo"`
	KPIs   []KPI   `toml:"kpi"`
	Funnel *Funnel `toml:"funnel"`
	// Areas and Teams group issues for the areas page (areas.go).
	Areas Areas               `toml:"areas"`
	Teams map[string][]string `toml:"teams"`
	// Feedback says which issues are feature requests; Decisions where the
	// decision records are.
	Feedback  Feedback  `toml:"feedback"`
	Decisions Decisions `toml:"decisions"`

	// Dir is the site source directory (not from the file).
	Dir string `toml:"-"`
}

// GitHub is the [github] table.
type GitHub struct {
	Repos  []string `toml:"repos"`
	APIURL string   `toml:"api_url"`
	// Token is decoded only to refuse it.
	Token string `toml:"token"`
	// MaxRateWait is the longest the sync waits for a primary rate limit to
	// reset before it stops (a Go duration, default "15m").
	MaxRateWait string `toml:"max_rate_wait"`
	// Timeout bounds each attempt of a request to GitHub (a Go duration,
	// default "30s"); a request with no answer by then is retried.
	Timeout string `toml:"timeout"`
}

// Issues is the [issues] table.
type Issues struct {
	BugLabels []string `toml:"bug_labels"`
	// Bots are logins of bot accounts that GitHub types as users; their
	// comments are not responses (every first-response figure).
	Bots []string `toml:"bots"`
}

// Feedback is the [feedback] table.
type Feedback struct {
	// Labels make an issue a feature request or feedback, compared
	// case-insensitively like bug_labels (default DefaultFeedbackLabels).
	Labels []string `toml:"labels"`
}

// DefaultFeedbackLabels are the labels of feature requests when
// [feedback] labels is not set.
var DefaultFeedbackLabels = []string{"enhancement", "feature", "feature request"}

// Decisions is the [decisions] table.
type Decisions struct {
	// Dir is the folder of decision records, relative to the site source
	// (default DefaultDecisionsDir); a repository's docs/adr is common.
	Dir string `toml:"dir"`
}

// DefaultDecisionsDir is where decision records are read from when
// [decisions] dir is not set.
const DefaultDecisionsDir = "content/decisions"

// DecisionsDir is the absolute folder of decision records.
func (c *Config) DecisionsDir() string {
	if filepath.IsAbs(c.Decisions.Dir) {
		return c.Decisions.Dir
	}
	return filepath.Join(c.Dir, filepath.FromSlash(c.Decisions.Dir))
}

// Markup is the [markup] table.
type Markup struct {
	// Unsafe lets the site's own content files keep raw HTML. Text from
	// GitHub is never rendered unsafe.
	Unsafe bool `toml:"unsafe"`
}

// Store is the [store] table.
type Store struct {
	Dir string `toml:"dir"` // relative to the site source
}

// Assets is the [assets] table.
type Assets struct {
	// Host, when set, is where pages load echarts.min.js from instead of
	// the copy every site carries (https://… or a /path on the site's own
	// host). It must serve vitals' build of the pinned release byte for
	// byte, the assets/echarts.min.js every site carries (not ECharts'
	// prebuilt dist file): the script tag carries its integrity. Empty (the default) keeps every page on its own
	// host.
	Host string `toml:"host"`
}

// Load reads dir/site.toml. Problems are returned as diag.List.
func Load(dir string) (*Config, error) {
	path := filepath.Join(dir, FileName)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no %s in %s: run vitals in a site folder or name one with -s", FileName, dir)
	}
	if err != nil {
		return nil, err
	}
	return Parse(path, b, dir)
}

// Parse decodes site.toml text; path is used in messages. The metric, SLO
// and KPI tables are decoded and placed, not read: their readers
// (metricsrc, slo and kpi FromConfig) check them.
func Parse(path string, b []byte, dir string) (*Config, error) {
	var c Config
	md, err := toml.Decode(string(b), &c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, diag.List{{Path: path, Line: pe.Position.Line, Col: pe.Position.Col, Msg: pe.Message}}
		}
		if line, col, msg, ok := typeError(err, string(b), newPosition(string(b))); ok {
			return nil, diag.List{{Path: path, Line: line, Col: col, Msg: msg}}
		}
		return nil, diag.List{{Path: path, Msg: err.Error()}}
	}
	var ds diag.List
	pos := newPosition(string(b))
	undecoded := md.Undecoded()
	sort.Slice(undecoded, func(i, j int) bool { return undecoded[i].String() < undecoded[j].String() })
	unknownIn := pos.tablesOf(undecoded)
	for _, k := range undecoded {
		line, col := pos.ofKey(k)
		msg := fmt.Sprintf("unknown key %q", k.String())
		if near := suggest(k); near != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", near)
		}
		ds = append(ds, diag.Diag{Path: path, Line: line, Col: col, Msg: msg})
	}
	if c.GitHub.Token != "" {
		line, col := pos.of("github", "token")
		ds = append(ds, diag.Diag{Path: path, Line: line, Col: col,
			Msg: "a token does not belong in site.toml; remove it and set GITHUB_TOKEN or GH_TOKEN"})
	}
	c.Dir = dir
	c.place(path, pos, unknownIn)
	c.applyDefaults()
	ds = append(ds, c.validate(path, pos)...)
	if ds.HasErrors() {
		return &c, ds
	}
	if len(ds) > 0 {
		return &c, ds // warnings only; callers print them
	}
	return &c, nil
}

func (c *Config) applyDefaults() {
	if c.Theme == "" {
		c.Theme = "default"
	}
	if c.Title == "" {
		c.Title = "Product health"
	}
	if len(c.Issues.BugLabels) == 0 {
		c.Issues.BugLabels = []string{"bug"}
	}
	if len(c.Feedback.Labels) == 0 {
		c.Feedback.Labels = append([]string(nil), DefaultFeedbackLabels...)
	}
	if c.Decisions.Dir == "" {
		c.Decisions.Dir = DefaultDecisionsDir
	}
	if c.Store.Dir == "" {
		c.Store.Dir = "content/data/store"
	}
	if c.GitHub.MaxRateWait == "" {
		c.GitHub.MaxRateWait = "15m"
	}
	if c.GitHub.Timeout == "" {
		c.GitHub.Timeout = "30s"
	}
}

// A repo names folders of the store and pages of the site
// (issues/<owner>/<name>/), so it must be a name GitHub could have: an
// owner of letters, digits and inner hyphens; a name of at most 100
// letters, digits, '.', '-' and '_', not "." or "..".
var (
	ownerRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$`)
	nameRE  = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)
)

func (c *Config) validate(path string, pos position) diag.List {
	var ds diag.List
	seen := map[string]bool{}
	for _, r := range c.GitHub.Repos {
		owner, name, ok := strings.Cut(r, "/")
		if !ok || !ownerRE.MatchString(owner) || !nameRE.MatchString(name) || name == "." || name == ".." {
			line, col := pos.of("github", "repos")
			ds = append(ds, diag.Diag{Path: path, Line: line, Col: col,
				Msg: fmt.Sprintf("repos: %q is not owner/name", r)})
		}
		if seen[strings.ToLower(r)] {
			line, col := pos.of("github", "repos")
			ds = append(ds, diag.Diag{Path: path, Line: line, Col: col,
				Msg: fmt.Sprintf("repos: %q is listed twice", r)})
		}
		seen[strings.ToLower(r)] = true
	}
	if c.BaseURL != "" && !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") && !strings.HasPrefix(c.BaseURL, "/") {
		line, col := pos.of("base_url")
		ds = append(ds, diag.Diag{Path: path, Line: line, Col: col,
			Msg: fmt.Sprintf("base_url %q must start with https://, http:// or /", c.BaseURL)})
	}
	for _, d := range []struct{ key, val, like string }{{"max_rate_wait", c.GitHub.MaxRateWait, "15m"}, {"timeout", c.GitHub.Timeout, "30s"}} {
		if v, err := time.ParseDuration(d.val); err != nil || v <= 0 {
			line, col := pos.of("github", d.key)
			ds = append(ds, diag.Diag{Path: path, Line: line, Col: col,
				Msg: fmt.Sprintf("github.%s %q is not a duration like %s", d.key, d.val, d.like)})
		}
	}
	if h := c.Assets.Host; h != "" && !(strings.HasPrefix(h, "https://") && len(h) > len("https://")) && !strings.HasPrefix(h, "/") {
		line, col := pos.of("assets", "host")
		ds = append(ds, diag.Diag{Path: path, Line: line, Col: col,
			Msg: fmt.Sprintf("assets host %q must start with https:// or /", h)})
	}
	if d := c.Decisions.Dir; d != DefaultDecisionsDir {
		if st, err := os.Stat(c.DecisionsDir()); err != nil || !st.IsDir() {
			line, col := pos.of("decisions", "dir")
			ds = append(ds, diag.Diag{Path: path, Line: line, Col: col,
				Msg: fmt.Sprintf("decisions dir %q is not a folder (relative to the site, such as \"docs/adr\" or \"../docs/decisions\")", d)})
		}
	}
	ds = append(ds, c.validateAreas(path, pos)...)
	ds = append(ds, c.validateLengths(path, pos)...)
	return ds
}

// The longest title and description (docs/limits.md): a title is written
// on many pages (the site's on every one; issue 23 saw a 5 MB title make a
// 739 MB site), and none that people read runs to hundreds of characters.
const (
	MaxTitle       = 300
	MaxDescription = 2000
)

// TooLong says what is wrong with a text longer than max characters, or "".
func TooLong(what, text string, max int) string {
	if n := utf8.RuneCountInString(text); n > max {
		return fmt.Sprintf("%s is %d characters long, more than %d (docs/limits.md)", what, n, max)
	}
	return ""
}

// validateLengths checks the titles and descriptions site.toml gives.
func (c *Config) validateLengths(path string, pos position) diag.List {
	var ds diag.List
	for _, f := range []struct {
		key, text string
		max       int
	}{{"title", c.Title, MaxTitle}, {"description", c.Description, MaxDescription}} {
		if msg := TooLong(f.key, f.text, f.max); msg != "" {
			line, col := pos.of(f.key)
			ds = append(ds, diag.Diag{Path: path, Line: line, Col: col, Msg: msg})
		}
	}
	for _, s := range c.SLOs {
		if msg := TooLong("slo name", s.Name, MaxTitle); msg != "" {
			ds = append(ds, s.Place.Error("name", "%s", msg))
		}
		if msg := TooLong("slo description", s.Description, MaxDescription); msg != "" {
			ds = append(ds, s.Place.Error("description", "%s", msg))
		}
	}
	for _, k := range c.KPIs {
		if msg := TooLong("kpi name", k.Name, MaxTitle); msg != "" {
			ds = append(ds, k.Place.Error("name", "%s", msg))
		}
	}
	return ds
}

// APIURL is the GitHub REST base: [github] api_url, GITHUB_API_URL (read
// with getenv), then api.github.com.
func (c *Config) APIURL(getenv func(string) string) string {
	if c.GitHub.APIURL != "" {
		return c.GitHub.APIURL
	}
	if v := getenv("GITHUB_API_URL"); v != "" {
		return v
	}
	return "https://api.github.com"
}

// Token is the GitHub token, GITHUB_TOKEN then GH_TOKEN read with getenv,
// or "". The caller passes the environment, so that a test sets it without
// touching the process's.
func Token(getenv func(string) string) string {
	if v := getenv("GITHUB_TOKEN"); v != "" {
		return v
	}
	return getenv("GH_TOKEN")
}

// StoreDir is the absolute store directory.
func (c *Config) StoreDir() string {
	if filepath.IsAbs(c.Store.Dir) {
		return c.Store.Dir
	}
	return filepath.Join(c.Dir, filepath.FromSlash(c.Store.Dir))
}
