package ghsync

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

const secret = "ghp_SECRETtoken1234567890"

func TestTokenNeverAppearsInOutputErrorsOrStore(t *testing.T) {
	for _, tty := range []bool{true, false} {
		e := newEnv(t, fakegh.Options{Token: secret})
		load(e.srv, "acme/r", shape{Items: 150, Comments: 10, Releases: 1})
		var out bytes.Buffer
		o := e.opts("acme/r", "acme/missing")
		o.Token, o.Progress, o.TTY = secret, &out, tty
		// The clock moves a minute per read so non-TTY progress lines are written.
		o.Now = func() time.Time { e.clock.Add(time.Minute); return e.clock.Now() }
		e.srv.Fail(fakegh.Fault{Match: "/comments", Kind: fakegh.Status500})
		sum, err := Run(context.Background(), o)
		if err == nil {
			t.Fatal("want an error for acme/missing")
		}
		if r := repoSummary(t, sum, "acme/r"); r.Err != nil || r.Issues == 0 {
			t.Fatalf("acme/r did not sync with the token: %+v", r)
		}
		texts := map[string]string{"progress": out.String(), "summary": sum.String(), "error": err.Error()}
		for name, b := range fixture.ReadTree(t, e.dir) {
			texts["store "+name] = string(b)
		}
		for name, s := range texts {
			if strings.Contains(s, secret) || strings.Contains(s, secret[4:]) {
				t.Errorf("token in %s", name)
			}
		}
		if !strings.Contains(out.String(), "acme/r") {
			t.Errorf("progress shows nothing:\n%s", out.String())
		}
	}
}

func TestWrongTokenFailsWithoutEchoingIt(t *testing.T) {
	e := newEnv(t, fakegh.Options{Token: "right-token"})
	load(e.srv, "acme/r", shape{Items: 1})
	o := e.opts("acme/r")
	o.Token = secret
	sum, err := Run(context.Background(), o)
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("error %v, want a 401", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(sum.String(), secret) {
		t.Error("token echoed")
	}
}

// authRecorder answers 200 and remembers the Authorization header it got.
type authRecorder struct{ got *string }

func (a authRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	*a.got = r.Header.Get("Authorization")
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("[]")), Request: r}, nil
}

func TestTokenIsSentOnlyToTheAPIHost(t *testing.T) {
	var got string
	tr := &transport{base: authRecorder{&got}, token: secret, apiHost: "api.example.com", apiPath: "/",
		now: time.Now, sleep: sleepCtx, backoff: fixedBackoff, remaining: -1}
	for _, tc := range []struct {
		url  string
		want string
	}{
		{"https://api.example.com/repos/o/r/issues", "Bearer " + secret},
		{"https://elsewhere.example.net/repos/o/r/issues", ""}, // e.g. after a redirect
	} {
		req, _ := http.NewRequest(http.MethodGet, tc.url, nil)
		if _, err := tr.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s: Authorization %q, want %q", tc.url, got, tc.want)
		}
	}
}
