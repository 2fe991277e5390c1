package queryguard

import (
	"context"
	"database/sql/driver"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bulklint/bulklint/runtime/internal/callmark"
)

// Test starts a scope for the test t and checks it when the test ends: at
// t.Cleanup, each N+1 the scope saw fails the test ([LogOnly]: is logged)
// with the statement, its count, the call site, its callers up to the loop
// and the loop's line. Options are checked here: a bad one fails the test.
//
// db is the database the test uses: a *sql.DB or *sqlx.DB opened by
// [Open], [OpenX] or over [Wrap], a pgx *pgxpool.Pool or *pgx.Conn whose
// config's Tracer is a [Tracer], or the *Tracer itself; or nil. Statements
// run with [Scope.Context] (or a context derived from it, or one given to
// [Scope.Attach]) are the scope's. So are statements on db whose context
// carries no scope (context.Background() deep in the code under test),
// while this test is the only one running a Test scope on db: two
// parallel tests sharing db each keep only their own context's
// statements.
func Test(t testing.TB, db any, opts ...Option) *Scope {
	t.Helper()
	cfg, err := newConfig(opts)
	if err != nil {
		t.Fatal(err)
	}
	var h *hub
	if db != nil {
		if h, err = hubOf(db); err != nil {
			t.Fatal(err)
		}
	}
	g := newGuard(cfg)
	s := g.newScope(t.Name(), "test")
	s.ctx = context.WithValue(t.Context(), scopeKey{}, s)
	if h != nil {
		h.add(s)
	}
	t.Cleanup(func() {
		t.Helper()
		if h != nil {
			h.remove(s)
		}
		rep := s.End()
		if cfg.onReport != nil {
			cfg.onReport(rep)
		}
		if rep.Err != nil {
			t.Error(rep.Err)
		}
		for _, n := range rep.NPlusOne {
			switch {
			case n.Allowed || cfg.logOnly:
				t.Logf("queryguard: %s", n)
			default:
				t.Errorf("queryguard: %s", n)
			}
		}
	})
	return s
}

// hubOf finds the hub of an observed database.
func hubOf(db any) (*hub, error) {
	var tr pgx.QueryTracer
	switch db := db.(type) {
	case *Tracer:
		return db.h, nil
	case *pgxpool.Pool:
		tr = db.Config().ConnConfig.Tracer
	case *pgx.Conn:
		tr = db.Config().Tracer
	case interface{ Driver() driver.Driver }:
		if d, ok := db.Driver().(*wrapDriver); ok {
			return d.h, nil
		}
		return nil, fmt.Errorf("%w: %T: open it with queryguard.Open, OpenX or sql.OpenDB(queryguard.Wrap(connector))", errNotObserved, db)
	default:
		return nil, fmt.Errorf("%w: %T is not a *sql.DB, *sqlx.DB, pgx pool, pgx connection or *Tracer", errNotObserved, db)
	}
	if t, ok := tr.(*Tracer); ok {
		return t.h, nil
	}
	return nil, fmt.Errorf("%w: %T: its config's Tracer is %T, not a *queryguard.Tracer", errNotObserved, db, tr)
}

// Middleware returns next with a scope per request: each request's
// statements (run with the request's context) are recorded, and its
// report goes to OnReport, or else its N+1s are logged to Logger (or
// slog.Default()). The scope is named "METHOD pattern" when a ServeMux
// routed the request, "METHOD path" otherwise.
func (g *Guard) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := g.newScope(r.Method+" "+r.URL.Path, "request")
		s.ctx = context.WithValue(r.Context(), scopeKey{}, s)
		r2 := r.WithContext(s.ctx)
		next.ServeHTTP(w, r2)
		if p := r2.Pattern; p != "" {
			s.mu.Lock()
			s.name = p
			if !strings.Contains(p, " ") {
				s.name = r.Method + " " + p
			}
			s.mu.Unlock()
		}
		g.deliver(s.ctx, s.End())
	})
}

// Batch returns ctx marked as one call: the statements run with it count
// as one run, as runtime/bulk's chunks do. Use it around a loop of your
// own that runs one statement per chunk of rows, not per row.
func Batch(ctx context.Context) context.Context { return callmark.Mark(ctx) }
