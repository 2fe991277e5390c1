package bulk

import (
	"context"
	"database/sql"
)

type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// prepared returns the call's prepared statement for query. Chunks of the
// same size share their SQL text, so MySQL and SQLite parse and plan a
// chunk's statement once per call instead of once per chunk; pgx caches
// statements by itself.
func (c *call) prepared(q Querier, query string, args []any) *sql.Stmt {
	if c.d == Postgres || len(args) == 0 {
		// A statement without arguments runs in one round trip as text.
		return nil
	}
	p, ok := q.(preparer)
	if !ok {
		return nil
	}
	if st, ok := c.stmts[query]; ok {
		return st
	}
	st, err := p.PrepareContext(c.ctx, query)
	if err != nil {
		return nil // the unprepared statement reports the error
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = st
	return st
}

func (c *call) exec(q Querier, query string, args ...any) (sql.Result, error) {
	if st := c.prepared(q, query, args); st != nil {
		return st.ExecContext(c.ctx, args...)
	}
	return q.ExecContext(c.ctx, query, args...)
}

func (c *call) query(q Querier, query string, args ...any) (*sql.Rows, error) {
	if st := c.prepared(q, query, args); st != nil {
		return st.QueryContext(c.ctx, args...)
	}
	return q.QueryContext(c.ctx, query, args...)
}

func (c *call) closeStmts() {
	for k, st := range c.stmts {
		_ = st.Close()
		delete(c.stmts, k)
	}
}
