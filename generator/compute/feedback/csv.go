package feedback

import (
	"io"
	"strconv"
	"time"

	"github.com/vitals-dev/vitals/generator/base/csvout"
)

// WriteCSV writes feedback.csv (docs/metrics.md, Downloads): one row per
// request, by repository and number. Unknown values are empty cells.
func WriteCSV(w io.Writer, r *Report) error {
	cw, err := csvout.New(w, "repo", "number", "title", "labels", "created_at", "state", "thumbs_up", "thumbs_up_90d_ago", "first_response_hours", "closed_at")
	if err != nil {
		return err
	}
	for _, q := range r.Requests {
		state, closed := "open", ""
		if !q.Open {
			state = "closed"
			closed = q.Closed.UTC().Format(time.RFC3339)
		}
		resp := ""
		if h := q.ResponseHours(); h != nil {
			resp = strconv.FormatFloat(*h, 'f', 2, 64)
		}
		if err := cw.Row(q.Repo, strconv.Itoa(q.Number), q.Title, LabelsText(q.Labels), q.Created.UTC().Format(time.RFC3339), state,
			count(q.ThumbsUp), count(q.ThumbsUp90), resp, closed); err != nil {
			return err
		}
	}
	return cw.Flush()
}

func count(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
