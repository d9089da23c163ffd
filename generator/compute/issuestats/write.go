package issuestats

import (
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/vitals-dev/vitals/generator/base/csvout"
	"github.com/vitals-dev/vitals/generator/base/period"
)

// MonthlyCSVHeader is the header of issues-monthly.csv (docs/metrics.md, Downloads).
var MonthlyCSVHeader = []string{"repo", "month", "opened", "closed", "reopened", "bugs_opened",
	"open_at_end", "bugs_open_at_end", "close_median_days", "close_p90_days"}

// WriteMonthlyCSV writes issues-monthly.csv: the month series of each repo
// (in the report's order), then those of repo "all".
func WriteMonthlyCSV(w io.Writer, r *Report) error {
	cw, err := csvout.New(w, MonthlyCSVHeader...)
	if err != nil {
		return err
	}
	stats := append(append([]*RepoStats(nil), r.Repos...), r.All)
	for _, s := range stats {
		if s == nil {
			continue
		}
		for _, p := range s.Series[period.Month].Points {
			if err := cw.Row(s.Repo, p.Period.String(),
				strconv.Itoa(p.Opened), strconv.Itoa(p.Closed), strconv.Itoa(p.Reopened),
				strconv.Itoa(p.BugsOpened), strconv.Itoa(p.OpenAtEnd), strconv.Itoa(p.BugsOpenAtEnd),
				Days(p.CloseMedianDays), Days(p.CloseP90Days)); err != nil {
				return err
			}
		}
	}
	return cw.Flush()
}

// Days formats a duration in days with two decimals; "" for nil.
func Days(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', 2, 64)
}

// summaryRepo is one entry of summary.json; fields in key order so that the
// document's keys are sorted.
type summaryRepo struct {
	BacklogClosure           *float64 `json:"backlog_closure"`
	BugRateChangePct         *float64 `json:"bug_rate_change_pct"`
	BugsLast12m              int      `json:"bugs_last_12m"`
	BugsOpen                 int      `json:"bugs_open"`
	BugsPrev12m              int      `json:"bugs_prev_12m"`
	FirstResponseMedianHours *float64 `json:"first_response_median_hours"`
	Open                     int      `json:"open"`
	PRsMerged                int      `json:"prs_merged"`
}

type summary struct {
	AsOf  string                 `json:"as_of"`
	Repos map[string]summaryRepo `json:"repos"`
}

// WriteSummaryJSON writes summary.json (docs/metrics.md, Downloads) with figures
// at full precision (docs/metrics.md fixes no rounding for them, so none is
// added; encoding/json writes the shortest exact form); keys sorted;
// two-space indent and a final newline.
func WriteSummaryJSON(w io.Writer, r *Report) error {
	doc := summary{AsOf: r.AsOf.UTC().Format(time.RFC3339), Repos: map[string]summaryRepo{}}
	stats := append(append([]*RepoStats(nil), r.Repos...), r.All)
	for _, s := range stats {
		if s == nil {
			continue
		}
		doc.Repos[s.Repo] = summaryRepo{
			BacklogClosure:           s.BacklogClosure,
			BugRateChangePct:         s.BugRateChangePct,
			BugsLast12m:              s.BugsLast12m,
			BugsOpen:                 s.BugsOpen,
			BugsPrev12m:              s.BugsPrev12m,
			FirstResponseMedianHours: s.FirstResponse.MedianHours,
			Open:                     s.Open,
			PRsMerged:                s.PRsMerged,
		}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
