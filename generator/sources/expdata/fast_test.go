package expdata

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/vitals-dev/vitals/generator/sources/metricsrc"
)

// TestSplitPlainFindsEveryCommaAndQuote checks the word-at-a-time split
// against bytes.Split on lines of every length up to 40, with commas,
// quotes and high bytes anywhere (the word tests must not see a comma or
// a quote in a neighbouring byte).
func TestSplitPlainFindsEveryCommaAndQuote(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte{',', '"', 'a', '0', ' ', 0x00, 0x2b, 0x2d, 0x21, 0x23, 0xac, 0xa2, 0xff, 0x7f, 0x80}
	var s scanner
	for n := range 41 {
		for range 300 {
			l := make([]byte, n)
			for i := range l {
				l[i] = alphabet[rng.IntN(len(alphabet))]
			}
			ok := s.splitPlain(l)
			if quote := bytes.IndexByte(l, '"') >= 0; ok == quote {
				t.Fatalf("%q: splitPlain says plain=%v", l, ok)
			}
			if !ok {
				continue
			}
			want := bytes.Split(l, []byte{','})
			if len(s.fields) != len(want) {
				t.Fatalf("%q: %d fields, want %d", l, len(s.fields), len(want))
			}
			for i := range want {
				if !bytes.Equal(s.fields[i], want[i]) {
					t.Fatalf("%q: field %d is %q, want %q", l, i, s.fields[i], want[i])
				}
			}
		}
	}
}

// TestTimeCacheReadsAsParseTime reads a sequence of times through one
// cache, each as metricsrc.ParseTime reads it alone: the same instant,
// location and error, whatever date the cache holds.
func TestTimeCacheReadsAsParseTime(t *testing.T) {
	in := []string{
		"2024-03-01 00:00:00", "2024-03-01 23:59:59", "2024-03-01T12:00:00Z", "2024-03-01 24:00:00",
		"2024-03-01 12:60:00", "2024-03-01 1a:00:00", "2024-03-02 00:00:01", "2024-03-01 00:00:01",
		"2024-02-30 10:00:00", "2024-02-30 11:00:00", "2024-02-29 10:00:00", "2023-02-29 10:00:00",
		"1970-01-01 00:00:00", "1970-01-01 00:00:05", "1969-12-31 23:59:59", "0000-01-01 00:00:00",
		"2024-03-01 12:00:00+02:00", "2024-03-01", "1709294400", "2024-03-01 12:00:00.5",
		"2024-03-01 12:00:00Z", "2024-13-01 10:00:00", "2024-03-01T10:00:00", "2024-03-01x10:00:00",
	}
	var c timeCache
	for range 2 {
		for _, s := range in {
			got, gotErr := c.parse([]byte(s))
			want, wantErr := metricsrc.ParseTime([]byte(s))
			if (gotErr == nil) != (wantErr == nil) || got != want || got.Location() != want.Location() {
				t.Errorf("%q: got %v (%v), ParseTime gives %v (%v)", s, got, gotErr, want, wantErr)
			}
		}
	}
	if !c.set || c.day == 0 && string(c.date[:]) != "1970-01-01" {
		t.Errorf("the cache kept no date: %+v", c)
	}
}
