package postmortem

import (
	"regexp"
	"strings"
	"time"
)

// Zones as postmortems write them (METRICS.md, Incidents): abbreviations
// are fixed offsets ("PST" in July is -08:00: the document said PST);
// names without a season ("PT", "Pacific", "US/Pacific", "Europe/Berlin")
// are the real zone, summer time included, at the entry's own date.

// zoneOff is a zone and the name it was written as: a fixed offset, or a
// real zone (loc) whose offset depends on the date.
type zoneOff struct {
	name string
	off  int // seconds east of UTC (fixed offsets)
	loc  *time.Location
}

// offsetAt is the zone's offset, in seconds east of UTC, at a local time.
func (z *zoneOff) offsetAt(local time.Time) int {
	if z == nil {
		return 0
	}
	if z.loc == nil {
		return z.off
	}
	t := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, z.loc)
	_, off := t.Zone()
	return off
}

// zoneAbbrevs are the common abbreviations read as fixed offsets
// (METRICS.md: CET, CEST, PST, PDT and other common abbreviations). Names
// that mean different zones in different places (IST, CST in China) take
// the most common English reading.
var zoneAbbrevs = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
	"BST": 1, "CET": 1, "WEST": 1, "MET": 1,
	"CEST": 2, "EET": 2, "MEST": 2, "SAST": 2,
	"EEST": 3, "MSK": 3,
	"IST": 5*3600 + 1800, "SGT": 8, "HKT": 8, "AWST": 8, "JST": 9, "KST": 9,
	"AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
	"PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CST": -6, "CDT": -5,
	"EST": -5, "EDT": -4, "AKST": -9, "AKDT": -8, "HST": -10,
}

// genericZones are names without a season: the real zone, summer time
// included.
var genericZones = map[string]string{
	"PT": "America/Los_Angeles", "MT": "America/Denver", "CT": "America/Chicago", "ET": "America/New_York",
	"PACIFIC": "America/Los_Angeles", "MOUNTAIN": "America/Denver", "CENTRAL": "America/Chicago", "EASTERN": "America/New_York",
}

func zoneByName(name string) (*zoneOff, bool) {
	up := strings.ToUpper(name)
	if h, ok := zoneAbbrevs[up]; ok {
		off := h * 3600
		if h > 100 || h < -100 { // already seconds (IST)
			off = h
		}
		return &zoneOff{name: up, off: off}, true
	}
	if iana, ok := genericZones[up]; ok {
		if loc, err := time.LoadLocation(iana); err == nil {
			return &zoneOff{name: up, loc: loc}, true
		}
	}
	return nil, false
}

const zoneNames = `UTC|GMT|WET|BST|CET|WEST|MET|CEST|EET|MEST|SAST|EEST|MSK|IST|SGT|HKT|AWST|JST|KST|AEST|AEDT|NZST|NZDT|PST|PDT|MST|MDT|CST|CDT|EST|EDT|AKST|AKDT|HST|PT|MT|CT|ET`

var (
	reZoneName = regexp.MustCompile(`^(\(?)(` + zoneNames + `)(?:\s*([+-])(\d{1,2})(?::?(\d{2}))?)?`)
	// An IANA name ("US/Pacific", "Europe/Berlin", "America/New_York") or
	// a "…/Pacific" whose area is misspelt: the part after the slash names
	// a US zone.
	reZoneIANA = regexp.MustCompile(`^(\(?)([A-Z][A-Za-z]+)/([A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?)`)
)

// readZone reads a zone at the start of s, with an optional offset
// ("UTC+2", "(GMT)", "CET", "PT", "US/Pacific"); n is 0 when there is none.
// Upper-case abbreviations only, so that words ("met", "est") are not read
// as zones.
func readZone(s string) (*zoneOff, int) {
	if s == "" || !(s[0] == '(' || (s[0] >= 'A' && s[0] <= 'Z')) {
		return nil, 0
	}
	if m := reZoneIANA.FindStringSubmatch(s); m != nil {
		n := len(m[0])
		if m[1] == "(" {
			if n >= len(s) || s[n] != ')' {
				return nil, 0
			}
			n++
		}
		if loc, err := time.LoadLocation(m[2] + "/" + m[3]); err == nil && !strings.HasPrefix(m[0], "Etc/") {
			return &zoneOff{name: m[2] + "/" + m[3], loc: loc}, n
		}
		if z, ok := zoneByName(m[3]); ok && z.loc != nil {
			return &zoneOff{name: m[2] + "/" + m[3], loc: z.loc}, n
		}
		return nil, 0
	}
	m := reZoneName.FindStringSubmatch(s)
	if m == nil {
		return nil, 0
	}
	n := len(m[0])
	if n < len(s) && isWordByte(s[n]) {
		return nil, 0
	}
	if m[1] == "(" {
		if n >= len(s) || s[n] != ')' {
			return nil, 0
		}
		n++
	}
	z, _ := zoneByName(m[2])
	if m[3] != "" {
		off := atoi(m[4])*3600 + atoi(m[5])*60
		if m[3] == "-" {
			off = -off
		}
		z = &zoneOff{name: m[2] + m[3] + m[4], off: z.offsetAt(time.Time{}) + off}
		if m[5] != "" {
			z.name += ":" + m[5]
		}
	}
	// "PST (UTC-7)": the offset in brackets is what the author meant.
	if pm := reZoneParen.FindStringSubmatch(s[n:]); pm != nil {
		off := atoi(pm[2])*3600 + atoi(pm[3])*60
		if pm[1] == "-" {
			off = -off
		}
		z = &zoneOff{name: z.name, off: off}
		n += len(pm[0])
	}
	return z, n
}

func zoneAt(s string) int { _, n := readZone(s); return n }

var (
	// "All times in CET.", "Times are UTC", "All timestamps are in PDT",
	// "Date and Time in CET", "Time (UTC)", "times in BST".
	zoneStatementRE = regexp.MustCompile(`(?i)\b(?:all\s+)?(?:times?|timestamps?|date\s*(?:and|&|/)\s*time)\b(?:\s+(?:are|is|shown|given|listed|stated|displayed|below|written|approximate))*\s*(?:in\s+|:\s*)?\(?\s*$`)
	timeWordRE      = regexp.MustCompile(`(?i)\btime`)
	timeHeaderRE    = regexp.MustCompile(`(?i)\b(?:time|timestamp|when|date)`)
)

// statedZone reads a document's statement of its zone: "All times in CET.",
// "All times are UTC", "(all times in GMT)", "All times in PST, on ...".
func statedZone(line string) *zoneOff {
	if !containsFold(line, "time") || !timeWordRE.MatchString(line) {
		return nil // cheap tests first: most lines name no time at all
	}
	p := plain(line)
	for i := 0; i < len(p) && i < 80; i++ {
		if i > 0 && isWordByte(p[i-1]) {
			continue
		}
		z, n := readZone(p[i:])
		if n == 0 {
			continue
		}
		if zoneStatementRE.MatchString(p[:i]) && i < 60 {
			return z
		}
	}
	return nil
}

// headerZone reads a zone from a table column header: "Time (UTC)",
// "Date and Time in CET", "Timestamp UTC".
func headerZone(cell string) *zoneOff {
	p := plain(cell)
	if !timeHeaderRE.MatchString(p) {
		return nil
	}
	return anyZone(p)
}

// anyZone is the first zone named anywhere in s (a timeline heading:
// "Timeline (PST) 4/21/23", "Timeline (all times PT )").
func anyZone(s string) *zoneOff {
	for i := 0; i < len(s) && i < 200; i++ {
		if i > 0 && isWordByte(s[i-1]) {
			continue
		}
		if z, n := readZone(s[i:]); n > 0 {
			return z
		}
	}
	return nil
}

// containsFold: s contains sub (lower-case ASCII) in any letter case,
// without the cost of a case-folding regexp on every line.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 == sub[0] && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}
