// Package theme finds templates and static files in layers, first hit wins:
// the site's templates/, then themes/<theme>/templates/ in the site, then the
// default theme built into the binary. Embedded defaults never override a
// site's files.
package theme

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vitals-dev/vitals/themes"
)

// Layer is one place templates and static files come from.
type Layer struct {
	Name      string // for messages: "templates/", "themes/x/", "built-in"
	Templates fs.FS  // may be nil
	Static    fs.FS  // may be nil
}

// Set is the parsed templates of a site.
type Set struct {
	layers []Layer
	base   *template.Template
	kinds  map[string]*template.Template
	// Origins maps a template file to the layer it came from.
	Origins map[string]string
}

// Layers returns the lookup order for a site directory and theme name.
func Layers(siteDir, themeName string) ([]Layer, error) {
	var ls []Layer
	if d := filepath.Join(siteDir, "templates"); isDir(d) {
		ls = append(ls, Layer{Name: "templates/", Templates: os.DirFS(d)})
	}
	td := filepath.Join(siteDir, "themes", themeName)
	if isDir(td) {
		l := Layer{Name: "themes/" + themeName + "/"}
		if d := filepath.Join(td, "templates"); isDir(d) {
			l.Templates = os.DirFS(d)
		}
		if d := filepath.Join(td, "static"); isDir(d) {
			l.Static = os.DirFS(d)
		}
		ls = append(ls, l)
	} else if themeName != "default" {
		return nil, fmt.Errorf("theme %q: no folder themes/%s in the site", themeName, themeName)
	}
	tpl, _ := fs.Sub(themes.FS, "default/templates")
	st, _ := fs.Sub(themes.FS, "default/static")
	ls = append(ls, Layer{Name: "built-in", Templates: tpl, Static: st})
	return ls, nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// Load parses the templates of the layers. Files under partials/ and
// layout.html make the base every page kind shares; every other *.html file
// is a page kind that defines "main" (and may define "head"). Every template
// may use the functions of funcs.go.
func Load(layers []Layer) (*Set, error) {
	s := &Set{layers: layers, kinds: map[string]*template.Template{}, Origins: map[string]string{}}
	files := map[string][]byte{}
	for _, l := range layers {
		if l.Templates == nil {
			continue
		}
		err := fs.WalkDir(l.Templates, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			if _, seen := files[p]; seen {
				return nil // an earlier layer has it
			}
			b, err := fs.ReadFile(l.Templates, p)
			if err != nil {
				return err
			}
			files[p] = b
			s.Origins[p] = l.Name
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("templates in %s: %w", l.Name, err)
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	base := template.New("").Funcs(funcs()).Option("missingkey=error")
	for _, n := range names {
		if n == "layout.html" || strings.HasPrefix(n, "partials/") {
			if _, err := base.New(n).Parse(string(files[n])); err != nil {
				return nil, fmt.Errorf("%s%s: %w", s.Origins[n], n, err)
			}
		}
	}
	if base.Lookup("layout") == nil {
		return nil, errors.New("templates: no layout.html defining \"layout\" in any layer")
	}
	s.base = base
	for _, n := range names {
		if n == "layout.html" || strings.HasPrefix(n, "partials/") {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.New(n).Parse(string(files[n])); err != nil {
			return nil, fmt.Errorf("%s%s: %w", s.Origins[n], n, err)
		}
		s.kinds[strings.TrimSuffix(n, ".html")] = t
	}
	return s, nil
}

// Has reports whether a page kind exists.
func (s *Set) Has(kind string) bool { return s.kinds[kind] != nil }

// Render executes the layout for a page kind.
func (s *Set) Render(w io.Writer, kind string, data any) error {
	t := s.kinds[kind]
	if t == nil {
		return fmt.Errorf("no template %s.html in templates/, the theme, or built in", kind)
	}
	// A failed page writes nothing: into a buffer of the caller's straight
	// away (cut back on error), else into one of its own first.
	buf, direct := w.(*bytes.Buffer)
	if !direct {
		buf = &bytes.Buffer{}
	}
	n := buf.Len()
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		buf.Truncate(n)
		return fmt.Errorf("template %s.html (from %s): %w", kind, s.Origins[kind+".html"], err)
	}
	if direct {
		return nil
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// StaticFiles lists static files (slash paths) with their content, first
// layer wins, sorted by path.
func StaticFiles(layers []Layer) (map[string][]byte, []string, error) {
	out := map[string][]byte{}
	for _, l := range layers {
		if l.Static == nil {
			continue
		}
		err := fs.WalkDir(l.Static, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if _, seen := out[p]; seen {
				return nil
			}
			b, err := fs.ReadFile(l.Static, p)
			if err != nil {
				return err
			}
			out[path.Clean(p)] = b
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("static files in %s: %w", l.Name, err)
		}
	}
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	return out, names, nil
}
