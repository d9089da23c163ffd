package store

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// The Parquet tables of format 2, one file per repository and kind. The
// columns are flat (author_login, not a nested author group) so that an
// analyst's `select author_login from 'issues.parquet'` needs no struct
// syntax; docs/store.md is the schema's reference and must follow any change
// here. Times are TIMESTAMP(MICROS, UTC): GitHub stamps whole seconds, and
// micros is what every reader (DuckDB, pandas/pyarrow, Polars, BigQuery) takes.

type issueRow struct {
	Repo        string   `parquet:"repo,dict"`
	Number      int64    `parquet:"number,delta"`
	Title       string   `parquet:"title"`
	State       string   `parquet:"state,dict"`
	StateReason string   `parquet:"state_reason,dict"`
	AuthorLogin string   `parquet:"author_login,dict"`
	AuthorType  string   `parquet:"author_type,dict"`
	Labels      []string `parquet:"labels,list"`
	CreatedAt   *int64   `parquet:"created_at,timestamp(microsecond)"`
	UpdatedAt   *int64   `parquet:"updated_at,timestamp(microsecond)"`
	ClosedAt    *int64   `parquet:"closed_at,timestamp(microsecond)"`
	URL         string   `parquet:"url"`
	// Reaction counts at the sync; NULL where unknown (format 2 stores,
	// exports without them), never 0 for unknown.
	ThumbsUp   *int64 `parquet:"reactions_thumbs_up"`
	ThumbsDown *int64 `parquet:"reactions_thumbs_down"`
	Laugh      *int64 `parquet:"reactions_laugh"`
	Hooray     *int64 `parquet:"reactions_hooray"`
	Confused   *int64 `parquet:"reactions_confused"`
	Heart      *int64 `parquet:"reactions_heart"`
	Rocket     *int64 `parquet:"reactions_rocket"`
	Eyes       *int64 `parquet:"reactions_eyes"`
}

type pullRow struct {
	Repo        string   `parquet:"repo,dict"`
	Number      int64    `parquet:"number,delta"`
	Title       string   `parquet:"title"`
	State       string   `parquet:"state,dict"`
	AuthorLogin string   `parquet:"author_login,dict"`
	AuthorType  string   `parquet:"author_type,dict"`
	Labels      []string `parquet:"labels,list"`
	CreatedAt   *int64   `parquet:"created_at,timestamp(microsecond)"`
	UpdatedAt   *int64   `parquet:"updated_at,timestamp(microsecond)"`
	ClosedAt    *int64   `parquet:"closed_at,timestamp(microsecond)"`
	MergedAt    *int64   `parquet:"merged_at,timestamp(microsecond)"`
	URL         string   `parquet:"url"`
}

type commentRow struct {
	Repo      string `parquet:"repo,dict"`
	ID        int64  `parquet:"id,delta"`
	Issue     int64  `parquet:"issue"`
	UserLogin string `parquet:"user_login,dict"`
	UserType  string `parquet:"user_type,dict"`
	CreatedAt *int64 `parquet:"created_at,timestamp(microsecond)"`
	UpdatedAt *int64 `parquet:"updated_at,timestamp(microsecond)"`
}

type eventRow struct {
	Repo       string `parquet:"repo,dict"`
	ID         int64  `parquet:"id,delta"`
	Issue      int64  `parquet:"issue"`
	Event      string `parquet:"event,dict"`
	ActorLogin string `parquet:"actor_login,dict"`
	ActorType  string `parquet:"actor_type,dict"`
	CreatedAt  *int64 `parquet:"created_at,timestamp(microsecond)"`
}

type releaseRow struct {
	Repo        string `parquet:"repo,dict"`
	ID          int64  `parquet:"id"`
	Tag         string `parquet:"tag"`
	Name        string `parquet:"name"`
	Draft       bool   `parquet:"draft"`
	Prerelease  bool   `parquet:"prerelease"`
	CreatedAt   *int64 `parquet:"created_at,timestamp(microsecond)"`
	PublishedAt *int64 `parquet:"published_at,timestamp(microsecond)"`
	Body        string `parquet:"body"`
	URL         string `parquet:"url"`
}

// demandRow is one point of an issue's 👍 history (model.DemandPoint).
type demandRow struct {
	Repo     string `parquet:"repo,dict"`
	Issue    int64  `parquet:"issue,delta"`
	At       *int64 `parquet:"at,timestamp(microsecond)"`
	ThumbsUp int64  `parquet:"thumbs_up"`
}

// tables are the kinds of a repository's records, in the order they are
// written; the file of kind k is <k>.parquet in the repository's folder.
// A store of an older format has fewer (tablesOf).
var tables = []string{"issues", "pull_requests", "comments", "events", "releases", "demand"}

// tableFormat is the store format that last changed the tables (their
// columns, and their created_by): format 4 changed only repo.json and the
// manifest, so its tables are format 3's, byte for byte.
const tableFormat = 3

// writerOptions make the bytes a function of the rows alone: a fixed
// created_by (not the library's version), zstd on every column, one row
// group per file (a repository is read whole).
func writerOptions() []parquet.WriterOption {
	return []parquet.WriterOption{
		parquet.CreatedBy("vitals", fmt.Sprintf("store format %d", tableFormat), ""),
		parquet.Compression(&parquet.Zstd),
		parquet.MaxRowsPerRowGroup(1 << 30),
		parquet.PageBufferSize(1 << 20),
	}
}

func writeTable[T any](w io.Writer, rows []T) error {
	pw := parquet.NewGenericWriter[T](w, writerOptions()...)
	if len(rows) > 0 {
		if _, err := pw.Write(rows); err != nil {
			return err
		}
	}
	return pw.Close()
}

// us is a time as the microseconds since the Unix epoch that a Parquet
// TIMESTAMP(MICROS) column keeps; the zero time (no value) is NULL. Kept as
// int64 rather than time.Time so that any year survives the round trip.
func us(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	v := t.UnixMicro()
	return &v
}

func usp(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	if t.IsZero() {
		v := time.Time{}.UnixMicro()
		return &v
	}
	return us(*t)
}

func n64(n int) *int64 { v := int64(n); return &v }

func labels(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	return l
}

// encodeTable writes the records of kind name of rd.
func encodeTable(w io.Writer, name string, rd *RepoData) error {
	switch name {
	case "issues":
		rows := make([]issueRow, len(rd.Issues))
		for i, x := range rd.Issues {
			rows[i] = issueRow{Repo: x.Repo, Number: int64(x.Number), Title: x.Title, State: x.State, StateReason: x.StateReason,
				AuthorLogin: x.Author.Login, AuthorType: x.Author.Type, Labels: labels(x.Labels),
				CreatedAt: us(x.CreatedAt), UpdatedAt: us(x.UpdatedAt), ClosedAt: usp(x.ClosedAt), URL: x.URL}
			if r := x.Reactions; r != nil {
				rows[i].ThumbsUp, rows[i].ThumbsDown, rows[i].Laugh, rows[i].Hooray = n64(r.ThumbsUp), n64(r.ThumbsDown), n64(r.Laugh), n64(r.Hooray)
				rows[i].Confused, rows[i].Heart, rows[i].Rocket, rows[i].Eyes = n64(r.Confused), n64(r.Heart), n64(r.Rocket), n64(r.Eyes)
			}
		}
		return writeTable(w, rows)
	case "pull_requests":
		rows := make([]pullRow, len(rd.PullRequests))
		for i, x := range rd.PullRequests {
			rows[i] = pullRow{x.Repo, int64(x.Number), x.Title, x.State, x.Author.Login, x.Author.Type,
				labels(x.Labels), us(x.CreatedAt), us(x.UpdatedAt), usp(x.ClosedAt), usp(x.MergedAt), x.URL}
		}
		return writeTable(w, rows)
	case "comments":
		rows := make([]commentRow, len(rd.Comments))
		for i, x := range rd.Comments {
			rows[i] = commentRow{x.Repo, x.ID, int64(x.IssueNumber), x.User.Login, x.User.Type, us(x.CreatedAt), us(x.UpdatedAt)}
		}
		return writeTable(w, rows)
	case "events":
		rows := make([]eventRow, len(rd.Events))
		for i, x := range rd.Events {
			rows[i] = eventRow{x.Repo, x.ID, int64(x.IssueNumber), x.Event, x.Actor.Login, x.Actor.Type, us(x.CreatedAt)}
		}
		return writeTable(w, rows)
	case "releases":
		rows := make([]releaseRow, len(rd.Releases))
		for i, x := range rd.Releases {
			rows[i] = releaseRow{x.Repo, x.ID, x.Tag, x.Name, x.Draft, x.Prerelease, us(x.CreatedAt), usp(x.PublishedAt), x.Body, x.URL}
		}
		return writeTable(w, rows)
	case "demand":
		rows := make([]demandRow, len(rd.Demand))
		for i, x := range rd.Demand {
			rows[i] = demandRow{x.Repo, int64(x.Issue), us(x.At), int64(x.ThumbsUp)}
		}
		return writeTable(w, rows)
	}
	return fmt.Errorf("store: unknown table %q", name)
}

// decodeTable reads the file of kind name into rd, column by column: a
// column's values go straight into the records, which is several times
// faster than assembling each row through reflection. in is shared by the
// tables of a repository: its logins recur in every one.
func decodeTable(path, name string, b []byte, rd *RepoData, in *interner) error {
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	n := int(f.NumRows())
	var set map[string]func(int, parquet.Value)
	var str map[string]func(int, string) // the dictionary-encoded strings
	// The optional times, a slab each: one allocation, not one a row.
	closed, merged, published := timeSlab{n: n}, timeSlab{n: n}, timeSlab{n: n}
	switch name {
	case "issues":
		rd.Issues = make([]model.Issue, n)
		x := rd.Issues
		str = map[string]func(int, string){
			"repo":         func(i int, s string) { x[i].Repo = s },
			"state":        func(i int, s string) { x[i].State = s },
			"state_reason": func(i int, s string) { x[i].StateReason = s },
			"author_login": func(i int, s string) { x[i].Author.Login = s },
			"author_type":  func(i int, s string) { x[i].Author.Type = s },
		}
		set = map[string]func(int, parquet.Value){
			"number": func(i int, v parquet.Value) { x[i].Number = int(v.Int64()) },
			"title":  func(i int, v parquet.Value) { x[i].Title = string(v.ByteArray()) },
			"labels": func(i int, v parquet.Value) {
				if !v.IsNull() {
					x[i].Labels = append(x[i].Labels, in.str(v))
				}
			},
			"created_at": func(i int, v parquet.Value) { x[i].CreatedAt = tv(v) },
			"updated_at": func(i int, v parquet.Value) { x[i].UpdatedAt = tv(v) },
			"closed_at":  func(i int, v parquet.Value) { x[i].ClosedAt = closed.at(i, v) },
			"url":        func(i int, v parquet.Value) { x[i].URL = string(v.ByteArray()) },
		}
		// A row's reactions are NULL (unknown) or all set.
		reaction := func(field func(*model.Reactions) *int) func(int, parquet.Value) {
			return func(i int, v parquet.Value) {
				if v.IsNull() {
					return
				}
				if x[i].Reactions == nil {
					x[i].Reactions = &model.Reactions{}
				}
				*field(x[i].Reactions) = int(v.Int64())
			}
		}
		set["reactions_thumbs_up"] = reaction(func(r *model.Reactions) *int { return &r.ThumbsUp })
		set["reactions_thumbs_down"] = reaction(func(r *model.Reactions) *int { return &r.ThumbsDown })
		set["reactions_laugh"] = reaction(func(r *model.Reactions) *int { return &r.Laugh })
		set["reactions_hooray"] = reaction(func(r *model.Reactions) *int { return &r.Hooray })
		set["reactions_confused"] = reaction(func(r *model.Reactions) *int { return &r.Confused })
		set["reactions_heart"] = reaction(func(r *model.Reactions) *int { return &r.Heart })
		set["reactions_rocket"] = reaction(func(r *model.Reactions) *int { return &r.Rocket })
		set["reactions_eyes"] = reaction(func(r *model.Reactions) *int { return &r.Eyes })
	case "pull_requests":
		rd.PullRequests = make([]model.PullRequest, n)
		x := rd.PullRequests
		str = map[string]func(int, string){
			"repo":         func(i int, s string) { x[i].Repo = s },
			"state":        func(i int, s string) { x[i].State = s },
			"author_login": func(i int, s string) { x[i].Author.Login = s },
			"author_type":  func(i int, s string) { x[i].Author.Type = s },
		}
		set = map[string]func(int, parquet.Value){
			"number": func(i int, v parquet.Value) { x[i].Number = int(v.Int64()) },
			"title":  func(i int, v parquet.Value) { x[i].Title = string(v.ByteArray()) },
			"labels": func(i int, v parquet.Value) {
				if !v.IsNull() {
					x[i].Labels = append(x[i].Labels, in.str(v))
				}
			},
			"created_at": func(i int, v parquet.Value) { x[i].CreatedAt = tv(v) },
			"updated_at": func(i int, v parquet.Value) { x[i].UpdatedAt = tv(v) },
			"closed_at":  func(i int, v parquet.Value) { x[i].ClosedAt = closed.at(i, v) },
			"merged_at":  func(i int, v parquet.Value) { x[i].MergedAt = merged.at(i, v) },
			"url":        func(i int, v parquet.Value) { x[i].URL = string(v.ByteArray()) },
		}
	case "comments":
		rd.Comments = make([]model.Comment, n)
		x := rd.Comments
		str = map[string]func(int, string){
			"repo":       func(i int, s string) { x[i].Repo = s },
			"user_login": func(i int, s string) { x[i].User.Login = s },
			"user_type":  func(i int, s string) { x[i].User.Type = s },
		}
		set = map[string]func(int, parquet.Value){
			"id":         func(i int, v parquet.Value) { x[i].ID = v.Int64() },
			"issue":      func(i int, v parquet.Value) { x[i].IssueNumber = int(v.Int64()) },
			"created_at": func(i int, v parquet.Value) { x[i].CreatedAt = tv(v) },
			"updated_at": func(i int, v parquet.Value) { x[i].UpdatedAt = tv(v) },
		}
	case "events":
		rd.Events = make([]model.Event, n)
		x := rd.Events
		str = map[string]func(int, string){
			"repo":        func(i int, s string) { x[i].Repo = s },
			"event":       func(i int, s string) { x[i].Event = s },
			"actor_login": func(i int, s string) { x[i].Actor.Login = s },
			"actor_type":  func(i int, s string) { x[i].Actor.Type = s },
		}
		set = map[string]func(int, parquet.Value){
			"id":         func(i int, v parquet.Value) { x[i].ID = v.Int64() },
			"issue":      func(i int, v parquet.Value) { x[i].IssueNumber = int(v.Int64()) },
			"created_at": func(i int, v parquet.Value) { x[i].CreatedAt = tv(v) },
		}
	case "releases":
		rd.Releases = make([]model.Release, n)
		x := rd.Releases
		str = map[string]func(int, string){
			"repo": func(i int, s string) { x[i].Repo = s },
		}
		set = map[string]func(int, parquet.Value){
			"id":           func(i int, v parquet.Value) { x[i].ID = v.Int64() },
			"tag":          func(i int, v parquet.Value) { x[i].Tag = string(v.ByteArray()) },
			"name":         func(i int, v parquet.Value) { x[i].Name = string(v.ByteArray()) },
			"draft":        func(i int, v parquet.Value) { x[i].Draft = v.Boolean() },
			"prerelease":   func(i int, v parquet.Value) { x[i].Prerelease = v.Boolean() },
			"created_at":   func(i int, v parquet.Value) { x[i].CreatedAt = tv(v) },
			"published_at": func(i int, v parquet.Value) { x[i].PublishedAt = published.at(i, v) },
			"body":         func(i int, v parquet.Value) { x[i].Body = string(v.ByteArray()) },
			"url":          func(i int, v parquet.Value) { x[i].URL = string(v.ByteArray()) },
		}
	case "demand":
		rd.Demand = make([]model.DemandPoint, n)
		x := rd.Demand
		set = map[string]func(int, parquet.Value){
			"repo":      func(i int, v parquet.Value) { x[i].Repo = in.str(v) },
			"issue":     func(i int, v parquet.Value) { x[i].Issue = int(v.Int64()) },
			"at":        func(i int, v parquet.Value) { x[i].At = tv(v) },
			"thumbs_up": func(i int, v parquet.Value) { x[i].ThumbsUp = int(v.Int64()) },
		}
	default:
		return fmt.Errorf("store: unknown table %q", name)
	}
	if err := readColumns(f, n, set, str, in); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readColumns hands every value of every column that set names to its
// setter with the row it belongs to, and every string of a column that str
// names to its setter. A value starts a new row when its repetition level is
// 0 (a list's further elements repeat).
func readColumns(f *parquet.File, n int, set map[string]func(int, parquet.Value), str map[string]func(int, string), in *interner) error {
	cols := f.Schema().Columns()
	buf := make([]parquet.Value, 1024)
	base := 0
	for _, rg := range f.RowGroups() {
		for ci, cc := range rg.ColumnChunks() {
			name := cols[ci][0]
			fn, sfn := set[name], str[name]
			if sfn != nil {
				fn = func(i int, v parquet.Value) { sfn(i, in.str(v)) }
			}
			if fn == nil {
				continue // a column this vitals does not read
			}
			row := base - 1
			var dict parquet.Dictionary
			var words []string // dict's entries, interned once
			pages := cc.Pages()
			for {
				p, err := pages.ReadPage()
				if err == io.EOF {
					break
				}
				if err != nil {
					pages.Close()
					return err
				}
				// A dictionary-encoded column of one string a row: its rows
				// are indexes into the dictionary, each entry interned once,
				// rather than a string hashed for every row.
				if d := p.Dictionary(); sfn != nil && d != nil && p.DefinitionLevels() == nil && p.RepetitionLevels() == nil {
					if d != dict {
						dict, words = d, make([]string, d.Len())
						for k := range words {
							words[k] = in.str(d.Index(int32(k)))
						}
					}
					data := p.Data()
					idx := data.Int32()
					if row+len(idx) >= n {
						pages.Close()
						return fmt.Errorf("column %s has more rows than the file's %d", name, n)
					}
					for _, k := range idx {
						if k < 0 || int(k) >= len(words) {
							pages.Close()
							return fmt.Errorf("column %s: dictionary index %d out of %d", name, k, len(words))
						}
						row++
						sfn(row, words[k])
					}
					parquet.Release(p)
					continue
				}
				vr := p.Values()
				for {
					k, err := vr.ReadValues(buf)
					for _, v := range buf[:k] {
						if v.RepetitionLevel() == 0 {
							row++
						}
						if row >= n {
							pages.Close()
							return fmt.Errorf("column %s has more rows than the file's %d", name, n)
						}
						fn(row, v)
					}
					if err == io.EOF {
						break
					}
					if err != nil {
						pages.Close()
						return err
					}
				}
				parquet.Release(p)
			}
			if err := pages.Close(); err != nil {
				return err
			}
		}
		base += int(rg.NumRows())
	}
	return nil
}

// interner shares the strings that repeat across rows (logins, states,
// repository names) instead of allocating one per row.
type interner struct {
	m    map[string]string
	last string // the previous string: columns are read one at a time, and runs of one value (repo, state, type) are common
}

func (in *interner) str(v parquet.Value) string {
	b := v.ByteArray()
	if len(b) == 0 {
		return ""
	}
	if string(b) == in.last {
		return in.last
	}
	s, ok := in.m[string(b)]
	if !ok {
		s = string(b)
		in.m[s] = s
	}
	in.last = s
	return s
}

func tv(v parquet.Value) time.Time {
	if v.IsNull() {
		return time.Time{}
	}
	return time.UnixMicro(v.Int64()).UTC()
}

// timeSlab holds the values of one optional time column of n rows, for
// the records' pointers.
type timeSlab struct {
	n  int
	ts []time.Time
}

// at is the time of v in row i, nil when NULL (the zero time keeps no
// location, as a record written with it had none).
func (s *timeSlab) at(i int, v parquet.Value) *time.Time {
	if v.IsNull() {
		return nil
	}
	if s.ts == nil {
		s.ts = make([]time.Time, s.n)
	}
	t := time.UnixMicro(v.Int64()).UTC()
	if t.Equal(time.Time{}) {
		t = time.Time{}
	}
	s.ts[i] = t
	return &s.ts[i]
}
