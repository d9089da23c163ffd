package site

import (
	"fmt"
)

// ActionItemsPath is the page of every open action item.
const ActionItemsPath = "action-items/index.html"

// ActionItemsData is the action-items page's data: every item not done, oldest first.
type ActionItemsData struct {
	Rows []ActionItemRow
	// Groups are the rows by postmortem, in the same order.
	Groups         []ActionItemGroup
	Open, Overdue  int
	Postmortems    int // postmortems with open items
	TotalItems     int
	PostmortemsAll int
}

// ActionItemGroup is the open items of one postmortem.
type ActionItemGroup struct {
	PMTitle, PMPath, PMDate string
	Overdue                 int
	Rows                    []ActionItemRow
}

// ActionItemRow is one open action item and the postmortem it came from.
type ActionItemRow struct {
	PMAction
	PMTitle, PMPath, PMDate string
	Overdue                 bool
}

func (b *pageBuilder) actionItemsPage() {
	ins := b.rep.Incidents
	d := &ActionItemsData{PostmortemsAll: len(ins)}
	seen := map[string]bool{}
	for _, in := range ins {
		d.TotalItems += in.Actions
	}
	for _, it := range b.rep.OpenItems {
		row := ActionItemRow{PMAction: actionView(it.Item), PMTitle: it.Postmortem.Title, PMPath: b.postmortemPaths[it.Postmortem.Path], Overdue: it.State == "overdue"}
		switch {
		case it.Postmortem.Started != nil:
			row.PMDate = it.Postmortem.Started.Format("2006-01-02")
		case it.Postmortem.Date != nil:
			row.PMDate = it.Postmortem.Date.Format("2006-01-02")
		}
		d.Open++
		if row.Overdue {
			d.Overdue++
		}
		seen[it.Postmortem.Path] = true
		d.Rows = append(d.Rows, row)
		if n := len(d.Groups); n == 0 || d.Groups[n-1].PMPath != row.PMPath {
			d.Groups = append(d.Groups, ActionItemGroup{PMTitle: row.PMTitle, PMPath: row.PMPath, PMDate: row.PMDate})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Rows = append(g.Rows, row)
		if row.Overdue {
			g.Overdue++
		}
	}
	d.Postmortems = len(seen)
	b.addPage(&pageOut{Path: ActionItemsPath, Kind: "action-items", Data: d,
		Info: PageInfo{Title: "Open action items", Section: "postmortems",
			Description: fmt.Sprintf("%d open action items from %d postmortems, %d overdue.", d.Open, d.Postmortems, d.Overdue),
			HowCounted:  "Every action item not done at the data's date, oldest postmortem first. Done: status done, a ticked checkbox, or the linked issue closed (pull request merged) in the store. Overdue: a due date before that date."}})
}
