// Package site is the build: config → sources → compute → pages → render
// → publish. Each phase wraps its errors with its name; the site is written
// only when every phase succeeded. The phases read files and write the
// site; the figures are computed in compute/reports and the pages' data
// made in render/pages, which read no file.
package site

import (
	"context"
	"fmt"
	"time"

	"github.com/vitals-dev/vitals/generator/render/pages"
)

// Build runs the whole build.
func Build(ctx context.Context, o Options) (*Result, error) {
	return newBuilder(o, pages.Sections).run(ctx)
}

// run runs the phases, and publishes the site when every one succeeded.
func (b *builder) run(ctx context.Context) (*Result, error) {
	start := time.Now()
	o := b.opts
	if !o.DryRun {
		l, err := lockDest(ctx, o.Dest, o.Lock)
		if err != nil {
			return nil, err
		}
		defer l.Release()
	}
	defer b.unlockStore() // after a failed phase too
	phases := []struct {
		name string
		run  func(context.Context) error
	}{
		{"config", b.loadConfig},
		{"sources", b.loadSources},
		{"compute", b.compute},
		{"pages", b.pages},
		{"render", b.render},
	}
	defer b.waitMetrics() // a failed phase leaves no reader behind
	defer b.waitExperiments()
	for _, p := range phases {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := p.run(ctx); err != nil {
			return b.res, fmt.Errorf("%s: %w", p.name, err)
		}
		if len(b.errs) > 0 {
			b.errs.Sort()
			return b.res, b.errs
		}
	}
	b.warns.Sort()
	b.res.Warnings = b.warns
	b.res.AsOf = b.asOf
	if !o.DryRun {
		if err := b.out.Write(ctx, o.Dest); err != nil {
			if ctx.Err() != nil {
				return nil, err // interrupted: nothing was written
			}
			return b.res, fmt.Errorf("publish: %w", err)
		}
	}
	b.res.Files = len(b.out.Paths())
	b.res.Duration = time.Since(start)
	return b.res, nil
}
