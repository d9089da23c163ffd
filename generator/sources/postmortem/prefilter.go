package postmortem

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// A cheap test before the word regexps. Each is a long alternation that
// Go's regexp runs over the whole text of an entry, at every position; most
// entries say none of it. literals finds, from the pattern itself, words of
// which every match contains one ("rolled back|rollback" -> "roll"): a text
// that contains none cannot match, and strings.Contains is far cheaper.

// prefilters are the required literals of the word regexps (lower case:
// they are matched against lower-cased text); a regexp without them is
// always run.
var prefilters = func() map[*regexp.Regexp][]string {
	m := map[*regexp.Regexp][]string{}
	for _, re := range []*regexp.Regexp{impactRE, detectedRE, mitigatedRE, recoveredRE, resolvedRE, changeRE,
		ongoingRE, diagnosedRE, dismissedRE, relapseRE, notProdRE, declaredRE, workDoneRE, allWellRE, contextRE,
		vulnReportRE, persistsRE, noImpactRE, hitRE, retryRE, partialRE, reportedRE} {
		if lits := literals(re.String()); lits != nil {
			m[re] = lits
		}
	}
	return m
}()

// mayMatch: text (lower case) contains one of re's required literals, or
// re has none.
func mayMatch(re *regexp.Regexp, text string) bool {
	lits, ok := prefilters[re]
	if !ok {
		return true
	}
	for _, l := range lits {
		if strings.Contains(text, l) {
			return true
		}
	}
	return false
}

// literals returns strings of which every match of the pattern contains
// one, nil when it cannot tell (or the strings would be too short to help).
func literals(pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	lits, _ := required(re.Simplify())
	for _, l := range lits {
		if utf8.RuneCountInString(l) < 2 {
			return nil
		}
	}
	// A text that contains "alert" contains one of them whether or not it
	// also says "alerts": keep only strings that contain no other.
	var out []string
	for i, l := range lits {
		redundant := false
		for j, o := range lits {
			if j != i && strings.Contains(l, o) && (len(o) < len(l) || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, l)
		}
	}
	return out
}

// maxLits bounds the strings a pattern's pieces are combined into.
const maxLits = 64

// required is a set of strings one of which every match of re contains
// (nil: none known); exact: every match is one of them.
func required(re *syntax.Regexp) (lits []string, exact bool) {
	if re.Flags&syntax.FoldCase != 0 {
		return nil, false
	}
	switch re.Op {
	case syntax.OpLiteral:
		return []string{string(re.Rune)}, true
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []string{""}, true
	case syntax.OpCharClass:
		var rs []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if rs = append(rs, string(r)); len(rs) > 4 {
					return nil, false
				}
			}
		}
		return rs, true
	case syntax.OpCapture:
		return required(re.Sub[0])
	case syntax.OpQuest:
		if l, ex := required(re.Sub[0]); ex && len(l) < maxLits {
			return append(l, ""), true
		}
	case syntax.OpPlus:
		l, _ := required(re.Sub[0])
		return l, false
	case syntax.OpRepeat:
		if re.Min >= 1 {
			l, _ := required(re.Sub[0])
			return l, false
		}
	case syntax.OpAlternate:
		exact = true
		for _, s := range re.Sub {
			l, ex := required(s)
			if l == nil {
				return nil, false
			}
			lits, exact = append(lits, l...), exact && ex
		}
		return lits, exact
	case syntax.OpConcat:
		// Runs of exact pieces join into longer strings; of the runs and
		// the other pieces, the one whose shortest string is longest.
		var best []string
		run := []string{""}
		exact = true
		take := func(l []string) {
			if shortest(l) > shortest(best) {
				best = l
			}
		}
		for _, s := range re.Sub {
			l, ex := required(s)
			if ex && len(run)*len(l) <= maxLits {
				run = cross(run, l)
				continue
			}
			exact = false
			take(run)
			run = []string{""}
			if ex {
				run = l
			} else if l != nil {
				take(l)
			}
		}
		if exact {
			return run, true
		}
		take(run)
		return best, false
	}
	return nil, false
}

func cross(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

// shortest is the length of the shortest string of l, 0 for none.
func shortest(l []string) int {
	n := -1
	for _, s := range l {
		if n < 0 || len(s) < n {
			n = len(s)
		}
	}
	if n < 0 {
		return 0
	}
	return n
}
