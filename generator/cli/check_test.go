package cli

import (
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// vitals check says per postmortem what was read from the text and what
// is missing; --strict lists unknown front-matter keys, one line per key
// naming the files, and fails.
func TestCheckReportsWhatWasReadAndStrictKeys(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "C"
-- content/postmortems/2024-01-01-a.md --
---
customer_impact: high
---
# A
## Timeline
- 2024-01-01 10:00 - errors begin
- 2024-01-01 10:30 - restored
## Action items
- [ ] add an alert
-- content/postmortems/b.md --
---
customer_impact: low
owner_team: x
---
# B
`)
	code, out, errs := run(t, "check", "-s", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"content/postmortems/2024-01-01-a.md: read from the text: started (line 6), mitigated (line 7), resolved (line 7), 1 action item (line 9); missing: detected; the document states no time zone: its times are read as UTC",
		"content/postmortems/b.md: nothing read from the text; missing: started (no started in front matter and no timeline section; left out of rates), detected, mitigated, resolved, action items",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks\n%s\ngot\n%s", want, out)
		}
	}
	if strings.Contains(errs, "customer_impact") {
		t.Errorf("unknown keys reported without --strict: %s", errs)
	}
	code, _, errs = run(t, "check", "--strict", "-s", dir)
	if code != ExitError {
		t.Errorf("--strict with unknown keys exits %d, want %d", code, ExitError)
	}
	want := `strict: unknown postmortem key "customer_impact" (not read by vitals) in 2 files: content/postmortems/2024-01-01-a.md:2, content/postmortems/b.md:2` + "\n" +
		`strict: unknown postmortem key "owner_team" (not read by vitals) in 1 file: content/postmortems/b.md:3` + "\n"
	if !strings.Contains(errs, want) {
		t.Errorf("strict lines\n%s\nwant\n%s", errs, want)
	}
}

// vitals check -v lists each value read with its line, the words that
// decided it and the line as written; a time that could not be placed is
// a hint naming its line (also without -v).
func TestCheckVerboseShowsProvenanceAndHints(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "C"
-- content/postmortems/2024-01-01-a.md --
# A
## Timeline
All times in CET
- 2024-01-01 10:00 - errors begin
- 2X:XX - something
- 2024-01-01 10:30 - alert fired
- 2024-01-01 11:00 - restored
`)
	code, out, errs := run(t, "check", "-v", "-s", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		`    hint: line 5 states a time that was not read (a line that starts like a date or time but cannot be read): “- 2X:XX - something”`,
		`    started: line 4, timeline entry, earliest entry: "- 2024-01-01 10:00 - errors begin"`,
		`    detected: line 6, timeline entry, labelled "alert fired": "- 2024-01-01 10:30 - alert fired"`,
		`    resolved: line 7, timeline entry, says "restored": "- 2024-01-01 11:00 - restored"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check -v output lacks\n%s\ngot\n%s", want, out)
		}
	}
	_, out, _ = run(t, "check", "-s", dir)
	if strings.Contains(out, "started: line") || !strings.Contains(out, "hint: line 5") {
		t.Errorf("without -v: values listed or hint missing:\n%s", out)
	}
}
