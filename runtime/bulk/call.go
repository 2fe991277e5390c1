package bulk

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"

	"github.com/jmoiron/sqlx"

	"github.com/bulklint/bulklint/runtime/internal/callmark"
)

// Querier is what every call runs on: *sqlx.DB, *sqlx.Tx and *sqlx.Conn all
// satisfy it. Given a *sqlx.DB or *sqlx.Conn, a call runs in a transaction of
// its own; given a *sqlx.Tx, it runs inside a savepoint of that transaction.
type Querier interface {
	sqlx.QueryerContext
	sqlx.ExecerContext
}

type beginner interface {
	BeginTxx(ctx context.Context, opts *sql.TxOptions) (*sqlx.Tx, error)
}

const (
	None      Outcome = iota // not written (the call failed or the row was not reached)
	Inserted                 // a new row was created
	Updated                  // an existing row was changed
	Unchanged                // an existing row already had these values
	Skipped                  // the row conflicted with an existing one and was left out
	Missing                  // Update, Delete: the key matched no row
	Deleted                  // Delete: the row with this key was deleted
)

// ref is one input row inside a chunk.
type ref struct {
	idx int
	s   reflect.Value // the struct
	key string        // encoded key, when the call has one
	kv  []driver.Value
}

// fill is a generated value to write back into a row once the call commits.
type fill struct {
	s   reflect.Value
	col string
	v   reflect.Value
}

// call is the state of one operation.
type call struct {
	ctx   context.Context
	op    string
	cfg   *config
	info  driverInfo
	d     Dialect
	ops   dialectOps // what the call does differently on its database
	tbl   *tableInfo
	rt    *rowType
	inTx  bool // running inside the caller's transaction
	fills []fill
	res   Result
	stmts map[string]*sql.Stmt
	// rowsText and argBuf are the VALUES text and arguments of MySQL and
	// SQLite chunks, reused from chunk to chunk (see rowsSQL, rowArgs).
	rowsText map[[2]int]string
	argBuf   []any
}

// checkArgs checks what a call of op is given, without a round trip: a
// context, a Querier, a valid table name, a row type its mapper maps.
func checkArgs(ctx context.Context, op string, q Querier, table string, elem reflect.Type, cfg *config) (*rowType, error) {
	if ctx == nil {
		return nil, fmt.Errorf("%w: %s needs a context; use context.Background() or a request's", ErrNilContext, op)
	}
	if v := reflect.ValueOf(q); q == nil || (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		return nil, fmt.Errorf("bulk: %s: nil Querier", op)
	}
	if table == "" {
		return nil, ErrEmptyTable
	}
	if !validName(table) {
		return nil, fmt.Errorf("%w: table %q", ErrInvalidName, table)
	}
	return newRowType(cfg.mapper, elem)
}

func newCall(ctx context.Context, op string, q Querier, table string, elem reflect.Type, cfg *config) (*call, error) {
	rt, err := checkArgs(ctx, op, q, table, elem, cfg)
	if err != nil {
		return nil, err
	}
	// One mark per call: a query guard (runtime/queryguard) counts the
	// call's statements, one per chunk, as one execution.
	ctx = callmark.Mark(ctx)
	info, err := detect(q, cfg.dialect)
	if err != nil {
		return nil, err
	}
	ops := info.dialect.newOps()
	tbl, err := readTable(ctx, q, info.dialect, ops, table)
	if err != nil {
		if _, canBegin := q.(beginner); !canBegin {
			// The catalog is read in the caller's transaction.
			return nil, (&call{ctx: ctx}).failInTx(q, err)
		}
		return nil, err
	}
	for _, col := range rt.cols {
		if _, ok := tbl.column(col); !ok {
			return nil, fmt.Errorf("%w: field %s of %v maps to %q, not a column of %s",
				ErrUnknownColumn, rt.fields[col].Field.Name, rt.strct, col, table)
		}
	}
	_, canBegin := q.(beginner)
	return &call{ctx: ctx, op: op, cfg: cfg, info: info, d: info.dialect, ops: ops, tbl: tbl, rt: rt, inTx: !canBegin}, nil
}

// mapped checks that each name is a mapped column of the row type and a
// column of the table.
func (c *call) mapped(opt string, cols []string) error {
	for _, col := range cols {
		if !c.rt.has(col) {
			return fmt.Errorf("%w: %s names %q, which no field of %v maps", ErrUnknownColumn, opt, col, c.rt.strct)
		}
	}
	return c.tbl.need(cols...)
}

// atomic runs fn in a transaction of its own, or in a savepoint of the
// caller's, so that a failure keeps nothing of the call.
func (c *call) atomic(q Querier, iso sql.IsolationLevel, fn func(q Querier) error) error {
	if b, ok := q.(beginner); ok {
		// The transaction begins without the call's deadline, which each
		// statement carries instead: pgx's database/sql driver commits
		// with the context the transaction began with, and a deadline
		// that ended during COMMIT made the call report a failure the
		// server had committed. The context is checked before COMMIT,
		// which then runs to its end.
		if err := c.ctx.Err(); err != nil {
			return fmt.Errorf("bulk: begin: %w", err)
		}
		tx, err := b.BeginTxx(context.WithoutCancel(c.ctx), &sql.TxOptions{Isolation: iso})
		if err != nil {
			return fmt.Errorf("bulk: begin: %w", err)
		}
		err = fn(tx)
		c.closeStmts()
		c.ops.release(c, tx)
		if err == nil {
			err = c.ctx.Err()
		}
		if err != nil {
			_ = tx.Rollback()
			return c.ctxErr(c.ops.explain(c, q, err))
		}
		if err := tx.Commit(); err != nil {
			return c.ctxErr(fmt.Errorf("bulk: commit: %w", err))
		}
		return nil
	}
	if _, err := q.ExecContext(c.ctx, "SAVEPOINT bulk_call"); err != nil {
		return c.failInTx(q, fmt.Errorf("bulk: savepoint: %w", err))
	}
	err := fn(q)
	c.closeStmts()
	c.ops.release(c, q)
	// The savepoint is rolled back or released whatever the context says
	// now: the call's statements have stopped, and leaving the savepoint
	// would leave the caller's transaction with half a call in it.
	cleanup := context.WithoutCancel(c.ctx)
	if err != nil {
		if _, rerr := q.ExecContext(cleanup, "ROLLBACK TO SAVEPOINT bulk_call"); rerr != nil {
			return c.abortTx(q, err, rerr)
		}
		_, _ = q.ExecContext(cleanup, "RELEASE SAVEPOINT bulk_call")
		return c.ctxErr(c.ops.explain(c, q, err))
	}
	if _, err := q.ExecContext(cleanup, "RELEASE SAVEPOINT bulk_call"); err != nil {
		return c.abortTx(q, fmt.Errorf("bulk: release savepoint: %w", err), nil)
	}
	return nil
}

// abortTx reports that the caller's transaction is gone: the driver closed
// its connection (a cancelled statement on PostgreSQL or MySQL, a lost
// connection) or the database rolled all of it back (SQLite's interrupt),
// so the call's savepoint cannot be rolled back. The transaction is rolled
// back here, so that database/sql refuses the caller's later statements on
// it (sql.ErrTxDone) rather than running them outside any transaction, as
// SQLite's connection otherwise would.
func (c *call) abortTx(q Querier, err, rerr error) error {
	if rb, ok := q.(interface{ Rollback() error }); ok {
		_ = rb.Rollback()
	}
	if rerr != nil {
		err = fmt.Errorf("%w (rolling back to the call's savepoint: %v)", err, rerr)
	}
	return c.ctxErr(fmt.Errorf("%w; %w", ErrTxAborted, err))
}

// failInTx is the error of a statement of the call that failed in the
// caller's transaction before the call's savepoint: when the context ended,
// the statement it cut short may have taken the connection, and with it
// the transaction, along (pgx and go-sql-driver/mysql close it).
func (c *call) failInTx(q Querier, err error) error {
	if c.ctx.Err() == nil {
		return err
	}
	if _, perr := q.ExecContext(context.WithoutCancel(c.ctx), "SELECT 1"); perr != nil {
		return c.abortTx(q, err, perr)
	}
	return c.ctxErr(err)
}

// ctxErr wraps the context's error into err when the context ended and
// the driver said something else ("driver: bad connection").
func (c *call) ctxErr(err error) error {
	if ce := c.ctx.Err(); ce != nil && err != nil && !errors.Is(err, ce) {
		return fmt.Errorf("%w (%w)", err, ce)
	}
	return err
}

func (c *call) applyFills() {
	for _, f := range c.fills {
		c.rt.set(f.s, f.col, f.v)
	}
	c.fills = c.fills[:0]
}

// chunkRows is the number of rows per statement for paramsPerRow bound values
// a row.
func (c *call) chunkRows(paramsPerRow int, arrays bool, sample []ref) int {
	n := c.ops.chunkRows(c, max(paramsPerRow, 1), arrays, sample)
	if c.cfg.chunk > 0 && c.cfg.chunk < n {
		n = c.cfg.chunk
	}
	return max(n, 1)
}

// keyChunkRows lowers n, a number of rows of nkey key columns, to what
// one statement that lists the keys takes.
func (c *call) keyChunkRows(nkey, n int) int {
	if m := c.ops.keyListMax(nkey); m > 0 {
		return min(n, m)
	}
	return n
}

// validate runs the rows' Validate methods and the chunk hook, in Go, before
// anything of the chunk is written.
func (c *call) validate(refs []ref, elems reflect.Value) error {
	if !c.rt.validates {
		refs = nil // no row has a Validate method: skip boxing each row
	}
	for _, r := range refs {
		var v any
		if c.rt.ptr {
			v = r.s.Addr().Interface()
		} else {
			v = r.s.Interface()
			if _, ok := v.(interface{ Validate() error }); !ok && r.s.CanAddr() {
				v = r.s.Addr().Interface()
			}
		}
		if val, ok := v.(interface{ Validate() error }); ok {
			if err := val.Validate(); err != nil {
				return &RowError{Index: r.idx, Err: fmt.Errorf("%w: %w", ErrValidation, err)}
			}
		}
	}
	if c.cfg.hook != nil {
		if err := c.cfg.hook(c.ctx, elems.Interface()); err != nil {
			return fmt.Errorf("%w: chunk hook: %w", ErrValidation, err)
		}
	}
	return nil
}

// chunkSlice builds the []T a chunk hook sees.
func (c *call) chunkSlice(refs []ref) reflect.Value {
	if c.cfg.hook == nil {
		return reflect.Value{}
	}
	s := reflect.MakeSlice(reflect.SliceOf(c.rt.elem), 0, len(refs))
	for _, r := range refs {
		if c.rt.ptr {
			s = reflect.Append(s, r.s.Addr())
		} else {
			s = reflect.Append(s, r.s)
		}
	}
	return s
}

func (c *call) addFills(r ref, cols []string, vals []reflect.Value) {
	for i, col := range cols {
		if r.s.CanAddr() {
			c.fills = append(c.fills, fill{s: r.s, col: col, v: vals[i]})
		}
	}
}

// refs turns a slice of rows into refs, rejecting nil rows.
func (c *call) refs(rows reflect.Value) ([]ref, error) {
	refs := make([]ref, rows.Len())
	for i := range refs {
		s, err := c.rt.row(rows.Index(i))
		if err != nil {
			return nil, &RowError{Index: i, Err: err}
		}
		refs[i] = ref{idx: i, s: s}
	}
	return refs, nil
}

// writeChunks runs write on each chunk that next yields, until next yields
// none: it validates the chunk first, stops when the context is done, wraps
// a failure in a *ChunkError that says how many rows the earlier chunks
// wrote, counts the chunks, and applies the values read back unless
// deferFills. Insert and Upsert share it; the caller runs it inside atomic.
func (c *call) writeChunks(next func() ([]ref, error), deferFills bool, write func(refs []ref) error) error {
	done := 0
	for chunk := 0; ; chunk++ {
		refs, err := next()
		if err != nil {
			return err
		}
		if len(refs) == 0 {
			return nil
		}
		if err := c.validate(refs, c.chunkSlice(refs)); err != nil {
			return err
		}
		if err := c.ctx.Err(); err != nil {
			return c.chunkErr(chunk, len(refs), done, err)
		}
		if err := write(refs); err != nil {
			return c.chunkErr(chunk, len(refs), done, err)
		}
		c.res.Chunks++
		done += len(refs)
		if !deferFills {
			c.applyFills()
		}
	}
}
