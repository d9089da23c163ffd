package metricsrc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
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

type ddDoc struct {
	Status string   `json:"status"`
	Error  string   `json:"error"`
	Errors []string `json:"errors"`
	Series []struct {
		Metric     string       `json:"metric"`
		Expression string       `json:"expression"`
		Scope      string       `json:"scope"`
		TagSet     []string     `json:"tag_set"`
		Pointlist  [][]*float64 `json:"pointlist"`
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
	var d ddDoc
	if err := json.Unmarshal(data, &d); err != nil {
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
		for j, p := range s.Pointlist {
			b.rows++
			where := fmt.Sprintf("series[%d].pointlist[%d]", i, j)
			if len(p) != 2 || p[0] == nil {
				b.badRow(0, "%s: want [milliseconds, value]", where)
				continue
			}
			t, err := epochTime(*p[0])
			if err != nil {
				b.badRow(0, "%s: %v", where, err)
				continue
			}
			if p[1] != nil && b.finite(*p[1]) {
				buf.add(t, *p[1], 0)
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
