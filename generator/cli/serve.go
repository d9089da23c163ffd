package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vitals-dev/vitals/generator/base/runlock"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/site"
)

// serveOptions are serve's flags.
type serveOptions struct {
	source, dest string
	port         int
}

const serveUsage = "serve [-s SOURCE] [-d DEST] [--port N]"

func serveFlags(fs *flag.FlagSet) *serveOptions {
	o := &serveOptions{}
	fs.StringVar(&o.source, "s", ".", "site source `folder`")
	fs.StringVar(&o.dest, "d", "", "destination `folder` (default SOURCE/public)")
	fs.IntVar(&o.port, "port", 1313, "TCP `port` on 127.0.0.1 (0 picks a free one)")
	return o
}

func (o *serveOptions) check(pos []string) error { return noArgs(pos) }

// runServe builds, serves and rebuilds the site until SIGINT.
func runServe(env *Env, o *serveOptions) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	srv, err := newServer(env, o.source, o.dest)
	if err != nil {
		fmt.Fprintln(env.Stderr, "vitals serve:", err)
		return ExitError
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(o.port)))
	if err != nil {
		fmt.Fprintln(env.Stderr, "vitals serve:", err)
		return ExitError
	}
	fmt.Fprintf(env.Stdout, "serving %s at http://%s/ (Ctrl-C to stop)\n", srv.dest, ln.Addr())
	return srv.run(ctx, ln)
}

// server serves a built site, rebuilds it when its sources change, and tells
// open pages to reload through server-sent events. The reload script is
// added to responses only; built files never contain it.
type server struct {
	env          *Env
	source, dest string

	mu      sync.Mutex
	version int
	waiters []chan int
}

func newServer(env *Env, source, dest string) (*server, error) {
	if dest == "" {
		dest = filepath.Join(source, "public")
	}
	return &server{env: env, source: source, dest: dest}, nil
}

func (s *server) build(ctx context.Context) {
	res, err := site.Build(ctx, site.Options{Source: s.source, Dest: s.dest, Lock: runlock.Options{Command: "vitals serve", Log: s.env.Stderr}})
	if report(s.env, res, err, withWarnings, false) == ExitOK {
		fmt.Fprintf(s.env.Stdout, "built %s in %s\n", plural(res.Pages, "page", "pages"), res.Duration.Round(time.Millisecond))
		s.mu.Lock()
		s.version++
		for _, w := range s.waiters {
			w <- s.version
		}
		s.waiters = nil
		s.mu.Unlock()
	}
}

func (s *server) run(ctx context.Context, ln net.Listener) int {
	s.build(ctx)
	mux := http.NewServeMux()
	mux.HandleFunc("/__vitals/events", s.events)
	files := http.FileServer(http.Dir(s.dest))
	mux.Handle("/", s.inject(files))
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go s.watch(ctx)
	go func() { <-ctx.Done(); hs.Close() }()
	if err := hs.Serve(ln); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(s.env.Stderr, "vitals serve:", err)
		return ExitError
	}
	return ExitOK
}

// events is a server-sent-events stream that sends "reload" after each build.
func (s *server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := make(chan int, 1)
	s.mu.Lock()
	s.waiters = append(s.waiters, ch)
	s.mu.Unlock()
	fmt.Fprint(w, ": connected\n\n")
	fl.Flush()
	select {
	case <-ch:
		fmt.Fprint(w, "data: reload\n\n")
		fl.Flush()
	case <-r.Context().Done():
	}
}

const reloadScript = `<script>(function(){var es=new EventSource("/__vitals/events");es.onmessage=function(){location.reload();};})();</script>`

// inject adds the reload script to HTML pages.
func (s *server) inject(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		if !strings.HasSuffix(p, ".html") {
			w.Header().Set("Cache-Control", "no-store")
			next.ServeHTTP(w, r)
			return
		}
		b, err := os.ReadFile(filepath.Join(s.dest, filepath.FromSlash(strings.TrimPrefix(p, "/"))))
		if err != nil || strings.Contains(p, "..") {
			next.ServeHTTP(w, r)
			return
		}
		b = bytes.Replace(b, []byte("</body>"), []byte(reloadScript+"</body>"), 1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(b)
	})
}

// watch polls the site's sources and rebuilds on change. Polling sees
// editors' atomic saves and needs no platform watcher.
func (s *server) watch(ctx context.Context) {
	last := s.fingerprint()
	t := time.NewTicker(400 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		fp := s.fingerprint()
		if fp != last {
			last = fp
			fmt.Fprintln(s.env.Stdout, "change detected, rebuilding")
			s.build(ctx)
		}
	}
}

// fingerprint summarises names, sizes and times of the watched files.
func (s *server) fingerprint() string {
	var b strings.Builder
	for _, p := range []string{config.FileName, "content", "templates", "themes"} {
		root := filepath.Join(s.source, p)
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if fi, err := d.Info(); err == nil {
				fmt.Fprintf(&b, "%s %d %d\n", path, fi.Size(), fi.ModTime().UnixNano())
			}
			return nil
		})
	}
	return b.String()
}
