// Package issuestats computes the issue figures of docs/metrics.md (sections Time
// and Issues) from a model.Dataset: per-period flow and backlog series, time
// to close, time to first response, ages, backlog closure, bug-rate change,
// label breakdowns and the dashboard headlines. Compute is a pure function of
// its inputs; the writers only write to an io.Writer.
//
// Cost is linear in issues + events + comments: events and comments are
// indexed by (repo, number) once, each issue's history is replayed once into
// +1/-1 deltas per period, and open_at_end is a running sum of those deltas.
package issuestats

import (
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
)

// AllRepos is the repo name of the figures over every repo together.
const AllRepos = "all"

// Kinds are the period kinds that series are computed for, in order; a
// RepoStats.Series is indexed by period.Kind.
var Kinds = []period.Kind{period.Day, period.Week, period.Month, period.Quarter}

// Options selects what Compute counts.
type Options struct {
	// AsOf overrides the dataset's as_of (the store's sync time) when non-zero.
	AsOf time.Time
	// BugLabels are the labels that make an issue a bug, compared
	// case-insensitively. Empty means ["bug"].
	BugLabels []string
	// TopN bounds the oldest-open-bugs and label lists. 0 means 10.
	TopN int
	// Bots are logins of bot accounts typed as users ([issues] bots): their
	// comments are not responses.
	Bots []string
	// Quarterly makes ComputeParts also replay each repository's history
	// at every quarter end, for QuarterReports.
	Quarterly bool
}

// Report is every issue figure of a dataset.
type Report struct {
	AsOf      time.Time
	BugLabels []string
	// Repos holds one entry per repo of the dataset, in the dataset's (sorted) order.
	Repos []*RepoStats
	// All is every repo together (Repo == AllRepos).
	All *RepoStats
}

// Repo returns the figures of one repo, or of all when name is AllRepos; nil when unknown.
func (r *Report) Repo(name string) *RepoStats {
	if name == AllRepos {
		return r.All
	}
	for _, s := range r.Repos {
		if s.Repo == name {
			return s
		}
	}
	return nil
}

// RepoStats holds the figures of one repo or of all repos together.
type RepoStats struct {
	Repo string
	// Series is indexed by period.Kind (Day, Week, Month, Quarter). Each runs
	// from the period of the repo's first issue to the period of as_of; empty
	// when the repo has no issue created before as_of.
	Series [4]Series
	// First is the created_at of the repo's first issue before as_of; zero
	// when there is none. Before it the data says nothing (not 0).
	First time.Time

	// At the instant as_of.
	Open      int
	BugsOpen  int
	PRsMerged int // pull requests with merged_at before as_of

	// Backlog closure: Cohort issues were open at as_of-365d, CohortClosed of
	// them are not open at as_of. BacklogClosure = CohortClosed/Cohort, nil
	// when the cohort is empty.
	Cohort         int
	CohortClosed   int
	BacklogClosure *float64

	// Bugs opened in [as_of-365d, as_of) and [as_of-730d, as_of-365d), and the
	// percentage change (nil when the earlier count is 0).
	BugsLast12m      int
	BugsPrev12m      int
	BugRateChangePct *float64

	FirstResponse FirstResponse

	// LabelLag is how late bugs get their labels: bugs count by their
	// current labels, so a month whose bugs are not labelled yet reads low.
	LabelLag LabelLag

	// Ages of the issues open at as_of, in AgeBuckets; all and bugs.
	Ages     [5]int
	BugsAges [5]int

	// OldestOpenBugs: the TopN open bugs created first (created_at, then repo, then number).
	OldestOpenBugs []IssueRef
	// TopLabelsOpen: labels by the number of open issues carrying them.
	TopLabelsOpen []LabelCount
	// TopLabelsRecent: labels by the number of issues opened in [as_of-90d, as_of).
	TopLabelsRecent []LabelCount

	Headlines []Headline
}

// SeriesOf returns the series of kind k.
func (s *RepoStats) SeriesOf(k period.Kind) *Series { return &s.Series[k] }

// Series is a run of consecutive periods of one kind.
type Series struct {
	Kind   period.Kind
	Points []Point
}

// Point holds the figures of one period.
type Point struct {
	Period        period.P
	Opened        int // issues created in P
	Closed        int // closed transitions in P
	Reopened      int // reopened transitions in P
	BugsOpened    int
	OpenAtEnd     int // open just before End(P)
	BugsOpenAtEnd int
	// FlowRatio = Closed/Opened; nil when Opened is 0.
	FlowRatio *float64
	// Closes is the number of issues whose final close is in P; the time to
	// close statistics (days) are over them, nil when Closes is 0.
	Closes          int
	CloseMedianDays *float64
	CloseP90Days    *float64
	// First response of the issues created in P: Responses of them have one
	// (median and p90 in hours over those, nil when none); NoResponse have
	// none yet.
	Responses                int
	NoResponse               int
	FirstResponseMedianHours *float64
	FirstResponseP90Hours    *float64
	// BugsOpenedYearAgo is BugsOpened of the same period a year earlier
	// (period.P.YearAgo); BugRateChangePct the change against it, nil when it is 0.
	BugsOpenedYearAgo int
	BugRateChangePct  *float64
}

// LabelLag is, over the bugs opened in the 12 months before as_of whose
// store holds their labeled events, the time from created_at to the last
// labeled event before as_of: an upper bound of when the bug label came
// (events do not name the label). Bugs is the sample; P90Hours its 90th
// percentile (nearest rank), nil without a sample. NoEvents counts the
// bugs left out: their repository's events are not in the store, or they
// have no labeled event (labelled at creation by the API, or imported).
type LabelLag struct {
	Bugs, NoEvents int
	P90Hours       *float64
}

// FirstResponse is time to first response over issues created before as_of.
type FirstResponse struct {
	Responded  int // issues with a first response (the sample)
	NoResponse int // issues with no qualifying comment yet
	// Within2Days counts the responded issues whose first response came
	// within 48 hours of creation.
	Within2Days int
	// Under2Days counts, of NoResponse, the issues created less than 48
	// hours before as_of: not answered yet, but not late either.
	Under2Days int
	// NoComments are the repositories whose comments are not in the store
	// (store.RepoData.CommentsMissing), sorted: their issues are left out of
	// every figure above. Unknown is true when that leaves none: the
	// figures are n/a, not 0.
	NoComments  []string
	Unknown     bool
	MedianHours *float64
	P90Hours    *float64
	MedianDays  *float64
	P90Days     *float64
}

// IssueRef names an issue for a list on a page. Title is text from GitHub:
// render it only through html/template.
type IssueRef struct {
	Repo      string
	Number    int
	Title     string
	URL       string
	CreatedAt time.Time
	AgeDays   float64
	Labels    []string
}

// LabelCount is a label and how many issues carry it. Labels are grouped
// case-insensitively; Name is the spelling most issues use (ties: the smallest).
type LabelCount struct {
	Name  string
	Count int
}

// AgeBuckets are the lower bounds in days of the age buckets [0,7), [7,30),
// [30,90), [90,365), [365,inf).
var AgeBuckets = [5]int{0, 7, 30, 90, 365}

// AgeBucketNames label AgeBuckets.
var AgeBucketNames = [5]string{"under 7 days", "7 to 29 days", "30 to 89 days", "90 to 364 days", "365 days or more"}

const day = 24 * time.Hour

// Compute computes every issue figure of d. It does not modify d.
func Compute(d *model.Dataset, opts Options) *Report {
	opts = opts.resolve(d)
	return Merge(ComputeParts(d, opts), opts)
}

// resolve fills in the defaults of opts, the as_of from d.
func (opts Options) resolve(d *model.Dataset) Options {
	if opts.AsOf.IsZero() {
		opts.AsOf = d.AsOf
	}
	opts.AsOf = opts.AsOf.UTC()
	if len(opts.BugLabels) == 0 {
		opts.BugLabels = []string{"bug"}
	}
	if opts.TopN <= 0 {
		opts.TopN = 10
	}
	return opts
}

// Part is the figures of one repository before the merge into those of
// all repositories: counts per period, and the durations (time to close,
// to first response) that the medians of all are taken over. It holds no
// reference to the dataset it came from, so a caller can compute one
// repository, drop its records and go on to the next.
type Part struct {
	asOf time.Time
	a    *acc
	q    *quarterPart // with Options.Quarterly
}

// Repo is the repository the part is of.
func (p *Part) Repo() string { return p.a.repo }

// ComputeParts computes the figures of each repository of d, one Part per
// distinct name in d.Repos, in that order.
func ComputeParts(d *model.Dataset, opts Options) []*Part {
	return ComputePartsOf(d, opts, nil)
}

// ComputePartsOf is ComputeParts of the issues d.Issues[i] for which keep(i)
// is true (all when keep is nil), with their comments and events: the
// figures of a subset (an area) without copying it out of d.
func ComputePartsOf(d *model.Dataset, opts Options, keep func(i int) bool) []*Part {
	return ComputePartsWith(d, opts, keep, nil)
}

// Responses are the first responses to the issue records of one dataset,
// computed once and shared by the figures of its subsets (areas' groups
// each walked every comment of the repository before).
type Responses struct {
	first []int64 // per d.Issues index; noTime when none
}

// FirstResponses indexes d's comments for ComputePartsWith, with the options
// the parts are computed with. It is nil when d has two records of one
// issue number: which record counts then depends on the subset, and so may
// the author whose own comments are not responses.
func FirstResponses(d *model.Dataset, opts Options) *Responses {
	opts = opts.resolve(d)
	c := newComputer(d, opts)
	c.indexIssues()
	if slices.Contains(c.dups, true) {
		return nil
	}
	c.indexComments()
	r := &Responses{first: make([]int64, len(d.Issues))}
	for i := range r.first {
		r.first[i] = noTime
	}
	for k, i := range c.kept {
		r.first[i] = c.firstResp[k]
	}
	return r
}

// ComputePartsWith is ComputePartsOf with d's first responses indexed
// already (resp from FirstResponses of the same d and options; nil: index
// them here).
func ComputePartsWith(d *model.Dataset, opts Options, keep func(i int) bool, resp *Responses) []*Part {
	opts = opts.resolve(d)
	c := newComputer(d, opts)
	c.keep = keep
	c.indexIssues()
	// Events and comments are independent indexes over read-only input:
	// build them side by side.
	var wg sync.WaitGroup
	if resp != nil {
		c.firstResp = make([]int64, len(c.kept))
		for k, i := range c.kept {
			c.firstResp[k] = resp.first[i]
		}
	} else {
		wg.Go(c.indexComments)
	}
	c.indexEvents()
	wg.Wait()
	c.replay()
	parts := make([]*Part, len(c.acc))
	for i, a := range c.acc {
		parts[i] = &Part{asOf: c.asOf, a: a}
	}
	if opts.Quarterly {
		// Before report() sorts the accumulators' lists: the replay reads none
		// of them, but runs while the indexes are at hand.
		for i := range parts {
			parts[i].q = c.quarterReplay(i, opts)
		}
	}
	return parts
}

// Merge makes the report of the parts, in the order given: each part's
// figures as they are, and those of all repositories from their sum (counts
// add, medians and percentiles are over the merged durations). Parts must
// have been computed with the same options; opts.AsOf, when zero, is taken
// from the first part.
func Merge(parts []*Part, opts Options) *Report {
	if opts.AsOf.IsZero() && len(parts) > 0 {
		opts.AsOf = parts[0].asOf
	}
	opts = opts.resolve(&model.Dataset{})
	c := newComputer(nil, opts)
	for _, p := range parts {
		c.acc = append(c.acc, p.a)
	}
	return c.report()
}

func newComputer(d *model.Dataset, opts Options) *computer {
	return &computer{d: d, asOf: opts.AsOf, asOfNs: opts.AsOf.UnixNano(), bugLabels: opts.BugLabels, topN: opts.TopN, bots: model.NewBots(opts.Bots)}
}

// computer carries the indexes of one Compute call.
type computer struct {
	d         *model.Dataset
	asOf      time.Time
	asOfNs    int64
	bugLabels []string
	topN      int
	bots      model.Bots

	keep func(i int) bool // which of d.Issues count (nil: all)

	repos   []string       // d.Repos, deduplicated, in order
	repoIdx map[string]int // repo -> index in repos

	// kept issues: indexes into d.Issues of the issues counted (repo known,
	// created before as_of, one per (repo, number)).
	kept    []int32
	keptRep []int32 // repo index of kept[i]
	byNum   []numIndex
	dups    []bool // per repo: two records of one number (QuarterReports replays those per quarter)

	// events grouped by kept issue: evs[evOff[i]:evOff[i+1]]
	evs   []ev
	evOff []int32

	firstResp []int64 // per kept issue, unix ns of the first response; noTime when none
	lastLabel []int64 // per kept issue, unix ns of its last labeled event before as_of; noTime when none

	acc []*acc // per repo
}

const noTime = math.MaxInt64

type ev struct {
	issue  int32
	reopen bool
	t      int64
	id     int64
}

// numIndex maps an issue number of one repo to its kept index.
type numIndex struct {
	dense  []int32 // number -> kept index + 1 (0: none)
	sparse map[int]int32
}

func (n *numIndex) get(num int) int32 {
	if n.sparse != nil {
		if v, ok := n.sparse[num]; ok {
			return v
		}
		return -1
	}
	if num < 0 || num >= len(n.dense) {
		return -1
	}
	return n.dense[num] - 1
}

func (c *computer) repoOf(name string, last *string, lastIdx *int) int {
	if name == *last {
		return *lastIdx
	}
	i, ok := c.repoIdx[name]
	if !ok {
		i = -1
	}
	*last, *lastIdx = name, i
	return i
}

// indexIssues selects the issues counted and indexes them by (repo, number).
// Duplicates (same repo and number) count once: the latest updated_at wins,
// ties the later record, as in ghconv.Merge.
func (c *computer) indexIssues() {
	c.repoIdx = make(map[string]int, len(c.d.Repos))
	for _, r := range c.d.Repos {
		if _, dup := c.repoIdx[r]; !dup {
			c.repoIdx[r] = len(c.repos)
			c.repos = append(c.repos, r)
		}
	}
	R := len(c.repos)
	maxNum := make([]int, R)
	count := make([]int, R)
	neg := make([]bool, R)
	last, lastIdx := "\x00", -1
	for i := range c.d.Issues {
		is := &c.d.Issues[i]
		r := c.repoOf(is.Repo, &last, &lastIdx)
		if r < 0 || !c.counted(is) || (c.keep != nil && !c.keep(i)) {
			continue
		}
		count[r]++
		if is.Number > maxNum[r] {
			maxNum[r] = is.Number
		}
		if is.Number < 0 {
			neg[r] = true
		}
	}
	c.byNum = make([]numIndex, R)
	c.dups = make([]bool, R)
	for r := range c.byNum {
		if neg[r] || maxNum[r] > 8*count[r]+1<<16 {
			c.byNum[r].sparse = make(map[int]int32, count[r])
		} else if count[r] > 0 {
			c.byNum[r].dense = make([]int32, maxNum[r]+1)
		}
	}
	for i := range c.d.Issues {
		is := &c.d.Issues[i]
		r := c.repoOf(is.Repo, &last, &lastIdx)
		if r < 0 || !c.counted(is) || (c.keep != nil && !c.keep(i)) {
			continue
		}
		if k := c.byNum[r].get(is.Number); k >= 0 {
			c.dups[r] = true
			old := &c.d.Issues[c.kept[k]]
			if !is.UpdatedAt.Before(old.UpdatedAt) {
				c.kept[k] = int32(i)
			}
			continue
		}
		k := int32(len(c.kept))
		c.kept = append(c.kept, int32(i))
		c.keptRep = append(c.keptRep, int32(r))
		if c.byNum[r].sparse != nil {
			c.byNum[r].sparse[is.Number] = k
		} else {
			c.byNum[r].dense[is.Number] = k + 1
		}
	}
}

// counted reports whether an issue is counted: created before as_of. An
// issue without created_at (the zero time) is left out rather than
// stretching every series back to year 1.
func (c *computer) counted(is *model.Issue) bool {
	return is.CreatedAt.Before(c.asOf) && is.CreatedAt.Year() >= 1970
}

// lookup returns the kept index of (repo name, number), or -1.
func (c *computer) lookup(r int, num int) int32 {
	if r < 0 {
		return -1
	}
	return c.byNum[r].get(num)
}

// indexEvents keeps the closed and reopened events before as_of of kept
// issues in repos that have events, grouped by issue and ordered by
// (created_at, id) within an issue.
func (c *computer) indexEvents() {
	n := len(c.kept)
	cnt := make([]int32, n+1)
	var tmp []ev
	c.lastLabel = make([]int64, n)
	for i := range c.lastLabel {
		c.lastLabel[i] = noTime
	}
	last, lastIdx := "\x00", -1
	for i := range c.d.Events {
		e := &c.d.Events[i]
		reopen, label := false, false
		switch e.Event {
		case "closed":
		case "reopened":
			reopen = true
		case "labeled":
			label = true
		default:
			continue
		}
		r := c.repoOf(e.Repo, &last, &lastIdx)
		if r < 0 || c.d.NoEvents[e.Repo] || !e.CreatedAt.Before(c.asOf) {
			continue
		}
		k := c.lookup(r, e.IssueNumber)
		if k < 0 {
			continue // a pull request's event, or an issue not in the store
		}
		if label {
			if t := e.CreatedAt.UnixNano(); c.lastLabel[k] == noTime || t > c.lastLabel[k] {
				c.lastLabel[k] = t
			}
			continue
		}
		tmp = append(tmp, ev{issue: k, reopen: reopen, t: e.CreatedAt.UnixNano(), id: e.ID})
		cnt[k+1]++
	}
	for i := 1; i <= n; i++ {
		cnt[i] += cnt[i-1]
	}
	c.evOff = cnt
	c.evs = make([]ev, len(tmp))
	pos := slices.Clone(cnt[:n])
	for _, e := range tmp {
		c.evs[pos[e.issue]] = e
		pos[e.issue]++
	}
	for i := 0; i < n; i++ {
		g := c.evs[cnt[i]:cnt[i+1]]
		if len(g) > 1 {
			slices.SortFunc(g, func(a, b ev) int {
				if a.t != b.t {
					if a.t < b.t {
						return -1
					}
					return 1
				}
				if a.id < b.id {
					return -1
				} else if a.id > b.id {
					return 1
				}
				return 0
			})
		}
	}
}

// indexComments finds each kept issue's first response: the earliest comment
// before as_of by someone other than the author who is not a bot (by
// GitHub's type, an App's "[bot]" login, or [issues] bots).
func (c *computer) indexComments() {
	c.firstResp = make([]int64, len(c.kept))
	for i := range c.firstResp {
		c.firstResp[i] = noTime
	}
	last, lastIdx := "\x00", -1
	for i := range c.d.Comments {
		cm := &c.d.Comments[i]
		r := c.repoOf(cm.Repo, &last, &lastIdx)
		if r < 0 || !cm.CreatedAt.Before(c.asOf) || cm.CreatedAt.IsZero() {
			continue
		}
		k := c.lookup(r, cm.IssueNumber)
		if k < 0 {
			continue
		}
		t := cm.CreatedAt.UnixNano()
		if t >= c.firstResp[k] || c.bots.Is(cm.User) {
			continue
		}
		if strings.EqualFold(cm.User.Login, c.d.Issues[c.kept[k]].Author.Login) {
			continue
		}
		c.firstResp[k] = t
	}
}

// Transition kinds of an issue's history.
const (
	tCreate = iota
	tClose
	tReopen
)

type trans struct {
	t    int64
	kind int8
}

// history builds the open/close transitions of one kept issue before as_of.
//
// Without events for the repo (d.NoEvents) the issue has the single interval
// [created_at, closed_at), open-ended when closed_at is absent or at/after
// as_of.
//
// With events, closed and reopened events are replayed in (created_at, id)
// order; a closed event on a closed issue or a reopened event on an open one
// changes nothing. An event stamped before created_at is taken at created_at.
// The issue's own record (state, closed_at, updated_at) is fresher and
// complete where the event list may be cut off, so where they disagree about
// the state at as_of, the record wins and the events are completed with the
// transition they miss (counted in closed or reopened, so the invariant holds):
//   - record closed at as_of (state closed, closed_at before as_of) but the
//     events end open: a close is added at closed_at (or at the last event,
//     if later);
//   - record open at as_of (state open and updated_at before as_of, so nothing
//     changed between as_of and the sync) but the events end closed: a reopen
//     is added at updated_at (or at the last event, if later), the latest
//     instant it can have happened.
//
// Otherwise (as_of before the record's last update) the events decide.
// It returns the transitions, whether the issue is open at as_of, and the
// instant of its final close (0 when open): closed_at where the record says
// closed at as_of (docs/metrics.md: time to close is closed_at - created_at), else
// the last close transition.
func (c *computer) history(buf []trans, k int) ([]trans, bool, int64) {
	return c.historyAt(buf, k, c.asOfNs)
}

// historyAt is history as of the instant asOfNs (at most c.asOf): what
// history would return had the dataset been counted as of that instant.
func (c *computer) historyAt(buf []trans, k int, asOfNs int64) ([]trans, bool, int64) {
	is := &c.d.Issues[c.kept[k]]
	created := is.CreatedAt.UnixNano()
	buf = append(buf[:0], trans{created, tCreate})
	closedAt := int64(noTime)
	if is.ClosedAt != nil {
		closedAt = is.ClosedAt.UnixNano()
	}
	if c.d.NoEvents[is.Repo] {
		if closedAt < asOfNs {
			buf = append(buf, trans{max(closedAt, created), tClose})
			return buf, false, max(closedAt, created)
		}
		return buf, true, 0
	}
	open := true
	lastT := created
	lastClose := int64(0)
	for _, e := range c.evs[c.evOff[k]:c.evOff[k+1]] {
		if e.t >= asOfNs {
			break // events are in time order
		}
		t := max(e.t, created)
		if e.reopen {
			if !open {
				buf = append(buf, trans{t, tReopen})
				open, lastT = true, t
			}
		} else if open {
			buf = append(buf, trans{t, tClose})
			open, lastT, lastClose = false, t, t
		}
	}
	recClosed := is.State == "closed" && closedAt < asOfNs
	recOpen := is.State == "open" && nsOf(is.UpdatedAt) < asOfNs
	switch {
	case recClosed && open:
		t := max(closedAt, lastT)
		buf = append(buf, trans{t, tClose})
		open, lastClose = false, t
	case recOpen && !open:
		t := max(is.UpdatedAt.UnixNano(), lastT)
		buf = append(buf, trans{t, tReopen})
		open = true
	}
	if open {
		return buf, true, 0
	}
	if recClosed {
		return buf, false, max(closedAt, created)
	}
	return buf, false, lastClose
}

// nsOf is t in Unix nanoseconds, clamped to the int64 range (UnixNano is
// undefined outside it), so that comparisons agree with time.Before.
func nsOf(t time.Time) int64 {
	switch {
	case t.Before(minNs):
		return math.MinInt64
	case t.After(maxNs):
		return math.MaxInt64
	}
	return t.UnixNano()
}

var minNs, maxNs = time.Unix(0, math.MinInt64), time.Unix(0, math.MaxInt64)

// openAt reports whether the history has the issue open at instant t
// (a <= t < b for one of its intervals).
func openAt(h []trans, t int64) bool {
	open := false
	for _, x := range h {
		if x.t > t {
			break
		}
		open = x.kind != tClose
	}
	return open
}

// isBug reports whether labels include a bug label, case-insensitively.
func (c *computer) isBug(labels []string) bool { return model.HasLabel(labels, c.bugLabels) }

// period numbering: every instant maps to an absolute number per kind
// (days and Monday-based weeks since the Unix epoch, months and quarters
// since year 0), so a period index is a subtraction.

type nums [4]int64

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// civil converts days since 1970-01-01 to year and month (H. Hinnant's algorithm).
func civil(z int64) (y, m int64) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	m = mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m
}

func numsOfNs(ns int64) nums {
	d := floorDiv(ns, int64(day))
	y, m := civil(d)
	// 1970-01-01 is a Thursday: Monday 1969-12-29 is day -3.
	return nums{d, floorDiv(d+3, 7), y*12 + m - 1, y*4 + (m-1)/3}
}

func numsOf(t time.Time) nums { return numsOfNs(t.UnixNano()) }

// startOf is the start of the period numbered n of kind k.
func startOf(k period.Kind, n int64) time.Time {
	switch k {
	case period.Day:
		return time.Unix(n*86400, 0).UTC()
	case period.Week:
		return time.Unix((n*7-3)*86400, 0).UTC()
	case period.Month:
		return time.Date(int(floorDiv(n, 12)), time.Month(n-12*floorDiv(n, 12)+1), 1, 0, 0, 0, 0, time.UTC)
	default:
		return time.Date(int(floorDiv(n, 4)), time.Month(3*(n-4*floorDiv(n, 4))+1), 1, 0, 0, 0, 0, time.UTC)
	}
}

// Column indexes of the per-period counters.
const (
	cOpened = iota
	cClosed
	cReopened
	cBugsOpened
	cDOpen  // delta of open issues
	cDBugs  // delta of open bugs
	cNoResp // issues created in the period without a first response yet
	nCols
)

// acc accumulates one repo's figures.
type acc struct {
	repo   string
	has    bool // has an issue created before as_of
	first  int64
	base   nums
	n      [4]int
	cols   [4][]int32 // per kind: nCols*n counters, column-major
	closes []closeRec // final closes before as_of

	open, bugsOpen         int
	open30, bugsOpen30     int
	open365, bugsOpen365   int
	cohort, cohortClosed   int
	cohortP, cohortPClosed int // open at as_of-730d, not open at as_of-365d
	bugs12, bugsPrev12     int
	bugs30, bugsPrev30     int
	bugs30YearAgo          int
	ages, bugsAges         [5]int
	prsMerged              int
	resp                   []closeRec // first responses: t = created, days = hours to respond
	noResp                 int
	noRespUnder2d          int
	oldestBugs             []IssueRef
	labels                 map[string]*labelAgg
	// noComments are the repos of this accumulator whose comments the store
	// lacks (their first responses are not counted); withComments counts the others.
	noComments   []string
	withComments int
	// labelLags are hours from creation to the last labeled event of the
	// bugs opened in the last 365 days; labelNoEvents the bugs without one.
	labelLags     []float64
	labelNoEvents int
}

type closeRec struct {
	t    int64
	days float64
}

type labelAgg struct {
	open, recent int
	spellings    map[string]int
}

func (a *acc) col(k, c int) []int32 { return a.cols[k][c*a.n[k] : (c+1)*a.n[k]] }

func (a *acc) alloc(first int64, asOfNs int64) {
	a.has, a.first = true, first
	a.base = numsOfNs(first)
	end := numsOfNs(asOfNs)
	for k := range a.n {
		a.n[k] = int(end[k]-a.base[k]) + 1
		a.cols[k] = make([]int32, nCols*a.n[k])
	}
}

// moves are the counters each kind of transition changes, and by how much:
// moves[kind][0] for an issue, moves[kind][1] for a bug (the same and the
// bug counters). Each period counts its transitions, so a period's open
// backlog is the running sum of cDOpen (docs/metrics.md: opened - closed +
// reopened). The full replay and the quarter-end snapshots both read it.
var moves = func() (m [3][2][]colDelta) {
	set := func(kind int, issue, bug []colDelta) {
		m[kind] = [2][]colDelta{issue, append(slices.Clip(issue), bug...)}
	}
	set(tCreate, []colDelta{{cOpened, 1}, {cDOpen, 1}}, []colDelta{{cBugsOpened, 1}, {cDBugs, 1}})
	set(tClose, []colDelta{{cClosed, 1}, {cDOpen, -1}}, []colDelta{{cDBugs, -1}})
	set(tReopen, []colDelta{{cReopened, 1}, {cDOpen, 1}}, []colDelta{{cDBugs, 1}})
	return m
}()

// colDelta adds d to counter column col.
type colDelta struct {
	col int
	d   int32
}

// movesOf are the counter moves of transition x of an issue, a bug or not.
func movesOf(x trans, bug bool) []colDelta {
	b := 0
	if bug {
		b = 1
	}
	return moves[x.kind][b]
}

// lookback are the instants before as_of that the instant figures compare
// with: the backlog 30 and 365 days ago, the cohorts, the bug windows.
type lookback struct {
	at30, at60, at90, at365, at395, at730 int64
}

func lookbackFrom(asOfNs int64) lookback {
	const dayNs = int64(day)
	return lookback{at30: asOfNs - 30*dayNs, at60: asOfNs - 60*dayNs, at90: asOfNs - 90*dayNs,
		at365: asOfNs - 365*dayNs, at395: asOfNs - 395*dayNs, at730: asOfNs - 730*dayNs}
}

// replay counts every kept issue into its repository's accumulator, one
// pass over the issues: the transitions of its history into the period
// counters, then what it is at as_of (closed or open, and how old), what
// it was 30 and 365 days before, its bug windows, its first response and
// its labels; and then the merged pull requests.
func (c *computer) replay() {
	c.newAccs()
	lb := lookbackFrom(c.asOfNs)
	var buf []trans
	for k, i := range c.kept {
		is := &c.d.Issues[i]
		a := c.acc[c.keptRep[k]]
		bug := c.isBug(is.Labels)
		var open bool
		var finalClose int64
		buf, open, finalClose = c.history(buf, k)
		a.countTransitions(buf, bug)
		created := buf[0].t
		if open {
			a.countOpen(is, created, bug, c.asOfNs)
		} else {
			a.closes = append(a.closes, closeRec{finalClose, float64(finalClose-created) / float64(day)})
		}
		a.countLookback(buf, open, bug, lb)
		if bug {
			a.countBugCreated(created, lb)
			if created >= lb.at365 {
				if l := c.lastLabel[k]; l != noTime && !c.d.NoEvents[is.Repo] {
					a.labelLags = append(a.labelLags, float64(max(0, l-created))/float64(time.Hour))
				} else {
					a.labelNoEvents++
				}
			}
		}
		if a.withComments > 0 {
			a.countFirstResponse(created, c.firstResp[k], c.asOfNs)
		}
		if recent := created >= lb.at90; (open || recent) && len(is.Labels) > 0 {
			a.addLabels(is.Labels, open, recent)
		}
	}
	c.countMergedPRs()
}

// newAccs makes one accumulator per repository, its period counters
// running from its first issue to as_of.
func (c *computer) newAccs() {
	R := len(c.repos)
	c.acc = make([]*acc, R)
	first := make([]int64, R)
	kept := make([]int, R)
	for r := range c.acc {
		c.acc[r] = &acc{repo: c.repos[r], labels: map[string]*labelAgg{}, withComments: 1}
		if c.d.NoComments[c.repos[r]] {
			c.acc[r].noComments, c.acc[r].withComments = []string{c.repos[r]}, 0
		}
		first[r] = noTime
	}
	for k, i := range c.kept {
		r := c.keptRep[k]
		first[r] = min(first[r], c.d.Issues[i].CreatedAt.UnixNano())
		kept[r]++
	}
	for r, a := range c.acc {
		if first[r] != noTime {
			a.alloc(first[r], c.asOfNs)
		}
		// sized once: at most one entry per issue
		a.closes = make([]closeRec, 0, kept[r])
		a.resp = make([]closeRec, 0, kept[r])
	}
}

// countTransitions adds an issue's transitions (created, closed, reopened)
// to the counters of the periods they fall in, for every kind of period.
func (a *acc) countTransitions(h []trans, bug bool) {
	for _, x := range h {
		n := numsOfNs(x.t)
		mv := movesOf(x, bug)
		for kind := range 4 {
			at := int(n[kind] - a.base[kind])
			nk := a.n[kind]
			col := a.cols[kind]
			for _, m := range mv {
				col[m.col*nk+at] += m.d
			}
		}
	}
}

// countOpen counts an issue open at as_of: the backlog, its age bucket
// and, for a bug, the oldest open bugs.
func (a *acc) countOpen(is *model.Issue, created int64, bug bool, asOfNs int64) {
	a.open++
	age := float64(asOfNs-created) / float64(day)
	bk := ageBucket(age)
	a.ages[bk]++
	if !bug {
		return
	}
	a.bugsOpen++
	a.bugsAges[bk]++
	a.oldestBugs = append(a.oldestBugs, IssueRef{Repo: is.Repo, Number: is.Number, Title: is.Title,
		URL: is.URL, CreatedAt: is.CreatedAt.UTC(), AgeDays: age, Labels: is.Labels})
}

// countLookback counts an issue in the backlog 30 and 365 days before
// as_of, and in the cohorts: open a year ago (and closed since), open two
// years ago (and closed a year later).
func (a *acc) countLookback(h []trans, open, bug bool, lb lookback) {
	b := 0
	if bug {
		b = 1
	}
	if openAt(h, lb.at30) {
		a.open30++
		a.bugsOpen30 += b
	}
	open365 := openAt(h, lb.at365)
	if open365 {
		a.open365++
		a.bugsOpen365 += b
		a.cohort++
		if !open {
			a.cohortClosed++
		}
	}
	if openAt(h, lb.at730) {
		a.cohortP++
		if !open365 {
			a.cohortPClosed++
		}
	}
}

// countBugCreated counts a bug in the windows it was created in: the last
// 12 months and the 12 before, the last 30 days and the 30 before, and
// the same 30 days a year earlier.
func (a *acc) countBugCreated(created int64, lb lookback) {
	switch {
	case created >= lb.at365:
		a.bugs12++
	case created >= lb.at730:
		a.bugsPrev12++
	}
	switch {
	case created >= lb.at30:
		a.bugs30++
	case created >= lb.at60:
		a.bugsPrev30++
	}
	if created >= lb.at395 && created < lb.at365 {
		a.bugs30YearAgo++
	}
}

// countFirstResponse records the hours from creation to the first
// response (fr, noTime when none yet); an issue without one counts in the
// period it was created in.
func (a *acc) countFirstResponse(created, fr, asOfNs int64) {
	if fr != noTime {
		a.resp = append(a.resp, closeRec{created, float64(max(fr-created, 0)) / float64(time.Hour)})
		return
	}
	a.noResp++
	if asOfNs-created < 48*int64(time.Hour) {
		a.noRespUnder2d++
	}
	n := numsOfNs(created)
	for kind := range 4 {
		a.cols[kind][cNoResp*a.n[kind]+int(n[kind]-a.base[kind])]++
	}
}

// countMergedPRs counts the pull requests merged before as_of per
// repository.
func (c *computer) countMergedPRs() {
	last, lastIdx := "\x00", -1
	for i := range c.d.PullRequests {
		pr := &c.d.PullRequests[i]
		r := c.repoOf(pr.Repo, &last, &lastIdx)
		if r >= 0 && pr.MergedAt != nil && pr.MergedAt.Before(c.asOf) {
			c.acc[r].prsMerged++
		}
	}
}

func ageBucket(days float64) int {
	for b := len(AgeBuckets) - 1; b > 0; b-- {
		if days >= float64(AgeBuckets[b]) {
			return b
		}
	}
	return 0
}

func (a *acc) addLabels(labels []string, open, recent bool) {
	for j, l := range labels {
		key := strings.ToLower(l)
		dup := false
		for _, p := range labels[:j] {
			if strings.EqualFold(p, l) {
				dup = true
				break
			}
		}
		if dup {
			continue // the same label in two spellings counts once per issue
		}
		g := a.labels[key]
		if g == nil {
			g = &labelAgg{spellings: map[string]int{}}
			a.labels[key] = g
		}
		if open {
			g.open++
		}
		if recent {
			g.recent++
		}
		g.spellings[l]++
	}
}
