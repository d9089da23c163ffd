package areas

import (
	"io"
	"strconv"

	"github.com/vitals-dev/vitals/generator/base/csvout"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
)

// CSVHeader is the header of areas.csv (METRICS.md, Downloads).
var CSVHeader = []string{"area", "team", "month", "opened", "closed", "bugs_opened",
	"open_at_end", "bugs_open_at_end", "close_median_days", "first_response_within_target"}

// WriteCSV writes areas.csv: each area's months (team: the area's team,
// empty when none), then each team's months with area "all" (every issue
// of the team's areas and repos). first_response_within_target is the share
// of the month's issues that the response SLO judged good, empty where it
// judged none or the site has no response SLO.
func WriteCSV(w io.Writer, r *Report) error {
	cw, err := csvout.New(w, CSVHeader...)
	if err != nil {
		return err
	}
	rows := func(area, team string, g *Group) error {
		for _, m := range g.Months {
			p := m.Point
			within := ""
			if m.WithinTarget != nil {
				within = strconv.FormatFloat(*m.WithinTarget, 'f', 4, 64)
			}
			if err := cw.Row(area, team, p.Period.String(), strconv.Itoa(p.Opened), strconv.Itoa(p.Closed),
				strconv.Itoa(p.BugsOpened), strconv.Itoa(p.OpenAtEnd), strconv.Itoa(p.BugsOpenAtEnd),
				issuestats.Days(p.CloseMedianDays), within); err != nil {
				return err
			}
		}
		return nil
	}
	for _, g := range r.Areas {
		if err := rows(g.Name, g.Team, g); err != nil {
			return err
		}
	}
	for _, g := range r.Teams {
		if err := rows("all", g.Name, g); err != nil {
			return err
		}
	}
	return cw.Flush()
}
