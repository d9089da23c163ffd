package site

import (
	"io"

	"github.com/vitals-dev/vitals/generator/compute/launches"
)

// launches writes launches.csv. (The launches pages come with the page
// views' move to render/pages.)
func (b *pageBuilder) launches() error {
	if len(b.rep.Launches) == 0 {
		return nil
	}
	return b.addFile("data/launches.csv", func(w io.Writer) error { return launches.WriteCSV(w, b.rep.Launches) })
}
