package site

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/diag"
)

// resourceExts are the files next to content that a site publishes as they
// are. SVG can carry script, so it is published only when the site opts in
// to raw HTML ([markup] unsafe).
var resourceExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".avif": true, ".pdf": true,
}

// loadResources reads the images and documents under content/ (not the
// store or metric exports); they are published at their path below content/.
func (b *builder) loadResources() error {
	root := filepath.Join(b.opts.Source, "content")
	skip := map[string]bool{}
	for _, m := range b.cfg.Metrics.Sources {
		skip[path.Clean(filepath.ToSlash(m.File))] = true
	}
	storeRel, _ := filepath.Rel(b.opts.Source, b.cfg.StoreDir())
	storeRel = filepath.ToSlash(storeRel)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == root {
				return filepath.SkipDir
			}
			return err
		}
		rel, _ := filepath.Rel(b.opts.Source, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == storeRel || rel == "content/data" {
				return filepath.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(path.Ext(rel))
		if skip[rel] || !d.Type().IsRegular() || !(resourceExts[ext] || (ext == ".svg" && b.cfg.Markup.Unsafe)) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b.resources = append(b.resources, resource{Src: rel, Out: strings.TrimPrefix(rel, "content/"), Data: data})
		return nil
	})
	if os.IsNotExist(err) {
		return nil
	}
	return err
}

// addResources publishes the resources; a file vitals makes wins.
func (b *builder) addResources() error {
	for _, r := range b.resources {
		if b.out.Has(r.Out) {
			b.warns = append(b.warns, diag.Diag{Path: r.Src, Severity: diag.Warning, Msg: "not published: " + r.Out + " is taken by a page vitals makes"})
			continue
		}
		if err := b.out.Add(r.Out, r.Data); err != nil {
			return err
		}
	}
	return nil
}
