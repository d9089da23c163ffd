package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
)

// The token and API URL come from the command's Env, never from the
// process: a developer's GITHUB_TOKEN and GITHUB_API_URL in the shell that
// runs the tests reach no command. Before Env carried them, config.Token
// and Config.APIURL read os.Getenv, so this build synced against the
// process's API URL with its token (the server saw requests) although its
// Env had no token.
func TestTokenAndAPIURLComeFromEnvNotTheProcess(t *testing.T) {
	srv := fakegh.New(fakegh.Options{Token: "leaked-token"})
	t.Cleanup(srv.Close)
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	srv.AddIssue("acme/app", model.Issue{Number: 1, Title: "crash", State: "open", CreatedAt: at, UpdatedAt: at})
	dir := siteDir(t, "title = \"t\"\n[github]\nrepos = [\"acme/app\"]\n")

	t.Setenv("GITHUB_TOKEN", "leaked-token")
	t.Setenv("GITHUB_API_URL", srv.APIURL())
	code, _, errs := runEnv(t, nil, "build", "-s", dir)
	if code != ExitOK || !strings.Contains(errs, "no GITHUB_TOKEN or GH_TOKEN") {
		t.Errorf("build with no token in its Env: exit %d, stderr:\n%s", code, errs)
	}
	if n := srv.Requests(); n != 0 {
		t.Errorf("the process's token and API URL reached the build: %d requests", n)
	}
	if code, _, errs := runEnv(t, nil, "fetch", "-s", dir); code != ExitError || !strings.Contains(errs, "no token") {
		t.Errorf("fetch with no token in its Env: exit %d, stderr:\n%s", code, errs)
	}

	// And the other way round: the Env's token and API URL are used.
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("GITHUB_API_URL", "")
	vars := map[string]string{"GH_TOKEN": "leaked-token", "GITHUB_API_URL": srv.APIURL()}
	if code, _, errs := runEnv(t, vars, "fetch", "-s", dir); code != ExitOK || !strings.Contains(errs, "synced 1 of 1") {
		t.Errorf("fetch with the token and API URL in its Env: exit %d, stderr:\n%s", code, errs)
	}
}

// The clock comes from Env: `new` names a document by Env.Now, and
// --as-of is "after the current time" by Env.Now.
func TestClockComesFromEnv(t *testing.T) {
	dir := siteDir(t, "title = \"t\"\n")
	now := time.Date(2031, 2, 3, 4, 5, 6, 0, time.UTC)
	env := func() (*Env, *strings.Builder, *strings.Builder) {
		var out, errb strings.Builder
		e := testEnv(&out, &errb, nil)
		e.Now = func() time.Time { return now }
		return e, &out, &errb
	}
	e, out, errb := env()
	if code := e.main([]string{"new", "postmortem", "Outage", "-s", dir}); code != ExitOK {
		t.Fatalf("new: exit %d: %s", code, errb)
	}
	rel := "content/postmortems/2031-02-03-outage.md"
	if !strings.Contains(out.String(), rel) {
		t.Errorf("new postmortem wrote %q, want %s (dated by Env.Now)", out, rel)
	}
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil || !strings.Contains(string(b), "2031-02-03 04:05") {
		t.Errorf("%s does not start at Env.Now: %v\n%s", rel, err, b)
	}

	e, _, errb = env()
	if code := e.main([]string{"build", "-s", dir, "--offline", "--as-of", "2031-02-04"}); code != ExitOK {
		t.Fatalf("build: exit %d: %s", code, errb)
	}
	if !strings.Contains(errb.String(), "after the current time (2031-02-03T04:05:06Z)") {
		t.Errorf("--as-of a day after Env.Now does not warn:\n%s", errb)
	}
	e, _, errb = env()
	if code := e.main([]string{"build", "-s", dir, "--offline", "--as-of", "2031-02-02"}); code != ExitOK || strings.Contains(errb.String(), "after the current time") {
		t.Errorf("--as-of a day before Env.Now: exit %d, stderr:\n%s", code, errb)
	}
}
