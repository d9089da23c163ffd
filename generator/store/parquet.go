package store

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/vitals-dev/vitals/generator/model"
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

// tables are the kinds of a repository's records, in the order they are
// written; the file of kind k is <k>.parquet in the repository's folder.
var tables = []string{"issues", "pull_requests", "comments", "events", "releases"}

// writerOptions make the bytes a function of the rows alone: a fixed
// created_by (not the library's version), zstd on every column, one row
// group per file (a repository is read whole).
func writerOptions() []parquet.WriterOption {
	return []parquet.WriterOption{
		parquet.CreatedBy("vitals", "store format 2", ""),
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

func readTable[T any](path string, b []byte) ([]T, error) {
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	rows := make([]T, f.NumRows())
	r := parquet.NewGenericReader[T](f)
	defer r.Close()
	n := 0
	for n < len(rows) {
		k, err := r.Read(rows[n:])
		n += k
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if k == 0 {
			break
		}
	}
	if n != len(rows) {
		return nil, fmt.Errorf("%s: read %d of %d rows", path, n, len(rows))
	}
	return rows, nil
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

// back is the time of a column value; NULL is the zero time.
func back(v *int64) time.Time {
	if v == nil {
		return time.Time{}
	}
	return time.UnixMicro(*v).UTC()
}

// backp is back for an optional field, where NULL is nil.
func backp(v *int64) *time.Time {
	if v == nil {
		return nil
	}
	t := back(v)
	if t.Equal(time.Time{}) {
		t = time.Time{}
	}
	return &t
}

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
			rows[i] = issueRow{x.Repo, int64(x.Number), x.Title, x.State, x.StateReason, x.Author.Login, x.Author.Type,
				labels(x.Labels), us(x.CreatedAt), us(x.UpdatedAt), usp(x.ClosedAt), x.URL}
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
	}
	return fmt.Errorf("store: unknown table %q", name)
}

// decodeTable reads the file of kind name into rd.
func decodeTable(path, name string, b []byte, rd *RepoData) error {
	switch name {
	case "issues":
		rows, err := readTable[issueRow](path, b)
		if err != nil {
			return err
		}
		rd.Issues = make([]model.Issue, len(rows))
		for i, x := range rows {
			rd.Issues[i] = model.Issue{Repo: x.Repo, Number: int(x.Number), Title: x.Title, State: x.State, StateReason: x.StateReason,
				Author: model.User{Login: x.AuthorLogin, Type: x.AuthorType}, Labels: labels(x.Labels),
				CreatedAt: back(x.CreatedAt), UpdatedAt: back(x.UpdatedAt), ClosedAt: backp(x.ClosedAt), URL: x.URL}
		}
	case "pull_requests":
		rows, err := readTable[pullRow](path, b)
		if err != nil {
			return err
		}
		rd.PullRequests = make([]model.PullRequest, len(rows))
		for i, x := range rows {
			rd.PullRequests[i] = model.PullRequest{Repo: x.Repo, Number: int(x.Number), Title: x.Title, State: x.State,
				Author: model.User{Login: x.AuthorLogin, Type: x.AuthorType}, Labels: labels(x.Labels),
				CreatedAt: back(x.CreatedAt), UpdatedAt: back(x.UpdatedAt), ClosedAt: backp(x.ClosedAt), MergedAt: backp(x.MergedAt), URL: x.URL}
		}
	case "comments":
		rows, err := readTable[commentRow](path, b)
		if err != nil {
			return err
		}
		rd.Comments = make([]model.Comment, len(rows))
		for i, x := range rows {
			rd.Comments[i] = model.Comment{Repo: x.Repo, ID: x.ID, IssueNumber: int(x.Issue),
				User: model.User{Login: x.UserLogin, Type: x.UserType}, CreatedAt: back(x.CreatedAt), UpdatedAt: back(x.UpdatedAt)}
		}
	case "events":
		rows, err := readTable[eventRow](path, b)
		if err != nil {
			return err
		}
		rd.Events = make([]model.Event, len(rows))
		for i, x := range rows {
			rd.Events[i] = model.Event{Repo: x.Repo, ID: x.ID, IssueNumber: int(x.Issue), Event: x.Event,
				Actor: model.User{Login: x.ActorLogin, Type: x.ActorType}, CreatedAt: back(x.CreatedAt)}
		}
	case "releases":
		rows, err := readTable[releaseRow](path, b)
		if err != nil {
			return err
		}
		rd.Releases = make([]model.Release, len(rows))
		for i, x := range rows {
			rd.Releases[i] = model.Release{Repo: x.Repo, ID: x.ID, Tag: x.Tag, Name: x.Name, Draft: x.Draft, Prerelease: x.Prerelease,
				CreatedAt: back(x.CreatedAt), PublishedAt: backp(x.PublishedAt), Body: x.Body, URL: x.URL}
		}
	default:
		return fmt.Errorf("store: unknown table %q", name)
	}
	return nil
}
