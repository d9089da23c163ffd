package metricsrc

import (
	"testing"
	"time"
)

// fastTime's own day count agrees with time.Date on every day from 1600 to
// 2400 (leap centuries included).
func TestCivilDaysAgreesWithTimeDate(t *testing.T) {
	for d := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2400; d = d.AddDate(0, 0, 1) {
		if got, want := civilDays(d.Year(), int(d.Month()), d.Day()), d.Unix()/86400; got != want {
			t.Fatalf("%s: %d days, want %d", d.Format("2006-01-02"), got, want)
		}
	}
	if got, _ := fastTime("2024-02-29 23:59:59"); !got.Equal(time.Date(2024, 2, 29, 23, 59, 59, 0, time.UTC)) || got.Location() != time.UTC {
		t.Errorf("fastTime = %v", got)
	}
}
