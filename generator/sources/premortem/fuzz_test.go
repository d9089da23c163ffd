package premortem

import "testing"

// FuzzRisks: any body reads without a panic, every risk has an id, and the
// ids of one pre-mortem are unique.
func FuzzRisks(f *testing.F) {
	for _, s := range []string{
		"## Risks\n\n- A. Likelihood: high. Impact: low. Mitigation: x {#a}\n  - **Impact:** y\n",
		"## How this could fail\n\n| Risk | Likelihood | Id |\n| --- | --- | --- |\n| A | b | c |\n| A | b | c |\n",
		"# Pre-mortem\n\n- id: x. Y.\n- id: x. Y.\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		rs, _ := Risks("x.md", []byte(body), 1)
		seen := map[string]bool{}
		for _, r := range rs {
			if r.ID == "" || seen[r.ID] {
				t.Fatalf("risk id %q empty or repeated in %+v", r.ID, rs)
			}
			seen[r.ID] = true
		}
	})
}
