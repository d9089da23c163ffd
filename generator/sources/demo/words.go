package demo

// Word lists for Lumen, a fictional note-taking app with a public API.
// Everything here is invented for the demo.

// Hostile strings that the demo plants in a few titles, labels, logins and a
// release body, so that every page and download is exercised against markup,
// template, chart-function and spreadsheet-formula injection.
var hostileTitles = []string{
	`<script>alert(1)</script> in note title breaks the sidebar`,
	`"><img src=x onerror=alert(1)> pasted into search box`,
	`=HYPERLINK("http://x") appears in exported CSV`,
	`Template text {{.}} shows up in the share dialog`,
	`__f__function(){}__f__ rendered in chart tooltip`,
	`+SUM(1,2) and @mention cells in the CSV export`,
}

var hostileLabels = []string{
	`"><img src=x onerror=alert(1)>`,
	`{{.}}`,
	`=HYPERLINK("http://x")`,
}

var hostileLogins = []string{
	`<script>alert(1)</script>`,
	`__f__function(){}__f__`,
	`@mallory`,
}

// maintainers are the core team; the first ones lean to the app, the last to the API.
var maintainers = []string{
	"mira-okafor", "tlindqvist", "devraj-s", "hannah-cho", "pabloruiz",
	"ines-ferreira", "kwame-asante", "sofiakowal", "jonas-brandt", "yuki-tanaka",
	"amara-diallo", "lucas-moreau",
}

const (
	botDependabot = "dependabot[bot]"
	botCI         = "lumen-ci[bot]"
)

var loginAdjectives = []string{
	"amber", "brisk", "cobalt", "dusty", "eager", "fuzzy", "gentle", "hollow", "ivory", "jolly",
	"keen", "lunar", "mellow", "nimble", "olive", "plucky", "quiet", "rusty", "sunny", "tidy",
	"umber", "vivid", "wily", "young", "zesty", "bold", "calm", "deft", "early", "frosty",
}

var loginNouns = []string{
	"otter", "falcon", "maple", "pebble", "lantern", "heron", "comet", "badger", "willow", "fjord",
	"quill", "walrus", "thistle", "ember", "kestrel", "marmot", "harbor", "sparrow", "cedar", "orbit",
	"puffin", "meadow", "lynx", "ripple", "juniper", "tundra", "finch", "basalt", "nectar", "glacier",
}

var appComponents = []string{
	"Editor", "Sync", "Search", "Sidebar", "PDF export", "Markdown preview", "Tag picker",
	"Backlinks panel", "Attachment viewer", "Offline mode", "Sign-in", "Sharing dialog", "Notebook list",
	"Dark theme", "Table editor", "Quick switcher", "Daily note view", "Web clipper", "Trash",
	"Mobile toolbar", "Spell checker", "Image upload", "Version history", "Reminder scheduler",
}

var apiComponents = []string{
	"/v1/notes endpoint", "/v1/notebooks endpoint", "Pagination", "Rate limiter", "Webhook delivery",
	"OAuth token refresh", "Search index", "Attachment storage", "Export job", "API key check",
	"Sync protocol", "Audit log", "Bulk import", "GraphQL gateway", "Session store",
	"Email digest job", "Billing hook", "Health check", "Cursor pagination", "Tag service",
}

var bugSymptoms = []string{
	"crashes", "freezes", "loses formatting", "shows a blank page", "duplicates notes",
	"returns 500", "times out", "drops the last edit", "ignores the locale setting",
	"shows stale data", "double-counts items", "leaks memory", "rejects valid input",
	"reorders items", "returns 404 for existing notes", "logs the user out",
}

var bugConditions = []string{
	"when pasting from a word processor", "after waking from sleep", "on tablets in split view",
	"with more than 1,000 notes", "behind a corporate proxy", "after renaming a notebook",
	"when the note title has emoji", "on a slow connection", "right after sign-in",
	"when two devices edit at once", "with right-to-left text", "after an update",
	"when the clock changes for daylight saving", "on the first launch", "with a full disk",
	"when a tag contains a slash", "during a bulk import", "when the token has expired",
}

var appFeatures = []string{
	"nested tags", "note templates", "end-to-end encryption for shared notebooks",
	"keyboard shortcuts for headings", "a read-only share link", "custom fonts",
	"a calendar view", "export to EPUB", "Mermaid diagrams", "per-notebook themes",
	"bulk move", "a command palette", "math blocks", "inline comments", "scheduled reminders",
	"sorting by last edit",
}

var apiFeatures = []string{
	"webhook retries", "conditional requests with ETags", "a sandbox environment",
	"field filtering in responses", "idempotency keys", "sorting by last edit",
	"a bulk export endpoint", "scoped API keys", "webhook events for tags", "a batch update call",
	"rate limit headers on every response", "cursor pagination for notebooks",
}

var docTopics = []string{
	"the sync conflict rules", "webhook signatures", "rate limit headers", "self-hosting",
	"the import format", "keyboard shortcuts", "API pagination", "token scopes",
	"the backup format", "the plugin manifest", "error codes", "the changelog process",
}

var questionActions = []string{
	"move notes between accounts", "restore a deleted notebook", "use Lumen offline",
	"export everything at once", "rotate an API key", "get webhook events for tags",
	"run Lumen behind a reverse proxy", "share a notebook with a team", "search inside PDFs",
	"sync only one notebook", "script bulk edits through the API",
}

var perfTargets = []string{
	"Startup", "Search", "Sync of large notebooks", "Scrolling long notes", "Opening attachments",
	"The /v1/notes list call", "Tag filtering", "Export of big notebooks", "Cold start of the API",
}

var securityTopics = []string{
	"Session tokens are not rotated after a password change",
	"Share links can be guessed",
	"Webhook secrets shown in the audit log",
	"Missing rate limit on the password reset form",
	"Attachment URLs do not expire",
	"Content-Security-Policy allows inline scripts",
	"API keys logged at debug level",
}

var testNames = []string{
	"TestSyncConflictMerge", "TestEditorUndoStack", "TestExportPDFFonts", "TestWebhookRetry",
	"TestSearchRanking", "TestOfflineQueue", "TestTokenRefresh", "TestPaginationCursor",
	"TestAttachmentUpload", "TestRateLimiterBurst",
}

var depPackages = []string{
	"golang.org/x/net", "github.com/lib/pq", "react", "typescript", "esbuild", "prosemirror-view",
	"electron", "vite", "golang.org/x/crypto", "github.com/redis/go-redis/v9", "eslint", "zod",
}

var refactorVerbs = []string{"Refactor", "Simplify", "Split up", "Clean up", "Add tests for", "Speed up"}
