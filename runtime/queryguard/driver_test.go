package queryguard_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"sync/atomic"
	"testing"

	"github.com/bulklint/bulklint/runtime/queryguard"
)

// fullConn is a no-op connection with every optional interface; basicConn
// has none: only Prepare, Close and Begin, and statements with only Exec
// and Query. Both count what database/sql asks of them.
type counts struct{ prepares, execs, queries, pings, resets atomic.Int64 }

type connector struct {
	basic bool
	n     *counts
}

func (c connector) Connect(context.Context) (driver.Conn, error) {
	if c.basic {
		return &basicConn{c.n}, nil
	}
	return &fullConn{basicConn{c.n}}, nil
}
func (c connector) Driver() driver.Driver { return nil }

type basicConn struct{ n *counts }

func (c *basicConn) Prepare(string) (driver.Stmt, error) {
	c.n.prepares.Add(1)
	return &basicStmt{c.n}, nil
}
func (c *basicConn) Close() error              { return nil }
func (c *basicConn) Begin() (driver.Tx, error) { return tx{}, nil }

type fullConn struct{ basicConn }

func (c *fullConn) ExecContext(context.Context, string, []driver.NamedValue) (driver.Result, error) {
	c.n.execs.Add(1)
	return driver.RowsAffected(1), nil
}
func (c *fullConn) QueryContext(context.Context, string, []driver.NamedValue) (driver.Rows, error) {
	c.n.queries.Add(1)
	return &rows{}, nil
}
func (c *fullConn) PrepareContext(_ context.Context, q string) (driver.Stmt, error) {
	return c.Prepare(q)
}
func (c *fullConn) BeginTx(context.Context, driver.TxOptions) (driver.Tx, error) { return tx{}, nil }
func (c *fullConn) Ping(context.Context) error {
	c.n.pings.Add(1)
	return nil
}
func (c *fullConn) ResetSession(context.Context) error {
	c.n.resets.Add(1)
	return nil
}
func (c *fullConn) IsValid() bool                               { return true }
func (c *fullConn) CheckNamedValue(nv *driver.NamedValue) error { return nil } // takes anything, names too

type basicStmt struct{ n *counts }

func (s *basicStmt) Close() error  { return nil }
func (s *basicStmt) NumInput() int { return -1 }
func (s *basicStmt) Exec([]driver.Value) (driver.Result, error) {
	s.n.execs.Add(1)
	return driver.RowsAffected(1), nil
}
func (s *basicStmt) Query([]driver.Value) (driver.Rows, error) {
	s.n.queries.Add(1)
	return &rows{}, nil
}

type tx struct{}

func (tx) Commit() error   { return nil }
func (tx) Rollback() error { return nil }

type rows struct{}

func (*rows) Columns() []string         { return []string{"x"} }
func (*rows) Close() error              { return nil }
func (*rows) Next([]driver.Value) error { return io.EOF }

// TestWrapKeepsFallbacks: database/sql treats a wrapped connection as it
// treats the driver's own, with and without the optional interfaces: the
// same calls reach the driver, the same errors come back.
func TestWrapKeepsFallbacks(t *testing.T) {
	type outcome struct {
		errs                                    [4]string
		prepares, execs, queries, pings, resets int64
	}
	run := func(basic, wrap bool) outcome {
		n := new(counts)
		var c driver.Connector = connector{basic, n}
		if wrap {
			c = queryguard.Wrap(c)
		}
		db := sql.OpenDB(c)
		defer db.Close()
		db.SetMaxOpenConns(1)
		ctx, s := mustGuard(t).Begin(context.Background(), "fallbacks")
		defer s.End()
		var o outcome
		errText := func(err error) string {
			if err == nil {
				return ""
			}
			return err.Error()
		}
		_, err := db.ExecContext(ctx, "UPDATE t SET x = ?", sql.Named("x", 1))
		o.errs[0] = errText(err)
		for i, opts := range []*sql.TxOptions{{Isolation: sql.LevelSerializable}, {ReadOnly: true}} {
			tx, err := db.BeginTx(ctx, opts)
			o.errs[1+i] = errText(err)
			if err == nil {
				tx.Rollback()
			}
		}
		for i := range 3 {
			if _, err := db.ExecContext(ctx, "UPDATE t SET x = ?", i); err != nil {
				t.Fatal(err)
			}
			r, err := db.QueryContext(ctx, "SELECT x FROM t WHERE id = ?", i)
			if err != nil {
				t.Fatal(err)
			}
			r.Close()
		}
		o.errs[3] = errText(db.PingContext(ctx))
		o.prepares, o.execs, o.queries, o.pings, o.resets = n.prepares.Load(), n.execs.Load(), n.queries.Load(), n.pings.Load(), n.resets.Load()
		if wrap {
			if rep := s.Report(); rep.Queries != 6+int(o.execs-3) {
				t.Errorf("basic=%v: %d statements recorded, want every one that ran: %v", basic, rep.Queries, rep)
			}
		}
		return o
	}
	for _, basic := range []bool{false, true} {
		plain, wrapped := run(basic, false), run(basic, true)
		if plain != wrapped {
			t.Errorf("basic=%v: database/sql on the driver: %+v\nthrough the wrapper: %+v", basic, plain, wrapped)
		}
		if basic && (plain.prepares == 0 || plain.errs[0] == "" || plain.errs[1] == "") {
			t.Errorf("basic driver: %+v, want the prepare fallback and database/sql's errors", plain)
		}
	}
}

// BenchmarkExec measures a statement on a no-op driver: on the driver
// itself, through the wrapper with no scope in the context, and with a
// scope recording it. The differences are the guard's cost per statement.
func BenchmarkExec(b *testing.B) {
	for _, bc := range []struct {
		name         string
		wrap, scoped bool
	}{{"driver", false, false}, {"wrapped", true, false}, {"scoped", true, true}} {
		b.Run(bc.name, func(b *testing.B) {
			var c driver.Connector = connector{false, new(counts)}
			if bc.wrap {
				c = queryguard.Wrap(c)
			}
			db := sql.OpenDB(c)
			defer db.Close()
			ctx := context.Background()
			if bc.scoped {
				var s *queryguard.Scope
				ctx, s = mustGuard(b).Begin(ctx, "bench")
				defer s.End()
			}
			b.ReportAllocs()
			i := int64(0)
			for b.Loop() {
				i++
				if _, err := db.ExecContext(ctx, "UPDATE users SET seen = true WHERE id = $1", i); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var _ = errors.New
