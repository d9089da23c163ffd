package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

func TestFetchSyncsConfiguredReposIntoTheStore(t *testing.T) {
	const token = "ghp_cliTESTtoken0000"
	srv := fakegh.New(fakegh.Options{Token: token})
	defer srv.Close()
	at := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	srv.AddIssue("acme/app", model.Issue{Number: 1, Title: "crash", State: "open", CreatedAt: at, UpdatedAt: at})
	dir := siteDir(t, "[github]\nrepos = [\"acme/app\", \"acme/gone\"]\napi_url = \""+srv.APIURL()+"\"\n")
	vars := map[string]string{"GITHUB_TOKEN": token}

	code, out, errs := runEnv(t, vars, "fetch", "-s", dir)
	if code != ExitError {
		t.Errorf("exit %d, want %d (acme/gone does not exist)", code, ExitError)
	}
	if !strings.Contains(errs, "acme/gone") || !strings.Contains(errs, "synced 1 of 2 repositories") {
		t.Errorf("stderr:\n%s", errs)
	}
	t.Logf("stderr:\n%s", errs)
	if strings.Contains(out+errs, token) {
		t.Error("token printed")
	}
	st, err := store.Open(dir + "/content/data/store")
	if err != nil {
		t.Fatal(err)
	}
	if rd := st.Repos["acme/app"]; rd == nil || len(rd.Issues) != 1 {
		t.Fatalf("store: %+v", st.Repos)
	}

	code, _, errs = runEnv(t, vars, "fetch", "-s", dir, "--quiet")
	if code != ExitError || strings.Contains(errs, "synced") {
		t.Errorf("--quiet: exit %d, stderr %q", code, errs)
	}
}

func TestFetchWithoutTokenSaysSo(t *testing.T) {
	dir := siteDir(t, "[github]\nrepos = [\"acme/app\"]\n")
	code, _, errs := run(t, "fetch", "-s", dir)
	if code != ExitError || !strings.Contains(errs, "GITHUB_TOKEN") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}
