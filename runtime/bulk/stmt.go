package bulk

import (
	"context"
	"database/sql"
	"strings"
)

type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// prepared returns the call's prepared statement for query. Chunks of the
// same size share their SQL text, so MySQL and SQLite parse and plan a
// chunk's statement once per call instead of once per chunk; pgx caches
// statements by itself. (Left to go-sql-driver/mysql without
// interpolateParams, a statement with arguments is prepared, run and
// closed each time: a chunk of 65,535 placeholders parsed per chunk made
// Insert a third slower.)
func (c *call) prepared(q Querier, query string, args []any) *sql.Stmt {
	if !c.ops.prepares() || len(args) == 0 {
		return nil // a statement without arguments runs as text
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

// rowsSQL returns "(?, ?), (?, ?), ..." for rows rows of cols values, built
// once per shape in a call: chunks of one size share the text (and so the
// prepared statement).
func (c *call) rowsSQL(rows, cols int) string {
	k := [2]int{rows, cols}
	if s, ok := c.rowsText[k]; ok {
		return s
	}
	one := "(" + strings.Repeat("?, ", cols-1) + "?)"
	var b strings.Builder
	b.Grow(rows * (len(one) + 2))
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	if c.rowsText == nil {
		c.rowsText = map[[2]int]string{}
	}
	c.rowsText[k] = b.String()
	return b.String()
}

// rowArgs returns the values of cols of refs, row after row, in a slice
// reused from chunk to chunk: the driver keeps no argument once a
// statement has run.
func (c *call) rowArgs(refs []ref, cols []string) []any {
	idx := c.rt.indexes(cols)
	args := c.argBuf[:0]
	if cap(args) < len(refs)*len(cols) {
		args = make([]any, 0, len(refs)*len(cols))
	}
	for _, r := range refs {
		args = appendRow(args, r.s, idx)
	}
	c.argBuf = args
	return args
}
