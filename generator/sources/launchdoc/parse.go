package launchdoc

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
)

// Parse reads one launch document. rel (slash-separated, relative to the
// site) names it in messages and gives its id.
func Parse(rel string, src []byte, o Options) (model.Launch, diag.List) {
	id := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
	l := model.Launch{ID: id, Path: rel}
	fm, body, ds := frontmatter.Parse(rel, src)
	d := &decoder{frontmatter.NewDecoder(rel, fm)}
	d.Diags = ds
	if !idRE.MatchString(id) {
		d.Diags = append(d.Diags, diag.Diag{Path: rel, Msg: fmt.Sprintf("a launch's file name is its id (its page, launches.csv, postmortems' launch:): %q is not one; use lowercase letters, digits and '-', such as %s.md", id, content.TitleSlug(id, "launch"))})
	}
	if ds.HasErrors() {
		return l, d.Diags
	}
	if fm.Format == frontmatter.FormatNone {
		d.Diags = append(d.Diags, diag.Diag{Path: rel, Line: 1, Col: 1, Msg: "a launch starts with front matter (flag, stages) between --- lines; `vitals new launch \"Title\"` writes one"})
		return l, d.Diags
	}
	d.unknownKeys("", fm.Params, Keys)
	l.Title = d.Str("title")
	if l.Title == "" {
		l.Title = firstHeading(body)
	}
	if l.Title == "" {
		l.Title = id
	}
	if l.Flag = d.Str("flag"); l.Flag == "" {
		d.missing("flag", "flag: the feature flag's key is missing (flag: new-editor)")
	}
	l.Stages = d.stages()
	l.Guardrails, l.DefaultGuardrails = d.guardrails(o)
	l.Canary = d.canary()
	l.Releases = d.releases(o)
	if l.Experiment = d.Str("experiment"); l.Experiment != "" && o.Experiment != nil && !o.Experiment(l.Experiment) {
		d.Errf("experiment", "experiment: no experiment %q (want the file name, without .md, of a document in %s)", l.Experiment, ExperimentsDir)
	}
	return l, d.Diags
}

// firstHeading is the text of the body's first level-1 ATX heading.
func firstHeading(body []byte) string {
	for _, line := range strings.Split(string(body), "\n") {
		if t, ok := strings.CutPrefix(strings.TrimSpace(line), "# "); ok {
			return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(t), "#"))
		}
	}
	return ""
}

// decoder reads a launch's values (frontmatter.Decoder), each problem at
// the line where its value (or key) is written.
type decoder struct{ *frontmatter.Decoder }

func (d *decoder) add(p frontmatter.Pos, sev diag.Severity, format string, args ...any) {
	d.Diags = append(d.Diags, diag.Diag{Path: d.Path, Line: p.Line, Col: p.Col, Severity: sev, Msg: fmt.Sprintf(format, args...)})
}

// missing reports a required key that is absent (at the key's line when
// it is there but empty).
func (d *decoder) missing(key, format string, args ...any) {
	d.add(d.FM.KeyPos(key), diag.Error, format, args...)
}

// unknownKeys warns of every key a launch does not read: a misspelt one
// (guardrail for guardrails) would otherwise change what the launch means
// without a word.
func (d *decoder) unknownKeys(prefix string, m map[string]any, known []string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if slices.Contains(known, k) {
			continue
		}
		hint, best := "", 3
		for _, want := range known {
			if dist := diag.Distance(strings.ToLower(k), want); dist < best {
				hint, best = fmt.Sprintf(" (did you mean %q?)", want), dist
			}
		}
		d.add(d.FM.KeyPos(prefix+k), diag.Warning, "unknown launch key %q is not read%s; launch keys are %s", frontmatter.Label(prefix+k), hint, strings.Join(known, ", "))
	}
}

const timeWant = `want "YYYY-MM-DD HH:MM" (UTC) or RFC3339`

// at reads a stage's instant, which is required.
func (d *decoder) at(key string, v any) (time.Time, bool) {
	t, ok := d.Time(key, v)
	if t == nil {
		if ok {
			d.missing(key, "%s: the stage's time is missing (%s)", frontmatter.Label(key), timeWant)
		}
		return time.Time{}, false
	}
	return *t, true
}

// percent reads a share of users: a number from 0 to 100, or text such as "25%".
func (d *decoder) percent(key string, v any) (float64, bool) {
	var x float64
	switch v := v.(type) {
	case int64:
		x = float64(v)
	case int:
		x = float64(v)
	case uint64:
		x = float64(v)
	case float64:
		x = v
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "%")), 64)
		if err != nil {
			d.Errf(key, "%s: %q is not a percent (want a number from 0 to 100, such as 25)", frontmatter.Label(key), v)
			return 0, false
		}
		x = f
	default:
		d.Errf(key, "%s: %s is not a percent (want a number from 0 to 100, such as 25)", frontmatter.Label(key), frontmatter.Describe(v))
		return 0, false
	}
	if math.IsNaN(x) || x < 0 || x > 100 {
		d.Errf(key, "%s: %v is not a percent from 0 to 100", frontmatter.Label(key), x)
		return 0, false
	}
	return x, true
}

// stages reads the rollout: a list of {at, percent and/or cohort}, in time order.
func (d *decoder) stages() []model.Stage {
	v, ok := d.FM.Params["stages"]
	if !ok || v == nil {
		d.missing("stages", "stages: a launch needs its stages, a list of {at, percent} or {at, cohort}")
		return nil
	}
	items, ok := v.([]any)
	if !ok {
		if ms, isMaps := v.([]map[string]any); isMaps { // TOML [[stages]]
			for _, m := range ms {
				items = append(items, m)
			}
		} else {
			d.Errf("stages", "stages: want a list of {at, percent} or {at, cohort}, got %s", frontmatter.Describe(v))
			return nil
		}
	}
	if len(items) == 0 {
		d.Errf("stages", "stages: the list is empty; a launch needs at least its first stage")
	}
	var out []model.Stage
	for i, it := range items {
		key := "stages." + strconv.Itoa(i)
		m, ok := it.(map[string]any)
		if !ok {
			d.Errf(key, "%s: want {at, percent} or {at, cohort}, got %s", frontmatter.Label(key), frontmatter.Describe(it))
			continue
		}
		d.unknownKeys(key+".", m, StageKeys)
		s := model.Stage{Line: d.FM.ValuePos(key).Line}
		at, okAt := d.at(key+".at", m["at"])
		s.At = at
		pv := m["percent"]
		if pv != nil {
			s.Percent, s.HasPercent = d.percent(key+".percent", pv)
		}
		s.Cohort, _ = d.Text(key+".cohort", m["cohort"])
		if pv == nil && s.Cohort == "" {
			d.Errf(key, "%s: say who sees the flag from then on: percent (0 to 100) or cohort (a named group such as staff)", frontmatter.Label(key))
		}
		if okAt && len(out) > 0 && !s.At.After(out[len(out)-1].At) {
			d.Errf(key+".at", "%s: %s is not after the stage before (%s); stages go in time order",
				frontmatter.Label(key+".at"), s.At.Format("2006-01-02 15:04 UTC"), out[len(out)-1].At.Format("2006-01-02 15:04 UTC"))
		}
		if okAt {
			out = append(out, s)
		}
	}
	return out
}

// guardrails reads the SLO and KPI names; absent, every SLO (defaults true).
func (d *decoder) guardrails(o Options) ([]model.Guardrail, bool) {
	v, ok := d.FM.Params["guardrails"]
	if !ok {
		return nil, true
	}
	var items []any
	switch v := v.(type) {
	case nil:
		return nil, false
	case []any:
		items = v
	case string:
		items = []any{v}
	default:
		d.Errf("guardrails", "guardrails: want a list of SLO and KPI names, got %s", frontmatter.Describe(v))
		return nil, false
	}
	var out []model.Guardrail
	for i, it := range items {
		key := "guardrails." + strconv.Itoa(i)
		name, ok := d.Text(key, it)
		if !ok || name == "" {
			continue
		}
		g, msg := resolve(name, o)
		if msg != "" {
			d.Errf(key, "%s: %s", frontmatter.Label(key), msg)
			continue
		}
		dup := false
		for _, x := range out {
			dup = dup || x == g
		}
		if !dup {
			out = append(out, g)
		}
	}
	return out, false
}

// resolve finds a guardrail's SLO or KPI by name; msg says what is wrong.
func resolve(name string, o Options) (model.Guardrail, string) {
	kind, bare := "", name
	if k, rest, ok := strings.Cut(name, ":"); ok && (strings.EqualFold(k, "slo") || strings.EqualFold(k, "kpi")) {
		kind, bare = strings.ToLower(k), strings.TrimSpace(rest)
	}
	slo, isSLO := findFold(o.SLOs, bare)
	kpi, isKPI := findFold(o.KPIs, bare)
	switch {
	case kind == "slo" && isSLO, kind == "" && isSLO && !isKPI:
		return model.Guardrail{Name: slo}, ""
	case kind == "kpi" && isKPI, kind == "" && isKPI && !isSLO:
		return model.Guardrail{Name: kpi, KPI: true}, ""
	case kind == "" && isSLO && isKPI:
		return model.Guardrail{}, fmt.Sprintf("%q is the name of an SLO and of a KPI: write \"slo:%s\" or \"kpi:%s\"", bare, bare, bare)
	}
	what, names := "an SLO or KPI", append(append([]string(nil), o.SLOs...), o.KPIs...)
	switch kind {
	case "slo":
		what, names = "an [[slo]]", o.SLOs
	case "kpi":
		what, names = "a [[kpi]]", o.KPIs
	}
	msg := fmt.Sprintf("%q is not %s of site.toml", bare, what)
	if best := nearest(bare, names); best != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	} else if len(names) > 0 {
		msg += fmt.Sprintf("; its names are %q", names)
	}
	return model.Guardrail{}, msg
}

func findFold(names []string, s string) (string, bool) {
	for _, n := range names {
		if strings.EqualFold(n, s) {
			return n, true
		}
	}
	return "", false
}

// nearest is the name closest to s, when close enough to be a slip.
func nearest(s string, names []string) string {
	best, bestD := "", max(3, len(s)/4+1)
	for _, n := range names {
		if dist := diag.Distance(strings.ToLower(s), strings.ToLower(n)); dist < bestD {
			best, bestD = n, dist
		}
	}
	return best
}

// canary reads the label that marks the flag's cohort: label=value.
func (d *decoder) canary() *model.Term {
	s := d.Str("canary")
	if s == "" {
		return nil
	}
	k, v, ok := strings.Cut(s, "=")
	k, v = strings.TrimSpace(k), strings.Trim(strings.TrimSpace(v), `"'`)
	if !ok || k == "" || v == "" || strings.ContainsAny(k, "!,:") {
		d.Errf("canary", "canary: %q is not label=value (the label your metric exports put on the flag's cohort, such as variant=canary)", s)
		return nil
	}
	return &model.Term{Label: k, Value: v}
}

// releases reads "owner/repo@tag" items, or {repo, tag}; with one [github]
// repo a bare tag is that repo's.
func (d *decoder) releases(o Options) []model.ReleaseRef {
	v, ok := d.FM.Params["releases"]
	if !ok || v == nil {
		return nil
	}
	var items []any
	switch v := v.(type) {
	case []any:
		items = v
	case []map[string]any:
		for _, m := range v {
			items = append(items, m)
		}
	case string:
		items = []any{v}
	default:
		d.Errf("releases", "releases: want a list of owner/repo@tag, got %s", frontmatter.Describe(v))
		return nil
	}
	var out []model.ReleaseRef
	for i, it := range items {
		key := "releases." + strconv.Itoa(i)
		var r model.ReleaseRef
		switch it := it.(type) {
		case map[string]any:
			d.unknownKeys(key+".", it, []string{"repo", "tag"})
			r.Repo, _ = d.Text(key+".repo", it["repo"])
			r.Tag, _ = d.Text(key+".tag", it["tag"])
		default:
			s, ok := d.Text(key, it)
			if !ok {
				continue
			}
			if repo, tag, has := strings.Cut(s, "@"); has {
				r.Repo, r.Tag = strings.TrimSpace(repo), strings.TrimSpace(tag)
			} else {
				r.Tag = s
			}
		}
		if r.Repo == "" && len(o.Repos) == 1 {
			r.Repo = o.Repos[0]
		}
		switch {
		case r.Tag == "":
			d.Errf(key, "%s: the release's tag is missing (want owner/repo@tag, such as lumenhq/api@v1.4.0)", frontmatter.Label(key))
			continue
		case r.Repo == "":
			d.Errf(key, "%s: %q names no repository (want owner/repo@tag)", frontmatter.Label(key), r.Tag)
			continue
		case !repoRE.MatchString(r.Repo):
			d.Errf(key, "%s: %q is not a GitHub repository (want owner/name)", frontmatter.Label(key), r.Repo)
			continue
		}
		if repo, ok := findFold(o.Repos, r.Repo); ok {
			r.Repo = repo
		} else if len(o.Repos) > 0 {
			d.Errf(key, "%s: repo %q is not one of [github] repos %q", frontmatter.Label(key), r.Repo, o.Repos)
			continue
		}
		out = append(out, r)
	}
	return out
}
