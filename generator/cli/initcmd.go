package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/vitals-dev/vitals/generator/config"
)

// repoList collects repeated --repo flags.
type repoList []string

func (r *repoList) String() string     { return strings.Join(*r, ",") }
func (r *repoList) Set(v string) error { *r = append(*r, v); return nil }

// initOptions are init's flags and its folder.
type initOptions struct {
	title string
	repos repoList
	dir   string // the one positional argument, default "."
}

const initUsage = "init [DIR] [--title TITLE] [--repo OWNER/NAME ...]"

func initFlags(fs *flag.FlagSet) *initOptions {
	o := &initOptions{}
	fs.StringVar(&o.title, "title", "Product health", "site `title`")
	fs.Var(&o.repos, "repo", "a GitHub repository to follow, `OWNER/NAME` (repeat for more)")
	return o
}

func (o *initOptions) check(pos []string) error {
	if len(pos) > 1 {
		return fmt.Errorf("one folder at most, got %d", len(pos))
	}
	o.dir = "."
	if len(pos) == 1 {
		o.dir = pos[0]
	}
	for _, r := range o.repos {
		if owner, name, ok := strings.Cut(r, "/"); !ok || owner == "" || name == "" || strings.Contains(name, "/") {
			return fmt.Errorf("--repo %q is not OWNER/NAME", r)
		}
	}
	return nil
}

// runInit writes a new site's files, refusing to overwrite any.
func runInit(env *Env, o *initOptions) int {
	dir, repos := o.dir, o.repos
	files := initFiles(o.title, repos)
	var exist []string
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f.path))); err == nil {
			exist = append(exist, f.path)
		}
	}
	if len(exist) > 0 {
		fmt.Fprintf(env.Stderr, "vitals init: %s already has %s; nothing was written\n", dir, strings.Join(exist, ", "))
		return ExitError
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintln(env.Stderr, "vitals init:", err)
			return ExitError
		}
		if err := os.WriteFile(p, []byte(f.body), 0o644); err != nil {
			fmt.Fprintln(env.Stderr, "vitals init:", err)
			return ExitError
		}
		fmt.Fprintln(env.Stdout, "wrote", f.path)
	}
	next := fmt.Sprintf("set the repositories in %s, then", config.FileName)
	if len(repos) > 0 {
		next = "run" // the repositories are set: asking to set them again misleads
	}
	fmt.Fprintf(env.Stdout, "\nNext: %s `vitals build` with GITHUB_TOKEN set (or `vitals import` an export of issues or releases), or push and enable GitHub Pages (Settings > Pages > Source: GitHub Actions); vitals' README, \"Publish to GitHub Pages\", covers private repositories and GitHub Enterprise.\n", next)
	return ExitOK
}

type initFile struct{ path, body string }

// configDocURL is docs/config.md, the reference of every site.toml key, as
// of the release v is (main for a development build: the release it would
// pin may predate keys it reads).
func configDocURL(v buildVersion) string {
	ref := "main"
	if v.installable() {
		ref = v.Module
	}
	return "https://github.com/vitals-dev/vitals/blob/" + ref + "/docs/config.md"
}

func initFiles(title string, repos []string) []initFile {
	quoted := make([]string, len(repos))
	for i, r := range repos {
		quoted[i] = strconv.Quote(r)
	}
	repoLine := "repos = [" + strings.Join(quoted, ", ") + "]"
	if len(repos) == 0 {
		repoLine = "repos = []  # e.g. [\"owner/app\", \"owner/api\"]"
	}
	siteToml := `# vitals site. Every key, with its type, default and meaning:
# ` + configDocURL(readBuildVersion()) + `
title = ` + strconv.Quote(title) + `
# base_url = "https://OWNER.github.io/REPO/"   # canonical links, link previews and sitemap
theme = "default"

[github]
` + repoLine + `
# api_url = "https://ghe.example.com/api/v3"   # GitHub Enterprise; default $GITHUB_API_URL, then api.github.com
# The token comes only from GITHUB_TOKEN or GH_TOKEN, never from this file.

[issues]
bug_labels = ["bug"]   # compared case-insensitively with each issue's current labels

[feedback]
labels = ["enhancement", "feature", "feature request"]   # feature requests: the most-wanted page

# [decisions]
# dir = "docs/adr"   # decision records (Nygard or MADR); default content/decisions

# Metric exports and SLOs, for example:
# [[metrics.source]]
# name = "api"
# file = "content/metrics/api-requests.json"   # Prometheus, Grafana, Datadog, CSV or up/down checks
# [[slo]]
# name = "API availability"
# target = 0.999
# window = "30d"
# total = "api"
# bad = "api:code=5xx"
`
	workflow := initWorkflow(readBuildVersion())
	return []initFile{
		{config.FileName, siteToml},
		{"content/_index.md", "This site answers one question: is our product getting healthier? Its figures are\ncounted as the \"How we count\" page says.\n"},
		// The postmortems index shows this file under its own heading: the
		// note to authors is a comment, which pages leave out.
		{"content/postmortems/README.md", "<!-- The text below introduces the postmortems page. One Markdown file per incident:\nstart one with `vitals new postmortem \"What broke\"`; its front matter lists every\nfield, each explained. -->\n\nOne review per incident: what happened, how long users were affected, and what we\nare changing so that it does not happen again.\n"},
		{".github/workflows/vitals.yml", workflow},
		{".gitignore", "/public/\n# locks of a run in progress (or killed), and the fetch's note of what it checked\n/.public.lock\n.vitals-lock\n.verified.json\n"},
	}
}

// storeDir is where the workflow caches the store: the default [store] dir,
// which the site.toml that init writes keeps.
const storeDir = "content/data/store"

// initWorkflow is the nightly GitHub Pages workflow. The store is restored
// from the cache before the build and saved in a step that runs whatever the
// build's exit (3 when --fail-on matched), under a key new every run, so a
// red night never makes the next sync cold. Deploy runs only when the build
// wrote a site. vitals is pinned to the version that wrote the file.
func initWorkflow(v buildVersion) string {
	pin, why := v.Pin()
	goVersion := "stable"
	if m := regexp.MustCompile(`^go(\d+\.\d+)`).FindStringSubmatch(v.Go); m != nil {
		goVersion = m[1] // vitals needs at least the Go it was built with
	}
	return `# Builds the vitals site every night and publishes it to GitHub Pages.
# Enable Pages with Source "GitHub Actions" (Settings > Pages); vitals' README
# covers private repositories and GitHub Enterprise.
name: vitals
on:
  schedule: [{cron: "23 4 * * *"}]
  workflow_dispatch:
  push: {branches: [main]}
# Read this repository, publish to Pages. A private repository also needs
# issues: read and pull-requests: read (README, "Private repositories").
permissions: {contents: read, pages: write, id-token: write}
concurrency: {group: pages, cancel-in-progress: false}
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      site: ${{ steps.upload.outcome }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with: {go-version: "` + goVersion + `", cache: false}
      # The synced store is kept between runs, so each night asks GitHub only
      # for what changed: restore the newest copy, save a new one every run.
      - uses: actions/cache/restore@v4
        with:
          path: ` + storeDir + `
          key: vitals-store-${{ github.run_id }}-${{ github.run_attempt }}
          restore-keys: vitals-store-
      # ` + why + `
      - name: Install vitals ` + pin + `
        run: go install github.com/vitals-dev/vitals/cmd/vitals@` + pin + `
      - name: Build
        id: build
        run: vitals build --fail-on breach
        env:
          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}
      # Saved even when the build failed or found a breach (exit 3): the
      # sync's progress is kept either way.
      - uses: actions/cache/save@v4
        if: always() && hashFiles('` + storeDir + `/manifest.json') != ''
        with:
          path: ` + storeDir + `
          key: vitals-store-${{ github.run_id }}-${{ github.run_attempt }}
      # A breach (exit 3) still wrote the site, and it should be seen; a
      # failed build wrote none, and nothing is published.
      - id: upload
        if: ${{ !cancelled() && hashFiles('public/index.html') != '' }}
        uses: actions/upload-pages-artifact@v3
        with: {path: public}
  deploy:
    needs: build
    if: ${{ !cancelled() && needs.build.outputs.site == 'success' }}
    runs-on: ubuntu-latest
    environment: {name: github-pages, url: "${{ steps.deployment.outputs.page_url }}"}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`
}
