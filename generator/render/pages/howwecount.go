package pages

// howWeCountSection: the definitions that the sections added, after the
// time definitions every figure shares.
var howWeCountSection = Section{
	Name:  "how we count",
	Pages: (*Builder).howWeCount,
}

// HowCountData is the "How we count" template's data.
type HowCountData struct {
	Sections []DefSection
}

// timeDefs are the definitions every figure shares (docs/metrics.md, Time).
var timeDefs = DefSection{ID: "time", Title: "Time", Items: []Def{
	{"utc", "UTC and periods", "All instants are UTC. A period is a day (2024-03-05), an ISO week (2024-W10, Monday to Sunday), a month (2024-03) or a quarter (2024-Q1), each the half-open range from its first instant up to the next period's first instant."},
	{"as-of", "Data as of", "Figures describe the data at the instant of the last successful sync (or --as-of), never the time the site was built, so the same data always gives the same site. Anything stamped at or after that instant is ignored."},
	{"open-at-end", "Open at the end of a period", "An item is open at the end of a period when it was open just before the period's end."},
}}

func (b *Builder) howWeCount() error {
	secs := append([]DefSection{timeDefs}, b.defs...)
	b.addPage(&Page{
		Path: "how-we-count/index.html", Kind: "howcount",
		Info: PageInfo{Title: "How we count", Section: "how-we-count",
			Description: "The definitions behind every figure on this site."},
		Data: &HowCountData{Sections: secs},
	})
	b.nav1("How we count", "how-we-count/index.html", "how-we-count")
	return nil
}
