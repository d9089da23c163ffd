package demo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// Issue kinds decide labels, titles, who files them and how fast they close.
const (
	kindBug = iota
	kindEnhancement
	kindDocs
	kindQuestion
	kindPerformance
	kindSecurity
	kindNone
	kindFlaky // lumen-ci[bot] reports a flaky test; labelled bug
	nKinds
)

// Label table: an issue's labels are a bit mask over it, so equal label sets
// share one slice.
var labelTable = append([]string{
	"bug", "Bug", "enhancement", "docs", "question", "performance", "security",
	"good first issue", "dependencies",
}, hostileLabels...)

const (
	lBug = 1 << iota
	lBugCap
	lEnhancement
	lDocs
	lQuestion
	lPerformance
	lSecurity
	lGoodFirst
	lDependencies
	lHostile0
)

// Per kind: median days to a natural close, chance it is never closed by
// itself, and relative comment weight.
var (
	closeMedianDays = [nKinds]float64{6, 40, 9, 2, 14, 3, 12, 4}
	neverCloseP     = [nKinds]float64{0.12, 0.30, 0.15, 0.08, 0.20, 0.05, 0.20, 0.10}
	commentWeight   = [nKinds]float64{1.3, 1.1, 0.6, 0.9, 1.2, 1.2, 0.7, 0.3}
)

// Event kinds in the compact records.
const (
	evClosed = iota
	evReopened
	evLabeled
	evMerged
	evAssigned
	evMentioned
	evSubscribed
	evReferenced
)

var eventNames = []string{"closed", "reopened", "labeled", "merged", "assigned", "mentioned", "subscribed", "referenced"}

// evRec and cmRec are compact records, sorted before they become model values.
// Their key is the instant in seconds since start (high 32 bits) and the
// order the record was made in (low 32 bits): made in a deterministic order,
// so one integer compare sorts them canonically, with no ties.
type evRec struct {
	key   uint64
	num   int32
	actor int32
	kind  uint8
}

type cmRec struct {
	key  uint64
	upd  int64
	num  int32
	user int32
}

type item struct {
	key uint64
	pr  bool
}

func sortKey(t, start int64, n int) uint64 { return uint64(t-start)<<32 | uint64(uint32(n)) }

func (w *world) keyTime(k uint64) int64 { return w.start + int64(k>>32) }

type issueInfo struct {
	num     int32
	created int64
	kind    uint8
	author  int32
	mask    uint32
	stale   bool // closed by the stale bot last
}

type prInfo struct {
	num     int32
	created int64
	author  int32
	merged  bool
	closed  int64 // 0 when open
	closer  int32
	title   string
}

type repoGen struct {
	w    *world
	idx  int
	repo string
	n    int // issues
	// exactRel: Options.Releases is set and this repository makes nRel.
	exactRel bool
	nRel     int
	r        *rand.Rand
	comps    []string
	feats    []string
	lcomps   []string // comps in lower case, for pull-request titles
	labels   map[uint32][]string

	issues   []model.Issue
	infos    []issueInfo
	prs      []model.PullRequest
	prInfos  []prInfo
	events   []evRec
	comments []cmRec
	updated  []int64 // by number
	slab     []time.Time
	nMandEv  int
}

func newRepoGen(w *world, idx int, repo string, n int) *repoGen {
	g := &repoGen{w: w, idx: idx, repo: repo, n: n, r: newRand(w.o.Seed, "repo:"+repo), labels: map[uint32][]string{}}
	switch {
	case idx%2 == 1 || strings.Contains(repo, "api"):
		g.comps, g.feats = apiComponents, apiFeatures
	default:
		g.comps, g.feats = appComponents, appFeatures
	}
	for _, c := range g.comps {
		// "Sign-in" -> "sign-in", but "PDF export" and "GraphQL gateway" stay.
		if word, _, _ := strings.Cut(c, " "); word[1:] == strings.ToLower(word[1:]) {
			c = strings.ToLower(c[:1]) + c[1:]
		}
		g.lcomps = append(g.lcomps, c)
	}
	return g
}

func (g *repoGen) run() *store.RepoData {
	w, r := g.w, g.r
	nPR := int(math.Round(float64(g.n) * 0.4))
	items := make([]item, 0, g.n+nPR)
	for range g.n {
		items = append(items, item{key: sortKey(w.sampleTime(r), w.start, len(items))})
	}
	for range nPR {
		items = append(items, item{key: sortKey(w.sampleTime(r), w.start, len(items)), pr: true})
	}
	// Issues and pull requests share one number sequence, in creation order.
	slices.SortFunc(items, func(a, b item) int { return cmp.Compare(a.key, b.key) })
	total := len(items)
	g.updated = make([]int64, total+1)
	g.issues = make([]model.Issue, 0, g.n)
	g.infos = make([]issueInfo, 0, g.n)
	g.prs = make([]model.PullRequest, 0, nPR)
	g.prInfos = make([]prInfo, 0, nPR)
	g.slab = make([]time.Time, 0, total+total/2)
	g.events = make([]evRec, 0, int(float64(g.n)*w.o.EventsPerIssue*1.1)+16)

	for i, it := range items {
		num, t := int32(i+1), w.keyTime(it.key)
		g.updated[num] = t
		if it.pr {
			g.newPR(num, t)
		} else {
			g.newIssue(num, t)
		}
	}
	g.fillEvents()
	g.genComments()
	rels := g.genReleases()
	return g.assemble(rels)
}

func (g *repoGen) timePtr(t int64) *time.Time {
	g.slab = append(g.slab, time.Unix(t, 0).UTC())
	return &g.slab[len(g.slab)-1]
}

func (g *repoGen) labelSlice(mask uint32) []string {
	if mask == 0 {
		return nil
	}
	if s, ok := g.labels[mask]; ok {
		return s
	}
	var s []string
	for i, l := range labelTable {
		if mask&(1<<i) != 0 {
			s = append(s, l)
		}
	}
	s = s[:len(s):len(s)] // an append by a caller copies, never writes into the shared slice
	g.labels[mask] = s
	return s
}

func (g *repoGen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *repoGen) newIssue(num int32, created int64) {
	w, r := g.w, g.r
	ordinal := len(g.issues)
	d := int((created - w.start) / day)
	x := w.frac(created)

	kind := kindNone
	if r.Float64() < w.bugFrac[d] {
		kind = kindBug
		if r.Float64() < 0.04 {
			kind = kindFlaky
		}
	} else {
		u := r.Float64()
		switch {
		case u < 0.42:
			kind = kindEnhancement
		case u < 0.60:
			kind = kindQuestion
		case u < 0.74:
			kind = kindDocs
		case u < 0.88:
			kind = kindPerformance
		case u < 0.92:
			kind = kindSecurity
		}
	}

	var author int32
	switch {
	case kind == kindFlaky:
		author = w.ci
	case r.Float64() < [nKinds]float64{0.3, 0.4, 0.5, 0.15, 0.5, 0.6, 0.4, 0}[kind]:
		author = w.maintainer(r)
	default:
		author = w.community(r)
	}

	var mask uint32
	bugLabel := uint32(lBug)
	if g.idx%2 == 1 && x < 0.35 {
		bugLabel = lBugCap // the API repo called it "Bug" until a label clean-up
	}
	var title string
	switch kind {
	case kindBug:
		mask = bugLabel
		if r.Float64() < 0.08 {
			mask |= lGoodFirst
		}
		title = g.pick(g.comps) + " " + g.pick(bugSymptoms) + " " + g.pick(bugConditions)
	case kindFlaky:
		mask = bugLabel
		title = "Flaky test: " + g.pick(testNames) + " failed on main"
	case kindEnhancement:
		mask = lEnhancement
		if r.Float64() < 0.1 {
			mask |= lGoodFirst
		}
		switch r.IntN(3) {
		case 0:
			title = "Support " + g.pick(g.feats)
		case 1:
			title = "Add " + g.pick(g.feats) + " to " + g.pick(g.comps)
		default:
			title = "Feature request: " + g.pick(g.feats)
		}
	case kindDocs:
		mask = lDocs
		if r.Float64() < 0.25 {
			mask |= lGoodFirst
		}
		switch r.IntN(3) {
		case 0:
			title = "Document " + g.pick(docTopics)
		case 1:
			title = "Docs: clarify " + g.pick(docTopics)
		default:
			title = "Outdated example for " + g.pick(docTopics)
		}
	case kindQuestion:
		mask = lQuestion
		if r.IntN(2) == 0 {
			title = "How do I " + g.pick(questionActions) + "?"
		} else {
			title = "Is it possible to " + g.pick(questionActions) + "?"
		}
	case kindPerformance:
		mask = lPerformance
		if r.Float64() < 0.4 {
			mask |= bugLabel
		}
		title = g.pick(perfTargets) + " is slow " + g.pick(bugConditions)
	case kindSecurity:
		mask = lSecurity
		if r.Float64() < 0.5 {
			mask |= bugLabel
		}
		title = g.pick(securityTopics)
	default:
		title = g.pick(g.comps) + ": " + g.pick([]string{"feedback", "odd behaviour", "not sure if this is a bug", "suggestion"})
	}

	// Planted hostile strings, at fixed places so every repo has them.
	for j, s := range hostileTitles {
		if ordinal == 5+37*j {
			title = s
		}
	}
	for j := range hostileLabels {
		if ordinal == 11+53*j {
			mask |= lHostile0 << j
		}
	}
	for j, u := range w.hostileIdx {
		if ordinal == 17+41*j {
			author = u
		}
	}

	info := issueInfo{num: num, created: created, kind: uint8(kind), author: author, mask: mask}
	nEv := len(g.events)
	state, reason, closedAt := g.lifecycle(&info, x)
	labels := g.labelSlice(mask)
	if ordinal == 5 {
		// The first planted title stays an open bug from the first week, so
		// it heads every "oldest open bugs" list. Its lifecycle was drawn
		// (and is dropped) so the random stream matches the other issues'.
		g.events = g.events[:nEv]
		state, reason, closedAt = "open", "", 0
		labels = g.labelSlice(mask | bugLabel)
	}
	is := model.Issue{
		Repo:        g.repo,
		Number:      int(num),
		Title:       title,
		State:       state,
		StateReason: reason,
		Author:      w.users[author],
		Labels:      labels,
		CreatedAt:   time.Unix(created, 0).UTC(),
		URL:         "https://github.com/" + g.repo + "/issues/" + strconv.Itoa(int(num)),
	}
	if closedAt != 0 {
		is.ClosedAt = g.timePtr(closedAt)
	}
	g.issues = append(g.issues, is)
	g.infos = append(g.infos, info)
}

// lifecycle draws when an issue closes, is reopened and closes again, records
// the closed and reopened events, and returns the final state.
func (g *repoGen) lifecycle(info *issueInfo, x float64) (state, reason string, closedAt int64) {
	w, r := g.w, g.r
	kind := info.kind
	authorHuman := !w.users[info.author].IsBot()
	created := info.created

	// Early on the team is small and issues wait longer: the backlog grows.
	era := 0.6
	switch {
	case x < 0.35:
		era = 2.0
	case x < 0.6:
		era = 2.0 - 1.4*(x-0.35)/0.25
	}
	tc := int64(math.MaxInt64)
	never := r.Float64() < neverCloseP[kind]*(1.3-float64(0.7*x))
	stuck := never && r.Float64() < 0.12 // never closed, not even by the stale bot
	if !never {
		tc = created + lognormal(r, closeMedianDays[kind]*era*day, 1.3, 600)
	}
	closer := func() int32 {
		if authorHuman && r.Float64() < 0.25 {
			return info.author
		}
		return w.maintainer(r)
	}
	stale := false
	if !stuck {
		// The stale bot closes issues open for 60 days or more, some each run.
		i, _ := slices.BinarySearch(w.sweeps, created+60*day)
		for ; i < len(w.sweeps) && w.sweeps[i] < tc; i++ {
			if r.Float64() < 0.2 {
				tc = w.sweeps[i] + r.Int64N(1800)
				stale = true
				break
			}
		}
	}
	if tc >= w.asOf {
		return "open", "", 0
	}
	add := func(t int64, k uint8, actor int32) {
		g.addEvent(t, info.num, k, actor)
		g.nMandEv++
	}
	if stale {
		add(tc, evClosed, w.ci)
	} else {
		add(tc, evClosed, closer())
	}
	reopenP := 0.07
	if kind == kindBug {
		reopenP = 0.10
	}
	if stale {
		reopenP = 0.05
	}
	for reopens := 0; reopens < 3 && r.Float64() < reopenP; reopens++ {
		ro := tc + lognormal(r, 1.5*day, 1.2, 600)
		if ro >= w.asOf {
			break
		}
		who := w.maintainer(r)
		if authorHuman && r.Float64() < 0.6 {
			who = info.author
		}
		add(ro, evReopened, who)
		stale = false
		tc = ro + lognormal(r, 2*day, 1.2, 600)
		if tc >= w.asOf {
			info.stale = false
			return "open", "reopened", 0
		}
		add(tc, evClosed, closer())
		reopenP = 0.22
	}
	info.stale = stale
	if stale || kind == kindQuestion && r.Float64() < 0.3 {
		return "closed", "not_planned", tc
	}
	return "closed", "completed", tc
}

func (g *repoGen) newPR(num int32, created int64) {
	w, r := g.w, g.r
	var author int32
	u := r.Float64()
	switch {
	case u < 0.6:
		author = w.maintainer(r)
	case u < 0.85:
		author = w.dependabot
	default:
		author = w.community(r)
	}
	var title string
	var mask uint32
	var mergeP, unmergedP, median float64
	switch {
	case author == w.dependabot:
		pkg := g.pick(depPackages)
		a, b := r.IntN(12), r.IntN(30)
		title = "Bump " + pkg + " from " + strconv.Itoa(a) + "." + strconv.Itoa(b) + ".0 to " + strconv.Itoa(a) + "." + strconv.Itoa(b+1+r.IntN(3)) + ".0"
		mask = lDependencies
		mergeP, unmergedP, median = 0.55, 0.40, 2*day
	case author < int32(w.nMaint):
		title = g.prTitle()
		mergeP, unmergedP, median = 0.85, 0.08, 18*3600
	default:
		title = g.prTitle()
		mergeP, unmergedP, median = 0.50, 0.30, 4*day
	}
	pr := model.PullRequest{
		Repo:      g.repo,
		Number:    int(num),
		Title:     title,
		State:     "open",
		Author:    w.users[author],
		Labels:    g.labelSlice(mask),
		CreatedAt: time.Unix(created, 0).UTC(),
		URL:       "https://github.com/" + g.repo + "/pull/" + strconv.Itoa(int(num)),
	}
	info := prInfo{num: num, created: created, author: author, title: title}
	u = r.Float64()
	switch {
	case u < mergeP:
		t := created + lognormal(r, median, 1.2, 300)
		if t < w.asOf {
			pr.State, pr.ClosedAt = "closed", g.timePtr(t)
			pr.MergedAt = pr.ClosedAt
			info.merged, info.closed, info.closer = true, t, w.maintainer(r)
		}
	case u < mergeP+unmergedP:
		t := created + lognormal(r, 3*median, 1.2, 300)
		if t < w.asOf {
			pr.State, pr.ClosedAt = "closed", g.timePtr(t)
			info.closed, info.closer = t, w.maintainer(r)
			if author == w.dependabot {
				info.closer = w.dependabot // superseded by a newer bump
			}
		}
	}
	g.prs = append(g.prs, pr)
	g.prInfos = append(g.prInfos, info)
}

func (g *repoGen) prTitle() string {
	switch g.r.IntN(4) {
	case 0:
		return "Fix " + g.pick(g.lcomps) + " that " + g.pick(bugSymptoms) + " " + g.pick(bugConditions)
	case 1:
		return "Add " + g.pick(g.feats)
	case 2:
		return g.pick(refactorVerbs) + " " + g.pick(g.lcomps)
	default:
		return "Docs: " + g.pick(docTopics)
	}
}

// fillEvents spends the event budget left after the closed and reopened
// events: labeled events first, then the pull requests' own events, then
// assorted others.
func (g *repoGen) fillEvents() {
	w, r := g.w, g.r
	budget := float64(float64(g.n)*w.o.EventsPerIssue) - float64(g.nMandEv)
	if budget <= 0 {
		return
	}
	var nLabels, nPREv float64
	for _, in := range g.infos {
		nLabels += float64(popcount(in.mask))
	}
	for _, p := range g.prInfos {
		if p.merged {
			nPREv += 2
		} else if p.closed != 0 {
			nPREv++
		}
	}
	aLabel := math.Min(nLabels, 0.7*budget)
	aPR := math.Min(nPREv, budget-aLabel)
	aExtra := budget - aLabel - aPR
	pLabel, pPR := safeDiv(aLabel, nLabels), safeDiv(aPR, nPREv)
	extraMean := aExtra / math.Max(float64(g.n), 1)

	for i := range g.infos {
		in := &g.infos[i]
		for b := range labelTable {
			if in.mask&(1<<b) == 0 || r.Float64() >= pLabel {
				continue
			}
			t := in.created + lognormal(r, 3*3600, 1.5, 5)
			actor := w.maintainer(r)
			if r.Float64() < 0.2 {
				actor = w.ci
			}
			if t < w.asOf {
				g.addEvent(t, in.num, evLabeled, actor)
			}
		}
		k := int(extraMean)
		if r.Float64() < extraMean-float64(k) {
			k++
		}
		for range k {
			t := in.created + lognormal(r, day, 1.5, 5)
			if t < w.asOf {
				g.addEvent(t, in.num, uint8(evAssigned+r.IntN(4)), w.maintainer(r))
			}
		}
	}
	for _, p := range g.prInfos {
		if p.closed == 0 || r.Float64() >= pPR {
			continue
		}
		if p.merged {
			g.addEvent(p.closed, p.num, evMerged, p.closer)
		}
		g.addEvent(p.closed, p.num, evClosed, p.closer)
	}
}

// genComments spreads the comment budget over issues (by kind) and pull
// requests. First responses get faster over the years; some issues only ever
// hear from a bot or their own author ("no response yet").
func (g *repoGen) genComments() {
	w, r := g.w, g.r
	budget := float64(g.n) * w.o.CommentsPerIssue
	var sumW float64
	for _, in := range g.infos {
		sumW += commentWeight[in.kind]
	}
	issueScale := safeDiv(0.88*budget, sumW)
	prMean := safeDiv(0.12*budget, float64(len(g.prInfos)))
	if len(g.infos) == 0 {
		prMean = safeDiv(budget, float64(len(g.prInfos)))
	}
	g.comments = make([]cmRec, 0, int(budget*1.05)+16)

	for _, in := range g.infos {
		n := commentCount(r, commentWeight[in.kind]*issueScale)
		authorBot := w.users[in.author].IsBot()
		x := w.frac(in.created)
		respMedian := (20 - float64(15*x)) * 3600
		t := in.created
		responded := false
		for k := range n {
			var who int32
			switch {
			case authorBot:
				who = w.ci
				if r.Float64() < 0.3 {
					who = w.maintainer(r)
				}
				t += lognormal(r, 12*3600, 1.2, 60)
			case k == 0 && r.Float64() < 0.22:
				who = w.ci // triage bot greets the reporter
				t += 30 + r.Int64N(270)
			case !responded && r.Float64() < 0.15:
				who = in.author // the author adds details before anyone answers
				t += lognormal(r, 1800, 1.0, 30)
			case !responded:
				who = w.maintainer(r)
				if r.Float64() < 0.3 {
					who = w.community(r)
				}
				t += lognormal(r, respMedian, 1.4, 60)
			default:
				u := r.Float64()
				switch {
				case u < 0.45:
					who = in.author
				case u < 0.85:
					who = w.maintainer(r)
				default:
					who = w.community(r)
				}
				t += lognormal(r, 20*3600, 1.5, 60)
			}
			if t >= w.asOf {
				break
			}
			if who != in.author && !w.users[who].IsBot() {
				responded = true
			}
			g.addComment(t, in.num, who)
		}
	}
	for _, p := range g.prInfos {
		n := commentCount(r, prMean)
		t := p.created
		for range n {
			u := r.Float64()
			var who int32
			switch {
			case u < 0.5:
				who = w.maintainer(r)
			case u < 0.8:
				who = p.author
			default:
				who = w.ci // coverage report
			}
			t += lognormal(r, 6*3600, 1.3, 60)
			if t >= w.asOf {
				break
			}
			g.addComment(t, p.num, who)
		}
	}
}

func (g *repoGen) addEvent(t int64, num int32, kind uint8, actor int32) {
	g.events = append(g.events, evRec{key: sortKey(t, g.w.start, len(g.events)), num: num, kind: kind, actor: actor})
}

func (g *repoGen) addComment(t int64, num, who int32) {
	upd := t
	if g.r.Float64() < 0.1 {
		upd = min(t+lognormal(g.r, 3600, 1.5, 10), g.w.asOf-1)
	}
	g.comments = append(g.comments, cmRec{key: sortKey(t, g.w.start, len(g.comments)), upd: upd, num: num, user: who})
}

// commentCount draws a count with mean lambda: none for about one item in
// eight, otherwise one plus a geometric tail.
func commentCount(r randSource, lambda float64) int {
	const z = 0.12
	if lambda <= 0 {
		return 0
	}
	if lambda <= 1-z {
		if r.Float64() < lambda {
			return 1
		}
		return 0
	}
	if r.Float64() < z {
		return 0
	}
	m := lambda/(1-z) - 1
	if m <= 0 {
		return 1
	}
	return 1 + int(r.ExpFloat64()/math.Log1p(1/m))
}

func popcount(x uint32) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

func safeDiv(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// idBase gives each repository its own range of stable ids, moved by the seed.
func (g *repoGen) idBase() int64 {
	return int64(g.idx+1)<<32 + int64(splitmix64(g.w.o.Seed)%(1<<28))
}

// assemble sorts the compact records into canonical order, gives ids in that
// order (ids grow with time, as on GitHub) and builds the repository document.
func (g *repoGen) assemble(rels []model.Release) *store.RepoData {
	w := g.w
	slices.SortFunc(g.events, func(a, b evRec) int { return cmp.Compare(a.key, b.key) })
	slices.SortFunc(g.comments, func(a, b cmRec) int { return cmp.Compare(a.key, b.key) })
	base := g.idBase()
	events := make([]model.Event, len(g.events))
	for i, e := range g.events {
		t := w.keyTime(e.key)
		events[i] = model.Event{
			Repo: g.repo, ID: base + int64(i), IssueNumber: int(e.num), Event: eventNames[e.kind],
			Actor: w.users[e.actor], CreatedAt: time.Unix(t, 0).UTC(),
		}
		g.updated[e.num] = max(g.updated[e.num], t)
	}
	g.events = nil
	comments := make([]model.Comment, len(g.comments))
	for i, c := range g.comments {
		comments[i] = model.Comment{
			Repo: g.repo, ID: base + int64(i), IssueNumber: int(c.num), User: w.users[c.user],
			CreatedAt: time.Unix(w.keyTime(c.key), 0).UTC(), UpdatedAt: time.Unix(c.upd, 0).UTC(),
		}
		g.updated[c.num] = max(g.updated[c.num], c.upd)
	}
	g.comments = nil
	for i := range g.issues {
		is := &g.issues[i]
		u := g.updated[is.Number]
		if is.ClosedAt != nil {
			u = max(u, is.ClosedAt.Unix())
		}
		is.UpdatedAt = time.Unix(u, 0).UTC()
	}
	for i := range g.prs {
		p := &g.prs[i]
		u := g.updated[p.Number]
		if p.ClosedAt != nil {
			u = max(u, p.ClosedAt.Unix())
		}
		p.UpdatedAt = time.Unix(u, 0).UTC()
	}
	demand := g.reactions()
	return &store.RepoData{
		Format:         store.Format,
		Repo:           g.repo,
		SyncedAt:       time.Unix(w.asOf, 0).UTC(),
		Demand:         demand,
		Issues:         g.issues,
		PullRequests:   g.prs,
		Comments:       comments,
		Events:         events,
		EventsComplete: true,
		Releases:       rels,
	}
}
