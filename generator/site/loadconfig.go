package site

import (
	"context"
	"errors"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/render/theme"
)

// loadConfig reads site.toml (and what its metric tables mean), the
// templates and the static files.
func (b *builder) loadConfig(context.Context) error {
	cfg, specs, err := reports.LoadConfig(b.opts.Source)
	var ds diag.List
	if errors.As(err, &ds) {
		b.addDiags(ds, b.rel)
	} else if err != nil {
		return err
	}
	if cfg == nil {
		return nil // a syntax error: the diagnostics say where
	}
	b.cfg, b.specs = cfg, specs
	if b.opts.BaseURL != "" {
		b.cfg.BaseURL = b.opts.BaseURL
	}
	layers, err := theme.Layers(b.opts.Source, cfg.Theme)
	if err != nil {
		return err
	}
	b.tpl, err = theme.Load(layers)
	if err != nil {
		return err
	}
	files, names, err := theme.StaticFiles(layers)
	if err != nil {
		return err
	}
	for _, n := range names {
		if err := b.out.Add(n, files[n]); err != nil {
			return err
		}
	}
	return nil
}
