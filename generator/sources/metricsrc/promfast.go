package metricsrc

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// promValues decodes a query_range "values" array without a value per
// element: [[1709251200,"1.5"], ...] is scanned by hand (a 5-million-point
// export would otherwise allocate several times per point). encoding/json
// has checked the document's syntax before it calls UnmarshalJSON; an
// element not of the usual shape goes through the generic decoder so its
// message is the same.
type promValues struct {
	pts       []model.Point
	bad       []promBad
	nonFinite int
	n         int // elements read
}

type promBad struct {
	idx int
	msg string
}

func (p *promValues) UnmarshalJSON(data []byte) error {
	i := skipWS(data, 0)
	if i >= len(data) || data[i] != '[' {
		if string(data[i:]) == "null" {
			return nil
		}
		return fmt.Errorf("values: want an array")
	}
	p.pts = make([]model.Point, 0, len(data)/20)
	i++
	for idx := 0; ; idx++ {
		i = skipWS(data, i)
		if i >= len(data) || data[i] == ']' {
			break
		}
		end := skipValue(data, i)
		elem := data[i:end]
		p.n++
		if t, v, state := fastPair(elem); state == pairOK {
			p.pts = append(p.pts, model.Point{T: t, V: v})
		} else if state == pairNonFinite {
			p.nonFinite++
		} else if msg, t, v, ok := p.slowPair(elem); msg != "" {
			p.bad = append(p.bad, promBad{idx, msg})
		} else if ok {
			p.pts = append(p.pts, model.Point{T: t, V: v})
		}
		i = skipWS(data, end)
		if i < len(data) && data[i] == ',' {
			i++
		}
	}
	return nil
}

const (
	pairOK = iota
	pairNonFinite
	pairOther
)

// fastPair reads [number, "number"] with no escapes or spaces to speak of.
func fastPair(e []byte) (time.Time, float64, int) {
	if len(e) < 5 || e[0] != '[' || e[len(e)-1] != ']' {
		return time.Time{}, 0, pairOther
	}
	c := indexByte(e, ',')
	if c < 0 {
		return time.Time{}, 0, pairOther
	}
	tsb := trimWS(e[1:c])
	vb := trimWS(e[c+1 : len(e)-1])
	if len(vb) < 2 || vb[0] != '"' || vb[len(vb)-1] != '"' {
		return time.Time{}, 0, pairOther
	}
	vb = vb[1 : len(vb)-1]
	for _, ch := range vb {
		if ch == '\\' || ch == '"' {
			return time.Time{}, 0, pairOther
		}
	}
	ts, err := strconv.ParseFloat(string(tsb), 64)
	if err != nil {
		return time.Time{}, 0, pairOther
	}
	t, err := epochTime(ts)
	if err != nil {
		return time.Time{}, 0, pairOther
	}
	v, err := strconv.ParseFloat(string(vb), 64)
	if err != nil {
		return time.Time{}, 0, pairOther
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return t, 0, pairNonFinite
	}
	return t, v, pairOK
}

// slowPair reads an element of any other shape, or says what is wrong.
func (p *promValues) slowPair(e []byte) (msg string, t time.Time, v float64, ok bool) {
	var pair []json.RawMessage
	if err := json.Unmarshal(e, &pair); err != nil || len(pair) != 2 {
		return fmt.Sprintf("want [time, \"value\"], got %s", clip(string(e))), t, 0, false
	}
	ts, err := strconv.ParseFloat(string(pair[0]), 64)
	if err != nil {
		return fmt.Sprintf("time %s is not a number", clip(string(pair[0]))), t, 0, false
	}
	if t, err = epochTime(ts); err != nil {
		return err.Error(), t, 0, false
	}
	var vs string
	if err := json.Unmarshal(pair[1], &vs); err != nil {
		vs = string(pair[1]) // a bare number, as some tools write
	}
	if vs == "null" || vs == "" {
		return "", t, 0, false
	}
	if v, err = strconv.ParseFloat(vs, 64); err != nil {
		return fmt.Sprintf("value %q is not a number", clip(vs)), t, 0, false
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		p.nonFinite++
		return "", t, 0, false
	}
	return "", t, v, true
}

func isWS(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipWS(d []byte, i int) int {
	for i < len(d) && isWS(d[i]) {
		i++
	}
	return i
}

func trimWS(d []byte) []byte {
	for len(d) > 0 && isWS(d[0]) {
		d = d[1:]
	}
	for len(d) > 0 && isWS(d[len(d)-1]) {
		d = d[:len(d)-1]
	}
	return d
}

func indexByte(d []byte, c byte) int {
	for i, x := range d {
		if x == c {
			return i
		}
	}
	return -1
}

// skipValue returns the end of the (syntactically valid) JSON value at i.
func skipValue(d []byte, i int) int {
	depth := 0
	for ; i < len(d); i++ {
		switch d[i] {
		case '"':
			for i++; i < len(d) && d[i] != '"'; i++ {
				if d[i] == '\\' {
					i++
				}
			}
			if depth == 0 {
				return i + 1
			}
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1
			}
			if depth < 0 {
				return i
			}
		case ',':
			if depth == 0 {
				return i
			}
		}
	}
	return i
}
