package metricsrc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// JSON exports carry no line numbers once decoded, so a bad point is named
// by its place in the document, such as data.result[2].values[17].

type promDoc struct {
	Status    string `json:"status"`
	ErrorType string `json:"errorType"`
	Error     string `json:"error"`
	Data      struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Metric map[string]string `json:"metric"`
			Values promValues        `json:"values"`
			Value  json.RawMessage   `json:"value"`
		} `json:"result"`
	} `json:"data"`
}

// parsePrometheus reads an HTTP API response of resultType matrix (or
// vector): values are [unix seconds, "string"] pairs, where "NaN" and
// "+Inf" are possible.
func parsePrometheus(b *builder, data []byte) {
	var d promDoc
	if err := json.Unmarshal(data, &d); err != nil {
		line, msg := jsonErr(data, err)
		b.fatalAt(line, "not a Prometheus API response: %s", msg)
		return
	}
	if d.Status != "" && d.Status != "success" {
		b.fatal("Prometheus returned status %q: %s %s", clip(d.Status), clip(d.ErrorType), clip(d.Error))
		return
	}
	if d.Data.ResultType != "matrix" && d.Data.ResultType != "vector" {
		b.fatal("Prometheus resultType %q: want matrix (query_range) or vector", clip(d.Data.ResultType))
		return
	}
	for i, r := range d.Data.Result {
		sub := promName(r.Metric)
		labels := make(map[string]string, len(r.Metric))
		for k, v := range r.Metric {
			labels[k] = v
		}
		s := b.get(sub, labels)
		vals := r.Values
		if r.Value != nil {
			vals = promValues{}
			vals.UnmarshalJSON(append(append([]byte("["), r.Value...), ']'))
		}
		b.rows += vals.n
		b.nonFinite += vals.nonFinite
		for _, bad := range vals.bad {
			b.badRow(0, "data.result[%d].values[%d]: %s", i, bad.idx, bad.msg)
		}
		if s.pts == nil {
			s.pts = vals.pts
		} else {
			s.pts = append(s.pts, vals.pts...)
		}
	}
}

// promName writes a label set as Prometheus does: name{a="x",b="y"}.
func promName(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "__name__" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var sb strings.Builder
	sb.WriteString(m["__name__"])
	if len(keys) > 0 || sb.Len() == 0 {
		sb.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, "%s=%q", k, m[k])
		}
		sb.WriteByte('}')
	}
	return sb.String()
}

// ddDoc is a Datadog response; PL is how a v1 pointlist is decoded:
// ddPoints by hand, or [][]*float64 by encoding/json when ddPoints meets
// an element of another shape (so that its errors read as they always have).
type ddDoc[PL any] struct {
	Status string   `json:"status"`
	Error  string   `json:"error"`
	Errors []string `json:"errors"`
	Series []struct {
		Metric     string   `json:"metric"`
		Expression string   `json:"expression"`
		Scope      string   `json:"scope"`
		TagSet     []string `json:"tag_set"`
		Pointlist  PL       `json:"pointlist"`
	} `json:"series"`
	Data *struct {
		Attributes struct {
			Series []struct {
				GroupTags  []string `json:"group_tags"`
				QueryIndex int      `json:"query_index"`
			} `json:"series"`
			Times  []float64    `json:"times"`
			Values [][]*float64 `json:"values"`
		} `json:"attributes"`
	} `json:"data"`
}

// parseDatadog reads a v1 query response (series[].pointlist of [ms, value])
// or a v2 timeseries response (data.attributes.times and values). null
// values are gaps.
func parseDatadog(b *builder, data []byte) {
	var d ddDoc[ddPoints]
	err := json.Unmarshal(data, &d)
	if errors.Is(err, errDDShape) {
		d, err = decodeDDSlow(data)
	}
	if err != nil {
		line, msg := jsonErr(data, err)
		b.fatalAt(line, "not a Datadog query response: %s", msg)
		return
	}
	if d.Status == "error" || d.Error != "" || len(d.Errors) > 0 {
		b.fatal("Datadog returned an error: %s", clip(d.Error+strings.Join(d.Errors, "; ")))
		return
	}
	if d.Data != nil {
		a := d.Data.Attributes
		for i, s := range a.Series {
			if i >= len(a.Values) {
				b.fatal("data.attributes.series[%d] has no values", i)
				return
			}
			sub := fmt.Sprintf("query%d", s.QueryIndex)
			labels := tagLabels(s.GroupTags)
			labels["series"] = sub
			if len(s.GroupTags) > 0 {
				sub += "{" + strings.Join(s.GroupTags, ",") + "}"
			}
			buf := b.get(sub, labels)
			vals := a.Values[i]
			if len(vals) != len(a.Times) {
				b.fatal("data.attributes.values[%d] has %d values for %d times", i, len(vals), len(a.Times))
				return
			}
			for j, v := range vals {
				b.rows++
				t, err := epochTime(a.Times[j])
				if err != nil {
					b.badRow(0, "data.attributes.times[%d]: %v", j, err)
					continue
				}
				if v != nil {
					if ok := b.finite(*v); ok {
						buf.add(t, *v, 0)
					}
				}
			}
		}
		return
	}
	for i, s := range d.Series {
		sub := s.Expression
		if sub == "" {
			sub = s.Metric
		}
		tags := s.TagSet
		if len(tags) == 0 && s.Scope != "" && s.Scope != "*" {
			tags = strings.Split(s.Scope, ",")
		}
		labels := tagLabels(tags)
		labels["series"] = sub
		if s.Scope != "" && s.Scope != "*" && s.Expression == "" {
			sub += "{" + s.Scope + "}"
		}
		buf := b.get(sub, labels)
		buf.pts = slices.Grow(buf.pts, len(s.Pointlist))
		for j, p := range s.Pointlist {
			b.rows++
			if p.n != 2 || p.noT {
				b.badRow(0, "series[%d].pointlist[%d]: want [milliseconds, value]", i, j)
				continue
			}
			t, err := epochTime(p.t)
			if err != nil {
				b.badRow(0, "series[%d].pointlist[%d]: %v", i, j, err)
				continue
			}
			if !p.noV && b.finite(p.v) {
				buf.add(t, p.v, 0)
			}
		}
	}
}

func (b *builder) finite(v float64) bool {
	if v != v || v > 1.7e308 || v < -1.7e308 {
		b.nonFinite++
		return false
	}
	return true
}

// tagLabels turns Datadog tags ("host:a", "env:prod") into labels.
func tagLabels(tags []string) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		k, v, ok := strings.Cut(strings.TrimSpace(t), ":")
		if !ok {
			k, v = t, ""
		}
		m[k] = v
	}
	return m
}

// jsonErr finds the line of a JSON decoding error.
func jsonErr(data []byte, err error) (int, string) {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case asErr(err, &se):
		off = se.Offset
	case asErr(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return 0, err.Error()
	}
	return 1 + bytes.Count(data[:off], []byte("\n")), err.Error()
}

func asErr[T error](err error, target *T) bool {
	for err != nil {
		if e, ok := err.(T); ok {
			*target = e
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// ddPoint is one element of a v1 pointlist: n numbers or nulls, the
// first two read (noT, noV: null or absent).
type ddPoint struct {
	t, v     float64
	n        int
	noT, noV bool
}

// ddPoints decodes a v1 pointlist without a pointer per number:
// [[1709251200000,1.5],[...,null]] is scanned by hand (a 5-million-point
// export would otherwise allocate for every number). encoding/json has
// checked the document's syntax before it calls UnmarshalJSON; an element
// of any other shape than [number, number or null] returns errDDShape, and
// the document is decoded again the generic way (ddDoc.decodeSlow).
type ddPoints []ddPoint

var errDDShape = errors.New("datadog pointlist: an element of another shape")

func (p *ddPoints) UnmarshalJSON(data []byte) error {
	i := skipWS(data, 0)
	if i < len(data) && data[i] == 'n' { // null
		*p = nil
		return nil
	}
	if i >= len(data) || data[i] != '[' {
		return errDDShape
	}
	out := make(ddPoints, 0, len(data)/24)
	i++
	for {
		i = skipWS(data, i)
		if i >= len(data) || data[i] == ']' {
			break
		}
		end := skipValue(data, i)
		pt, ok := ddPair(data[i:end])
		if !ok {
			return errDDShape
		}
		out = append(out, pt)
		i = skipWS(data, end)
		if i < len(data) && data[i] == ',' {
			i++
		}
	}
	*p = out
	return nil
}

// ddPair reads [number, number] or [number, null].
func ddPair(e []byte) (ddPoint, bool) {
	if len(e) < 5 || e[0] != '[' || e[len(e)-1] != ']' {
		return ddPoint{}, false
	}
	c := indexByte(e, ',')
	if c < 0 {
		return ddPoint{}, false
	}
	tb, vb := trimWS(e[1:c]), trimWS(e[c+1:len(e)-1])
	t, ok := jsonNumber(tb)
	if !ok {
		return ddPoint{}, false
	}
	pt := ddPoint{t: t, n: 2}
	if string(vb) == "null" {
		pt.noV = true
	} else if pt.v, ok = jsonNumber(vb); !ok {
		return ddPoint{}, false
	}
	return pt, true
}

// jsonNumber reads a JSON number as encoding/json does into a float64
// (the document is valid JSON: a value starting with '-' or a digit is a
// number); false for anything else, or one out of float64's range.
func jsonNumber(b []byte) (float64, bool) {
	if len(b) == 0 || !(b[0] == '-' || '0' <= b[0] && b[0] <= '9') {
		return 0, false
	}
	for _, c := range b {
		if !('0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(string(b), 64)
	return v, err == nil
}

// decodeDDSlow decodes data with every pointlist element as encoding/json
// reads it into []*float64, errors included.
func decodeDDSlow(data []byte) (ddDoc[ddPoints], error) {
	var s ddDoc[[][]*float64]
	if err := json.Unmarshal(data, &s); err != nil {
		return ddDoc[ddPoints]{}, err
	}
	d := ddDoc[ddPoints]{Status: s.Status, Error: s.Error, Errors: s.Errors, Data: s.Data}
	d.Series = make([]struct {
		Metric     string   `json:"metric"`
		Expression string   `json:"expression"`
		Scope      string   `json:"scope"`
		TagSet     []string `json:"tag_set"`
		Pointlist  ddPoints `json:"pointlist"`
	}, len(s.Series))
	for i, x := range s.Series {
		pl := make(ddPoints, len(x.Pointlist))
		for j, e := range x.Pointlist {
			pt := ddPoint{n: len(e), noT: len(e) < 1 || e[0] == nil, noV: len(e) < 2 || e[1] == nil}
			if !pt.noT {
				pt.t = *e[0]
			}
			if !pt.noV {
				pt.v = *e[1]
			}
			pl[j] = pt
		}
		d.Series[i].Metric, d.Series[i].Expression, d.Series[i].Scope, d.Series[i].TagSet = x.Metric, x.Expression, x.Scope, x.TagSet
		d.Series[i].Pointlist = pl
	}
	return d, nil
}
