package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/demo"
	"github.com/vitals-dev/vitals/generator/store"
)

func init() {
	register(command{"bench", "generate benchmark stores of growing size and time `vitals build` on each", runBench})
}

// runBench measures the build the way a nightly runs it: a fresh process
// per build (so that its peak memory is the build's own), offline, from a
// store that `vitals gen` writes once per size and reuses afterwards.
func runBench(env *Env, args []string) int {
	fs := newFlags(env, "bench", "bench [-d DIR] [--issues N] [--repos R] [--steps 1,2,5,10] [--runs K]")
	dir := fs.String("d", filepath.Join(os.TempDir(), "vitals-bench"), "`folder` for the generated sites (kept and reused)")
	issues := fs.Int("issues", 300_000, "issues at full size (comments about 3.3 and events about 1.7 per issue)")
	repos := fs.Int("repos", 2, "number of `repositories` the issues are spread over")
	steps := fs.String("steps", "1,2,5,10", "sizes to measure, in tenths of --issues")
	runs := fs.Int("runs", 1, "builds per size; the fastest is reported")
	genOnly := fs.Bool("generate-only", false, "only write the stores (bench runs itself with this, so that the memory of generating is not counted in the builds' peak RSS)")
	pos, code := parse(env, fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return usageErr(env, fs, "unexpected argument %q", pos[0])
	}
	if *issues <= 0 || *repos <= 0 || *runs <= 0 {
		return usageErr(env, fs, "--issues, --repos and --runs must be positive")
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
			fmt.Fprintln(env.Stderr, "vitals bench: generating the stores:", err)
			return ExitError
		}
	}
	names := make([]string, *repos)
	for i := range names {
		names[i] = fmt.Sprintf("bench/repo-%02d", i+1)
	}
	if !*genOnly {
		fmt.Fprintf(env.Stdout, "| issues | repos | comments | events | releases | store MB | build s (wall) | CPU s (user+sys) | peak RSS MB |\n")
		fmt.Fprintf(env.Stdout, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	}
	for _, t := range tenths {
		n := *issues * t / 10
		site := filepath.Join(*dir, fmt.Sprintf("i%d-r%d", n, *repos))
		o := demo.Options{Seed: demo.DemoSeed, Issues: n, Repos: names}.WithDefaults()
		storeDir := filepath.Join(site, "content", "data", "store")
		if _, err := os.Stat(filepath.Join(storeDir, "manifest.json")); err != nil {
			fmt.Fprintf(env.Stderr, "generating %d issues over %d repositories in %s\n", n, *repos, site)
			if err := demo.Write(storeDir, o); err != nil {
				fmt.Fprintln(env.Stderr, "vitals bench:", err)
				return ExitError
			}
		}
		quoted := make([]string, len(names))
		for i, r := range names {
			quoted[i] = strconv.Quote(r)
		}
		toml := "title = \"benchmark\"\n\n[github]\nrepos = [" + strings.Join(quoted, ", ") + "]\n"
		if err := os.WriteFile(filepath.Join(site, "site.toml"), []byte(toml), 0o644); err != nil {
			fmt.Fprintln(env.Stderr, "vitals bench:", err)
			return ExitError
		}
		if *genOnly {
			continue
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
		size := dirSize(storeDir)
		rows := map[string]int{}
		for _, r := range names {
			m, err := store.TableRows(storeDir, r)
			if err != nil {
				fmt.Fprintln(env.Stderr, "vitals bench:", err)
				return ExitError
			}
			for t, k := range m {
				rows[t] += k
			}
		}
		rss := "n/a"
		if best.rssKB > 0 {
			rss = strconv.FormatInt(best.rssKB/1024, 10)
		}
		fmt.Fprintf(env.Stdout, "| %d | %d | %d | %d | %d | %.1f | %.2f | %.2f | %s |\n", rows["issues"], *repos,
			rows["comments"], rows["events"], rows["releases"], float64(size)/1e6, best.wall.Seconds(), best.cpu.Seconds(), rss)
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
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
