package cli

import (
	"encoding/json"
	"errors"
	"flag"
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

// benchOptions are bench's flags.
type benchOptions struct {
	dir                          string
	issues, repos, releases, pms int
	points, runs                 int
	plain, genOnly               bool
	steps                        string
	tenths                       []int // --steps read by check
	fs                           *flag.FlagSet
}

const benchUsage = "bench [-d DIR] [--issues N] [--repos R] [--releases N] [--postmortems N] [--points N] [--plain] [--steps 1,2,5,10] [--runs K]"

func benchFlags(fs *flag.FlagSet) *benchOptions {
	o := &benchOptions{fs: fs}
	fs.StringVar(&o.dir, "d", filepath.Join(os.TempDir(), "vitals-bench"), "`folder` for the generated sites (kept and reused)")
	fs.IntVar(&o.issues, "issues", demo.FullIssues, "issues at full size (comments about 3.3 and events about 1.7 per issue)")
	fs.IntVar(&o.repos, "repos", demo.FullRepos, "number of `repositories` the issues are spread over")
	fs.IntVar(&o.releases, "releases", demo.FullReleases, "releases at full size (0: the demo's cadence, about 55 per repository)")
	fs.IntVar(&o.pms, "postmortems", demo.FullPostmortems, "postmortems at full size")
	fs.IntVar(&o.points, "points", demo.FullMetricPoints, "metric points at full size")
	fs.BoolVar(&o.plain, "plain", false, "site.toml names only the repositories (no metrics, SLOs, KPIs, areas or teams)")
	fs.StringVar(&o.steps, "steps", "1,2,5,10", "sizes to measure, in tenths of the full size")
	fs.IntVar(&o.runs, "runs", 1, "builds per size; the fastest is reported")
	fs.BoolVar(&o.genOnly, "generate-only", false, "only write the sites (bench runs itself with this, so that the memory of generating is not counted in the builds' peak RSS)")
	return o
}

func (o *benchOptions) check(pos []string) error {
	if err := noArgs(pos); err != nil {
		return err
	}
	if o.issues <= 0 || o.repos <= 0 || o.runs <= 0 || o.releases < 0 || o.pms < 0 || o.points < 0 {
		return errors.New("--issues, --repos and --runs must be positive, --releases, --postmortems and --points not negative")
	}
	for _, s := range strings.Split(o.steps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 || n > 10 {
			return fmt.Errorf("--steps: %q is not a number of tenths from 1 to 10", s)
		}
		o.tenths = append(o.tenths, n)
	}
	return nil
}

// site is the benchmark site of t tenths of the full size: its options and
// its folder, named for its sizes so that it is generated once.
func (o *benchOptions) site(t int) (demo.SiteOptions, string) {
	so := demo.SiteOptions{
		Options:      demo.Options{Seed: demo.DemoSeed, Repos: demo.BenchRepos(o.repos), Issues: o.issues * t / 10, Releases: o.releases * t / 10},
		Postmortems:  o.pms * t / 10,
		MetricPoints: o.points * t / 10,
		Plain:        o.plain,
	}
	name := fmt.Sprintf("i%d-r%d-rel%d-pm%d-pt%d", so.Issues, o.repos, so.Releases, so.Postmortems, so.MetricPoints)
	if o.plain {
		name += "-plain"
	}
	return so, filepath.Join(o.dir, name)
}

// runBench measures the build the way a nightly runs it: a fresh process
// per build (so that its peak memory is the build's own), offline, from a
// site that `vitals gen --site` writes once per size and reuses afterwards.
// By default the site is the issue's full data set (1M issues over 20
// repositories, 5,000 releases, 2,000 postmortems, 5M metric points) at
// 1/10, 2/10, 5/10 and all of it.
func runBench(env *Env, o *benchOptions) int {
	if o.genOnly {
		return benchGenerate(env, o)
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(env.Stderr, "vitals bench:", err)
		return ExitError
	}
	// Generate in a child process: on Linux a child's peak RSS starts from
	// its parent's high-water mark, so a parent that had generated a large
	// store in memory would be counted in every build's peak.
	gen := exec.Command(self, o.generateArgs()...)
	gen.Stdout, gen.Stderr = io.Discard, env.Stderr
	if err := gen.Run(); err != nil {
		fmt.Fprintln(env.Stderr, "vitals bench: generating the sites:", err)
		return ExitError
	}
	fmt.Fprintf(env.Stdout, "| issues | repos | largest repo | comments | events | releases | postmortems | metric points | store MB | build s (wall) | CPU s (user+sys) | peak RSS MB |\n")
	fmt.Fprintf(env.Stdout, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, t := range o.tenths {
		_, site := o.site(t)
		row, err := benchSite(self, site, o.runs)
		if err != nil {
			fmt.Fprintln(env.Stderr, "vitals bench:", err)
			return ExitError
		}
		fmt.Fprintln(env.Stdout, row)
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Fprintf(env.Stdout, "\nload average at the end: %s", load)
	}
	return ExitOK
}

// generateArgs are the arguments of the child that generates the sites:
// bench --generate-only with the flags given.
func (o *benchOptions) generateArgs() []string {
	args := []string{"bench", "--generate-only"}
	o.fs.Visit(func(f *flag.Flag) { args = append(args, "-"+f.Name+"="+f.Value.String()) })
	return args
}

// benchGenerate writes each size's site that is not there yet.
func benchGenerate(env *Env, o *benchOptions) int {
	for _, t := range o.tenths {
		so, site := o.site(t)
		if _, err := os.Stat(filepath.Join(site, demo.SiteCountsFile)); err == nil {
			continue
		}
		fmt.Fprintf(env.Stderr, "generating %s\n", site)
		if _, err := demo.WriteSite(site, so); err != nil {
			fmt.Fprintln(env.Stderr, "vitals bench:", err)
			return ExitError
		}
	}
	return ExitOK
}

// benchSite builds the site runs times and gives its table row: its
// counts, store size and the fastest build's times.
func benchSite(self, site string, runs int) (string, error) {
	var c demo.SiteCounts
	b, err := os.ReadFile(filepath.Join(site, demo.SiteCountsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%s was not generated", site)
	}
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil {
		return "", err
	}
	var best benchRun
	for r := range runs {
		br, err := benchBuild(self, site)
		if err != nil {
			return "", fmt.Errorf("build of %s: %v", site, err)
		}
		if r == 0 || br.wall < best.wall {
			best = br
		}
	}
	rss := "n/a"
	if best.rssKB > 0 {
		rss = strconv.FormatInt(best.rssKB/1024, 10)
	}
	return fmt.Sprintf("| %d | %d | %d | %d | %d | %d | %d | %d | %.1f | %.2f | %.2f | %s |", c.Issues, c.Repos, c.LargestRepo,
		c.Comments, c.Events, c.Releases, c.Postmortems, c.MetricPoints,
		float64(dirSize(filepath.Join(site, demo.SiteStoreDir)))/1e6, best.wall.Seconds(), best.cpu.Seconds(), rss), nil
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
