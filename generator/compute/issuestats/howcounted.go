package issuestats

// One line per figure group: how it is counted (docs/metrics.md). Pages show the
// line of each group they display. Plain text, no markup.
const (
	HowFlow = "Opened: issues created in the period. Closed and reopened: close and reopen events in the period " +
		"(a close of a closed issue or a reopen of an open one is not counted); without events, issues whose closed_at falls in it. " +
		"Pull requests are not issues. Flow ratio = closed / opened."
	HowBacklog = "Open at end: issues open just before the period ends, counting every close and reopen; " +
		"bugs by current labels."
	HowTimeToClose = "Time to close: closed_at minus created_at of an issue's final close, in days, " +
		"over the issues finally closed in the period; median and 90th percentile (nearest rank)."
	HowFirstResponse = "Time to first response: from creation to the first comment by someone other than the author " +
		"who is not a bot (by GitHub's account type, an app's [bot] login, or [issues] bots in site.toml); issues without one are counted as no response yet and left out of the median."
	HowAges    = "Age of each issue open at the as-of time, from its creation, in days."
	HowBugRate = "Bugs (by current labels) opened in the last 365 days against the 365 days before; " +
		"per month against the same month a year earlier."
	HowBacklogClosure = "Of the issues open 365 days before the as-of time, the share not open at the as-of time."
	HowLabels         = "Labels compared case-insensitively; open issues carrying each label, and issues opened " +
		"in the last 90 days carrying it."
	HowOldestBugs         = "Open bugs (by current labels) in order of creation."
	HowHeadlineOpenBugs   = "Bugs (by current labels) open at the as-of time, 30 days and 365 days earlier."
	HowHeadlineBugsOpened = "Bugs (by current labels) created in the last 30 days, the 30 days before, " +
		"and the same 30 days a year earlier."
	HowHeadlineBacklog     = "Issues open at the as-of time, 30 days and 365 days earlier."
	HowHeadlineTimeToClose = "Median days from creation to final close of the issues closed in the last 90 days, " +
		"the 90 days before, and the same 90 days a year earlier."
)

// Definition is one entry of the "How we count" page.
type Definition struct {
	Title string
	Text  string
}

// Definitions are the issue definitions of docs/metrics.md, in reading order, for
// the "How we count" page. Plain text.
var Definitions = []Definition{
	{"Time", "All instants are UTC. A period is a half-open range [start, end): a day, an ISO week (Monday to Monday), " +
		"a month or a quarter. Figures describe the data as of the last successful sync (or --as-of); anything " +
		"stamped at or after it is ignored, so the same data always gives the same site."},
	{"Issue", "An item of the repository's issues list that is not a pull request. An item listed twice counts once: " +
		"the copy updated last wins."},
	{"Bug", "An issue whose current labels include one of the configured bug labels, compared case-insensitively. " +
		"Because labels are read as they are now, past bug counts can change when labels change."},
	{"Open intervals", "An issue opens when it is created. Each close event ends an open interval and each reopen event " +
		"starts one; a close of a closed issue or a reopen of an open one changes nothing. Where no events are stored, " +
		"an issue is open from creation to its closed_at. Where the stored events disagree with the issue's own state " +
		"(for example a cut-off event list), the issue's state wins: the missing close is taken at closed_at, a missing " +
		"reopen at the issue's last update."},
	{"Opened, closed, reopened", HowFlow},
	{"Open at end of period", HowBacklog + " The change from one period to the next is always opened + reopened - closed."},
	{"Time to close", HowTimeToClose},
	{"Time to first response", HowFirstResponse},
	{"Median and 90th percentile", "The median is the middle value, or the mean of the two middle values. " +
		"The 90th percentile is the value at rank ceil(0.9 n) in ascending order. Durations are in days with two decimals."},
	{"Age", HowAges + " Buckets: under 7 days, 7 to 29, 30 to 89, 90 to 364, 365 or more."},
	{"Backlog closure", HowBacklogClosure},
	{"Bug rate change", HowBugRate + " Shown as a percentage change; empty when the earlier count is zero."},
	{"Flow ratio", "Closed divided by opened in the period (GrimoireLab's backlog management index); " +
		"empty when nothing was opened. Above 1 the backlog shrinks."},
	{"Labels", HowLabels},
	{"Merged pull requests", "Pull requests whose merged_at is before the as-of time."},
}
