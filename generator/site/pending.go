package site

// Sections that land with their issues.
func (b *builder) postmortems() error  { return nil }
func (b *builder) slo() error          { return nil }
func (b *builder) contentPages() error { return nil }
