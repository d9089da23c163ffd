// Package issuesrc is where a site's issues come from: the one place where
// the build learns which repositories it counts and how their records
// reach the store. The build reads issues, pull requests, comments, events
// and releases from the store (sources/store, one repository at a time
// through compute/loader); a tracker's adapter fills the store with those
// model records beforehand.
//
// GitHub is the one tracker today: site.toml's [github] table (GitHub),
// filled by ghsync (`vitals fetch`, the REST API) and importer (`vitals
// import`, exports), both under sources/github, with ghconv turning the
// API's types into model records.
//
// Another tracker (a GitLab API, a Jira export) starts here: a constructor
// like GitHub for its own site.toml table, a case in FromConfig, and an
// adapter beside sources/github that writes the same model records into
// the store. Nothing past this package reads [github].
package issuesrc

import "github.com/vitals-dev/vitals/generator/config"

// Source is a tracker whose records a sync keeps in the store.
type Source struct {
	// Repos are the repositories whose issues the site counts, as the
	// store names them ("owner/name"), in site.toml's order. None: a site
	// without issues (postmortems or metrics alone).
	Repos []string
	// Fetch says how to bring a repository into the store, and FetchFirst
	// how to fill an empty store, for the build's notes and warnings.
	Fetch, FetchFirst string
}

// FromConfig is the site's source of issues.
func FromConfig(cfg *config.Config) Source { return GitHub(cfg.GitHub) }

// GitHub is the source that [github] declares.
func GitHub(g config.GitHub) Source {
	return Source{Repos: g.Repos, Fetch: "run `vitals fetch`", FetchFirst: "run `vitals fetch` with GITHUB_TOKEN set"}
}

// Has reports whether the site counts any repository's issues.
func (s Source) Has() bool { return len(s.Repos) > 0 }

// Only is the site's repository when it has exactly one, else "": a
// postmortem's "#12" names an issue of it.
func (s Source) Only() string {
	if len(s.Repos) == 1 {
		return s.Repos[0]
	}
	return ""
}
