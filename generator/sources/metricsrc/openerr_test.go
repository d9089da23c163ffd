package metricsrc

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vitals-dev/vitals/generator/config"
)

// A [[metrics.source]] file that is not there is reported at its file key
// in site.toml, with the file that was probably meant.
func TestAMissingFileIsReportedAtItsKeyWithTheFileMeant(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content", "metrics"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "metrics", "elb-requests.csv"), []byte("timestamp,value\n2014-04-10 00:00:00,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, file, want string }{
		{"same name in another folder", "content/metric/elb-requests.csv",
			`site.toml:4:1: metrics source "elb": file "content/metric/elb-requests.csv" not found; did you mean "content/metrics/elb-requests.csv"?`},
		{"a close name in the folder", "content/metrics/elb-request.csv",
			`site.toml:4:1: metrics source "elb": file "content/metrics/elb-request.csv" not found; did you mean "content/metrics/elb-requests.csv"?`},
		{"nothing close", "content/metrics/cpu.csv",
			`site.toml:4:1: metrics source "elb": file "content/metrics/cpu.csv" not found in the site folder; copy the export there or correct the path`},
		{"found", "content/metrics/elb-requests.csv", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "title = \"x\"\n[[metrics.source]]\nname = \"elb\"\nfile = \"" + c.file + "\"\n"
			cfg, err := config.Parse("site.toml", []byte(src), dir)
			if err != nil {
				t.Fatal(err)
			}
			opts, ds := FromConfig(cfg)
			if len(ds) > 0 {
				t.Fatal(ds)
			}
			_, ds = LoadAll(opts)
			got := ""
			if len(ds) > 0 {
				got = ds[0].String()
			}
			if got != c.want || len(ds) > 1 {
				t.Errorf("want\n%s\ngot\n%v", c.want, ds)
			}
		})
	}
}
