package pages

import (
	"slices"

	"github.com/vitals-dev/vitals/generator/compute/reports"
)

// Sections are the site's sections. Their order is the order of the
// navigation, of the dashboard's card groups and of "How we count"; a new
// section is one entry here and one file (see the package comment).
var Sections = []Section{
	issuesSection,
	postmortemsSection,
	releasesSection,
	sloSection,
	launchesSection,
	premortemsSection,
	decisionsSection,
	areasSection,
	feedbackSection,
	experimentsSection,
	contentSection,
	reviewsSection,
}

// gathering are the pages made of what the sections add (definitions,
// cards, charts): made after every section.
var gathering = []Section{howWeCountSection, dashboardSection}

// Build makes the pages of the sections, then "How we count" and the
// dashboard.
func Build(in Input, sections []Section) *Site {
	return build(in, append(slices.Clip(sections), gathering...))
}

// Needs are the reports that the sections, "How we count" and the
// dashboard read, each once, in order.
func Needs(sections []Section) []reports.Report {
	var out []reports.Report
	for _, s := range append(slices.Clip(sections), gathering...) {
		out = append(out, s.Reports...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
