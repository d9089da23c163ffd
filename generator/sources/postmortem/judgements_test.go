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

		{"a first entry that says the service was operating normally is the lead-up",
			"Validator stall", "2025-12-11-stall.md", `## Timeline (UTC)
### 00:58
Node operating normally, producing blocks as expected.
### 01:00
Proposal timeouts, blocks missed.
### 01:08
Consensus back to normal.
`, map[string]string{fStarted: "2025-12-11 01:00", fDetected: "", fMitigated: "2025-12-11 01:08", fResolved: "2025-12-11 01:08"}},

		{"a typographic apostrophe negates as a plain one does (can’t be fixed)",
			"IDs exhausted", "2022-04-15-ids.md", `## Timeline
### 2022-04-15 04:35
Writes start failing and an alert fires.
### 2022-04-15 12:28
The cause is in the database itself and can’t be fixed on our side.
### 2022-04-15 13:31
Fix deployed. Issue is resolved.
`, map[string]string{fStarted: "2022-04-15 04:35", fDetected: "2022-04-15 04:35", fMitigated: "2022-04-15 13:31", fResolved: "2022-04-15 13:31"}},

		{"a fix being reviewed or only suggested is not done; someone coming up with an idea is no recovery",
			"Deploys blocked", "2021-06-29-deploys.md", `## Timeline
### 2021-06-29 18:30
CI checks are failing on every branch.
### 2021-06-29 19:10
A teammate suggests pinning the runner, which would be a quick fix.
### 2021-06-29 20:41
Asks a colleague for help reviewing the hotfix.
### 2021-06-29 21:14
He comes up with an easier idea: build the images on a fork.
### 2021-06-29 22:40
The hotfix is finally deployed and builds are running again.
`, map[string]string{fStarted: "2021-06-29 18:30", fMitigated: "2021-06-29 22:40", fResolved: "2021-06-29 22:40"}},

		{"an alarm before any outage: a near miss, ended by 'all good'",
			"Disk low", "2021-06-11-disk.md", `The alarm warned us early, so we never encountered an actual outage.

## Timeline
### 2021-06-11 21:01
Alarm: database disk space is low.
### 2021-06-16 00:50
Disk resized, table repacked, all good!
`, map[string]string{fStarted: "", fDetected: "2021-06-11 21:01", fResolved: "2021-06-16 00:50"}},

		{"a mitigation word in what was found out is not what the team did",
			"Bad node image", "2022-10-31-ami.md", `## Timeline
| Time | Event |
|---|---|
| 2022-10-31 14:10 | Upgrade pipeline reports failure, nodes flapping NotReady |
| 2022-10-31 17:21 | A vendor issue leads us to find that image v2 has been recalled due to a kernel bug |
| 2022-11-02 13:46 | Nodes rolled back to the previous image |
| 2022-11-02 14:40 | We decided the rollback had resolved the issue |
`, map[string]string{fStarted: "2022-10-31 14:10", fDetected: "2022-10-31 14:10", fMitigated: "2022-11-02 13:46", fResolved: "2022-11-02 14:40"}},

		{"a user posting about the problem reports it",
			"Wallet payment", "2021-11-01-wallet.md", `## Timeline
- 2021-11-01 04:33 UTC - A user posts in the community chat that his wallet sent a payment he did not make
- 2021-11-01 04:54 UTC - Support asks the user to shut down the machine
- 2021-11-01 05:59 UTC - The engineer notices commands in the shell history
- 2021-11-02 04:54 UTC - Verified as a false positive
`, map[string]string{fStarted: "2021-11-01 04:33", fDetected: "2021-11-01 04:33", fMitigated: "2021-11-01 04:54", fResolved: "2021-11-02 04:54"}},

		{"a signal that was dismissed is not the detection; a realization is",
			"Base image gone", "2018-01-17-image.md", `## Timeline
All times in UTC
### 2018-01-16
CI failures reported on the image build, dismissed as a holdover from the provider's outage the day before.
### 2018-01-17 17:14
Realization that the base image repository was removed and every build will fail
### 17:30
Build logs show errors for every build
### 18:57
Base image bumped and deployed, builds working again
`, map[string]string{fStarted: "2018-01-16", fDetected: "2018-01-17 17:14", fMitigated: "2018-01-17 18:57", fResolved: "2018-01-17 18:57"}},

		{"a mitigation the impact outlasts was none; checking that all is well is no recovery",
			"Hubs unavailable", "2025-07-11-hubs.md", `## Timeline (times in UTC)
### July 11, 2025, 11:42 AM
Alert fires: health check failing
### 11:49 AM
PR that triggered the alerts reverted
### 12:06 PM
- Engineer logs into a hub to check everything is okay
- Hubs remain inaccessible with Service unavailable
### 3:06 PM
Configurator disabled; hubs load again
### 3:22 PM
Incident resolved
`, map[string]string{fStarted: "2025-07-11 11:42", fDetected: "2025-07-11 11:42", fMitigated: "2025-07-11 15:06", fResolved: "2025-07-11 15:22"}},

		{"checking whether things work is not a recovery",
			"Login errors 2024-02-02", "l.md", `## Timeline
- 10:00 UTC - errors on login, alert fires
- 10:20 UTC - restarted the auth service
- 10:25 UTC - engineer logs in to check everything is okay
- 10:50 UTC - logins work again
`, map[string]string{fStarted: "2024-02-02 10:00", fDetected: "2024-02-02 10:00", fMitigated: "2024-02-02 10:20", fResolved: "2024-02-02 10:50"}},

		{"a new wave after a recovery: the recovery was temporary",
			"Spam waves", "2021-10-31-spam.md", `## Timeline (all times UTC)
- 2021-10-30 20:45 - First wave of spam transactions begins
- 2021-10-30 21:55 - Alarms fire for node load
- 2021-10-31 00:02 - Queue is back to zero
- 2021-10-31 02:00 - Second wave of transactions begins
- 2021-10-31 07:00 - Queue is empty again
- 2021-10-31 11:30 - Final and largest wave begins
- 2021-11-01 12:46 - Queue is empty
`, map[string]string{fStarted: "2021-10-30 20:45", fDetected: "2021-10-30 21:55", fMitigated: "2021-11-01 12:46", fResolved: "2021-11-01 12:46"}},

		{"taking permissions away contains an incident",
			"Channel permissions", "2022-10-20-channel.md", `## Timeline (all times CST)
10/20/2022 - 15:38 CST - a member converted the public channel into a team and created a sub-channel
10/20/2022 - 15:41 CST - Discovered that the channel was converted
10/20/2022 - 16:00 CST - Permissions for all members changed from writers to readers
`, map[string]string{fStarted: "2022-10-20 21:38", fDetected: "2022-10-20 21:41", fMitigated: "2022-10-20 22:00"}},

		{"a time on a line of its own takes the paragraphs up to the next entry",
			"Invoice totals", "2024-03-03-invoices.md", `## Timeline (all times UTC)

March 3, 2024: 9:10am UTC
A customer emailed that invoices show wrong totals.

March 3, 2024: 11:00am UTC
Billing export disabled.

March 4, 2024: 2:00pm UTC
The vendor called back about the totals.

Their audit matched every total to a rounding change in the export; the security team closed the issue as a false positive.

## Resolution
`, map[string]string{fStarted: "2024-03-03 09:10", fDetected: "2024-03-03 09:10", fMitigated: "2024-03-03 11:00", fResolved: "2024-03-04 14:00"}},

		{"cordoning a node only keeps new work off it: the impact ends later",
			"Logs missing 2019-02-20", "l.md", `## Timeline
- 10:00 UTC - log streaming fails for all pods, build logs not forwarded to users
- 12:00 UTC - the suspect node has been cordoned and will be removed when empty
- 13:30 UTC - node drained and removed, logs are restored
`, map[string]string{fStarted: "2019-02-20 10:00", fMitigated: "2019-02-20 13:30", fResolved: "2019-02-20 13:30"}},

		{"a fix the sentence takes back, and people resuming their work, end nothing",
			"Memory leak 2018-04-18", "m.md", `## Timeline
- 13:30 UTC - launch success drops to zero
- 14:29 UTC - outage reported by a user; hub restarted, launches back to normal
- 17:03 UTC - believing the issue to be resolved, work resumes
- 17:23 UTC - the culler is fixed, but memory growth continues
- 23:47 UTC - bad image reverted, everything is okay again
`, map[string]string{fStarted: "2018-04-18 13:30", fDetected: "2018-04-18 14:29", fResolved: "2018-04-18 23:47"}},

		{"a mistake noted at once; a timeline that ends with the change undone ends the incident there",
			"Wrong cluster", "2017-02-24-scaler.md", `## Timeline
### 2017-02-24 11:14 PM
A scaling script runs against production and marks 40 nodes unschedulable; logins slow down. The mistake is noted immediately.
### 2017-02-24 11:26 PM
The change is reverted and all nodes are schedulable again.
`, map[string]string{fStarted: "2017-02-24 23:14", fDetected: "2017-02-24 23:14", fMitigated: "2017-02-24 23:26", fResolved: "2017-02-24 23:26"}},

		{"no adverse effects: a near miss",
			"Wrong cluster", "2017-02-24-scaler.md", `## Summary
Capacity dropped for twelve minutes; there was enough left, so we had no adverse effects.
## Timeline
### 2017-02-24 11:14 PM
A scaling script runs against production and marks 40 nodes unschedulable. The mistake is noted immediately.
### 2017-02-24 11:26 PM
The change is reverted.
`, map[string]string{fStarted: "", fDetected: "2017-02-24 23:14", fMitigated: "2017-02-24 23:26"}},

		{"restarting a CI run retries it and mitigates nothing; a service that comes up recovers",
			"Volume stuck", "2018-02-05-volume.md", `## Timeline
### 2018-02-05 20:57
A PR for the course hub is merged.
### 21:20
The upgrade fails because the new hub pod does not start; the hub is down.
### 21:30
CI is restarted, but the volume is still bound to the old pod.
### 21:45
The volume is deleted and the build restarted.
### 22:05
The hub comes up with a new volume.
`, map[string]string{fStarted: "2018-02-05 21:20", fMitigated: "2018-02-05 22:05", fResolved: "2018-02-05 22:05"}},

		{"brought online, an all-clear, users able to connect again",
			"Hub down 2019-02-25", "h.md", `## Timeline
### 11:21
The API server became unavailable and the hub went down.
### 11:34
Staff notified in chat. The proxy is up, but kubectl fails for all operations.
### 13:41
A new cluster is created and the hub is brought online there.
### 14:48
A certificate is issued, enabling students to connect.
### 15:40
An email gives an all-clear.
`, map[string]string{fStarted: "2019-02-25 11:21", fDetected: "2019-02-25 11:34", fMitigated: "2019-02-25 13:41", fResolved: "2019-02-25 14:48"}},

		{"a fix tried on staging ends nothing, unless it then reaches production",
			"Hub down 2018-01-25", "h.md", `## Timeline
### 15:30
Production hub upgraded by mistake; the hub is down.
### 16:11
Users report the outage in chat.
### 16:20
The old chart is installed on the staging hub and works there.
### 16:35
It is then merged into production and brought online there.
`, map[string]string{fStarted: "2018-01-25 15:30", fDetected: "2018-01-25 16:11", fMitigated: "2018-01-25 16:35", fResolved: "2018-01-25 16:35"}},

		{"a mitigation its own entry says did not help was none",
			"Kernels dying 2017-03-23", "k.md", `## Timeline
### 09:08
Students report that their kernels keep dying.
### 09:16
The last image change is reverted. This does not improve the situation.
### 09:41
The whole deployment is rolled back to a known good state; students are able to work again.
### 17:25
The fix is deployed to prod and everything is fine.
`, map[string]string{fStarted: "2017-03-23 09:08", fDetected: "2017-03-23 09:08", fMitigated: "2017-03-23 09:41", fResolved: "2017-03-23 17:25"}},

		{"times alone take the day the text names before the file name's (the review's date)",
			"Proxy died", "2017-02-24-proxy.md", `## Summary
On the evening of Feb 23, students saw errors when opening notebooks.
## Timeline
All times in UTC
### 21:10
The proxy pod is evicted; users see errors.
### 22:03
The service is fully operational again.
`, map[string]string{fStarted: "2017-02-23 21:10", fResolved: "2017-02-23 22:03"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkTimes(t, c.title, c.file, c.body, c.want) })
	}
}
