package postmortem

import (
	"time"

	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
)

func ts(s string) *time.Time {
	t, ok := frontmatter.ParseTime(s)
	if !ok {
		panic(s)
	}
	return &t
}
