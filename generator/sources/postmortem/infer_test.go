package postmortem

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Each labelled form the extractor knows gives the author's word and says
// where it came from (file line = firstLine + body line, firstLine 1 here).
func TestInferBodyLabelledForms(t *testing.T) {
	tests := []struct {
		name, body       string
		severity, status string
		from             map[string]string
	}{
		{"bold label, colon inside", "# T\n\n**Severity:** SEV2\n", "SEV2", "",
			map[string]string{"severity": `line 3: labelled line "Severity"`}},
		{"bold label, colon outside; explanation after ' - ' dropped", "**Severity**: High - two regions down\n", "High", "",
			map[string]string{"severity": `line 1: labelled line "Severity"`}},
		{"plain label, trailing full stop", "Intro.\n\nSeverity: P1.\n", "P1", "",
			map[string]string{"severity": `line 3: labelled line "Severity"`}},
		{"list items, status and severity", "- **Status:** Closed\n- *Incident severity:* sev-3\n", "sev-3", "Closed",
			map[string]string{"status": `line 1: labelled line "Status"`, "severity": `line 2: labelled line "Incident severity"`}},
		{"heading then value, em dash explanation", "## Severity\n\n**Low** — only staff noticed\n\n## Next\n", "Low", "",
			map[string]string{"severity": `line 3: under heading "Severity"`}},
		{"heading then value, en dash explanation", "## Severity\n**Critical** – every tenant offline\n", "Critical", "",
			map[string]string{"severity": `line 2: under heading "Severity"`}},
		{"setext heading, parenthetical dropped", "Severity\n--------\nMedium (a few teams)\n", "Medium", "",
			map[string]string{"severity": `line 3: under heading "Severity"`}},
		{"heading with its value", "### Severity: Critical\n### Status - x\n", "Critical", "",
			map[string]string{"severity": `line 1: labelled heading "Severity"`}},
		{"heading then one list item", "## Status\n\n- Resolved\n", "", "Resolved",
			map[string]string{"status": `line 3: under heading "Status"`}},
		{"key/value table", "| Field | Value |\n|---|---|\n| Severity | **S2** |\n| Status | Resolved |\n", "S2", "Resolved",
			map[string]string{"severity": `line 3: table row "severity"`, "status": `line 4: table row "status"`}},
		{"table with a Severity column and one data row", "| Duration | Severity | Status |\n|:-:|:-:|:-:|\n| 2h | Major | Done |\n", "Major", "Done",
			map[string]string{"severity": `line 3: table column "severity"`, "status": `line 3: table column "status"`}},
		{"the same value labelled twice is fine", "**Severity:** High\n\nSeverity: high\n", "High", "",
			map[string]string{"severity": `line 1: labelled line "Severity"`}},
		{"qualified severity word kept whole", "Severity: High severity\n", "High severity", "",
			map[string]string{"severity": `line 1: labelled line "Severity"`}},
		{"link text kept, target dropped", "**Severity:** [SEV1](https://example.com/levels)\n", "SEV1", "",
			map[string]string{"severity": `line 1: labelled line "Severity"`}},
		{"CRLF line ends", "# T\r\n\r\n**Status:** Resolved\r\n", "", "Resolved",
			map[string]string{"status": `line 3: labelled line "Status"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bf := InferBody([]byte(tt.body), 1)
			if bf.Severity != tt.severity || bf.Status != tt.status || !reflect.DeepEqual(bf.From, tt.from) {
				t.Errorf("got severity %q status %q from %v\nwant severity %q status %q from %v",
					bf.Severity, bf.Status, bf.From, tt.severity, tt.status, tt.from)
			}
		})
	}
}

// Prose that mentions a severity or status, examples in code, quotes and
// comments, timelines, and values that are no severity word give nothing.
func TestInferBodyIgnoresProseAndNonFields(t *testing.T) {
	far := strings.Repeat("filler\n", InferLines) + "**Severity:** High\n"
	tests := []struct{ name, body string }{
		{"sentences mentioning severity", "The severity of this outage was high.\n\nWe rated severity: high after a long talk.\nOur status was unclear.\n"},
		{"a label-like phrase that is no label", "Severity was debated: high or low.\nStatus page: updated at noon.\n"},
		{"a sentence under a Severity heading", "## Severity\n\nWe never agreed on one for this outage.\n"},
		{"a combined heading", "## Severity and impact\n\nHigh - lots\n"},
		{"a heading followed by another heading", "## Severity\n## Impact\nHigh\n"},
		{"a heading followed by several list items", "## Severity\n- High\n- Low\n"},
		{"a labelled sentence", "Severity: it depends on who you ask\n"},
		{"a timeline entry", "- **10:00 UTC** - Status page updated, severity raised\n- **11:00** - Resolved\n"},
		{"fenced code", "```\nSeverity: Critical\n```\n~~~md\n**Status:** Resolved\n~~~\n"},
		{"indented code", "Example:\n\n    Severity: Critical\n"},
		{"block quote", "> **Severity:** High\n"},
		{"HTML comment", "<!--\nSeverity: High\n-->\n<!-- Status: Resolved -->\n"},
		{"two different values: ambiguous", "**Severity:** High\n\n**Severity:** Low\n"},
		{"table with a Severity column and two rows", "| Incident | Severity |\n|---|---|\n| a | High |\n| b | Low |\n"},
		{"table header only, no delimiter row", "| Severity | Status |\n| High | Open |\n"},
		{"past the first part of the document", far},
		{"empty value", "**Severity:**\n\nStatus:\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if bf := InferBody([]byte(tt.body), 1); !reflect.DeepEqual(bf, BodyFields{}) {
				t.Errorf("inferred %+v from\n%s", bf, tt.body)
			}
		})
	}
}

// Times are read only from a labelled, exact date-time with a zone.
func TestInferBodyTimes(t *testing.T) {
	body := strings.Join([]string{
		"**Incident start:** 2025-03-04 14:05 UTC",
		"- Detected: 2025-03-04T14:20:00Z",
		"**Mitigated:** `2025-03-04 16:30 +02:00`", // 14:30 UTC
		"Resolved at: 2025-03-04 15:00:30 GMT",
	}, "\n")
	bf := InferBody([]byte(body), 10)
	want := map[string]string{
		"started": "2025-03-04T14:05:00Z", "detected": "2025-03-04T14:20:00Z",
		"mitigated": "2025-03-04T14:30:00Z", "resolved": "2025-03-04T15:00:30Z",
	}
	got := map[string]string{}
	for k, p := range map[string]*time.Time{"started": bf.Started, "detected": bf.Detected, "mitigated": bf.Mitigated, "resolved": bf.Resolved} {
		if p != nil {
			got[k] = p.Format(time.RFC3339)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("times %v, want %v", got, want)
	}
	if bf.From["started"] != `line 10: labelled line "Incident start"` || bf.From["resolved"] != `line 13: labelled line "Resolved at"` {
		t.Errorf("from %v", bf.From)
	}

	for _, v := range []string{
		"2025-03-04",                      // a date, no time
		"14:05 UTC",                       // a time, no date
		"04-03-2025 14:05 UTC",            // day-month or month-day?
		"2025-03-04 14:05",                // no zone
		"~2025-03-04 14:05 UTC",           // approximate
		"2025-03-04 14:05 UTC (roughly)",  // trailing words
		"Tuesday, 2025-03-04 14:05 UTC",   // leading words
		"2025-02-30 14:05 UTC",            // no such day
		"sometime after lunch on Tuesday", // prose
	} {
		if bf := InferBody([]byte("Started: "+v+"\n"), 1); bf.Started != nil || bf.From != nil {
			t.Errorf("Started: %s inferred %v", v, bf.Started)
		}
	}
}

func TestInferBodyServices(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"labelled list", "**Affected services:** api, `billing`; api\n", []string{"api", "billing"}},
		{"list under a heading", "## Services\n\n- api gateway\n- db\n\nMore text.\n", []string{"api gateway", "db"}},
		{"table column", "| Services | Duration |\n|---|---|\n| search, auth | 1h |\n", []string{"search", "auth"}},
		{"a sentence is no list", "Services: everything that talks to the primary database went down\n", nil},
		{"a service table header is no field", "| Service | Impact |\n|---|---|\n| api | slow |\n| db | down |\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := InferBody([]byte(tt.body), 1).Services; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("services %q, want %q", got, tt.want)
			}
		})
	}
}

// BenchmarkInferBody: one postmortem-sized body (a label block, a table, a
// timeline and prose; longer than InferLines). Run:
// go test ./generator/sources/postmortem/ -run '^$' -bench InferBody -benchmem
func BenchmarkInferBody(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("# Queue outage\n\n**Severity:** High\n**Status:** Resolved\n\n| Field | Value |\n|---|---|\n| Services | api, queue |\n\n## Timeline\n\n")
	for i := 0; i < 200; i++ {
		sb.WriteString("- **10:00 UTC** - something happened to the queue and the team looked into it\n")
	}
	body := []byte(sb.String())
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if bf := InferBody(body, 1); bf.Severity != "High" {
			b.Fatal(bf)
		}
	}
}

// FuzzInferBody: whatever the body, inference does not panic, a severity or
// status is always a recognised word (never markup or prose), and From
// names exactly the fields found, on a line within the first part.
// go test ./generator/sources/postmortem/ -run '^$' -fuzz FuzzInferBody -fuzztime 30s
func FuzzInferBody(f *testing.F) {
	for _, s := range []string{
		"**Severity:** SEV2\n**Status:** Resolved\n",
		"## Severity\n\n**Critical** - x\n",
		"Severity\n---\nLow (y)\n",
		"| Severity | Status |\n|---|---|\n| High | Open |\n",
		"**Incident start:** 2025-03-04 14:05 UTC\n## Services\n- a\n- b\n",
		"```\nSeverity: High\n```\n<!--\nStatus: Open\n-->\n> Severity: Low\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		bf := InferBody([]byte(body), 7)
		if bf.Severity != "" && !severityRE.MatchString(bf.Severity) || bf.Status != "" && !statusRE.MatchString(bf.Status) {
			t.Fatalf("severity %q status %q", bf.Severity, bf.Status)
		}
		found := map[string]bool{
			"severity": bf.Severity != "", "status": bf.Status != "", "services": len(bf.Services) > 0,
			"started": bf.Started != nil, "detected": bf.Detected != nil, "mitigated": bf.Mitigated != nil, "resolved": bf.Resolved != nil,
		}
		for k, ok := range found {
			if ok != (bf.From[k] != "") {
				t.Fatalf("%s found=%v but From=%q", k, ok, bf.From[k])
			}
		}
		for k, from := range bf.From {
			var line int
			if _, err := fmt.Sscanf(from, "line %d:", &line); err != nil || line < 7 || line >= 7+InferLines {
				t.Fatalf("%s from %q", k, from)
			}
		}
		for _, s := range bf.Services {
			if !serviceRE.MatchString(s) {
				t.Fatalf("service %q", s)
			}
		}
	})
}
