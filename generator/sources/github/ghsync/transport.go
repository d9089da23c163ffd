package ghsync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// maxAttempts bounds retries of one request after 5xx, resets, truncated
// bodies and secondary rate limits.
const maxAttempts = 6

// RateLimitError stops a sync when GitHub's primary rate limit is used up and
// its reset is further away than Options.MaxRateWait.
type RateLimitError struct {
	Reset time.Time
	Wait  time.Duration // how long it would have been
	Max   time.Duration
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("GitHub API rate limit exhausted; it resets at %s (in %s), longer than max_rate_wait %s: run vitals fetch again after the reset",
		e.Reset.UTC().Format(time.RFC3339), e.Wait.Round(time.Second), e.Max)
}

// condKey carries a *cond in a request's context: the sync's say in
// conditional requests, and what came back.
type condKey struct{}

type cond struct {
	etags   map[string]string // known ETags by request key; nil = unconditional
	key     string            // request key (path under the API base, and query)
	etag    string            // ETag of the answer
	status  int
	lastURL *url.URL // the URL that answered (after redirects)
}

func withCond(ctx context.Context, c *cond) context.Context {
	return context.WithValue(ctx, condKey{}, c)
}

// transport is the http.RoundTripper under go-github. It adds the token (only
// for the API host), conditional headers, counts requests, retries transient
// failures, waits out rate limits, and reads each body whole so a truncated
// body is retried rather than decoded.
type transport struct {
	base    http.RoundTripper
	token   string
	apiHost string
	apiPath string // base path with trailing slash, e.g. "/api/v3/"
	maxWait time.Duration
	now     func() time.Time
	sleep   func(context.Context, time.Duration) error
	backoff func(attempt int) time.Duration
	timeout time.Duration // per attempt, so a hung page is retried rather than fatal
	log     io.Writer     // one line per retry; nil = quiet

	mu          sync.Mutex
	answered    int // responses received (any status)
	requests    int
	notModified int
	remaining   int // -1 = unknown
	reset       time.Time
	retries     int
	waited      time.Duration
}

func (t *transport) counts() (req, nm int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.requests, t.notModified
}

func (t *transport) rate() (int, time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.remaining, t.reset
}

// key names a request under the API base: "repos/o/r/issues?per_page=100&state=all".
func (t *transport) key(u *url.URL) string {
	p := strings.TrimPrefix(u.Path, t.apiPath)
	if u.RawQuery != "" {
		// go-querystring encodes options sorted; re-encode so keys stay stable
		// whatever the order of the query the caller built.
		p += "?" + u.Query().Encode()
	}
	return p
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	c, _ := ctx.Value(condKey{}).(*cond)
	attempt, primary := 0, 0
	for {
		if err := t.waitPrimary(ctx); err != nil {
			return nil, err
		}
		actx, cancel := ctx, context.CancelFunc(func() {})
		if t.timeout > 0 {
			actx, cancel = context.WithTimeout(ctx, t.timeout)
		}
		r2 := req.Clone(actx)
		r2.Header.Del("Authorization")
		if t.token != "" && strings.EqualFold(r2.URL.Host, t.apiHost) {
			r2.Header.Set("Authorization", "Bearer "+t.token)
		}
		if c != nil {
			c.key = t.key(req.URL)
			if et := c.etags[c.key]; et != "" {
				r2.Header.Set("If-None-Match", et)
			}
		}
		t.mu.Lock()
		t.requests++
		t.mu.Unlock()
		resp, err := t.base.RoundTrip(r2)
		if err == nil {
			t.mu.Lock()
			t.answered++
			t.mu.Unlock()
			var body []byte
			body, err = io.ReadAll(resp.Body)
			resp.Body.Close()
			if err == nil {
				resp.Body = io.NopCloser(bytes.NewReader(body))
				resp.ContentLength = int64(len(body))
			}
		}
		timedOut := actx.Err() != nil
		cancel()
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if timedOut {
				err = fmt.Errorf("no answer within %s", t.timeout)
			} else if refused(err) {
				// Nothing listens there: retrying will not help.
				return nil, &ConnectError{Host: req.URL.Host, Err: err}
			}
			attempt++
			if attempt >= maxAttempts {
				t.mu.Lock()
				silent := t.answered == 0
				t.mu.Unlock()
				if timedOut && silent {
					return nil, &SilentHostError{Host: req.URL.Host, Attempts: attempt, Timeout: t.timeout}
				}
				return nil, fmt.Errorf("giving up after %d attempts: %w", attempt, err)
			}
			wait := t.backoff(attempt)
			t.say(req, why(err), attempt, wait)
			if err := t.pause(ctx, wait); err != nil {
				return nil, err
			}
			continue
		}
		t.noteRate(resp.Header)
		switch wait, kind := t.classify(resp); kind {
		case retryPrimary:
			primary++
			if primary > 3 {
				return nil, fmt.Errorf("GitHub still reports the rate limit exhausted after %d waits for its reset", primary-1)
			}
			t.mu.Lock()
			t.remaining = 0
			known := !t.reset.IsZero()
			t.mu.Unlock()
			if known {
				continue // waitPrimary waits for the reset, or stops
			}
			attempt++
			t.say(req, "rate limit used up, reset unknown", attempt, time.Minute)
			if err := t.pause(ctx, time.Minute); err != nil {
				return nil, err
			}
			t.mu.Lock()
			t.remaining = -1
			t.mu.Unlock()
			continue
		case retryWait, retryBackoff:
			attempt++
			if attempt >= maxAttempts {
				if kind == retryWait {
					return nil, fmt.Errorf("GitHub kept answering %d (rate limited) after %d attempts", resp.StatusCode, attempt)
				}
				return t.finish(resp, c), nil
			}
			reason := fmt.Sprintf("rate limited (%d)", resp.StatusCode)
			if kind == retryBackoff {
				wait = t.backoff(attempt)
				reason = fmt.Sprintf("GitHub answered %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
			}
			t.say(req, reason, attempt, wait)
			if err := t.pause(ctx, wait); err != nil {
				return nil, err
			}
			continue
		}
		return t.finish(resp, c), nil
	}
}

func (t *transport) finish(resp *http.Response, c *cond) *http.Response {
	if resp.StatusCode == http.StatusNotModified {
		t.mu.Lock()
		t.notModified++
		t.mu.Unlock()
	}
	if c != nil {
		c.status = resp.StatusCode
		c.etag = resp.Header.Get("ETag")
		c.lastURL = resp.Request.URL
	}
	// The transport owns rate-limit waits; hide the reset from go-github so it
	// never refuses a request on its own from stale knowledge.
	resp.Header.Del("X-RateLimit-Reset")
	resp.Header.Del("Retry-After")
	return resp
}

type retryKind int

const (
	noRetry retryKind = iota
	retryBackoff
	retryWait
	retryPrimary
)

func (t *transport) classify(resp *http.Response) (time.Duration, retryKind) {
	code := resp.StatusCode
	switch {
	case (code == http.StatusForbidden || code == http.StatusTooManyRequests) && resp.Header.Get("X-RateLimit-Remaining") == "0":
		return 0, retryPrimary
	case code == http.StatusTooManyRequests || (code == http.StatusForbidden && (resp.Header.Get("Retry-After") != "" || isSecondary(resp))):
		// GitHub: wait Retry-After seconds; without it, at least a minute.
		wait := time.Minute
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
			wait = time.Duration(s) * time.Second
		}
		return wait, retryWait
	case code >= 500:
		return 0, retryBackoff
	}
	return 0, noRetry
}

func isSecondary(resp *http.Response) bool {
	b, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return bytes.Contains(bytes.ToLower(b), []byte("secondary rate limit"))
}

func (t *transport) noteRate(h http.Header) {
	rem, err1 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	reset, err2 := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	t.mu.Lock()
	defer t.mu.Unlock()
	if err1 == nil {
		t.remaining = rem
	}
	if err2 == nil {
		t.reset = time.Unix(reset, 0).UTC()
	}
}

// waitPrimary waits for the reset of an exhausted primary rate limit when it
// comes within maxWait, and stops the sync otherwise.
func (t *transport) waitPrimary(ctx context.Context) error {
	t.mu.Lock()
	rem, reset := t.remaining, t.reset
	t.mu.Unlock()
	if rem != 0 || reset.IsZero() {
		return nil
	}
	wait := reset.Sub(t.now()) + time.Second // GitHub's reset is whole seconds
	if wait > t.maxWait {
		return &RateLimitError{Reset: reset, Wait: wait, Max: t.maxWait}
	}
	if wait > 0 {
		if t.log != nil {
			fmt.Fprintf(t.log, "GitHub rate limit used up: waiting %s for its reset at %s\n", wait.Round(time.Second), reset.UTC().Format(time.RFC3339))
		}
		if err := t.pause(ctx, wait); err != nil {
			return err
		}
	}
	t.mu.Lock()
	t.remaining = -1 // unknown until the next answer
	t.mu.Unlock()
	return nil
}

// say prints one line for a retry: what, why, attempt n of m, next wait.
func (t *transport) say(req *http.Request, why string, attempt int, wait time.Duration) {
	if t.log == nil {
		return
	}
	fmt.Fprintf(t.log, "GET %s: %s (attempt %d of %d); retrying in %s\n", t.key(req.URL), why, attempt, maxAttempts, wait.Round(time.Millisecond))
}

// why is a transport error in a few words.
func why(err error) string {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the answer was cut short"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF):
		return "the connection was reset"
	}
	return err.Error()
}

func refused(err error) bool {
	var dns *net.DNSError
	return errors.Is(err, syscall.ECONNREFUSED) || (errors.As(err, &dns) && dns.IsNotFound)
}

// ConnectError stops a sync when nothing answers at the API host: a closed
// port or a host name that does not resolve fails at once, not after retries.
type ConnectError struct {
	Host string
	Err  error
}

func (e *ConnectError) Error() string {
	return fmt.Sprintf("cannot connect to %s (%v): check [github] api_url or GITHUB_API_URL and the network", e.Host, e.Err)
}

func (e *ConnectError) Unwrap() error { return e.Err }

// SilentHostError stops a sync when the API host has answered nothing at
// all: every attempt of the sync's first request timed out. Each remaining
// repository would wait as long (Options.Timeout times maxAttempts, plus the
// backoff: 3.5 minutes by default), so they are left for the next run.
type SilentHostError struct {
	Host     string
	Attempts int
	Timeout  time.Duration
}

func (e *SilentHostError) Error() string {
	return fmt.Sprintf("giving up after %d attempts: no answer within %s; %s has answered nothing, so the other repositories are not tried: check [github] api_url or GITHUB_API_URL and the network", e.Attempts, e.Timeout, e.Host)
}

func (t *transport) pause(ctx context.Context, d time.Duration) error {
	t.mu.Lock()
	t.retries++
	t.waited += d
	t.mu.Unlock()
	return t.sleep(ctx, d)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// expBackoff is 1s, 2s, 4s, ... capped at 30s, each scaled by a jitter factor
// in [0.5, 1.5) from rnd.
func expBackoff(rnd *rand.Rand) func(int) time.Duration {
	var mu sync.Mutex
	return func(attempt int) time.Duration {
		d := time.Second << min(attempt-1, 5)
		if d > 30*time.Second {
			d = 30 * time.Second
		}
		mu.Lock()
		f := 0.5 + rnd.Float64()
		mu.Unlock()
		return time.Duration(float64(d) * f)
	}
}

// redact removes the token from a message, should any layer ever echo it.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "[token]")
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func redactErr(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return &redactedError{redact(err.Error(), token), err} // errors.Is/As still see the cause
}
