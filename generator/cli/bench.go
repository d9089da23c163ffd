package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/sources/demo"
)

// runBench measures the build the way a nightly runs it: a fresh process
// per build (so that its peak memory is the build's own), offline, from a
// site that `vitals gen --site` writes once per size and reuses afterwards.
// By default the site is the issue's full data set (1M issues over 20
// repositories, 5,000 releases, 2,000 postmortems, 5M metric points) at
// 1/10, 2/10, 5/10 and all of it.
func runBench(env *Env, args []string) int {
	fs := newFlags(env, "bench", "bench [-d DIR] [--issues N] [--repos R] [--releases N] [--postmortems N] [--points N] [--plain] [--steps 1,2,5,10] [--runs K]")
	dir := fs.String("d", filepath.Join(os.TempDir(), "vitals-bench"), "`folder` for the generated sites (kept and reused)")
	issues := fs.Int("issues", demo.FullIssues, "issues at full size (comments about 3.3 and events about 1.7 per issue)")
	repos := fs.Int("repos", demo.FullRepos, "number of `repositories` the issues are spread over")
	releases := fs.Int("releases", demo.FullReleases, "releases at full size (0: the demo's cadence, about 55 per repository)")
	pms := fs.Int("postmortems", demo.FullPostmortems, "postmortems at full size")
	points := fs.Int("points", demo.FullMetricPoints, "metric points at full size")
	plain := fs.Bool("plain", false, "site.toml names only the repositories (no metrics, SLOs, KPIs, areas or teams)")
	steps := fs.String("steps", "1,2,5,10", "sizes to measure, in tenths of the full size")
	runs := fs.Int("runs", 1, "builds per size; the fastest is reported")
	genOnly := fs.Bool("generate-only", false, "only write the sites (bench runs itself with this, so that the memory of generating is not counted in the builds' peak RSS)")
	pos, code := parse(env, fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return usageErr(env, fs, "unexpected argument %q", pos[0])
	}
	if *issues <= 0 || *repos <= 0 || *runs <= 0 || *releases < 0 || *pms < 0 || *points < 0 {
		return usageErr(env, fs, "--issues, --repos and --runs must be positive, --releases, --postmortems and --points not negative")
	}
	var tenths []int
	for _, s := range strings.Split(*steps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 || n > 10 {
			return usageErr(env, fs, "--steps: %q is not a number of tenths from 1 to 10", s)
		}
		tenths = append(tenths, n)
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(env.Stderr, "vitals bench:", err)
		return ExitError
	}
	if !*genOnly {
		// Generate in a child process: on Linux a child's peak RSS starts from
		// its parent's high-water mark, so a parent that had generated a large
		// store in memory would be counted in every build's peak.
		gen := exec.Command(self, append([]string{"bench", "--generate-only"}, args...)...)
		gen.Stdout, gen.Stderr = io.Discard, env.Stderr
		if err := gen.Run(); err != nil {
			fmt.Fprintln(env.Stderr, "vitals bench: generating the sites:", err)
			return ExitError
		}
		fmt.Fprintf(env.Stdout, "| issues | repos | largest repo | comments | events | releases | postmortems | metric points | store MB | build s (wall) | CPU s (user+sys) | peak RSS MB |\n")
		fmt.Fprintf(env.Stdout, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	}
	for _, t := range tenths {
		o := demo.SiteOptions{
			Options:      demo.Options{Seed: demo.DemoSeed, Repos: demo.BenchRepos(*repos), Issues: *issues * t / 10, Releases: *releases * t / 10},
			Postmortems:  *pms * t / 10,
			MetricPoints: *points * t / 10,
			Plain:        *plain,
		}
		name := fmt.Sprintf("i%d-r%d-rel%d-pm%d-pt%d", o.Issues, *repos, o.Releases, o.Postmortems, o.MetricPoints)
		if *plain {
			name += "-plain"
		}
		site := filepath.Join(*dir, name)
		countsFile := filepath.Join(site, demo.SiteCountsFile)
		if _, err := os.Stat(countsFile); err != nil {
			if !*genOnly {
				fmt.Fprintf(env.Stderr, "vitals bench: %s was not generated\n", site)
				return ExitError
			}
			fmt.Fprintf(env.Stderr, "generating %s\n", site)
			if _, err := demo.WriteSite(site, o); err != nil {
				fmt.Fprintln(env.Stderr, "vitals bench:", err)
				return ExitError
			}
		}
		if *genOnly {
			continue
		}
		var c demo.SiteCounts
		b, err := os.ReadFile(countsFile)
		if err == nil {
			err = json.Unmarshal(b, &c)
		}
		if err != nil {
			fmt.Fprintln(env.Stderr, "vitals bench:", err)
			return ExitError
		}
		var best benchRun
		for r := range *runs {
			br, err := benchBuild(self, site)
			if err != nil {
				fmt.Fprintf(env.Stderr, "vitals bench: build of %s: %v\n", site, err)
				return ExitError
			}
			if r == 0 || br.wall < best.wall {
				best = br
			}
		}
		rss := "n/a"
		if best.rssKB > 0 {
			rss = strconv.FormatInt(best.rssKB/1024, 10)
		}
		fmt.Fprintf(env.Stdout, "| %d | %d | %d | %d | %d | %d | %d | %d | %.1f | %.2f | %.2f | %s |\n", c.Issues, c.Repos, c.LargestRepo,
			c.Comments, c.Events, c.Releases, c.Postmortems, c.MetricPoints,
			float64(dirSize(filepath.Join(site, demo.SiteStoreDir)))/1e6, best.wall.Seconds(), best.cpu.Seconds(), rss)
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil && !*genOnly {
		fmt.Fprintf(env.Stdout, "\nload average at the end: %s", load)
	}
	return ExitOK
}

type benchRun struct {
	wall, cpu time.Duration
	rssKB     int64
}

func benchBuild(self, site string) (benchRun, error) {
	cmd := exec.Command(self, "build", "-s", site, "-d", filepath.Join(site, "public"), "--offline", "--quiet")
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return benchRun{}, err
	}
	br := benchRun{wall: time.Since(start)}
	br.rssKB = maxRSS(cmd.ProcessState)
	br.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return br, nil
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
