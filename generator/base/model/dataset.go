package model

import "time"

// Dataset is every record of the selected repositories, merged: what the
// compute stage reads. The store builds it (store.Store.Dataset), and so does
// the loader, one repository at a time.
type Dataset struct {
	AsOf         time.Time
	Repos        []string // sorted
	Issues       []Issue
	PullRequests []PullRequest
	Comments     []Comment
	Events       []Event
	Releases     []Release
	// Demand is the 👍 history of the issues (DemandPoint), sorted by
	// repository, issue and time.
	Demand []DemandPoint
	// NoEvents holds the repos whose store has no events (fallback intervals).
	NoEvents map[string]bool
	// NoComments holds the repos whose store lacks their issues' comments
	// (an import of the issues list): their first responses are unknown.
	NoComments map[string]bool
}
