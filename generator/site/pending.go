package site

// Sections that land with their issues.
func (b *builder) slo() error { return nil }
