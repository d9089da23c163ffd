package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// decodeRepo reads a repository document. Documents that vitals wrote have
// one record per line, which lets large stores decode on every core; any
// other valid JSON (a hand-edited file) takes the plain decoder.
func decodeRepo(path string, b []byte) (*RepoData, error) {
	if rd, ok, err := decodeLines(path, b); ok {
		return rd, err
	}
	var rd RepoData
	if err := json.Unmarshal(b, &rd); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &rd, nil
}

// decodeLines is the fast path for the layout encodeRepo writes. ok is false
// when the file is not in that layout.
func decodeLines(path string, b []byte) (rd *RepoData, ok bool, err error) {
	lines := bytes.Split(b, []byte("\n"))
	if len(lines) < 2 {
		return nil, false, nil
	}
	head := bytes.TrimSpace(lines[0])
	if !bytes.HasPrefix(head, []byte("{")) || !bytes.HasSuffix(head, []byte(",")) {
		return nil, false, nil
	}
	rd = &RepoData{}
	h := append(append([]byte(nil), head[:len(head)-1]...), '}')
	if json.Unmarshal(h, rd) != nil {
		return nil, false, nil
	}
	type section struct {
		name  string
		first int // line index of the first record
		recs  [][]byte
	}
	var secs []section
	i := 1
	for i < len(lines) {
		l := bytes.TrimSpace(lines[i])
		if bytes.Equal(l, []byte("}")) {
			break
		}
		if !bytes.HasPrefix(l, []byte(`"`)) || !bytes.HasSuffix(l, []byte("[")) {
			return nil, false, nil
		}
		name := string(bytes.Trim(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSuffix(l, []byte("[")), []byte(" "))), `":`))
		s := section{name: name, first: i + 1}
		i++
		for ; i < len(lines); i++ {
			r := bytes.TrimSpace(lines[i])
			if bytes.Equal(r, []byte("]")) || bytes.Equal(r, []byte("],")) {
				break
			}
			s.recs = append(s.recs, bytes.TrimSuffix(r, []byte(",")))
		}
		if i == len(lines) {
			return nil, false, nil
		}
		i++
		secs = append(secs, s)
	}
	for _, s := range secs {
		var err error
		switch s.name {
		case "issues":
			rd.Issues, err = decodeAll[model.Issue](path, s.first, s.recs)
		case "pull_requests":
			rd.PullRequests, err = decodeAll[model.PullRequest](path, s.first, s.recs)
		case "comments":
			rd.Comments, err = decodeAll[model.Comment](path, s.first, s.recs)
		case "events":
			rd.Events, err = decodeAll[model.Event](path, s.first, s.recs)
		case "releases":
			rd.Releases, err = decodeAll[model.Release](path, s.first, s.recs)
		default:
			return nil, false, nil // a newer field: let the plain decoder see it
		}
		if err != nil {
			return nil, true, err
		}
	}
	return rd, true, nil
}

// decodeAll decodes one record per element on all cores, in order.
func decodeAll[T any](path string, firstLine int, recs [][]byte) ([]T, error) {
	out := make([]T, len(recs))
	workers := runtime.GOMAXPROCS(0)
	if len(recs) < 4096 {
		workers = 1
	}
	chunk := (len(recs) + workers - 1) / workers
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(recs))
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func(w, lo, hi int) {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				if err := json.Unmarshal(recs[i], &out[i]); err != nil {
					errs[w] = fmt.Errorf("%s:%d: %w", path, firstLine+i+1, err)
					return
				}
			}
		}(w, lo, hi)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
