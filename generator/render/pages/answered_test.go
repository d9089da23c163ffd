package pages

import (
	"testing"

	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/render/theme"
)

// 1 of 4 issues answered within 2 days, but one of the 3 unanswered is
// under 2 days old: it is left out, so 1 of 3 were answered in time.
func TestAnsweredNoteLeavesOutUnansweredIssuesUnderTwoDaysOld(t *testing.T) {
	got := answeredNote(issuestats.FirstResponse{Responded: 1, NoResponse: 3, Within2Days: 1, Under2Days: 1})
	if want := theme.Pct(1.0/3) + " of all issues since the data begins answered within 2 calendar days; no response yet: 3"; got != want {
		t.Errorf("answeredNote = %q, want %q", got, want)
	}
	if got := answeredNote(issuestats.FirstResponse{NoResponse: 2, Under2Days: 2}); got != "" {
		t.Errorf("only young unanswered issues: %q, want no note", got)
	}
}
