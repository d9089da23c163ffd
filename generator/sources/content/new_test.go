package content

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
	"github.com/vitals-dev/vitals/generator/sources/postmortem"
)

func TestNewPostmortemLoadsWithoutProblems(t *testing.T) {
	tests := []struct {
		title    string
		date     time.Time
		wantPath string
		started  string
	}{
		{"Database outage", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), "content/postmortems/2024-03-01-database-outage.md", "2024-03-01 00:00"},
		// A title with YAML and Markdown specials stays one text value; the
		// time of day is kept; a non-UTC date is converted.
		{`Login: "broken" #2 <b>`, time.Date(2024, 3, 1, 23, 30, 0, 0, time.FixedZone("x", -2*3600)), "content/postmortems/2024-03-02-login-broken-2-b.md", "2024-03-02 01:30"},
		{"   ", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), "content/postmortems/2024-03-01-untitled-incident.md", "2024-03-01 00:00"},
	}
	for _, tc := range tests {
		t.Run(tc.wantPath, func(t *testing.T) {
			p, body := NewPostmortem(tc.title, tc.date)
			if p != tc.wantPath {
				t.Fatalf("path %q, want %q", p, tc.wantPath)
			}
			site := t.TempDir()
			full := filepath.Join(site, filepath.FromSlash(p))
			_ = os.MkdirAll(filepath.Dir(full), 0o755)
			if err := os.WriteFile(full, body, 0o644); err != nil {
				t.Fatal(err)
			}
			c, ds := Load(site, NewRenderer(false))
			if len(ds) != 0 {
				t.Fatalf("generated file has problems:\n%s\n---\n%s", ds.Error(), body)
			}
			pm := c.Postmortems[0]
			wantTitle := strings.Join(strings.Fields(tc.title), " ")
			if wantTitle == "" {
				wantTitle = "Untitled incident"
			}
			id := strings.TrimSuffix(strings.TrimPrefix(p, PostmortemsDir+"/"), ".md")
			want := model.Postmortem{ID: id, Title: wantTitle, Status: "draft", Started: ts(tc.started), Date: ts(tc.started), Path: p}
			if !reflect.DeepEqual(pm.Postmortem.Postmortem, want) {
				t.Errorf("got  %+v\nwant %+v", pm.Postmortem.Postmortem, want)
			}
			// Every schema key is present, each after a comment.
			fm, _, _ := frontmatter.Parse(p, body)
			for _, k := range postmortem.Keys {
				if k == "template" {
					continue
				}
				if _, ok := fm.Params[k]; !ok {
					t.Errorf("key %q missing", k)
				}
				kp := fm.KeyPos(k)
				lines := strings.Split(string(body), "\n")
				if kp.Line < 2 || !strings.HasPrefix(strings.TrimSpace(lines[kp.Line-2]), "#") {
					t.Errorf("key %q (line %d) has no comment above it", k, kp.Line)
				}
			}
			for _, h := range []string{"Summary", "Impact", "Timeline", "Root cause", "What went well", "What went wrong", "Action items"} {
				found := false
				for _, got := range pm.Page.Headings {
					found = found || (got.Level == 2 && got.Text == h)
				}
				if !found {
					t.Errorf("section %q missing", h)
				}
			}
		})
	}
}
