package queryguard

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"
)

// hub is what an observed database shares among its connections: the
// default scope of statements whose context carries none.
type hub struct {
	mu   sync.Mutex
	live []*Scope // Test scopes using this database
	def  atomic.Pointer[Scope]
}

// add and remove keep the default scope: the one live Test scope, or none
// when several tests share the database at once, since then nothing says
// whose a statement without a scope is.
func (h *hub) add(s *Scope) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.live = append(h.live, s)
	h.setDefault()
}

func (h *hub) remove(s *Scope) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.live = slices.DeleteFunc(h.live, func(x *Scope) bool { return x == s })
	h.setDefault()
}

func (h *hub) setDefault() {
	if len(h.live) == 1 {
		h.def.Store(h.live[0])
	} else {
		h.def.Store(nil)
	}
}

// Open opens a database as sql.Open does, with every connection observed:
// statements run with a context that carries a [Scope] are recorded in
// it. The driver must be registered (import _ "modernc.org/sqlite").
func Open(driverName, dsn string) (*sql.DB, error) {
	probe, err := sql.Open(driverName, dsn) // connects to nothing
	if err != nil {
		return nil, fmt.Errorf("queryguard: %w", err)
	}
	d := probe.Driver()
	_ = probe.Close()
	var c driver.Connector = dsnConnector{dsn, d}
	if dc, ok := d.(driver.DriverContext); ok {
		if c, err = dc.OpenConnector(dsn); err != nil {
			return nil, fmt.Errorf("queryguard: %w", err)
		}
	}
	return sql.OpenDB(Wrap(c)), nil
}

// OpenX is [Open] for sqlx: the *sqlx.DB keeps driverName, so its bind
// type and runtime/bulk's dialect detection are those of the driver.
func OpenX(driverName, dsn string) (*sqlx.DB, error) {
	db, err := Open(driverName, dsn)
	if err != nil {
		return nil, err
	}
	return sqlx.NewDb(db, driverName), nil
}

type dsnConnector struct {
	dsn string
	d   driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.d.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.d }

// Wrap returns a connector whose connections are observed; open it with
// sql.OpenDB. Connections behave as the wrapped ones do: each optional
// interface of database/sql/driver is forwarded when the driver's
// connection implements it, and otherwise answered as database/sql itself
// would answer its absence (driver.ErrSkip, the same errors), so that
// database/sql takes the same fallbacks.
func Wrap(c driver.Connector) driver.Connector {
	h := new(hub)
	return &connector{c: c, h: h, d: &wrapDriver{d: c.Driver(), h: h}}
}

type connector struct {
	c driver.Connector
	h *hub
	d *wrapDriver
}

func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.c.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return wrapConn(dc, c.h), nil
}

func (c *connector) Driver() driver.Driver { return c.d }

// Close closes the wrapped connector if it is an io.Closer, as sql.DB.Close
// would.
func (c *connector) Close() error {
	if cl, ok := c.c.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}

// wrapDriver is what (*sql.DB).Driver returns: the way [Test] finds the
// database's hub.
type wrapDriver struct {
	d driver.Driver
	h *hub
}

func (d *wrapDriver) Open(name string) (driver.Conn, error) {
	c, err := d.d.Open(name)
	if err != nil {
		return nil, err
	}
	return wrapConn(c, d.h), nil
}

func wrapConn(c driver.Conn, h *hub) driver.Conn {
	w := &conn{c: c, h: h}
	if pc, ok := c.(interface{ Conn() *pgx.Conn }); ok {
		// pgx's stdlib connection: code that reaches pgx through
		// (*sql.Conn).Raw (runtime/bulk's COPY) still finds it. Those
		// statements bypass database/sql, and this wrapper: observe a pgx
		// pool or connection with a Tracer.
		return &pgxStdConn{w, pc}
	}
	return w
}

type pgxStdConn struct {
	*conn
	pc interface{ Conn() *pgx.Conn }
}

func (c *pgxStdConn) Conn() *pgx.Conn { return c.pc.Conn() }

type conn struct {
	c driver.Conn
	h *hub
}

// Unwrap returns the driver's connection.
func (c *conn) Unwrap() driver.Conn { return c.c }

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	s, err := c.c.Prepare(query)
	if err != nil {
		return nil, err
	}
	return wrapStmt(s, c, query), nil
}

func (c *conn) Close() error { return c.c.Close() }

//lint:ignore SA1019 forwarded for drivers that only have Begin
func (c *conn) Begin() (driver.Tx, error) { return c.c.Begin() } //nolint:staticcheck

// errIsolation and errReadOnly are database/sql's own errors for a driver
// without ConnBeginTx.
var (
	errIsolation = errors.New("sql: driver does not support non-default isolation level")
	errReadOnly  = errors.New("sql: driver does not support read-only transactions")
	errNamed     = errors.New("sql: driver does not support the use of Named Parameters")
)

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if bt, ok := c.c.(driver.ConnBeginTx); ok {
		return bt.BeginTx(ctx, opts)
	}
	// As database/sql's ctxDriverBegin.
	if opts.Isolation != driver.IsolationLevel(sql.LevelDefault) {
		return nil, errIsolation
	}
	if opts.ReadOnly {
		return nil, errReadOnly
	}
	if ctx.Done() == nil {
		return c.c.Begin() //nolint:staticcheck
	}
	tx, err := c.c.Begin() //nolint:staticcheck
	if err == nil {
		select {
		default:
		case <-ctx.Done():
			_ = tx.Rollback()
			return nil, ctx.Err()
		}
	}
	return tx, err
}

func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var s driver.Stmt
	var err error
	if pc, ok := c.c.(driver.ConnPrepareContext); ok {
		s, err = pc.PrepareContext(ctx, query)
	} else {
		// As database/sql's ctxDriverPrepare.
		s, err = c.c.Prepare(query)
		if err == nil {
			select {
			default:
			case <-ctx.Done():
				_ = s.Close()
				return nil, ctx.Err()
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return wrapStmt(s, c, query), nil
}

func hashNamed(s *Scope, args []driver.NamedValue) argHash {
	a := argHash{seed: s.seed}
	for i := range args {
		a.add(args[i].Value)
	}
	return a
}

func namedToValues(args []driver.NamedValue) ([]driver.Value, error) {
	out := make([]driver.Value, len(args))
	for i, a := range args {
		if a.Name != "" {
			return nil, errNamed
		}
		out[i] = a.Value
	}
	return out, nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	run := func() (driver.Result, error) {
		if ec, ok := c.c.(driver.ExecerContext); ok {
			return ec.ExecContext(ctx, query, args)
		}
		e, ok := c.c.(driver.Execer) //nolint:staticcheck
		if !ok {
			return nil, driver.ErrSkip // database/sql prepares the statement
		}
		return withValues(ctx, args, func(vals []driver.Value) (driver.Result, error) { return e.Exec(query, vals) })
	}
	return observe(ctx, c.h, query, args, run)
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	run := func() (driver.Rows, error) {
		if qc, ok := c.c.(driver.QueryerContext); ok {
			return qc.QueryContext(ctx, query, args)
		}
		q, ok := c.c.(driver.Queryer) //nolint:staticcheck
		if !ok {
			return nil, driver.ErrSkip
		}
		return withValues(ctx, args, func(vals []driver.Value) (driver.Rows, error) { return q.Query(query, vals) })
	}
	return observe(ctx, c.h, query, args, run)
}

func (c *conn) Ping(ctx context.Context) error {
	if p, ok := c.c.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *conn) ResetSession(ctx context.Context) error {
	if r, ok := c.c.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *conn) IsValid() bool {
	if v, ok := c.c.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if nc, ok := c.c.(driver.NamedValueChecker); ok {
		return nc.CheckNamedValue(nv)
	}
	return driver.ErrSkip // database/sql's default conversion
}

func wrapStmt(s driver.Stmt, c *conn, query string) driver.Stmt {
	w := &stmt{s: s, c: c, query: query}
	if cc, ok := s.(driver.ColumnConverter); ok { //nolint:staticcheck
		return &stmtConverter{w, cc}
	}
	return w
}

type stmt struct {
	s     driver.Stmt
	c     *conn
	query string
}

// stmtConverter is a stmt whose driver statement converts by column:
// database/sql uses the converter only when the statement has one.
type stmtConverter struct {
	*stmt
	cc driver.ColumnConverter //nolint:staticcheck
}

func (s *stmtConverter) ColumnConverter(idx int) driver.ValueConverter {
	return s.cc.ColumnConverter(idx)
}

func (s *stmt) Close() error  { return s.s.Close() }
func (s *stmt) NumInput() int { return s.s.NumInput() }

//nolint:staticcheck
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) { return s.s.Exec(args) }

//nolint:staticcheck
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) { return s.s.Query(args) }

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	run := func() (driver.Result, error) {
		if ec, ok := s.s.(driver.StmtExecContext); ok {
			return ec.ExecContext(ctx, args)
		}
		return withValues(ctx, args, func(vals []driver.Value) (driver.Result, error) { return s.s.Exec(vals) }) //nolint:staticcheck
	}
	return observe(ctx, s.c.h, s.query, args, run)
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	run := func() (driver.Rows, error) {
		if qc, ok := s.s.(driver.StmtQueryContext); ok {
			return qc.QueryContext(ctx, args)
		}
		return withValues(ctx, args, func(vals []driver.Value) (driver.Rows, error) { return s.s.Query(vals) }) //nolint:staticcheck
	}
	return observe(ctx, s.c.h, s.query, args, run)
}

// observe runs a statement and records it in the scope ctx carries for
// hub h, unless it never reached the database: driver.ErrSkip sends
// database/sql another way (which is observed then), errNamed is an
// argument the wrapper could not convert.
func observe[T any](ctx context.Context, h *hub, query string, args []driver.NamedValue, run func() (T, error)) (T, error) {
	sc := scopeOf(ctx, h)
	if sc == nil {
		return run()
	}
	start := time.Now()
	v, err := run()
	if err != driver.ErrSkip && err != errNamed {
		a := hashNamed(sc, args)
		sc.record(ctx, query, &a, time.Since(start))
	}
	return v, err
}

// CheckNamedValue asks the statement's checker, else the connection's, as
// database/sql does; without either, driver.ErrSkip leads database/sql to
// the column converter or its default conversion.
func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error {
	if nc, ok := s.s.(driver.NamedValueChecker); ok {
		return nc.CheckNamedValue(nv)
	}
	return s.c.CheckNamedValue(nv)
}

// withValues runs a driver's pre-context Exec or Query: arguments as plain
// values, and the context checked before, as database/sql does for a
// driver without the context interfaces.
func withValues[T any](ctx context.Context, args []driver.NamedValue, call func([]driver.Value) (T, error)) (T, error) {
	var zero T
	vals, err := namedToValues(args)
	if err != nil {
		return zero, err
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	return call(vals)
}
