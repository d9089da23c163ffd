package config

// Keys documents every key of site.toml: what it means, its default and
// an example. docs/config.md is written from this table and the types of
// the Config structs (go test ./generator/config -run Reference -update),
// and the tests fail when a key of the structs is missing here, a key
// here is not in the structs, a default stated here is not the one the
// code applies, or docs/config.md is not what this table gives.
//
// A key is its dotted path: "github.repos", "slo.target" for target in
// each [[slo]]; a name the site chooses is in capitals ("teams.TEAM").
var Keys = []KeyDoc{
	{"title", `"Product health"`, "The site's name, in every page's title and header.", `title = "Acme product health"`},
	{"description", "none", "A sentence shown under the dashboard's title and in link previews.", `description = "Is Acme getting healthier?"`},
	{"base_url", "none: pages link relatively", "The address the site is published at: canonical links, link-preview tags and `sitemap.xml`. Starts with `https://`, `http://` or `/`; `vitals build --base-url` overrides it.", `base_url = "https://acme.github.io/health/"`},
	{"theme", `"default"`, "The theme: templates and static files from `themes/THEME/` in the site, then the built-in default theme.", `theme = "default"`},

	{"github.repos", "[]", "The repositories (`owner/name`) to sync and report on; each is a folder of the store and a page of the site.", `repos = ["acme/app", "acme/api"]`},
	{"github.api_url", "`$GITHUB_API_URL`, then `https://api.github.com`", "The GitHub REST API to sync from; for GitHub Enterprise Server `https://HOST/api/v3`.", `api_url = "https://ghe.example.com/api/v3"`},
	{"github.token", "none", "Refused: a token written here is an error. The token comes only from `GITHUB_TOKEN` or `GH_TOKEN`.", ""},
	{"github.max_rate_wait", `"15m"`, "The longest the sync waits for GitHub's rate limit to reset; when the reset is further off, the sync stops and the next run continues where it stopped. A Go duration.", `max_rate_wait = "1h"`},
	{"github.timeout", `"30s"`, "How long one attempt of a request to GitHub may take before it is retried (each retry prints a line). A Go duration.", `timeout = "1m"`},

	{"issues.bug_labels", `["bug"]`, "The labels that make an issue a bug, compared case-insensitively with its current labels.", `bug_labels = ["bug", "defect"]`},
	{"issues.bots", "[]", "Logins of bot accounts that GitHub types as users; their comments are not responses in any first-response figure (accounts GitHub types as bots, and apps, never are).", `bots = ["acme-helper"]`},

	{"markup.unsafe", "false", "`true` keeps raw HTML in the site's own content files; text from GitHub is never rendered unsafe.", `unsafe = true`},

	{"store.dir", `"content/data/store"`, "Where the synced data is kept, relative to the site (or an absolute path). See [store.md](store.md).", `dir = "data/store"`},

	{"feedback.labels", `["enhancement", "feature", "feature request"]`, "The labels that make an issue a feature request, compared case-insensitively like `bug_labels`: the feature-requests page ranks them by their 👍 reactions.", `labels = ["enhancement", "idea"]`},

	{"decisions.dir", `"content/decisions"`, "The folder of decision records (Nygard, MADR or log4brains), relative to the site (or an absolute path); a repository's `docs/adr` is common. Another folder than the default must exist.", `dir = "docs/adr"`},

	{"assets.host", "none: pages load the copy of ECharts every site carries", "Where pages load `echarts.min.js` from instead: `https://…` or a `/path` on the site's own host. It must serve the pinned release byte for byte: the script tag carries its `integrity`.", `host = "https://static.example.org/echarts/5.6.0/"`},

	{"metrics.max_bad_share", "0.10", "A metric file with a larger share of rows that cannot be read (a bad time or number, too few or too many fields) is an error; below it each such row is a warning. Between 0 and 1.", `max_bad_share = 0.05`},

	{"metrics.source.name", "required", "The source's name: its series are named `NAME:series`. Letters, digits, `-`, `_` and `.`; one per source.", `name = "api"`},
	{"metrics.source.file", "required", "The export file, relative to the site.", `file = "content/metrics/api-requests.json"`},
	{"metrics.source.format", "detected from the file", "`prometheus` (query_range JSON), `grafana` (CSV), `datadog` (JSON), `csv` (a time column and one column per series) or `checks` (up/down checks: a time, a status and the check's name).", `format = "checks"`},
	{"metrics.source.time_column", "the first of `time`, `timestamp`, `date`, `datetime`, `day` and the like", "CSV and checks: the column that holds each row's time.", `time_column = "Date"`},
	{"metrics.source.status_column", "the first of `status`, `state`, `up`, `result`, `outcome`, `check_status`", "checks: the column that holds up or down.", `status_column = "status"`},
	{"metrics.source.key_column", "the first of `slug`, `check`, `monitor`, `endpoint`, `service`, `target`, `name`, `series`", "checks: the column whose value names each check's series (Upptime's `slug` gives `uptime:api`).", `key_column = "slug"`},
	{"metrics.source.max_bad_share", "`[metrics] max_bad_share`", "This file's share of unreadable rows above which it is an error.", `max_bad_share = 0.2`},

	{"slo.name", "required", "The SLO's name, one per SLO.", `name = "API availability"`},
	{"slo.description", "none", "A sentence shown with the SLO on its page.", `description = "Requests that did not fail on the server"`},
	{"slo.target", "required", "The objective: the share of good events, between 0 and 1.", `target = 0.999`},
	{"slo.window", `"30d"`, "The rolling window the SLO is judged over: a length such as `28d`, `4w` or `7d`.", `window = "28d"`},
	{"slo.total", "none", "Occurrences: the series of all events (a selector: `source`, `source:name`, `source:label=value`, `source:label!=value`), with `good` or `bad`.", `total = "api"`},
	{"slo.good", "none", "Occurrences: the series of good events, with `total`.", `good = "api:code!=5xx"`},
	{"slo.bad", "none", "Occurrences: the series of bad events, with `total`.", `bad = "api:code=5xx"`},
	{"slo.error_ratio", "none", "The series of bad/total per point, each point weighing the same (instead of `total`).", `error_ratio = "api:error_ratio"`},
	{"slo.checks", "none", "Time slices from up/down checks: the checks' series; a slice is bad when a check was down in it.", `checks = "uptime:api"`},
	{"slo.latency", "none", "Time slices from a latency series: a slice is bad when the series is above `threshold` in it.", `latency = "api:p99"`},
	{"slo.threshold", "none", "With `latency`: the value above which a slice is bad, in the series' unit.", `threshold = 300`},
	{"slo.slice", `"5m"`, "With `checks` or `latency`: the length of a time slice, at most a day.", `slice = "1m"`},
	{"slo.stale_after", "6 times the check's median interval between results, at least `1h`", "With `checks`: a status with no newer result is unknown after this long (unknown slices are left out and their share shown); `\"off\"`: never.", `stale_after = "2h"`},
	{"slo.warning_budget", "0.25", "The SLO is in warning when less than this share of its error budget is left. Between 0 and 1.", `warning_budget = 0.5`},
	{"slo.issues", "not set: the SLO counts metric series", "Makes the SLO count issues: the labels (any of, case-insensitive) of the issues it counts; `[]` for every issue. With `within` or `close_within`.", `issues = ["bug"]`},
	{"slo.repo", "every repository of `[github] repos`", "An issue SLO's one repository.", `repo = "acme/api"`},
	{"slo.within", "none", "An issue SLO: the time to first response that counts as good (`16h`, `2d`, `90m`).", `within = "16h"`},
	{"slo.close_within", "none", "An issue SLO: the time to close that counts as good, instead of `within`.", `close_within = "14d"`},
	{"slo.business_hours", "calendar time", "An issue SLO: count `within` only in these hours (`16h` is then two 8-hour days).", `business_hours = "Mon-Fri 09:00-17:00 Europe/Berlin"`},

	{"kpi.name", "required", "The KPI's name, one per KPI.", `name = "Signups"`},
	{"kpi.series", "required", "The series it reads (a selector, as for `[[slo]]`).", `series = "analytics:Signups"`},
	{"kpi.unit", "none", "The unit shown with its values.", `unit = "users"`},
	{"kpi.direction", `"up"`, "`\"up\"` when higher is better, `\"down\"` when lower is.", `direction = "down"`},
	{"kpi.target", "none: no state, only the trend", "The value to reach in the last complete period (at least it with `direction = \"up\"`, at most with `\"down\"`); missing it is a breach, or with `warning` a warning.", `target = 5000`},
	{"kpi.warning", "none: missing the target is a breach", "With `target`: a value on the bad side of the target; between the two the KPI is in warning, past it in breach.", `warning = 4000`},
	{"kpi.period", `"month"`, "The period its points add up over: `day`, `week`, `month` or `quarter`.", `period = "week"`},
	{"kpi.aggregate", `"sum"`, "How a period's points add up: `sum`, `mean`, `last`, `max` or `min`.", `aggregate = "last"`},
	{"kpi.stage", "none", "The funnel stage this KPI stands for: one of `[funnel] stages`, or without `[funnel]` one of AARRR's `acquisition`, `activation`, `retention`, `referral`, `revenue`.", `stage = "activation"`},

	{"funnel.stages", `["acquisition", "activation", "retention", "referral", "revenue"]`, "The funnel's stages in order, each shown by the KPI of that stage, with the conversion from the stage before. A site whose KPIs name no stage has no funnel.", `stages = ["visit", "signup", "paid"]`},

	{"areas.prefixes", "[]", "Label prefixes that name an area: with `\"area/\"`, the label `area/search` puts an issue in area `search`.", `prefixes = ["area/", "component:"]`},
	{"areas.labels.AREA", "none", "An area and the labels (any case) that put an issue in it; an issue with labels of two areas counts in both, one in none is `unassigned`.", `"Data loading" = ["loading", "streaming"]`},

	{"teams.TEAM", "none", "A team and the areas and repositories (`owner/name`, of `[github] repos`) it owns; each in one team.", `"Platform" = ["Data loading", "acme/api"]`},
}

// KeyDoc is one key of site.toml as docs/config.md describes it. Its type
// comes from the Config structs.
type KeyDoc struct {
	Key     string // dotted path; a name the site chooses in capitals
	Default string // as written in TOML, or words ("required", "none: …")
	Meaning string // Markdown
	Example string // a TOML line in its table
}
