package site

import (
	"errors"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/sources/metricsrc"
)

// metricError is an SLO's or KPI's error as a site.toml message: a
// selector that selects nothing is put at the key that wrote it (keyOf),
// in the table at.
func metricError(at config.Place, keyOf func(model.Selector) string, err error) diag.Diag {
	d := diag.Diag{Path: config.FileName, Msg: err.Error()}
	var nm *metricsrc.NoMatchError
	var keyed interface{ Key() string } // an error about one key, such as slo's slice limit
	switch {
	case errors.As(err, &nm):
		if key := keyOf(nm.Sel); key != "" {
			d.Line, d.Col = at.At(key)
		}
	case errors.As(err, &keyed):
		d.Line, d.Col = at.At(keyed.Key())
	}
	return d
}
