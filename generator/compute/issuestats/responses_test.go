package issuestats

import (
	"math/rand"
	"reflect"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// First responses indexed once for a dataset give every subset the
// figures it gets when it indexes the comments itself: the issue's author
// (any letter case), bots and comments at or after as_of are no responses.
func TestSharedFirstResponsesGiveTheSubsetsFigures(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	responded := 0
	for round := range 20 {
		d, _ := genData(rng, round%2 == 1)
		authors := []string{"a", "A", "b", "c", "dependabot[bot]"}
		var id int64
		for _, is := range d.Issues {
			for range rng.Intn(5) {
				id++
				u := model.User{Login: authors[rng.Intn(len(authors))], Type: "User"}
				if u.Login == "dependabot[bot]" {
					u.Type = "Bot"
				}
				at := is.CreatedAt.Add(time.Duration(rng.Int63n(int64(40 * day))))
				d.Comments = append(d.Comments, model.Comment{Repo: is.Repo, ID: id, IssueNumber: is.Number, User: u, CreatedAt: at})
			}
		}
		opts := Options{AsOf: d.AsOf}
		resp := FirstResponses(d, opts)
		if resp == nil {
			t.Fatalf("round %d: no duplicate numbers, yet no shared index", round)
		}
		if got, want := TimesWith(d, d.AsOf, nil, resp), Times(d, d.AsOf, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: issue times differ with the shared index", round)
		}
		for k := range 4 {
			keep := func(i int) bool { return (i+k)%(k+1) == 0 || i%3 == k }
			want := Merge(ComputePartsOf(d, opts, keep), opts)
			got := Merge(ComputePartsWith(d, opts, keep, resp), opts)
			responded += want.All.FirstResponse.Responded
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d subset %d: first responses differ:\n got %+v\nwant %+v", round, k, got.All.FirstResponse, want.All.FirstResponse)
			}
		}
	}
	if responded < 100 {
		t.Fatalf("%d responses in all: the test compares too little", responded)
	}
	// Two records of one number: no shared index (each subset picks its own).
	d := &model.Dataset{AsOf: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Repos: []string{"o/r"}, Issues: []model.Issue{
		{Repo: "o/r", Number: 1, Author: human("a"), CreatedAt: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Repo: "o/r", Number: 1, Author: human("b"), CreatedAt: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)},
	}}
	if FirstResponses(d, Options{AsOf: d.AsOf}) != nil {
		t.Error("two records of #1: want no shared index")
	}
}
