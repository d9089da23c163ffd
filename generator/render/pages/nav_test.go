package pages

import (
	"fmt"
	"testing"
)

// The navigation reads as two named rows (how the product does, what the
// team learns), each in the sections' order, with the unnamed entries
// ending the first row; a site without the learning sections has one.
func TestNavGroups(t *testing.T) {
	nav := []NavItem{{Title: "Dashboard", Section: "dashboard"}, {Title: "Issues", Section: "issues"}, {Title: "Postmortems", Section: "postmortems"},
		{Title: "Service levels", Section: "slo"}, {Title: "Runbook", Section: "runbook"}, {Title: "Decisions", Section: "decisions"}, {Title: "How we count", Section: "how-we-count"}}
	got := fmt.Sprint(SiteInfo{Nav: nav}.NavGroups())
	want := "[{Health [{Dashboard  dashboard} {Issues  issues} {Service levels  slo}]} { [{Runbook  runbook} {How we count  how-we-count}]} {Learning [{Postmortems  postmortems} {Decisions  decisions}]}]"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	got = fmt.Sprint(SiteInfo{Nav: nav[:2]}.NavGroups())
	if want := "[{Health [{Dashboard  dashboard} {Issues  issues}]}]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
