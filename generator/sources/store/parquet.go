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

// field says where one column's values go in the records of a table. A
// NULL sets nothing: the record keeps its zero value (nil, 0, the zero
// time), as the writer made NULL of those.
type field struct {
	i64 func(row int, v int64)  // INT64 values: numbers, TIMESTAMP micros
	str func(row int, s string) // strings; of a LIST column, each element
	// intern: the strings repeat (logins, states, labels); one string per
	// distinct value, not one per row.
	intern bool
	val    func(row int, v parquet.Value) // any other type (booleans)
	// reserve, when set, is told the number of values of the column
	// before they come (a LIST column's slab is sized once).
	reserve func(values int)
}

// leanSkip are the columns a build never reads (ReadRepoLean): their pages
// are not even decompressed.
var leanSkip = map[string][]string{
	"comments": {"id", "updated_at"},
	"events":   {"actor_login", "actor_type"},
}

// decodeTable reads the file of kind name into rd, column by column: a
// column's values go straight into the records, which is several times
// faster than assembling each row through reflection. in is shared by the
// tables of a repository: its logins recur in every one. lean leaves out
// the columns of leanSkip.
func decodeTable(path, name string, b []byte, rd *RepoData, in *interner, lean bool) error {
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	n := int(f.NumRows())
	var fs map[string]field
	var done func() // after every column is read
	// The optional times, a slab each: one allocation, not one a row.
	closed, merged, published := timeSlab{n: n}, timeSlab{n: n}, timeSlab{n: n}
	istr := func(set func(int, string)) field { return field{str: set, intern: true} }
	switch name {
	case "issues":
		rd.Issues = make([]model.Issue, n)
		x := rd.Issues
		labels := labelSlab{n: n}
		fs = map[string]field{
			"repo":         istr(func(i int, s string) { x[i].Repo = s }),
			"state":        istr(func(i int, s string) { x[i].State = s }),
			"state_reason": istr(func(i int, s string) { x[i].StateReason = s }),
			"author_login": istr(func(i int, s string) { x[i].Author.Login = s }),
			"author_type":  istr(func(i int, s string) { x[i].Author.Type = s }),
			"labels":       labels.field(),
			"number":       {i64: func(i int, v int64) { x[i].Number = int(v) }},
			"title":        {str: func(i int, s string) { x[i].Title = s }},
			"created_at":   {i64: func(i int, v int64) { x[i].CreatedAt = ut(v) }},
			"updated_at":   {i64: func(i int, v int64) { x[i].UpdatedAt = ut(v) }},
			"closed_at":    {i64: func(i int, v int64) { x[i].ClosedAt = closed.at(i, v) }},
			"url":          {str: func(i int, s string) { x[i].URL = s }},
		}
		// A row's reactions are NULL (unknown) or all set; one slab for
		// every row's, not an allocation each.
		var rs []model.Reactions
		reaction := func(of func(*model.Reactions) *int) field {
			return field{i64: func(i int, v int64) {
				if x[i].Reactions == nil {
					if rs == nil {
						rs = make([]model.Reactions, n)
					}
					x[i].Reactions = &rs[i]
				}
				*of(x[i].Reactions) = int(v)
			}}
		}
		fs["reactions_thumbs_up"] = reaction(func(r *model.Reactions) *int { return &r.ThumbsUp })
		fs["reactions_thumbs_down"] = reaction(func(r *model.Reactions) *int { return &r.ThumbsDown })
		fs["reactions_laugh"] = reaction(func(r *model.Reactions) *int { return &r.Laugh })
		fs["reactions_hooray"] = reaction(func(r *model.Reactions) *int { return &r.Hooray })
		fs["reactions_confused"] = reaction(func(r *model.Reactions) *int { return &r.Confused })
		fs["reactions_heart"] = reaction(func(r *model.Reactions) *int { return &r.Heart })
		fs["reactions_rocket"] = reaction(func(r *model.Reactions) *int { return &r.Rocket })
		fs["reactions_eyes"] = reaction(func(r *model.Reactions) *int { return &r.Eyes })
		done = func() { labels.assign(func(i int, l []string) { x[i].Labels = l }) }
	case "pull_requests":
		rd.PullRequests = make([]model.PullRequest, n)
		x := rd.PullRequests
		labels := labelSlab{n: n}
		fs = map[string]field{
			"repo":         istr(func(i int, s string) { x[i].Repo = s }),
			"state":        istr(func(i int, s string) { x[i].State = s }),
			"author_login": istr(func(i int, s string) { x[i].Author.Login = s }),
			"author_type":  istr(func(i int, s string) { x[i].Author.Type = s }),
			"labels":       labels.field(),
			"number":       {i64: func(i int, v int64) { x[i].Number = int(v) }},
			"title":        {str: func(i int, s string) { x[i].Title = s }},
			"created_at":   {i64: func(i int, v int64) { x[i].CreatedAt = ut(v) }},
			"updated_at":   {i64: func(i int, v int64) { x[i].UpdatedAt = ut(v) }},
			"closed_at":    {i64: func(i int, v int64) { x[i].ClosedAt = closed.at(i, v) }},
			"merged_at":    {i64: func(i int, v int64) { x[i].MergedAt = merged.at(i, v) }},
			"url":          {str: func(i int, s string) { x[i].URL = s }},
		}
		done = func() { labels.assign(func(i int, l []string) { x[i].Labels = l }) }
	case "comments":
		rd.Comments = make([]model.Comment, n)
		x := rd.Comments
		fs = map[string]field{
			"repo":       istr(func(i int, s string) { x[i].Repo = s }),
			"user_login": istr(func(i int, s string) { x[i].User.Login = s }),
			"user_type":  istr(func(i int, s string) { x[i].User.Type = s }),
			"id":         {i64: func(i int, v int64) { x[i].ID = v }},
			"issue":      {i64: func(i int, v int64) { x[i].IssueNumber = int(v) }},
			"created_at": {i64: func(i int, v int64) { x[i].CreatedAt = ut(v) }},
			"updated_at": {i64: func(i int, v int64) { x[i].UpdatedAt = ut(v) }},
		}
	case "events":
		rd.Events = make([]model.Event, n)
		x := rd.Events
		fs = map[string]field{
			"repo":        istr(func(i int, s string) { x[i].Repo = s }),
			"event":       istr(func(i int, s string) { x[i].Event = s }),
			"actor_login": istr(func(i int, s string) { x[i].Actor.Login = s }),
			"actor_type":  istr(func(i int, s string) { x[i].Actor.Type = s }),
			"id":          {i64: func(i int, v int64) { x[i].ID = v }},
			"issue":       {i64: func(i int, v int64) { x[i].IssueNumber = int(v) }},
			"created_at":  {i64: func(i int, v int64) { x[i].CreatedAt = ut(v) }},
		}
	case "releases":
		rd.Releases = make([]model.Release, n)
		x := rd.Releases
		fs = map[string]field{
			"repo":         istr(func(i int, s string) { x[i].Repo = s }),
			"id":           {i64: func(i int, v int64) { x[i].ID = v }},
			"tag":          {str: func(i int, s string) { x[i].Tag = s }},
			"name":         {str: func(i int, s string) { x[i].Name = s }},
			"draft":        {val: func(i int, v parquet.Value) { x[i].Draft = v.Boolean() }},
			"prerelease":   {val: func(i int, v parquet.Value) { x[i].Prerelease = v.Boolean() }},
			"created_at":   {i64: func(i int, v int64) { x[i].CreatedAt = ut(v) }},
			"published_at": {i64: func(i int, v int64) { x[i].PublishedAt = published.at(i, v) }},
			"body":         {str: func(i int, s string) { x[i].Body = s }},
			"url":          {str: func(i int, s string) { x[i].URL = s }},
		}
	case "demand":
		rd.Demand = make([]model.DemandPoint, n)
		x := rd.Demand
		fs = map[string]field{
			"repo":      istr(func(i int, s string) { x[i].Repo = s }),
			"issue":     {i64: func(i int, v int64) { x[i].Issue = int(v) }},
			"at":        {i64: func(i int, v int64) { x[i].At = ut(v) }},
			"thumbs_up": {i64: func(i int, v int64) { x[i].ThumbsUp = int(v) }},
		}
	default:
		return fmt.Errorf("store: unknown table %q", name)
	}
	if lean {
		for _, c := range leanSkip[name] {
			delete(fs, c)
		}
	}
	if err := readColumns(f, n, fs, in); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if done != nil {
		done()
	}
	return nil
}

// readColumns hands every value of every column that fs names to its
// field with the row it belongs to. Pages of one value a row (all but the
// LIST columns) are read from their typed arrays; a dictionary-encoded
// page's rows are indexes into its dictionary, each entry interned once,
// rather than a string hashed for every row. Other pages go value by
// value, a value starting a new row when its repetition level is 0 (a
// list's further elements repeat).
func readColumns(f *parquet.File, n int, fs map[string]field, in *interner) error {
	cols := f.Schema().Columns()
	buf := make([]parquet.Value, 1024)
	base := 0
	for _, rg := range f.RowGroups() {
		for ci, cc := range rg.ColumnChunks() {
			name := cols[ci][0]
			fd, ok := fs[name]
			if !ok {
				continue // a column this vitals does not read
			}
			if fd.reserve != nil {
				fd.reserve(int(cc.NumValues()))
			}
			leaf, _ := f.Schema().Lookup(cols[ci]...)
			r := columnReader{fd: fd, in: in, n: n, row: base - 1, maxDef: byte(leaf.MaxDefinitionLevel), name: name, buf: buf}
			pages := cc.Pages()
			for {
				p, err := pages.ReadPage()
				if err == io.EOF {
					break
				}
				if err == nil {
					err = r.page(p)
					parquet.Release(p)
				}
				if err != nil {
					pages.Close()
					return err
				}
			}
			if err := pages.Close(); err != nil {
				return err
			}
		}
		base += int(rg.NumRows())
	}
	return nil
}

// columnReader reads the pages of one column chunk in order.
type columnReader struct {
	fd     field
	in     *interner
	n      int // rows of the file
	row    int // the row of the last value read
	maxDef byte
	name   string
	buf    []parquet.Value
	dict   parquet.Dictionary
	words  []string // dict's entries, interned once
}

func (r *columnReader) page(p parquet.Page) error {
	if p.RepetitionLevels() != nil {
		return r.values(p)
	}
	defs := p.DefinitionLevels()
	rows := len(defs)
	if defs == nil {
		rows = int(p.NumValues())
	}
	if r.row+rows >= r.n {
		return fmt.Errorf("column %s has more rows than the file's %d", r.name, r.n)
	}
	data := p.Data()
	switch {
	case r.fd.str != nil && p.Dictionary() != nil:
		if d := p.Dictionary(); d != r.dict {
			r.dict, r.words = d, make([]string, d.Len())
			for k := range r.words {
				r.words[k] = r.in.str(d.Index(int32(k)).ByteArray())
			}
		}
		idx := data.Int32()
		return eachRow(r, defs, len(idx), func(row, k int) error {
			w := idx[k]
			if w < 0 || int(w) >= len(r.words) {
				return fmt.Errorf("column %s: dictionary index %d out of %d", r.name, w, len(r.words))
			}
			r.fd.str(row, r.words[w])
			return nil
		})
	case r.fd.i64 != nil && p.Type().Kind() == parquet.Int64:
		vs := data.Int64()
		return eachRow(r, defs, len(vs), func(row, k int) error { r.fd.i64(row, vs[k]); return nil })
	case r.fd.str != nil && p.Type().Kind() == parquet.ByteArray:
		b, off := data.ByteArray()
		return eachRow(r, defs, len(off)-1, func(row, k int) error {
			s := b[off[k]:off[k+1]]
			if r.fd.intern {
				r.fd.str(row, r.in.str(s))
			} else {
				r.fd.str(row, string(s))
			}
			return nil
		})
	}
	return r.values(p)
}

// eachRow calls set for each row of a page of one value a row whose
// defined values are the first nv of its data: with definition levels,
// a row below maxDef is NULL and takes none.
func eachRow(r *columnReader, defs []byte, nv int, set func(row, k int) error) error {
	k := 0
	if defs == nil {
		for ; k < nv; k++ {
			r.row++
			if err := set(r.row, k); err != nil {
				return err
			}
		}
		return nil
	}
	for _, d := range defs {
		r.row++
		if d != r.maxDef {
			continue
		}
		if k >= nv {
			return fmt.Errorf("column %s: a page has fewer values than its levels say", r.name)
		}
		if err := set(r.row, k); err != nil {
			return err
		}
		k++
	}
	return nil
}

// values reads a page value by value (LIST columns, booleans, a type the
// typed paths do not expect).
func (r *columnReader) values(p parquet.Page) error {
	vr := p.Values()
	for {
		k, err := vr.ReadValues(r.buf)
		for _, v := range r.buf[:k] {
			if v.RepetitionLevel() == 0 {
				r.row++
			}
			if r.row >= r.n {
				return fmt.Errorf("column %s has more rows than the file's %d", r.name, r.n)
			}
			switch {
			case v.IsNull():
			case r.fd.val != nil:
				r.fd.val(r.row, v)
			case r.fd.i64 != nil:
				r.fd.i64(r.row, v.Int64())
			case r.fd.str != nil && r.fd.intern:
				r.fd.str(r.row, r.in.str(v.ByteArray()))
			case r.fd.str != nil:
				r.fd.str(r.row, string(v.ByteArray()))
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// interner shares the strings that repeat across rows (logins, states,
// repository names) instead of allocating one per row.
type interner struct {
	m    map[string]string
	last string // the previous string: columns are read one at a time, and runs of one value (repo, state, type) are common
}

func (in *interner) str(b []byte) string {
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

// ut is a TIMESTAMP(MICROS) value as a time in UTC.
func ut(us int64) time.Time { return time.UnixMicro(us).UTC() }

// timeSlab holds the values of one optional time column of n rows, for
// the records' pointers.
type timeSlab struct {
	n  int
	ts []time.Time
}

// at is the time of the value us in row i (the zero time keeps no
// location, as a record written with it had none).
func (s *timeSlab) at(i int, us int64) *time.Time {
	if s.ts == nil {
		s.ts = make([]time.Time, s.n)
	}
	t := ut(us)
	if t.Equal(time.Time{}) {
		t = time.Time{}
	}
	s.ts[i] = t
	return &s.ts[i]
}

// labelSlab gathers the elements of a LIST column of n rows in one slice;
// each row's labels are then a piece of it (capped, so that appending to
// one copies it rather than writing over the next row's).
type labelSlab struct {
	n    int
	all  []string
	rows []int32 // the row of each element of all
}

// field reads the column into the slab.
func (l *labelSlab) field() field {
	return field{str: l.add, intern: true, reserve: func(n int) {
		l.all, l.rows = make([]string, 0, n), make([]int32, 0, n)
	}}
}

func (l *labelSlab) add(row int, s string) {
	l.all = append(l.all, s)
	l.rows = append(l.rows, int32(row))
}

// assign sets each row's labels (rows without any are left nil).
func (l *labelSlab) assign(set func(row int, labels []string)) {
	for s := 0; s < len(l.all); {
		e := s + 1
		for e < len(l.all) && l.rows[e] == l.rows[s] {
			e++
		}
		set(int(l.rows[s]), l.all[s:e:e])
		s = e
	}
	l.all, l.rows = nil, nil
}
