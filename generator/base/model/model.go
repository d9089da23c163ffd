// Package model holds the domain types that every stage of vitals shares:
// the plain structs that sources produce and computations consume.
// Nothing here does I/O.
package model

import (
	"strings"
	"time"
)

// User is the author of an issue, comment or event.
type User struct {
	Login string `json:"login"`
	// Type is GitHub's user.type: "User", "Bot" or "Organization".
	Type string `json:"type,omitempty"`
}

// IsBot reports whether GitHub marks the user as a bot, by type or by the
// "[bot]" login suffix that GitHub Apps carry.
func (u User) IsBot() bool {
	return strings.EqualFold(u.Type, "Bot") || strings.HasSuffix(strings.ToLower(u.Login), "[bot]")
}

// Issue is a GitHub issue (never a pull request).
type Issue struct {
	Repo        string     `json:"repo"`
	Number      int        `json:"number"`
	Title       string     `json:"title"`
	State       string     `json:"state"` // "open" or "closed"
	StateReason string     `json:"state_reason,omitempty"`
	Author      User       `json:"author"`
	Labels      []string   `json:"labels,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
	URL         string     `json:"url,omitempty"` // html_url
	// Reactions are the issue's reaction counts when it was last read from
	// GitHub; nil when unknown (a store written before vitals kept them, or
	// an export without them), which is not the same as none.
	Reactions *Reactions `json:"reactions,omitempty"`
}

// PullRequest is a pull request as the issues list shows it.
type PullRequest struct {
	Repo      string     `json:"repo"`
	Number    int        `json:"number"`
	Title     string     `json:"title"`
	State     string     `json:"state"`
	Author    User       `json:"author"`
	Labels    []string   `json:"labels,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
	MergedAt  *time.Time `json:"merged_at,omitempty"`
	URL       string     `json:"url,omitempty"`
}

// Comment is an issue or pull-request comment; only who and when matter to vitals.
type Comment struct {
	Repo        string    `json:"repo"`
	ID          int64     `json:"id"`
	IssueNumber int       `json:"issue"`
	User        User      `json:"user"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at,omitempty"`
}

// Event is an issue event (closed, reopened, labeled, ...).
type Event struct {
	Repo        string    `json:"repo"`
	ID          int64     `json:"id"`
	IssueNumber int       `json:"issue"`
	Event       string    `json:"event"`
	Actor       User      `json:"actor"`
	CreatedAt   time.Time `json:"created_at"`
}

// Release is a GitHub release.
type Release struct {
	Repo        string     `json:"repo"`
	ID          int64      `json:"id"`
	Tag         string     `json:"tag"`
	Name        string     `json:"name,omitempty"`
	Draft       bool       `json:"draft,omitempty"`
	Prerelease  bool       `json:"prerelease,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	Body        string     `json:"body,omitempty"` // Markdown, hostile: render only through the safe renderer
	URL         string     `json:"url,omitempty"`
}

// HasLabel reports whether any label matches one of want, case-insensitively.
func HasLabel(labels []string, want []string) bool {
	for _, l := range labels {
		for _, w := range want {
			if strings.EqualFold(l, w) {
				return true
			}
		}
	}
	return false
}
