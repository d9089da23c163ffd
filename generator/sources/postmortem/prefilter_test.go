package postmortem

import (
	"reflect"
	"strings"
	"testing"
)

// The literals a pattern requires, worked out by hand; a text without them
// never matches, and the prefilter never hides a match the regexp finds.
func TestLiteralsOfAPattern(t *testing.T) {
	for pattern, want := range map[string][]string{
		`\b(?:rolled back|rollback|reverted)\b`: {"rolled back", "rollback", "reverted"},
		`\bfix(?:es)? (?:was )?deployed\b`:      {"fixes was deployed", "fixes deployed", "fix was deployed", "fix deployed"},
		`\b(?:alerts?|paged)\b`:                 {"alert", "paged"},
		`\b(?:down|\w+ing again)\b`:             {"down", "ing again"},
		`(?i)down`:                              nil, // folded case: cannot tell
		`\b(?:a|b)\b`:                           nil, // too short to help
		`\b(?:down|x*)\b`:                       nil, // an alternative with no literal
	} {
		if got := literals(pattern); !reflect.DeepEqual(got, want) {
			t.Errorf("literals(%q) = %q, want %q", pattern, got, want)
		}
	}
	texts := []string{"users report errors", "the deploy was rolled back at 10:00", "restored", "nothing here",
		"customers were unable to log in", "all systems operational", "the root cause was merged", "no user impact"}
	for re := range prefilters {
		for _, s := range texts {
			s = strings.ToLower(s)
			if re.MatchString(s) && !mayMatch(re, s) {
				t.Errorf("%s matches %q but the prefilter says it cannot", re, s)
			}
		}
	}
}

// negated reads only the last words before a match, whatever comes first,
// and never from the middle of a word.
func TestNegatedReadsTheLastWords(t *testing.T) {
	long := strings.Repeat("the hub was checked again and ", 10)
	for before, want := range map[string]bool{
		long + "the issue was not ":                     true,
		long + "we attempted to ":                       true,
		long + "the issue was ":                         false,
		strings.Repeat("x", 160) + " not ":              true,
		long + strings.Repeat("y", 150) + " partially ": true,
	} {
		if got := negated(before); got != want {
			t.Errorf("negated(…%q) = %v, want %v", before[max(0, len(before)-40):], got, want)
		}
	}
	if got := sentenceTail("we found that it was fine. the revert was "); got != " the revert was " {
		t.Errorf("sentenceTail = %q", got)
	}
}

func TestContainsFold(t *testing.T) {
	for _, c := range []struct {
		s, sub string
		want   bool
	}{{"All TIMES in UTC", "time", true}, {"Timeline", "time", true}, {"tim", "time", false}, {"", "time", false}, {"no Impact here", "impact", true}, {"t!me", "time", false}} {
		if got := containsFold(c.s, c.sub); got != c.want {
			t.Errorf("containsFold(%q, %q) = %v", c.s, c.sub, got)
		}
	}
}
