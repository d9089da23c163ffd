package model

import "time"

// Postmortem is an incident review, read from a Markdown file's front matter
// (or inferred from an author's own format).
type Postmortem struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Severity  string     `json:"severity,omitempty"`
	Status    string     `json:"status,omitempty"`
	Repo      string     `json:"repo,omitempty"`
	Release   string     `json:"release,omitempty"` // tag of the release that caused it, if named
	Started   *time.Time `json:"started,omitempty"`
	Detected  *time.Time `json:"detected,omitempty"`
	Mitigated *time.Time `json:"mitigated,omitempty"`
	Resolved  *time.Time `json:"resolved,omitempty"`
	// DayOnly marks the times stated as a date only, by key ("started",
	// "detected", "mitigated", "resolved"): day precision, the value is
	// midnight UTC of that date (docs/metrics.md, Incidents). Nil when none.
	DayOnly map[string]bool `json:"day_only,omitempty"`
	// NearMiss: the document says there was no impact (a vulnerability
	// not exploited, no user impact); it has no started and is counted
	// apart from incidents.
	NearMiss bool       `json:"near_miss,omitempty"`
	Date     *time.Time `json:"date,omitempty"` // from started, else a YYYY-MM-DD file-name prefix
	// Published is front matter's date (Hugo's publication date): shown,
	// never used as started.
	Published   *time.Time   `json:"published,omitempty"`
	Company     string       `json:"company,omitempty"`
	Services    []string     `json:"services,omitempty"`
	Tags        []string     `json:"tags,omitempty"`
	ActionItems []ActionItem `json:"action_items,omitempty"`
	Path        string       `json:"path"` // source path relative to the site, slash-separated
}

// Day reports whether the time named by key has day precision.
func (p Postmortem) Day(key string) bool { return p.DayOnly[key] }

// ActionItem is a follow-up of a postmortem.
type ActionItem struct {
	Title  string `json:"title"`
	Owner  string `json:"owner,omitempty"`
	Due    string `json:"due,omitempty"`
	Issue  string `json:"issue,omitempty"`  // "owner/repo#N"
	Status string `json:"status,omitempty"` // "done", "open" or as written; "" unknown (open)
	// Link is a link to another tracker (Jira...): shown, state unknown.
	Link string `json:"link,omitempty"`
	// Line is the file line the item was read from (0: front matter).
	Line int `json:"line,omitempty"`
}
