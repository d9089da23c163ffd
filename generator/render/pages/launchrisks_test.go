package pages

import (
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/compute/premortems"
	"github.com/vitals-dev/vitals/generator/sources/premortem"
)

// A launch page's risks get the pre-mortem page's anchors, lose their
// "{#id}" markers and link to what became of them; an item that is no
// risk is left as it was.
func TestLaunchRisksGetAnchorsWithoutMarkers(t *testing.T) {
	body := "<p>Intro {#not-a-risk} stays.</p>\n<ul>\n<li>Other list.</li>\n</ul>\n<h2>Risks</h2>\n<ul>\n" +
		"<li>Batched writes <em>exhaust</em> the pool at\nhigher stages. Mitigation: none. {#pool}</li>\n" +
		"<li><p>Conflicts &amp; merges differ.</p>\n<ul>\n<li>Likelihood: low</li>\n</ul>\n</li>\n</ul>\n"
	e := &premortems.Entry{Premortem: premortem.Premortem{ID: "sync"}, Risks: []premortems.Risk{
		{Risk: premortem.Risk{ID: "pool", Title: "Batched writes exhaust the pool at higher stages."}, State: "happened"},
		{Risk: premortem.Risk{ID: "conflicts-merges-differ", Title: "Conflicts & merges differ."}, State: "not yet"},
	}}
	got := launchRisks(body, e, "launches/sync/index.html")
	for _, want := range []string{
		`<li>Other list.</li>`,
		`<li id="risk-pool">Batched writes <em>exhaust</em> the pool at` + "\n" + `higher stages. Mitigation: none. <a class="risk-state" href="../../premortems/sync/index.html#risk-pool">pre-mortem: happened</a></li>`,
		`<li id="risk-conflicts-merges-differ"><p>Conflicts &amp; merges differ. <a class="risk-state" href="../../premortems/sync/index.html#risk-conflicts-merges-differ">pre-mortem: not yet</a></p>`,
		`<p>Intro {#not-a-risk} stays.</p>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "{#pool}") {
		t.Errorf("marker left:\n%s", got)
	}
}
