package postmortem

import (
	"iter"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Picking started, detected, mitigated and resolved from a timeline
// (METRICS.md, Incidents).
//
//   - Labelled key events name their value: an entry whose text starts with
//     "Fault occurs", "Impact started", "Outage begins" gives started;
//     "First detected", "Detected", "Alerted" detected ("Incident declared"
//     only when nothing else gives it); "Mitigated", "Repaired",
//     "Workaround in place", "Impact ended" mitigated; "Resolved", "Fixed",
//     "Incident closed" resolved.
//   - started is the labelled start, else the earliest entry that is not
//     background, except: when the earliest is the change that caused the
//     incident (a deploy, an upgrade) and says nothing went wrong, or when
//     an entry before anything went wrong says things still worked
//     ("everything looks fine"), the first entry after them that says
//     impact began (down, outage, errors, failing, unavailable, degraded,
//     users report, impact...). METRICS.md's "first entry that says
//     impact" misses onsets written without those words ("First alert
//     fires", "Chain halts"), which the earliest entry catches: on the
//     truth set 181 of 217 values right against 199, 2 invented against
//     0 (measured with every later rule in place).
//   - Then, in time order from the start, each entry gives one value: of
//     detected, mitigated and resolved that its words name, the first not
//     yet set. The entry that gives started may also give detected (users
//     reporting errors is both). Service restored, back to normal, working
//     again say impact ended: mitigated; when no later entry says the
//     incident was resolved, they give resolved too.
//   - Words that are negated ("not resolved", "partially restored") or only
//     intended ("attempted to roll back", "a hotfix was prepared", "will
//     revert") name nothing.
//   - A document that says there was no impact has no started: a near miss
//     (noImpact).

// Pick is the entry that gives a value and the words that decided it.
type Pick struct {
	TimelineEntry
	Words string // "alert", `labelled "Resolved"`, "earliest entry"...
}

var (
	impactRE    = regexp.MustCompile(`\b(?:down|downtime|outages?|errors?|erroring|errored|fail(?:s|ing|ed|ures?)?|unavailable|unreachable|degraded|degrad(?:es|ing|ation)|broken|broke|impact(?:ed|ing)?|stall(?:s|ed)?|stuck|crash(?:es|ed|ing)?|crash ?loop\w*|\w*not ?ready|unhealthy|unresponsive|evicted|out of memory|oomkill(?:ed)?|timeouts?|timed out|time out|(?:users?|customers?|people|clients?|nodes?|pods?|builds?|launches|site|service|api|we) (?:\w+ )?(?:cannot|can't|could not|couldn't|were unable to|are unable to|unable to)|not working|stopped (?:working|creating|responding|serving)|(?:users?|customers?|people) (?:were |are )?(?:report(?:ed|s|ing)?|complain(?:ed|s)?|getting)|(?:[45]\d\d|[45]xx) (?:errors?|responses?|forbidden|timeout|messages?|status|codes?)|(?:status|http|returning|returned|serving|count of)\s+(?:code\s+)?(?:[45]\d\d|[45]xx)\b|forbidden|spike in (?:errors|latency)|drop(?:s|ped)? (?:of |in |to |below )|(?:deployed|released|shipped|rolled out)[^.]{0,60}\bwith (?:a |an |the )?[a-z -]{0,30}(?:bug|issue|regression|problem)|reach(?:es|ed)? 0 ?%|(?:outage|incident|impact|issues?|problems?|errors?|failures?|attack|storm|wave)(?: \w+){0,2} (?:begins|began|starts|started))\b`)
	detectedRE  = regexp.MustCompile(`\b(?:alert(?:s|ed|ing)?|alarms?|noticed?|notices|noticing|reported|reports?|reporting|detected|detects|paged|became aware|discovered|notified|notifying|notifies|informed|informs|forward(?:s|ed)? (?:the |an |this )?(?:email|message|alert|report)s? to|reached out|incident (?:was )?declared|declared (?:an |the )?incident|(?:major |formal )?incident (?:declared|opened)|acknowledg(?:e|es|ed|ing)|ticket (?:is |was )?opened|opened (?:a |an )?(?:ticket|issue|incident)|received (?:an? |the )?(?:email|warning|notification|report|alert|ticket|message|page)|recogni[sz]es?|recogni[sz]ed|realiz(?:e|es|ed)|realis(?:e|es|ed)|observed|(?:problem|issue|outage|incident)\b[^.]{0,60}?\b(?:is |was )?(?:identified|spotted)|disclosed|submitted a bug report|bug report|witnessed|(?:provided|submitted|sent|shared) (?:the )?details (?:of|about|on)|realization|realisation|(?:is|was|were|are) noted|noted (?:that|immediately|by)|(?:users?|customers?|members?|clients?|someone|community) (?:posts?|posted|writes|wrote|messages|messaged|emails|emailed|tweets|tweeted|complains|complained|contacts|contacted|opens|opened))\b`)
	mitigatedRE = regexp.MustCompile(`\b(?:mitigated|recalled|hotfix(?:es)?|(?:remov\w*|cut off|block\w*|revok\w*) (?:the )?(?:\w+ ){0,2}access|(?:reported|marked|flagged) as (?:phishing|spam|malicious)|downgraded|(?:manual|temporary|quick|short-term|interim) fix(?:es)?|roll ?back (?:performed|done|executed|applied)|(?:was|were) pulled|withdrawn|mitigation|mitigates|rolled back|roll(?:ed)? ?back (?:[a-z]+ and )?(?:complete|completed|deployed|done|finished)|rollback (?:complete|completed|deployed|done|finished)|reverted|reverts? (?:were |was )?deployed|workaround|fail(?:ed|ing)? over|failover (?:complete|completed|done)|hotfix (?:was |is )?(?:deployed|released|applied|rolled out|in place)|hotfix release[a-z ]* (?:completed|deployed)|deployment completed|restart(?:s|ed)? the|(?:was|were|is|are) restarted|relaunched|locked|disabled|disables|suspended|revoked|blocked|contained|turn(?:s|ed)? off|temporar(?:y|ily) (?:restore\w*|fix|workaround|solution|measure)|shut down|scaled (?:up|out)|(?:limit|limits|capacity|quota) (?:was |were )?(?:increased|raised|bumped)|increase[sd]? (?:the )?(?:\w+ )?(?:limit|limits|quota|capacity)|(?:permissions?|privileges?)\b[^.]{0,40}?\b(?:changed|updated|reduced|restricted|downgraded|removed|revoked|limited|lowered)|(?:restrict\w*|reduc\w*|downgrad\w*|revok\w*|remov\w*|lower\w*) (?:\w+ ){0,3}(?:permissions?|privileges?)|read-only)\b`)
	recoveredRE = regexp.MustCompile(`\b(?:restored|back to normal|recovered|recovery complete|working again|works? again|back up|back online|(?:is|are) (?:now )?back\b|fully operational|operational again|return(?:s|ed)? to (?:normal|steady state)|resumes|resumed|everything (?:is|was|seems|looks) (?:fine|ok|okay|good|working)|(?:indicates?|shows?) all (?:fine|good|ok)|(?:confirmed|verified) working|working (?:as intended|as expected|normally)|is fine now|(?:works?|working|launch(?:es)?|build(?:s)?|runs?|running|looks?|seems?) (?:\w+ )?fine|healthy again|(?:running|flowing|serving|processing|loading|responding|syncing|building|launching|shipping|working)(?: \w+){0,5} again|(?:created|produced|processed|accepted|delivered) again|(?:reports?|confirm(?:s|ed)?) (?:back )?that (?:it|the fix|everything) works|(?:it|everything) works now|(?:was|were) back (?:in )?(?:operation|online|up|to normal)?|up again|(?:launch(?:es|ed)?|build(?:s)?|start(?:s|ed)?) successfully|successfully (?:launch\w*|build\w*|start\w*)|self-heal(?:s|ed)?|brought (?:back )?online|(?:comes|came) (?:back )?(?:up|online)|all good|(?:users?|students?|customers?|people|clients?) (?:are |were |is |was )?(?:now |again )?able to|enabl\w* (?:users?|students?|customers?|people|clients?) to|goes away|went away|no longer (?:fail\w*|happen\w*|occur\w*|crash\w*|see\w*)|(?:outage|incident|impact|problem|issue) (?:to an end|is over|ends|ended)|(?:mempool|queue|backlog|lag)s? (?:is |are |was |were )?(?:back to zero|empty|drained|cleared)|(?:success|launch|availability)\w*(?: \w+){0,3} (?:recover\w*|increas\w*|improv\w*|back to))\b`)
	resolvedRE  = regexp.MustCompile(`\b(?:resolved|(?:was|were|is) resolve|resolution deployed|fixed|fix(?:es)? (?:was |were |is )?(?:deployed|released|shipped|rolled out|live|applied)|(?:released|deployed|shipped|rolled out)[a-z0-9 .,]* (?:with )?(?:the |a )?(?:bug )?fix(?:es)?|included the (?:bug )?fix(?:es)?|(?:incident|ticket|issue|case|alert|page|outage)s? (?:was |is |has been |were )?closed|closed (?:the |this )?(?:incident|ticket|issue|case)|incident (?:is )?(?:over|ends|ended)|false positive|all[- ]clear|(?:final |new )?release (?:was |is )?(?:published|shipped)|(?:problem|issue) (?:was |is |has been )?solved|(?:was|were|has been) patched|all (?:systems|services) (?:are )?(?:operational|healthy|working)|(?:service|system|site|services|systems) (?:is |are |was |were )?(?:fully )?operational|(?:long-term|permanent) fix(?:es)? (?:was |were )?(?:applied|deployed|released)|(?:version|release|v\d)(?:[^.]|\.\d){0,50}?\b(?:was |is |were )?released\b(?:[^.]|\.\d){0,40}?\b(?:fix(?:es)?|patch|stops?|limits?|prevents?|addresses|resolves|enforces|blocks))\b`)
	// Words before a matched word that take it back: not, never, partial,
	// or only an intent (attempted to, prepared, will).
	negatedRE = regexp.MustCompile(`(?:\bnot possible to(?: \w+){0,2}|\bunable to(?: \w+){0,2}|\bfailed to(?: \w+){0,2}|\bnot|n't|\bnever|\bno longer|\bpartially|\bpartial|\bno|\bwithout|\battempt(?:s|ed|ing)? to|\btr(?:y|ied|ying) to|\bwill|\bto be|\bshould|\bwould|\bcould|\bplan(?:s|ned)? to|\bin order to|\bwaiting (?:for|to)|\bexpected to|\bto (?:check|see|verify|confirm|ensure|make sure)(?: (?:if|whether|that))?|\bcheck(?:s|ing)? (?:if|whether|that))\s+(?:\w+\s+){0,2}$`)
	// Words after a matched word that take it back: "hotfix was prepared".
	intentAfterRE = regexp.MustCompile(`^[a-z0-9. -]{0,70}?\b(?:was|were|is) (?:prepared|initiated|planned|proposed|suggested|discussed|being)\b`)
	// contextRE: entries that say what caused the incident earlier are
	// background, not its start.
	contextRE = regexp.MustCompile(`\b(?:root cause|introduced|(?:was|were) merged|merged|(?:was|were) approved|approved|not related|unrelated|background)\b`)
)

// labelled key events: text that starts with one of these names its value.
var keyEvents = []struct {
	key string
	re  *regexp.Regexp
}{
	{fStarted, regexp.MustCompile(`(?i)^(?:fault occurs|impact (?:started|starts|began|begins)|start of (?:the )?(?:impact|incident|outage)|(?:incident|outage) (?:started|starts|began|begins|start)|outage begins)\b`)},
	{fDetected, regexp.MustCompile(`(?i)^(?:first detected|detected|detection|discovery|alerted|alert fired|first report(?:ed)?)\b`)},
	{fMitigated, regexp.MustCompile(`(?i)^(?:mitigated|mitigation|repaired|workaround in place|impact (?:ended|ends|stopped)|recovery)\b`)},
	{fResolved, regexp.MustCompile(`(?i)^(?:resolved|fixed|incident (?:closed|resolved|ended)|resolution)\b`)},
}

// workDoneRE: a step finished (for the last entry of a timeline).
var workDoneRE = regexp.MustCompile(`\b(?:completed|complete|finished|finishes|confirmed|verified)\b`)

// notProdRE: an environment that is not the one the incident hit.
var notProdRE = regexp.MustCompile(`\b(?:in|to|on) (?:the |a |our )?(?:k8s |kubernetes )?(?:sandbox|staging|test environment|dev environment|development environment|preprod)\b`)

// prodRE: the environment incidents hit.
var prodRE = regexp.MustCompile(`(?i)\b(?:production|prod)\b`)

// weakNoticeRE: noticing words that say nothing of a problem by themselves.
var weakNoticeRE = regexp.MustCompile(`(?i)^(?:notic|discover|observ|realiz|realis|recogni)`)

// diagnosedRE: finding the root cause is diagnosis, not detection.
var diagnosedRE = regexp.MustCompile(`\b(?:root )?cause (?:was |is )?(?:discovered|identified|found|determined)\b`)

// changeRE: an entry that makes a change (the trigger of many incidents).
var changeRE = regexp.MustCompile(`\b(?:deploy(?:s|ed|ment)?|applied|maintenance|merged?|released?|rolled out|roll-?out|upgrade[sd]?|bump(?:s|ed)?|migrat(?:ed|ion)|config(?:uration)? change|changed|announce[sd]?|announcement|published|enabled|switched|updated)\b`)

// ongoingRE: an entry that says the impact had been going on for a while.
var ongoingRE = regexp.MustCompile(`\b(?:has|have|had) been\b[^.]{0,60}?\bfor (?:several|many|a few|some|\d+|hours|days)\b(?: \w+)?|\bfor (?:several|many) (?:hours|days)\b`)

var recoveryLabelRE = regexp.MustCompile(`(?i)recover|restored|impact end`)

// relapseRE: the impact is back after it seemed to end.
var relapseRE = regexp.MustCompile(`\b(?:(?:not|n't) (?:working|starting|loading) again|once again (?:going wrong|failing|broken|down)|going wrong again|(?:fail\w*|down|broken|erroring) again|(?:issue|problem|outage|errors?) (?:recurs|recurred|returned|reoccurs|reoccurred|is back|came back)|(?:second|another|new|next|third|final|fresh)\b[^.]{0,20}?\b(?:wave|spike|round|burst|storm|outage)|(?:wave|spike|storm|attack)\b[^.]{0,40}?\b(?:begins?|began|starts?|started))\b`)

// persistsRE: the impact is still there after a mitigation, which was
// then none ("hubs remain inaccessible", "the revert did not resolve the
// issue"; not "did not fix the root cause": a mitigation never does).
var persistsRE = regexp.MustCompile(`\b(?:remain(?:s|ed)? (?:inaccessible|unavailable|down|broken|unreachable|unresponsive|degraded)|still (?:inaccessible|unavailable|down|broken|unreachable|unresponsive|failing|erroring|degraded|met with|not working)|(?:did not|didn't|does not|doesn't|do not|don't) (?:\w+ )?(?:solve|resolve|fix|help|work|improve)(?: (?:the|this|it|anything))?(?: (?:root|underlying))?|(?:issue|problem|errors?|outage|impact) (?:still )?persist(?:s|ed)?|not having the (?:intended|desired|expected) effect|had no effect)\b`)

// persists: the text says the impact is still there.
func persists(text string) bool {
	text = lowerText(text)
	if !mayMatch(persistsRE, text) {
		return false
	}
	for _, m := range persistsRE.FindAllString(text, -1) {
		if !strings.HasSuffix(strings.ToLower(m), "root") && !strings.HasSuffix(strings.ToLower(m), "underlying") {
			return true
		}
	}
	return false
}

// dismissedRE: a signal someone put aside detects nothing.
var dismissedRE = regexp.MustCompile(`\b(?:dismissed|ignored|disregarded|written off|brushed off|(?:thought|assumed) to be (?:unrelated|noise|a fluke|transient))\b`)

// allWellRE: an entry that says things (still) work.
var allWellRE = regexp.MustCompile(`\b(?:things|everything|all|it|service|site|systems?|builds?|launches)\s+(?:seem|seems|appear|appears|look|looks|is|are|was|were)\s+(?:to be\s+)?(?:still\s+)?(?:working|fine|ok|okay|healthy|normal)\b|\b(?:operating|running|working|functioning|performing|producing \w+) (?:normally|as expected)\b`)

// allWellBeforeImpact is the last entry that says things still worked
// when no entry up to it says anything went wrong, -1 when there is none.
func allWellBeforeImpact(sy sayer, es []TimelineEntry) int {
	last := -1
	for i, e := range es {
		if sy.says(impactRE, e.Text) {
			break
		}
		if sy.says(allWellRE, e.Text) {
			last = i
		}
	}
	return last
}

// undoneRE: the words of a mitigation that undid a change.
var undoneRE = regexp.MustCompile(`(?i)revert|roll(?:ed)? ?back|rollback`)

var declaredRE = regexp.MustCompile(`\b(?:incident (?:was |is )?declared|declared (?:an |the )?incident)\b`)

// saysWord reports whether text says what re matches, not negated nor
// only intended, and returns the words.
func saysWord(re *regexp.Regexp, text string) (string, bool) {
	text = lowerText(text)
	if !mayMatch(re, text) {
		return "", false
	}
	for loc := range matches(re, text) {
		if negated(text[:loc[0]]) || intentAfterRE.MatchString(text[loc[1]:]) {
			continue
		}
		return strings.ToLower(text[loc[0]:loc[1]]), true
	}
	return "", false
}

// lowerText is text as the word regexps read it: lower case (they are
// written in lower case), with typographic apostrophes made plain ("can’t"
// is negated as "can't" is).
func lowerText(text string) string {
	return strings.ReplaceAll(strings.ToLower(text), "\u2019", "'")
}

// matches yields re's matches in text one at a time, so that a caller
// content with the first stops there (FindAllStringIndex reads the whole
// text first). The word regexps start and end at word boundaries, so
// going on from the end of a match finds what the whole text would.
func matches(re *regexp.Regexp, text string) iter.Seq[[2]int] {
	return func(yield func([2]int) bool) {
		for off := 0; off <= len(text); {
			loc := re.FindStringIndex(text[off:])
			if loc == nil {
				return
			}
			a, b := off+loc[0], off+loc[1]
			if !yield([2]int{a, b}) {
				return
			}
			if b == a {
				b++
			}
			off = b
		}
	}
}

// negated: the words just before a match take it back (negatedRE). Only
// the last words count: the regexp would otherwise read the whole text
// before every match.
func negated(before string) bool {
	if len(before) > 160 {
		before = before[len(before)-160:]
		if i := strings.IndexByte(before, ' '); i >= 0 {
			before = before[i:] // not from the middle of a word ("cannot" -> "not")
		}
	}
	return negatedRE.MatchString(before)
}

// sentenceTail is the text after the last '.' or ';' (a clause that
// reports a finding ends there).
func sentenceTail(s string) string {
	if i := strings.LastIndexAny(s, ".;"); i >= 0 {
		return s[i+1:]
	}
	return s
}

// sayer remembers what each entry's text says: picking the values asks
// the same questions of the same entries many times, and each is a
// regexp over the whole entry.
type sayer map[sayKey]sayVal

type sayKey struct {
	re   *regexp.Regexp
	kind byte // 'w' saysWord, 'e' saysEnded, 'a' saysAction
	text string
}

type sayVal struct {
	w  string
	ok bool
}

func (s sayer) ask(kind byte, re *regexp.Regexp, text string) (string, bool) {
	k := sayKey{re, kind, text}
	if v, ok := s[k]; ok {
		return v.w, v.ok
	}
	var v sayVal
	switch kind {
	case 'e':
		v.w, v.ok = saysEnded(re, text)
	case 'a':
		v.w, v.ok = saysAction(re, text)
	default:
		v.w, v.ok = saysWord(re, text)
	}
	s[k] = v
	return v.w, v.ok
}

func (s sayer) word(re *regexp.Regexp, text string) (string, bool) { return s.ask('w', re, text) }
func (s sayer) says(re *regexp.Regexp, text string) bool           { _, ok := s.ask('w', re, text); return ok }

// reportedRE: a clause that reports what was found out ("which leads us to
// find that v1.2 has been recalled"): what it says was done was not done
// by the team then.
var reportedRE = regexp.MustCompile(`\b(?:find|finds|found|learn|learns|learned|learnt|discover|discovers|discovered|realiz\w*|realis\w*)(?: out)? that\b[^.;]*$`)

// partialRE: what follows a word of recovery or resolution and takes it
// back: "the culler is fixed, but memory growth continues".
var partialRE = regexp.MustCompile(`^[^.;]{0,40}?\bbut\b[^.;]{0,60}?\b(?:continues?|continued|persists?|persisted|remains?|remained|still|(?:is|are|was|were) not|isn't|aren't|wasn't|weren't|not yet|fail\w*)\b`)

// ideaAfterRE: "comes up" is thought, not recovery, when an idea follows.
var ideaAfterRE = regexp.MustCompile(`^ with (?:an? |the |another )?(?:[\w-]+ ){0,3}(?:idea|plan|solution|approach|way|proposal|workaround|suggestion)s?\b`)

// saysEnded is saysWord for a recovery or a resolution: not one the
// sentence takes back ("fixed, but errors continue"), and not people
// resuming their own work ("work resumes").
func saysEnded(re *regexp.Regexp, text string) (string, bool) {
	text = lowerText(text)
	if !mayMatch(re, text) {
		return "", false
	}
	for loc := range matches(re, text) {
		before, after := text[:loc[0]], text[loc[1]:]
		if negated(before) || intentAfterRE.MatchString(after) || partialRE.MatchString(after) {
			continue
		}
		if w := text[loc[0]:loc[1]]; strings.HasSuffix(w, " up") && ideaAfterRE.MatchString(after) {
			continue // someone "comes up with an easier idea" (a hub that comes up with a new volume is up)
		}
		if w := strings.ToLower(text[loc[0]:loc[1]]); strings.HasPrefix(w, "resume") && strings.HasSuffix(strings.ToLower(strings.TrimSpace(before)), "work") {
			continue
		}
		return strings.ToLower(text[loc[0]:loc[1]]), true
	}
	return "", false
}

// workOnRE: the mitigation is what is being written, tested or reviewed
// ("pings for help reviewing the hotfix"), not yet done.
var workOnRE = regexp.MustCompile(`\b(?:review(?:s|ed|ing)?|test(?:s|ed|ing)?|prepar(?:e|es|ed|ing)|draft(?:s|ed|ing)?|writ(?:e|es|ing)|wrote|work(?:s|ed|ing)? on) (?:of )?(?:the |a |an |our )?$`)

// suggestedRE: a clause that suggests or weighs a mitigation ("suggests
// using bigint, which is a nice quick fix") does not do it.
var suggestedRE = regexp.MustCompile(`\b(?:suggest(?:s|ed|ing)?|propos(?:e|es|ed|ing)|recommend(?:s|ed|ing)?|consider(?:s|ed|ing)?|discuss(?:es|ed|ing)?)\b`)

// retryRE: restarting a CI run, a build or a deploy tries it again; it
// mitigates nothing.
var retryRE = regexp.MustCompile(`\b(?:ci|build|builds|deploy|deployment|job|pipeline|travis|workflow|tests?)\s+(?:is |was |were |are |has been )?(?:re-?started|re-?run|retried|re-?triggered)|\bre-?(?:start|run|trigger)(?:s|ed|ing)? (?:the |a )?(?:ci|build|deploy\w*|job|pipeline|travis|workflow|tests?)\b`)

// saysAction is saysWord for what the team did: not in a clause that
// reports a finding, not a CI run restarted.
func saysAction(re *regexp.Regexp, text string) (string, bool) {
	text = lowerText(text)
	if !mayMatch(re, text) {
		return "", false
	}
	for loc := range matches(re, text) {
		before := text[:loc[0]]
		if negated(before) || intentAfterRE.MatchString(text[loc[1]:]) || reportedRE.MatchString(sentenceTail(before)) ||
			workOnRE.MatchString(before) || suggestedRE.MatchString(sentenceTail(before)) {
			continue
		}
		if strings.Contains(strings.ToLower(text[loc[0]:loc[1]]), "restart") && retryRE.MatchString(text) {
			continue
		}
		if persists(text[loc[1]:]) {
			continue // "reverted ... This does not improve the situation."
		}
		return strings.ToLower(text[loc[0]:loc[1]]), true
	}
	return "", false
}

// labelOf is the value an entry's label names, "" when it has none.
func labelOf(text string) (key, words string) {
	t := strings.TrimLeft(text, " *_`>")
	for _, k := range keyEvents {
		if m := k.re.FindString(t); m != "" {
			rest := strings.TrimLeft(t[len(m):], " *_`")
			// A label ends the phrase: "Resolved: ...", "Detected -", "Resolved".
			if rest == "" || strings.ContainsAny(rest[:1], ":-–—.!,(") {
				return k.key, `labelled "` + m + `"`
			}
		}
	}
	return "", ""
}

// IncidentTimes picks started, detected, mitigated and resolved from the
// timeline (see above). Missing values are absent from the map; a near
// miss has no started.
func (tl Timeline) IncidentTimes() map[string]Pick {
	sy := tl.said
	if sy == nil {
		sy = sayer{}
	}
	// A date-only entry on a date that timed entries have is less precise
	// than they are ("2024-03-13 HH:mm"): they decide.
	timed := map[time.Time]bool{}
	for _, e := range tl.Entries {
		if !e.Day && !e.Background {
			timed[dayOf(e.At)] = true
		}
	}
	var es []TimelineEntry
	for _, e := range tl.Entries {
		if !e.Background && !(e.Day && timed[dayOf(e.At)]) {
			es = append(es, e)
		}
	}
	if len(es) == 0 {
		return nil
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].At.Before(es[j].At) })
	out := map[string]Pick{}

	// started: labelled, else the first entry that says impact began, else
	// the earliest.
	start := -1
	from := 1 // where an entry noticing trouble before the start may be
	for i, e := range es {
		if k, w := labelOf(e.Text); k == fStarted {
			start, out[fStarted] = i, Pick{e, w}
			break
		}
	}
	if start < 0 {
		// The earliest entry, unless it is the change that caused the
		// incident (a deploy, a merge, a release) and says nothing went
		// wrong yet: then the first entry that says impact began.
		start, out[fStarted] = 0, Pick{es[0], "earliest entry"}
		e0 := es[0].Text
		if ok := allWellBeforeImpact(sy, es); ok >= 0 {
			// Someone looked and things still worked: the impact began
			// after that, at the first entry that says so.
			from = ok + 1
			for i := ok + 1; i < len(es); i++ {
				if iw, yes := sy.word(impactRE, es[i].Text); yes {
					start, out[fStarted] = i, Pick{es[i], `says "` + iw + `" (an entry before it says things still worked: "` + allWellRE.FindString(strings.ToLower(es[ok].Text)) + `")`}
					break
				}
			}
		} else if w, ok := sy.word(changeRE, e0); ok && !sy.says(impactRE, e0) && !sy.says(detectedRE, e0) {
			for i, e := range es[1:] {
				// An entry that says the impact ended does not say it began.
				if sy.says(mitigatedRE, e.Text) || sy.says(recoveredRE, e.Text) || sy.says(resolvedRE, e.Text) {
					continue
				}
				if iw, ok := sy.word(impactRE, e.Text); ok {
					start, out[fStarted] = i+1, Pick{e, `says "` + iw + `" (the earliest entry is the change that caused it: "` + w + `")`}
					break
				}
			}
		}
	}
	if tl.NoImpact != nil {
		delete(out, fStarted)
	}
	// "has been failing for several hours": the impact began before the
	// timeline does, at a time it does not state.
	if p, ok := out[fStarted]; ok && sy.says(ongoingRE, p.Text) && p.At.Equal(es[0].At) {
		delete(out, fStarted)
	}

	// Noticed before the entry that says impact (after the change that
	// caused it): the impact began at the latest then.
	if _, labelled := labelOf(es[start].Text); labelled == "" {
		for i := from; i < start; i++ {
			w, ok := sy.word(detectedRE, es[i].Text)
			// "noticed a new version" notices no problem: a bare noticing
			// word counts here only with a word of impact.
			if ok && weakNoticeRE.MatchString(w) && !sy.says(impactRE, es[i].Text) {
				ok = false
			}
			if ok && !sy.says(diagnosedRE, es[i].Text) && !sy.says(recoveredRE, es[i].Text) && !sy.says(dismissedRE, es[i].Text) {
				start, out[fStarted] = i, Pick{es[i], `says "` + w + `" (noticed before the entry that says impact)`}
				break
			}
		}
	}

	// Labelled values first, then words, one value per entry.
	used := map[int]bool{}
	recoveredAt, mitigatedAt := -1, -1
	for i := start; i < len(es); i++ {
		k, w := labelOf(es[i].Text)
		if k == "" || k == fStarted {
			continue
		}
		if _, set := out[k]; !set {
			out[k], used[i] = Pick{es[i], w}, true
			if k == fMitigated && recoveryLabelRE.MatchString(w) {
				recoveredAt = i // "Recovery:": the impact ended here
			}
		}
	}
	for i := start; i < len(es); i++ {
		if used[i] {
			continue
		}
		e := es[i]
		// The impact came back: the recovery before was temporary.
		if r, ok := out[fResolved]; ok && recoveredAt >= 0 && !strings.HasPrefix(r.Words, "labelled") && sy.says(relapseRE, e.Text) {
			delete(out, fResolved)
			if m, ok := out[fMitigated]; ok && !strings.HasPrefix(m.Words, "labelled") {
				delete(out, fMitigated)
			}
			recoveredAt = -1
		}
		// The entry right after a mitigation says the impact is still
		// there: it was none.
		if m, ok := out[fMitigated]; ok && i == mitigatedAt+1 && !strings.HasPrefix(m.Words, "labelled") && m.At.Before(e.At) && persists(e.Text) && !sy.says(recoveredRE, e.Text) {
			delete(out, fMitigated)
			if r, ok := out[fResolved]; ok && !strings.HasPrefix(r.Words, "labelled") && !r.At.After(e.At) {
				delete(out, fResolved)
			}
			recoveredAt = -1
		}
		for _, c := range []struct {
			key string
			re  *regexp.Regexp
		}{{fDetected, detectedRE}, {fMitigated, mitigatedRE}, {fMitigated, recoveredRE}, {fResolved, recoveredRE}, {fResolved, resolvedRE}} {
			if _, set := out[c.key]; set {
				continue
			}
			if r, set := out[fResolved]; set && c.key == fMitigated && e.At.After(r.At) {
				continue // a mitigation after the resolution is not the incident's
			}
			if i == start && c.key != fDetected {
				continue // the start of impact is not also its end
			}
			if c.key != fDetected && sy.says(notProdRE, e.Text) && !prodRE.MatchString(e.Text) {
				continue // a fix in a sandbox or staging (only) ends nothing
			}
			var w string
			var ok bool
			switch c.re {
			case mitigatedRE:
				w, ok = sy.ask('a', c.re, e.Text)
			case recoveredRE, resolvedRE:
				w, ok = sy.ask('e', c.re, e.Text)
			default:
				w, ok = sy.word(c.re, e.Text)
			}
			if !ok || (c.key == fDetected && (sy.says(diagnosedRE, e.Text) || sy.says(dismissedRE, e.Text))) {
				continue
			}
			out[c.key] = Pick{e, `says "` + w + `"`}
			if c.key == fMitigated {
				mitigatedAt = i
			}
			if recoveredAt < 0 && c.key == fMitigated && sy.says(recoveredRE, e.Text) {
				recoveredAt = i // the impact ended here
			}
			break
		}
	}
	// Incident declared gives detected only when nothing else does.
	if _, set := out[fDetected]; !set {
		for i := start; i < len(es); i++ {
			if w, ok := sy.word(declaredRE, es[i].Text); ok {
				out[fDetected] = Pick{es[i], `says "` + w + `"`}
				break
			}
		}
	}
	// Service restored and nothing later says resolved: resolved then.
	if _, set := out[fResolved]; !set && recoveredAt >= 0 {
		out[fResolved] = Pick{es[recoveredAt], out[fMitigated].Words}
	}
	// The timeline ends with the change undone (reverted, rolled back):
	// the incident ended there.
	if m, ok := out[fMitigated]; ok && mitigatedAt == len(es)-1 && undoneRE.MatchString(m.Words) {
		if _, set := out[fResolved]; !set {
			out[fResolved] = Pick{m.TimelineEntry, m.Words + " (the timeline ends with the change undone)"}
		}
	}
	// Nothing says resolved, but the impact was dealt with and the last
	// entry says the work was completed: resolved then.
	if _, set := out[fResolved]; !set {
		if m, ok := out[fMitigated]; ok {
			last := es[len(es)-1]
			if w, ok := sy.word(workDoneRE, last.Text); ok && last.At.After(m.At) {
				out[fResolved] = Pick{last, `says "` + w + `" (the last entry, the work completed)`}
			}
		}
	}
	// A resolution with a time of day that no mitigation precedes ended
	// the impact too.
	if r, set := out[fResolved]; set && !r.Day && tl.NoImpact == nil {
		if _, m := out[fMitigated]; !m {
			out[fMitigated] = Pick{r.TimelineEntry, r.Words + " (the resolution ended the impact)"}
		}
	}
	return out
}

var (
	// A sentence that says there was no impact: a near miss.
	noImpactRE = regexp.MustCompile(`\b(?:(?:was|were|has been|have been) (?:not|never) exploited|not exploited|no (?:user |customer |production |real |actual )?impact (?:on|to|for) (?:users|customers|production)|no (?:user|customer|production) impact|there was no impact|no adverse (?:effects?|impact)|no funds (?:were |was )?(?:lost|stolen)|no (?:users|customers) were (?:affected|impacted)|did not (?:affect|impact) (?:any )?(?:users|customers|production)|never (?:encountered|had|experienced|saw) an? (?:actual |real )?(?:outage|downtime)|(?:service|site|api|system) was never (?:unavailable|down))\b`)
	// A report of a flaw found before it hurt anyone: a researcher, a bug
	// bounty, a disclosure, found internally.
	vulnReportRE = regexp.MustCompile(`\b(?:researcher|bug ?bounty|bugcrowd|hackerone|disclos(?:ed|ure)|discovered by|found internally|vulnerabilit(?:y|ies)|security (?:issue|flaw|report))\b`)
	// ...unless the text says it did: exploited, seen in production.
	hitRE = regexp.MustCompile(`\b(?:(?:was|were|been) exploited|exploited (?:by|in the wild|on)|(?:reported|present|seen|observed|occurred|happened|manifested(?: itself)?) (?:on|in) (?:mainnet|production|prod)\b|users? (?:were |was )?(?:affected|impacted)|funds (?:were |was )?(?:lost|stolen)|(?:limited|some|significant) impact|exfiltrat\w+|stolen|compromised)`)
)

// impactTalk is a cheap test before noImpactRE and hitRE: a word they
// need (a regexp here, on every line, cost more than the rest of the
// reading).
func impactTalk(s string) bool {
	for _, w := range []string{"impact", "adverse", "exploit", "funds", "affected", "exfiltrat", "stolen", "compromis", "mainnet", "prod", "never"} {
		if containsFold(s, w) {
			return true
		}
	}
	return false
}

// noImpact finds the sentence that makes a document a near miss, one that
// says there was no impact, and whether the document says anywhere that it
// was hit (exploited, seen in production).
func noImpact(ls []docLine) (none *Source, hit bool) {
	for _, l := range ls {
		if l.skip || !impactTalk(l.text) {
			continue
		}
		t := lowerText(plain(l.text))
		if mayMatch(noImpactRE, t) {
			if loc := noImpactRE.FindStringIndex(t); loc != nil {
				// A document that says there was none: the rest does not matter.
				return &Source{Line: l.n, How: "says there was no impact", Text: clip(strings.TrimSpace(l.text), 200), Words: t[loc[0]:loc[1]]}, hit
			}
		}
		if !hit && mayMatch(hitRE, t) {
			if loc := hitRE.FindStringIndex(t); loc != nil && !negated(t[:loc[0]]) {
				hit = true
			}
		}
	}
	return nil, hit
}

// reportedFlaw: the earliest entry of a timeline reports a flaw found
// before it hurt anyone (a researcher, a bug bounty, a disclosure, found
// internally): a near miss when the document never says it was hit.
func reportedFlaw(es []TimelineEntry) *Source {
	// The earliest entry, lead-up included: a flaw committed weeks before
	// it was reported is still the flaw.
	var first *TimelineEntry
	for i := range es {
		if first == nil || es[i].At.Before(first.At) {
			first = &es[i]
		}
	}
	if first == nil {
		return nil
	}
	if w, ok := saysWord(vulnReportRE, first.Text); ok {
		return &Source{Line: first.Line, How: "reports a flaw found before it was exploited, and the document never says it hit users", Text: first.Source, Words: w}
	}
	return nil
}

// dayOf is the date of an instant, for day-precision comparisons.
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
