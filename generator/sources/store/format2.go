package store

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"
)

// issueRow2 is a format-2 issues row: no reaction columns.
type issueRow2 struct {
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

// WriteFormat2 writes a repository as format 2 (issues without reaction
// columns, no demand table), as vitals before format 3 did. Only tests of
// the migration need it; it is not atomic.
func WriteFormat2(dir string, rd *RepoData) error {
	p, err := RepoPath(dir, rd.Repo)
	if err != nil {
		return err
	}
	rd.Sort()
	rdir := filepath.Dir(p)
	if err := os.MkdirAll(rdir, 0o755); err != nil {
		return err
	}
	h := RepoHead{Format: 2, Repo: rd.Repo, SyncedAt: rd.SyncedAt, Sync: rd.Sync, EventsComplete: rd.EventsComplete,
		CommentsMissing: rd.CommentsMissing, Tables: map[string]TableInfo{}}
	counts := map[string]int{"issues": len(rd.Issues), "pull_requests": len(rd.PullRequests),
		"comments": len(rd.Comments), "events": len(rd.Events), "releases": len(rd.Releases)}
	for _, t := range tablesOf(2) {
		var buf bytes.Buffer
		if t == "issues" {
			rows := make([]issueRow2, len(rd.Issues))
			for i, x := range rd.Issues {
				rows[i] = issueRow2{x.Repo, int64(x.Number), x.Title, x.State, x.StateReason, x.Author.Login, x.Author.Type,
					labels(x.Labels), us(x.CreatedAt), us(x.UpdatedAt), usp(x.ClosedAt), x.URL}
			}
			pw := parquet.NewGenericWriter[issueRow2](&buf, writerOptions()...)
			if len(rows) > 0 {
				if _, err := pw.Write(rows); err != nil {
					return err
				}
			}
			if err := pw.Close(); err != nil {
				return err
			}
		} else if err := encodeTable(&buf, t, rd); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(rdir, t+".parquet"), buf.Bytes(), 0o644); err != nil {
			return err
		}
		h.Tables[t] = TableInfo{Rows: counts[t], Bytes: int64(buf.Len())}
	}
	os.Remove(filepath.Join(rdir, "demand.parquet"))
	hb, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(p, append(hb, '\n'), 0o644)
}
