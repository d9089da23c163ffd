// Package frontmatter reads the head of a content file: TOML between "+++"
// lines or YAML between "---" lines, with the file positions of its keys and
// values, and typed values out of it (Decoder) with diagnostics that name
// file:line:col. Pages (content) and postmortems (postmortem) both read
// their front matter through it.
package frontmatter

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/tomlpos"
)

// Front-matter syntaxes.
const (
	FormatNone = ""
	FormatTOML = "toml"
	FormatYAML = "yaml"
)

// Pos is a 1-based line and column in a content file (not in its front
// matter or body alone). Zero when unknown.
type Pos struct{ Line, Col int }

// FrontMatter is the parsed head of a content file.
type FrontMatter struct {
	Format string         // FormatTOML, FormatYAML or FormatNone
	Params map[string]any // the raw keys and values; never nil
	// BodyLine is the file line on which the Markdown body starts (1 when
	// there is no front matter); BodyOffset is its byte offset in the file.
	BodyLine   int
	BodyOffset int

	keys map[string]keyInfo // "started", "action_items.0.issue" -> positions
}

type keyInfo struct {
	key, val Pos
	raw      string // the literal text of a YAML scalar, "" otherwise
	scalar   bool
}

// ValuePos is where the value of a key path (dot-separated, list indexes as
// numbers: "action_items.1.issue") is written, falling back to the nearest
// enclosing key, then to line 1.
func (fm *FrontMatter) ValuePos(path string) Pos {
	for p := path; p != ""; {
		if k, ok := fm.keys[p]; ok {
			return k.val
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return Pos{Line: 1, Col: 1}
}

// KeyPos is where a key path is written (see ValuePos).
func (fm *FrontMatter) KeyPos(path string) Pos {
	if k, ok := fm.keys[path]; ok {
		return k.key
	}
	return fm.ValuePos(path)
}

// RawScalar is the literal YAML text of a scalar value ("1.20" for release:
// 1.20, which decodes to the float 1.2).
func (fm *FrontMatter) RawScalar(path string) (string, bool) {
	k, ok := fm.keys[path]
	if !ok || !k.scalar || fm.Format != FormatYAML {
		return "", false
	}
	return k.raw, true
}

var bom = []byte("\ufeff")

// Parse splits src (the whole file; path is only for messages)
// into front matter and Markdown body. TOML sits between "+++" lines, YAML
// between "---" lines, each on the first line of the file; a file with
// neither has no front matter. Problems come back as diagnostics with file
// positions; on a front-matter error Params is empty and the body is still
// the text after the closing delimiter (so the page can be rendered anyway).
func Parse(path string, src []byte) (*FrontMatter, []byte, diag.List) {
	fm := &FrontMatter{Params: map[string]any{}, BodyLine: 1, keys: map[string]keyInfo{}}
	start := 0
	if bytes.HasPrefix(src, bom) {
		start = len(bom)
	}
	first, next := lineAt(src, start)
	var delim string
	switch strings.TrimRight(string(first), " \t\r") {
	case "+++":
		fm.Format, delim = FormatTOML, "+++"
	case "---":
		fm.Format, delim = FormatYAML, "---"
	default:
		fm.BodyOffset = start
		return fm, src[start:], nil
	}
	// Find the closing delimiter.
	line := 2
	headStart := next
	for off := next; off < len(src); line++ {
		l, n := lineAt(src, off)
		if strings.TrimRight(string(l), " \t\r") == delim {
			head := src[headStart:off]
			fm.BodyLine, fm.BodyOffset = line+1, n
			d := fm.decode(path, head)
			return fm, src[n:], d
		}
		off = n
	}
	fm.Format = FormatNone
	fm.BodyOffset = len(src)
	return fm, nil, diag.List{{Path: path, Line: 1, Col: 1, Msg: fmt.Sprintf(
		"front matter opened with %q is never closed (want a line with only %q after the last key)", delim, delim)}}
}

// lineAt returns the line starting at off (without its "\n") and the offset
// of the next line.
func lineAt(src []byte, off int) ([]byte, int) {
	i := bytes.IndexByte(src[off:], '\n')
	if i < 0 {
		return src[off:], len(src)
	}
	return src[off : off+i], off + i + 1
}

// decode parses the text between the delimiters; its first line is file line 2.
func (fm *FrontMatter) decode(path string, head []byte) diag.List {
	const offset = 1 // head line 1 is file line 2
	switch fm.Format {
	case FormatTOML:
		return fm.decodeTOML(path, head, offset)
	default:
		return fm.decodeYAML(path, head, offset)
	}
}

// MaxNesting is the deepest nesting of arrays and inline tables accepted in
// TOML front matter. BurntSushi/toml slows down badly with depth (20,000
// nested inline tables took minutes), and front matter never needs more.
const MaxNesting = 64

func (fm *FrontMatter) decodeTOML(path string, head []byte, offset int) diag.List {
	if line, col := tomlTooDeep(head, MaxNesting); line > 0 {
		return diag.List{{Path: path, Line: line + offset, Col: col,
			Msg: fmt.Sprintf("TOML front matter: arrays and inline tables nested more than %d deep", MaxNesting)}}
	}
	var m map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(head)).Decode(&m); err != nil {
		d := diag.Diag{Path: path, Line: 1, Col: 1, Msg: "TOML front matter: " + err.Error()}
		if pe, ok := err.(toml.ParseError); ok {
			d.Msg = "TOML front matter: " + pe.Message
			if pe.Position.Line > 0 {
				d.Line, d.Col = pe.Position.Line+offset, pe.Position.Col
			}
		}
		return diag.List{d}
	}
	if m != nil {
		fm.Params = m
	}
	scanTOMLKeys(string(head), offset, fm.keys)
	return nil
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

func (fm *FrontMatter) decodeYAML(path string, head []byte, offset int) (ds diag.List) {
	// yaml.v3 has panicked on hostile input in the past; a content file
	// must never take the build down, so a panic becomes a diagnostic.
	defer func() {
		if r := recover(); r != nil {
			fm.Params = map[string]any{}
			ds = diag.List{{Path: path, Line: 1, Col: 1, Msg: fmt.Sprintf("YAML front matter: parser failed: %v", r)}}
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(head, &doc); err != nil {
		return yamlDiags(path, err, offset)
	}
	if len(doc.Content) == 0 { // empty front matter
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return diag.List{{Path: path, Line: root.Line + offset, Col: root.Column,
			Msg: "YAML front matter must be a mapping of keys to values (key: value), not a " + yamlKind(root)}}
	}
	var m map[string]any
	if err := root.Decode(&m); err != nil {
		return yamlDiags(path, err, offset)
	}
	if m != nil {
		fm.Params = stringKeys(m).(map[string]any)
	}
	walkYAML(root, "", offset, fm.keys, 0)
	return nil
}

func yamlKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "single value"
	case yaml.AliasNode:
		return "alias"
	}
	return "document"
}

// yamlDiags turns yaml.v3's messages ("yaml: line 3: ...", or a list of
// "line N: ..." after "yaml: unmarshal errors:") into diagnostics.
func yamlDiags(path string, err error, offset int) diag.List {
	var out diag.List
	for _, l := range strings.Split(err.Error(), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l == "yaml: unmarshal errors:" {
			continue
		}
		d := diag.Diag{Path: path, Line: 1, Col: 1}
		if m := yamlLineRE.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[1])
			d.Line, d.Col, d.Msg = n+offset, 0, "YAML front matter: "+m[2]
		} else {
			d.Msg = "YAML front matter: " + strings.TrimPrefix(l, "yaml: ")
		}
		out = append(out, d)
	}
	if len(out) == 0 {
		out = diag.List{{Path: path, Line: 1, Col: 1, Msg: "YAML front matter: " + err.Error()}}
	}
	return out
}

// walkYAML records key and value positions. Aliases are not followed, so
// positions stay where the text is written and hostile anchors cannot blow up.
func walkYAML(n *yaml.Node, prefix string, offset int, keys map[string]keyInfo, depth int) {
	if depth > 8 {
		return
	}
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := join(k.Value)
			if _, dup := keys[p]; dup {
				continue
			}
			keys[p] = keyInfo{
				key: Pos{k.Line + offset, k.Column}, val: Pos{v.Line + offset, v.Column},
				raw: v.Value, scalar: v.Kind == yaml.ScalarNode,
			}
			walkYAML(v, p, offset, keys, depth+1)
		}
	case yaml.SequenceNode:
		for i, v := range n.Content {
			p := join(strconv.Itoa(i))
			keys[p] = keyInfo{key: Pos{v.Line + offset, v.Column}, val: Pos{v.Line + offset, v.Column},
				raw: v.Value, scalar: v.Kind == yaml.ScalarNode}
			walkYAML(v, p, offset, keys, depth+1)
		}
	}
}

// scanTOMLKeys records where keys are written in TOML front matter
// (tomlpos): an [[array]] element under its index and, for its first
// element, under the array's name too. Keys inside inline tables fall back
// to their enclosing key. Only for messages.
func scanTOMLKeys(src string, offset int, keys map[string]keyInfo) {
	for _, k := range tomlpos.Scan(src) {
		info := keyInfo{key: Pos{k.Key.Line + offset, k.Key.Col}, val: Pos{k.Value.Line + offset, k.Value.Col}}
		path := strings.Join(k.Path, ".")
		if k.Array {
			name := strings.Join(k.Path[:len(k.Path)-1], ".")
			if _, ok := keys[name]; !ok {
				keys[name] = info
			}
			keys[path] = info
			continue
		}
		if _, ok := keys[path]; !ok {
			keys[path] = info
		}
	}
}

// tomlTooDeep finds where [ and { nest deeper than max outside strings and
// comments, returning its line and column in src (0, 0 when never).
func tomlTooDeep(src []byte, max int) (line, col int) {
	depth, line, lineStart := 0, 1, 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line, lineStart = line+1, i+1
		case c == '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			q := string(c)
			if bytes.HasPrefix(src[i:], []byte(q+q+q)) { // multi-line string
				end := bytes.Index(src[i+3:], []byte(q+q+q))
				if end < 0 {
					return 0, 0 // unterminated: the decoder reports it
				}
				seg := src[i : i+3+end+3]
				for j, b := range seg {
					if b == '\n' {
						line, lineStart = line+1, i+j+1
					}
				}
				i += 3 + end + 2
				continue
			}
			for i++; i < len(src) && src[i] != c && src[i] != '\n'; i++ {
				if c == '"' && src[i] == '\\' {
					i++
				}
			}
			if i < len(src) && src[i] == '\n' {
				line, lineStart = line+1, i+1
			}
		case c == '[' || c == '{':
			depth++
			if depth > max {
				return line, i - lineStart + 1
			}
		case c == ']' || c == '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return 0, 0
}

// stringKeys turns YAML mappings with non-text keys (map[any]any, as in
// "{1: x}") into map[string]any, so Params can be encoded as JSON and read
// by templates alike.
func stringKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = stringKeys(x)
		}
		return v
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[fmt.Sprint(k)] = stringKeys(x)
		}
		return m
	case []any:
		for i, x := range v {
			v[i] = stringKeys(x)
		}
		return v
	}
	return v
}
