package queryguard_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite"

	"github.com/bulklint/bulklint/internal/observation"
	"github.com/bulklint/bulklint/runtime/queryguard"
)

// openSQLite opens an observed SQLite database in a temporary file, with a
// users table of n rows.
func openSQLite(t testing.TB, n int) *sqlx.DB {
	t.Helper()
	db, err := queryguard.OpenX("sqlite", "file:"+filepath.Join(t.TempDir(), "g.db")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.MustExec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, team INTEGER NOT NULL DEFAULT 0)")
	for i := 1; i <= n; i++ {
		db.MustExec("INSERT INTO users (id, name, team) VALUES (?, ?, ?)", i, "u", i%3)
	}
	return db
}

type user struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
	Team int    `db:"team"`
}

func getUser(ctx context.Context, t testing.TB, db *sqlx.DB, id int64) user {
	var u user
	if err := db.GetContext(ctx, &u, "SELECT id, name, team FROM users WHERE id = ?", id); err != nil {
		t.Fatal(err)
	}
	return u
}

// recorder runs fn in a LogOnly Test scope of a subtest and returns the
// scope's report.
func recorder(t *testing.T, db any, fn func(t *testing.T, s *queryguard.Scope), opts ...queryguard.Option) queryguard.Report {
	t.Helper()
	var rep queryguard.Report
	t.Run("scope", func(t *testing.T) {
		s := queryguard.Test(t, db, append([]queryguard.Option{queryguard.LogOnly(), queryguard.OnReport(func(r queryguard.Report) { rep = r })}, opts...)...)
		fn(t, s)
	})
	return rep
}

func TestLoopIsReported(t *testing.T) {
	db := openSQLite(t, 5)
	rep := recorder(t, db, func(t *testing.T, s *queryguard.Scope) {
		for id := int64(1); id <= 5; id++ {
			getUser(s.Context(), t, db, id) // the N+1
		}
		getUser(s.Context(), t, db, 1) // once elsewhere: its own path
	})
	if len(rep.NPlusOne) != 1 {
		t.Fatalf("want one N+1, got %v", rep)
	}
	n := rep.NPlusOne[0]
	if n.Count != 5 || n.Fingerprint != "select id, name, team from users where id = ?" {
		t.Errorf("count %d, fingerprint %q", n.Count, n.Fingerprint)
	}
	if cs := n.CallSite(); filepath.Base(cs.File) != "guard_test.go" || !strings.HasSuffix(cs.Function, ".getUser") {
		t.Errorf("call site %v, want getUser in guard_test.go", cs)
	}
	if n.LoopAt != 1 || !strings.Contains(n.Stack[1].Function, "TestLoopIsReported") || n.LoopLine == 0 {
		t.Errorf("loop at frame %d line %d in %v", n.LoopAt, n.LoopLine, n.Stack)
	}
	t.Log(rep)
}

func TestSameArgumentsAndThreshold(t *testing.T) {
	db := openSQLite(t, 5)
	rep := recorder(t, db, func(t *testing.T, s *queryguard.Scope) {
		for range 4 {
			getUser(s.Context(), t, db, 1) // the same row each time: a cache miss, not an N+1
		}
	})
	if len(rep.NPlusOne) != 0 {
		t.Errorf("identical runs reported: %v", rep)
	}
	rep = recorder(t, db, func(t *testing.T, s *queryguard.Scope) {
		for id := int64(1); id <= 3; id++ {
			getUser(s.Context(), t, db, id)
		}
	}, queryguard.Threshold(4))
	if len(rep.NPlusOne) != 0 {
		t.Errorf("3 runs reported with Threshold(4): %v", rep)
	}
	rep = recorder(t, db, func(t *testing.T, s *queryguard.Scope) {
		for id := int64(1); id <= 4; id++ {
			getUser(s.Context(), t, db, id)
		}
	}, queryguard.Threshold(4))
	if len(rep.NPlusOne) != 1 || rep.NPlusOne[0].Count != 4 {
		t.Errorf("4 runs with Threshold(4): %v", rep)
	}
	rep = recorder(t, db, func(t *testing.T, s *queryguard.Scope) {
		for id := int64(1); id <= 4; id++ {
			getUser(s.Context(), t, db, id)
		}
	}, queryguard.MinDuration(time.Hour))
	if len(rep.NPlusOne) != 0 {
		t.Errorf("reported under MinDuration(time.Hour): %v", rep)
	}
}

func TestAllow(t *testing.T) {
	db := openSQLite(t, 3)
	for _, allow := range []string{
		"select id, name, team from users where id = $1", // another dialect's placeholder
		"SELECT id, name, team FROM users ...",
	} {
		rep := recorder(t, db, func(t *testing.T, s *queryguard.Scope) {
			for id := int64(1); id <= 3; id++ {
				getUser(s.Context(), t, db, id)
			}
		}, queryguard.Allow(allow))
		if len(rep.NPlusOne) != 1 || !rep.NPlusOne[0].Allowed || len(rep.Failures()) != 0 {
			t.Errorf("Allow(%q): %v", allow, rep)
		}
	}
}

func TestOptionsChecked(t *testing.T) {
	for _, opt := range []queryguard.Option{
		queryguard.Threshold(1), queryguard.MinDuration(-1), queryguard.Allow(" "),
		queryguard.Libraries(""), queryguard.OnReport(nil), queryguard.Logger(nil), nil,
	} {
		if _, err := queryguard.New(opt); !errors.Is(err, queryguard.ErrOption) {
			t.Errorf("New: err = %v, want ErrOption", err)
		}
	}
	if _, err := queryguard.New(queryguard.LogOnly()); !errors.Is(err, queryguard.ErrOption) {
		t.Errorf("New(LogOnly()): err = %v", err)
	}
}

// TestScopesDoNotMix: parallel tests on one database, and goroutines of
// one test, each keep their own statements.
func TestScopesDoNotMix(t *testing.T) {
	db := openSQLite(t, 20)
	reports := make(map[string]queryguard.Report)
	var mu sync.Mutex
	t.Run("group", func(t *testing.T) {
		for _, n := range []int{2, 3, 5, 7} {
			t.Run(fmt.Sprint(n), func(t *testing.T) {
				t.Parallel()
				s := queryguard.Test(t, db, queryguard.LogOnly(), queryguard.OnReport(func(r queryguard.Report) {
					mu.Lock()
					reports[r.Scope] = r
					mu.Unlock()
				}))
				var wg sync.WaitGroup
				for g := range 2 {
					wg.Go(func() {
						for id := 1; id <= n; id++ {
							getUser(s.Context(), t, db, int64(g*n+id))
						}
					})
				}
				wg.Wait()
			})
		}
	})
	for _, n := range []int{2, 3, 5, 7} {
		rep := reports[fmt.Sprintf("TestScopesDoNotMix/group/%d", n)]
		if rep.Queries != 2*n || len(rep.NPlusOne) != 1 || rep.NPlusOne[0].Count != 2*n {
			t.Errorf("scope %d: %d statements, %v; want %d runs", n, rep.Queries, rep, 2*n)
		}
	}
}

// TestDefaultScope: with one Test on the database, statements without the
// scope's context are its own.
func TestDefaultScope(t *testing.T) {
	db := openSQLite(t, 3)
	rep := recorder(t, db, func(t *testing.T, s *queryguard.Scope) {
		for id := int64(1); id <= 3; id++ {
			getUser(context.Background(), t, db, id)
		}
	})
	if len(rep.NPlusOne) != 1 || rep.NPlusOne[0].Count != 3 {
		t.Errorf("default scope: %v", rep)
	}
	ctx, s := mustGuard(t).Begin(context.Background(), "job")
	_ = ctx
	for id := int64(1); id <= 3; id++ {
		getUser(context.Background(), t, db, id) // no Test live: nobody's
	}
	if rep := s.End(); rep.Queries != 0 {
		t.Errorf("a Begin scope took statements without its context: %v", rep)
	}
}

func mustGuard(t testing.TB, opts ...queryguard.Option) *queryguard.Guard {
	g, err := queryguard.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestRunAndEnd(t *testing.T) {
	db := openSQLite(t, 4)
	var got queryguard.Report
	g := mustGuard(t, queryguard.OnReport(func(r queryguard.Report) { got = r }))
	rep, err := g.Run(context.Background(), "nightly", func(ctx context.Context) error {
		for id := int64(1); id <= 4; id++ {
			getUser(ctx, t, db, id)
		}
		return nil
	})
	if err != nil || rep.Scope != "nightly" || len(rep.NPlusOne) != 1 || rep.NPlusOne[0].Count != 4 || got.Scope != "nightly" {
		t.Errorf("Run: %v, %v; OnReport got %v", rep, err, got)
	}
	ctx, s := g.Begin(context.Background(), "after")
	s.End()
	getUser(ctx, t, db, 1)
	if rep := s.End(); rep.Queries != 0 {
		t.Errorf("statements after End recorded: %v", rep)
	}
}

type node struct {
	id       int64
	children []node
}

// walk queries once per node of a tree: each depth has its own stack, and
// the frames the recursion repeats are kept once, so the nodes below the
// root are one group.
func walk(ctx context.Context, t testing.TB, db *sqlx.DB, n node) {
	getUser(ctx, t, db, n.id)
	for _, c := range n.children {
		walk(ctx, t, db, c)
	}
}

func TestRecursionIsOnePath(t *testing.T) {
	db := openSQLite(t, 7)
	tree := node{1, []node{{2, []node{{4, nil}, {5, nil}}}, {3, []node{{6, []node{{7, nil}}}}}}}
	rep := recorder(t, db, func(t *testing.T, s *queryguard.Scope) {
		walk(s.Context(), t, db, tree)
	})
	if len(rep.NPlusOne) != 1 || rep.NPlusOne[0].Count != 6 {
		t.Errorf("want the 6 nodes below the root as one N+1:\n%v", rep)
	}
}

// TestOutput: a scope with an N+1 writes it where Output (or
// BULKLINT_GUARD_OUT) says, in the format bulklint -confirmed reads; a
// clean scope writes nothing.
func TestOutput(t *testing.T) {
	db := openSQLite(t, 3)
	dir := t.TempDir()
	g := mustGuard(t, queryguard.Output(dir), queryguard.OnReport(func(queryguard.Report) {}))
	for _, n := range []int64{1, 3} {
		rep, _ := g.Run(context.Background(), fmt.Sprint("job ", n), func(ctx context.Context) error {
			for id := int64(1); id <= n; id++ {
				getUser(ctx, t, db, id)
			}
			return nil
		})
		if rep.Err != nil {
			t.Fatal(rep.Err)
		}
	}
	files, err := observation.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Scope != "job 3" || files[0].Kind != "scope" || len(files[0].NPlusOne) != 1 {
		t.Fatalf("want one file for job 3, got %+v", files)
	}
	g0 := files[0].NPlusOne[0]
	if g0.Count != 3 || g0.LoopAt != 1 || g0.Loop == nil || len(g0.Stack) < 2 || !filepath.IsAbs(g0.Stack[0].File) ||
		g0.Stack[0].Package != "github.com/bulklint/bulklint/runtime/queryguard_test" {
		t.Errorf("observation %+v", g0)
	}
}
