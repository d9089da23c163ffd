package postmortem

import "testing"

// How a careful reader decides which entry gives which value, each rule
// in a small document written for the test in the way other teams write
// the same thing (not copied from any report), values worked out by hand.
func TestIncidentTimesJudgements(t *testing.T) {
	cases := []struct {
		name, title, file, body string
		want                    map[string]string
	}{
		{"an entry that says things still worked: the impact began later",
			"Traffic spike", "2024-04-02-spike.md", `## Timeline
- 2024-04-02 06:00 UTC - Traffic rising after a mention on a news site
- 2024-04-02 06:20 UTC - Checked the dashboards: everything looks fine, no action
- 2024-04-02 08:10 UTC - Customers report checkout errors
- 2024-04-02 08:40 UTC - Extra capacity added, checkout works again
`, map[string]string{fStarted: "2024-04-02 08:10", fDetected: "2024-04-02 08:10", fMitigated: "2024-04-02 08:40", fResolved: "2024-04-02 08:40"}},

		{"a mitigation word in what was found out is not what the team did",
			"Bad node image", "2022-10-31-ami.md", `## Timeline
| Time | Event |
|---|---|
| 2022-10-31 14:10 | Upgrade pipeline reports failure, nodes flapping NotReady |
| 2022-10-31 17:21 | A vendor issue leads us to find that image v2 has been recalled due to a kernel bug |
| 2022-11-02 13:46 | Nodes rolled back to the previous image |
| 2022-11-02 14:40 | We decided the rollback had resolved the issue |
`, map[string]string{fStarted: "2022-10-31 14:10", fDetected: "2022-10-31 14:10", fMitigated: "2022-11-02 13:46", fResolved: "2022-11-02 14:40"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkTimes(t, c.title, c.file, c.body, c.want) })
	}
}
