package site

import "html/template"

// Sections that land with their issues.
func (b *builder) issues() error       { return nil }
func (b *builder) postmortems() error  { return nil }
func (b *builder) slo() error          { return nil }
func (b *builder) contentPages() error { return nil }

var _ template.HTML
