package content

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
)

// Slugify makes a URL-safe name: lowercase a-z, 0-9 and single hyphens,
// no hyphen at either end. Latin letters with accents lose them ("Ü" is
// "u", "ß" is "ss"); other characters (spaces, punctuation, slashes,
// letters of other scripts) become a hyphen. An input with none of a-z0-9
// after that gives "" (see TitleSlug).
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if a, ok := latin[r]; ok {
			b.WriteString(a)
			dash = false
			continue
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + ('a' - 'A'))
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// TitleSlug is Slugify, or for a title without a Latin letter or digit
// (日本語, Ελληνικά) prefix and 8 hex digits of a hash of the title, so that
// two such titles get two slugs that stay the same from run to run.
func TitleSlug(title, prefix string) string {
	if s := Slugify(title); s != "" {
		return s
	}
	h := fnv.New32a()
	h.Write([]byte(title))
	return fmt.Sprintf("%s-%08x", prefix, h.Sum32())
}

// pathSlug is the slug of a slash-separated path without its extension.
func pathSlug(rel string) string {
	rel = strings.TrimSuffix(rel, pathExt(rel))
	s := Slugify(rel)
	if s == "" {
		s = "page"
	}
	return s
}

func pathExt(p string) string {
	i := strings.LastIndexByte(p, '.')
	if i < 0 || i < strings.LastIndexByte(p, '/') {
		return ""
	}
	return p[i:]
}

// uniqueSlugs gives each path (slash-separated, relative to one section)
// a slug unique among them. A slug several paths share stays with the path
// whose name already is that slug ("a-b.md" for "a-b"), else with the first
// path in byte order; the others get "-" and 8 hex digits of a hash of their
// path, so their URLs do not change when files are added or removed.
func uniqueSlugs(rels []string) map[string]string {
	sorted := append([]string(nil), rels...)
	sort.Strings(sorted)
	groups := map[string][]string{}
	for _, r := range sorted {
		s := pathSlug(r)
		groups[s] = append(groups[s], r)
	}
	out := make(map[string]string, len(rels))
	taken := map[string]bool{}
	for s := range groups {
		taken[s] = true
	}
	bases := make([]string, 0, len(groups))
	for s := range groups {
		bases = append(bases, s)
	}
	sort.Strings(bases)
	for _, s := range bases {
		g := groups[s]
		keeper := g[0]
		for _, r := range g {
			if strings.TrimSuffix(r, pathExt(r)) == s {
				keeper = r
				break
			}
		}
		out[keeper] = s
		for _, r := range g {
			if r == keeper {
				continue
			}
			h := fnv.New32a()
			h.Write([]byte(r))
			cand := fmt.Sprintf("%s-%08x", s, h.Sum32())
			for n := 2; taken[cand]; n++ {
				cand = fmt.Sprintf("%s-%08x-%d", s, h.Sum32(), n)
			}
			taken[cand] = true
			out[r] = cand
		}
	}
	return out
}

// NewTitle is the title a `vitals new` document gets: its words joined by
// single spaces, or untitled when it has none.
func NewTitle(title, untitled string) string {
	if t := strings.Join(strings.Fields(title), " "); t != "" {
		return t
	}
	return untitled
}
