package cli

import (
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
)

// A build against an API that refuses (a wrong token, then a host that
// takes no connection) says each repository's failure once, under the
// command that ran, and how to build from the store without syncing.
func TestBuildWhenTheAPIRefusesSaysEachFailureOnceAndSuggestsOffline(t *testing.T) {
	srv := fakegh.New(fakegh.Options{Token: "right-token"})
	t.Cleanup(srv.Close)
	srv.AddRepo("acme/app")
	srv.AddRepo("acme/api")
	closed := fakegh.New(fakegh.Options{})
	closedURL := closed.APIURL()
	closed.Close() // nothing listens there any more: connections are refused
	for _, tc := range []struct{ name, api, cause string }{
		{"wrong token", srv.APIURL(), "401"},
		{"connection refused", closedURL, "connection refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := siteDir(t, "title = \"t\"\n[github]\nrepos = [\"acme/app\", \"acme/api\"]\napi_url = \""+tc.api+"\"\n")
			for _, quiet := range []bool{false, true} {
				args := []string{"build", "-s", dir}
				if quiet {
					args = append(args, "--quiet") // no summary: the error says each cause
				}
				code, _, errs := runEnv(t, map[string]string{"GITHUB_TOKEN": "wrong-token"}, args...)
				t.Logf("%v stderr:\n%s", args, errs)
				if code != ExitError {
					t.Errorf("exit %d, want %d", code, ExitError)
				}
				if n := strings.Count(errs, tc.cause); n != 1 {
					t.Errorf("the cause %q is printed %d times, want once", tc.cause, n)
				}
				for _, r := range []string{"acme/app", "acme/api"} {
					if !strings.Contains(errs, r) {
						t.Errorf("%s is not named", r)
					}
				}
				if strings.Contains(errs, "vitals fetch") {
					t.Error("a build's sync failure is reported as vitals fetch's")
				}
				if !strings.Contains(errs, "--offline") {
					t.Error("no word of --offline, which builds from the store without syncing")
				}
			}
		})
	}
}
