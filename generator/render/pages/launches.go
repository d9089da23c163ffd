package pages

import (
	"io"

	"github.com/vitals-dev/vitals/generator/compute/launches"
	"github.com/vitals-dev/vitals/generator/compute/reports"
)

// launchesSection: launches.csv (the launches' pages come with the launches branch).
var launchesSection = Section{
	Name:    "launches",
	Reports: []reports.Report{reports.Launches},
	Pages:   (*Builder).launches,
}

// launches writes launches.csv. (The launches pages come with the page
// views' move to render/pages.)
func (b *Builder) launches() error {
	if len(b.rep.Launches) == 0 {
		return nil
	}
	return b.addFile("data/launches.csv", func(w io.Writer) error { return launches.WriteCSV(w, b.rep.Launches) })
}
