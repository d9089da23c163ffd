package site

import (
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// Postmortems whose impact starts after as_of are left out of the rates
// and charts: the build says so in one warning naming them, and the index
// counts them as left out, not among those counted. As of 2024-01-20 the
// site of pmOnlySite has one postmortem counted (2024-01-10), one without
// a start, and one that starts after as_of (2024-02-01).
func TestPostmortemsAfterAsOfAreNamedAndNotCounted(t *testing.T) {
	dir := fixture.WriteSite(t, pmOnlySite)
	asOf := time.Date(2024, 1, 20, 0, 0, 0, 0, time.UTC)
	res := mustBuild(t, dir, Options{AsOf: asOf})
	var late []string
	for _, w := range res.Warnings {
		if strings.Contains(w.Msg, "after") {
			late = append(late, w.String())
		}
	}
	if len(late) != 1 || !strings.Contains(late[0], "2024-02-01-db-again.md") || strings.Contains(late[0], "2024-01-10-db.md") {
		t.Errorf("want one warning naming 2024-02-01-db-again.md, got %q (all: %v)", late, res.Warnings)
	}
	idx := readOut(t, dir, "postmortems/index.html")
	for _, want := range []string{
		"3 postmortems",
		"1 with a start of impact count in the rates and charts",
		"2 left out of rates and charts",
		"starts 2024-02-01, after the data (as of 2024-01-20)",
	} {
		if !strings.Contains(idx, want) {
			t.Errorf("index lacks %q", want)
		}
	}
}
