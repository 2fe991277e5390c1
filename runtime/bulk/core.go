package bulk

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/jmoiron/sqlx/reflectx"

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

// Outcome is what a call did with one input row.
type Outcome uint8

const (
	None      Outcome = iota // not written (the call failed or the row was not reached)
	Inserted                 // a new row was created
	Updated                  // an existing row was changed
	Unchanged                // an existing row already had these values
	Skipped                  // the row conflicted with an existing one and was left out
	Missing                  // Update, Delete: the key matched no row
	Deleted                  // Delete: the row with this key was deleted
)

func (o Outcome) String() string {
	switch o {
	case None:
		return "none"
	case Inserted:
		return "inserted"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	case Skipped:
		return "skipped"
	case Missing:
		return "missing"
	case Deleted:
		return "deleted"
	}
	return "outcome(" + strconv.Itoa(int(o)) + ")"
}

// Conflict is an input row that Insert skipped because its conflict key
// already existed, with the existing row's generated columns (its primary
// key) or, for a table without them, its conflict key.
type Conflict struct {
	Index    int
	Existing map[string]any
}

// Result counts what a call did. Outcomes has one entry per input row, in
// input order.
type Result struct {
	Inserted, Updated, Unchanged, Skipped, Missing, Deleted int
	Chunks                                                  int
	Outcomes                                                []Outcome
	Conflicts                                               []Conflict // Insert with SkipConflicts
	MissingRows                                             []int      // Update, Delete: input indexes whose key matched no row
}

// mark sets input row i's outcome without counting it.
func (r *Result) mark(i int, o Outcome) {
	for len(r.Outcomes) <= i {
		r.Outcomes = append(r.Outcomes, None)
	}
	r.Outcomes[i] = o
}

// count sets input row i's outcome and counts it.
func (r *Result) count(i int, o Outcome) {
	r.mark(i, o)
	switch o {
	case Inserted:
		r.Inserted++
	case Updated:
		r.Updated++
	case Unchanged:
		r.Unchanged++
	case Skipped:
		r.Skipped++
	case Missing:
		r.Missing++
		r.MissingRows = append(r.MissingRows, i)
	case Deleted:
		r.Deleted++
	}
}

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
	tbl   *tableInfo
	rt    *rowType
	inTx  bool // running inside the caller's transaction
	fills []fill
	res   Result
	ainc  autoincInfo // MySQL: how the server hands out keys, read once
	// lastSrc is the chunk last rendered by source, for explainData.
	lastSrc lastSource
	stages  map[string]string // MySQL: temporary tables rows are staged in, by columns
	stmts   map[string]*sql.Stmt
	// rowsText and argBuf are the VALUES text and arguments of MySQL and
	// SQLite chunks, reused from chunk to chunk (see rowsSQL, rowArgs).
	rowsText map[[2]int]string
	argBuf   []any
}

func newCall(ctx context.Context, op string, q Querier, table string, elem reflect.Type, cfg *config) (*call, error) {
	if ctx == nil {
		return nil, fmt.Errorf("%w: %s needs a context; use context.Background() or a request's", ErrNilContext, op)
	}
	// One mark per call: a query guard (runtime/queryguard) counts the
	// call's statements, one per chunk, as one execution.
	ctx = callmark.Mark(ctx)
	if v := reflect.ValueOf(q); q == nil || (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		return nil, fmt.Errorf("bulk: %s: nil Querier", op)
	}
	if table == "" {
		return nil, ErrEmptyTable
	}
	if !validName(table) {
		return nil, fmt.Errorf("%w: table %q", ErrInvalidName, table)
	}
	rt, err := newRowType(cfg.mapper, elem)
	if err != nil {
		return nil, err
	}
	info, err := detect(q, cfg.dialect)
	if err != nil {
		return nil, err
	}
	tbl, err := readTable(ctx, q, info.dialect, table)
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
	return &call{ctx: ctx, op: op, cfg: cfg, info: info, d: info.dialect, tbl: tbl, rt: rt, inTx: !canBegin}, nil
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
		tx, err := b.BeginTxx(c.ctx, &sql.TxOptions{Isolation: iso})
		if err != nil {
			return fmt.Errorf("bulk: begin: %w", err)
		}
		err = fn(tx)
		c.closeStmts()
		c.dropStages(tx)
		if err != nil {
			_ = tx.Rollback()
			return c.ctxErr(c.explainData(q, err))
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
	c.dropStages(q)
	// The savepoint is rolled back or released whatever the context says
	// now: the call's statements have stopped, and leaving the savepoint
	// would leave the caller's transaction with half a call in it.
	cleanup := context.WithoutCancel(c.ctx)
	if err != nil {
		if _, rerr := q.ExecContext(cleanup, "ROLLBACK TO SAVEPOINT bulk_call"); rerr != nil {
			return c.abortTx(q, err, rerr)
		}
		_, _ = q.ExecContext(cleanup, "RELEASE SAVEPOINT bulk_call")
		return c.ctxErr(c.explainData(q, err))
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
	n := c.d.maxParams() / max(paramsPerRow, 1)
	if c.d == SQLite {
		// Parsing dominates SQLite's cost: statements of a few thousand
		// values run fastest. An upsert also takes the write lock and
		// reads the largest rowid per chunk, so it takes 10,000 values
		// (medians of 3 per 100,000 rows of 5 columns: 0.59 s in chunks
		// of 2,000 rows, 0.61 s of 500, 0.60 s of 200).
		limit := 2500
		if c.op == "upsert" {
			limit = 10000
		}
		n = min(n, max(limit/max(paramsPerRow, 1), 1))
	}
	if arrays {
		n = 20000
	}
	if c.d == MySQL && len(sample) > 0 {
		// max_allowed_packet: 64 MiB by default, at least 4 MiB. Size rows
		// from a sample with room to spare rather than ask the server.
		var size int
		for _, r := range sample[:min(len(sample), 64)] {
			size = max(size, c.rowBytes(r))
		}
		if lim := (4 << 20) / (2*size + 1); lim < n {
			n = max(lim, 1)
		}
	}
	if c.cfg.chunk > 0 && c.cfg.chunk < n {
		n = c.cfg.chunk
	}
	return max(n, 1)
}

func (c *call) rowBytes(r ref) int {
	n := 0
	for _, col := range c.rt.cols {
		v := c.rt.get(r.s, col)
		switch v.Kind() {
		case reflect.String:
			n += v.Len()
		case reflect.Slice:
			if v.Type().Elem().Kind() == reflect.Uint8 {
				n += v.Len()
			}
		}
		n += 16
	}
	return n
}

// keyRef fills in a row's key values and their encoding.
func (c *call) keyRef(r *ref, key []string) error {
	return c.keyRefPlain(r, key, nil)
}

// keyRefPlain is keyRef; plain, if not nil, says per key column whether
// its type is plainKey: such a value is converted by its kind, not boxed
// and handed to the driver's converter.
func (c *call) keyRefPlain(r *ref, key []string, plain []bool) error {
	r.kv = r.kv[:0]
	for i, col := range key {
		fv := c.rt.get(r.s, col)
		if plain != nil && plain[i] {
			if fv.Kind() == reflect.String {
				r.kv = append(r.kv, fv.String())
			} else {
				r.kv = append(r.kv, fv.Int())
			}
			continue
		}
		v, err := driverValue(fv.Interface())
		if err != nil {
			return &RowError{Index: r.idx, Err: fmt.Errorf("bulk: key column %s: %w", col, err)}
		}
		r.kv = append(r.kv, v)
	}
	r.key = keyOf(r.kv)
	return nil
}

// keyRefs is keyRef for every row, their key values in one allocation.
func (c *call) keyRefs(refs []ref, key []string) error {
	buf := make([]driver.Value, len(refs)*len(key))
	plain := make([]bool, len(key))
	for i, col := range key {
		plain[i] = plainKey(c.rt.fieldType(col))
	}
	for i := range refs {
		refs[i].kv = buf[i*len(key) : i*len(key) : (i+1)*len(key)]
		if err := c.keyRefPlain(&refs[i], key, plain); err != nil {
			return err
		}
	}
	return nil
}

func sortByKey(refs []ref) {
	byKey := func(a, b ref) int {
		for i := range a.kv {
			if c := compareValues(a.kv[i], b.kv[i]); c != 0 {
				return c
			}
		}
		return 0
	}
	// Rows often come in key order already (read with ORDER BY key):
	// one pass, which stops at the first pair out of order, spares the
	// sort's n log n comparisons then.
	if slices.IsSortedFunc(refs, byKey) {
		return
	}
	slices.SortStableFunc(refs, byKey)
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

// source is a chunk of rows rendered as a relation v(_b0, _b1, ...). MySQL
// has no such relation that keeps column types (see stageMySQL).
type source struct {
	with string // SQLite: the WITH clause defining v
	from string // the relation, aliased v
	args []any
}

func bcol(i int) string { return "_b" + strconv.Itoa(i) }

// useArrays reports whether rows bind as one PostgreSQL array per column.
func (c *call) useArrays(cols []string) bool {
	if c.d != Postgres || !c.info.pgx {
		return false
	}
	for _, col := range cols {
		cc, _ := c.tbl.column(col)
		if strings.HasSuffix(cc.pgType, "]") {
			return false // unnest would flatten array columns
		}
		if t := c.rt.fieldType(col); t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8 {
			return false
		}
	}
	return true
}

// column returns one column of refs as a slice of its field type: a
// PostgreSQL array once bound through pgx.
func (c *call) column(refs []ref, col string) any {
	idx := c.rt.fields[col].Index
	arr := reflect.MakeSlice(reflect.SliceOf(c.rt.fieldType(col)), len(refs), len(refs))
	if len(idx) == 1 {
		for i, r := range refs {
			arr.Index(i).Set(r.s.Field(idx[0]))
		}
	} else {
		for i, r := range refs {
			arr.Index(i).Set(reflectx.FieldByIndexesReadOnly(r.s, idx))
		}
	}
	return arr.Interface()
}

func (c *call) pgType(col string) string {
	cc, _ := c.tbl.column(col)
	return cc.pgType
}

// source returns a chunk's rows as the relation v and its bound values.
func (c *call) source(refs []ref, cols []string, startParam int) source {
	return c.sourceOrd(refs, cols, startParam, false)
}

// sourceOrd is source; with ordinal and arrays, v has one more column,
// _b<len(cols)>, the 1-based position of the row in refs.
func (c *call) sourceOrd(refs []ref, cols []string, startParam int, ordinal bool) source {
	c.lastSrc = lastSource{refs: refs, cols: cols}
	var b strings.Builder
	var src source
	names := make([]string, len(cols))
	for i := range cols {
		names[i] = bcol(i)
	}
	switch {
	case c.useArrays(cols):
		b.WriteString("unnest(")
		for i, col := range cols {
			src.args = append(src.args, c.column(refs, col))
			if i > 0 {
				b.WriteString(", ")
			}
			arr := c.d.ph(startParam+i) + "::" + c.pgType(col) + "[]"
			if ordinal {
				// A subquery hides the array's length from the planner,
				// which otherwise, knowing it, may hash the whole table
				// rather than look each row up by its key.
				arr = "(SELECT " + arr + ")"
			}
			b.WriteString(arr)
		}
		b.WriteString(")")
		if ordinal {
			// v's row number: the input row a returned row came from.
			b.WriteString(" WITH ORDINALITY")
			names = append(names, bcol(len(cols)))
		}
		b.WriteString(" AS v(" + strings.Join(names, ", ") + ")")
		src.from = b.String()
		return src
	case c.d == Postgres:
		b.WriteString("(VALUES ")
	case c.d == SQLite:
		b.WriteString("WITH v(" + strings.Join(names, ", ") + ") AS (VALUES ")
	}
	n := startParam
	src.args = make([]any, 0, len(refs)*len(cols))
	for ri, r := range refs {
		switch {
		case ri == 0:
		default:
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i, col := range cols {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.d.ph(n))
			n++
			if c.d == Postgres {
				b.WriteString("::" + c.pgType(col))
			}
			src.args = append(src.args, c.rt.get(r.s, col).Interface())
		}
		b.WriteByte(')')
	}
	switch c.d {
	case Postgres:
		b.WriteString(") AS v(" + strings.Join(names, ", ") + ")")
		src.from = b.String()
	case SQLite:
		b.WriteString(")")
		src.with, src.from = b.String(), "v"
	}
	return src
}

// qcol quotes a column by the name the catalog gives it: the mapper's name
// may differ in case, which PostgreSQL's quoted names do not forgive.
func (c *call) qcol(col string) string {
	if cc, ok := c.tbl.column(col); ok {
		col = cc.name
	}
	return c.d.quote(col)
}

// quoteCols quotes columns, each prefixed by prefix ("" or "t.").
func (c *call) quoteCols(prefix string, cols []string) string {
	q := make([]string, len(cols))
	for i, col := range cols {
		q[i] = prefix + c.qcol(col)
	}
	return strings.Join(q, ", ")
}

// keyIn renders "(k1, k2) IN ((?, ?), ...)" for the keys of refs, with its
// arguments, for MySQL and SQLite; PostgreSQL joins to arrays instead.
func (c *call) keyIn(prefix string, key []string, refs []ref, startParam int) (string, []any) {
	var b strings.Builder
	args := make([]any, 0, len(refs)*len(key))
	n := startParam
	if len(key) > 1 && c.d == MySQL {
		// MariaDB plans "(a, b) IN ((?, ?), ...)" with hundreds of rows as
		// a scan; an OR of equalities is a range read of the index.
		b.WriteByte('(')
		for i, r := range refs {
			if i > 0 {
				b.WriteString(" OR ")
			}
			b.WriteByte('(')
			for j, k := range key {
				if j > 0 {
					b.WriteString(" AND ")
				}
				b.WriteString(prefix + c.qcol(k) + " = ?")
				args = append(args, r.kv[j])
			}
			b.WriteByte(')')
		}
		b.WriteByte(')')
		return b.String(), args
	}
	if len(key) == 1 {
		b.WriteString(prefix + c.qcol(key[0]) + " IN (")
	} else {
		b.WriteString("(" + c.quoteCols(prefix, key) + ") IN (")
		if c.d == SQLite {
			b.WriteString("VALUES ")
		}
	}
	for i, r := range refs {
		if i > 0 {
			b.WriteString(", ")
		}
		if len(key) > 1 {
			b.WriteByte('(')
		}
		for j := range key {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.d.ph(n))
			n++
			args = append(args, r.kv[j])
		}
		if len(key) > 1 {
			b.WriteByte(')')
		}
	}
	b.WriteByte(')')
	return b.String(), args
}

// scanKeyed runs a query whose rows start with the key columns and go on
// with cols, and returns the scanned values of cols by encoded key.
func (c *call) scanKeyed(q Querier, query string, args []any, key, cols []string, extra int) (map[string][]reflect.Value, error) {
	out := map[string][]reflect.Value{}
	err := c.scanRows(q, query, args, key, cols, extra, func(k []byte, vals []reflect.Value) {
		out[string(k)] = vals
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanRefs is scanKeyed for a statement that returns rows of refs, whose
// keys are unique: it returns the values of cols of each ref, by position
// in refs, nil for a ref whose row was not returned. A returned row is
// matched to its ref by key, never by position: PostgreSQL returns the
// rows of INSERT ... SELECT in the order of their input, so the next ref
// not yet matched is tried first, and only when that fails is a map of
// the keys built, once, for the rest. No key is allocated in either case.
func (c *call) scanRefs(q Querier, query string, args []any, key, cols []string, extra int, refs []ref) ([][]reflect.Value, error) {
	out := make([][]reflect.Value, len(refs))
	var byKey map[string]int
	next := 0
	err := c.scanRows(q, query, args, key, cols, extra, func(k []byte, vals []reflect.Value) {
		if next < len(refs) && refs[next].key == string(k) {
			out[next] = vals
			next++
			return
		}
		if byKey == nil {
			byKey = make(map[string]int, len(refs))
			for i, r := range refs {
				byKey[r.key] = i
			}
		}
		// A key not written (one the database changed, as char(n) pads
		// it) is left out, as scanKeyed's callers leave it out.
		if i, ok := byKey[string(k)]; ok {
			out[i] = vals
			next = i + 1
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanRows runs a query whose rows start with the key columns and go on
// with cols and extra more values, and hands each row's encoded key (valid
// until the next row) and values to emit.
func (c *call) scanRows(q Querier, query string, args []any, key, cols []string, extra int, emit func(k []byte, vals []reflect.Value)) error {
	rows, err := c.query(q, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	dest := make([]any, len(key)+len(cols)+extra)
	// Key values are read through holders reused from row to row: only
	// the values kept need an allocation of their own. Keys of plain
	// integer and string types are encoded from the holder as keyOf would
	// encode their driver value, without boxing it.
	hold := make([]reflect.Value, len(key))
	plain := make([]bool, len(key))
	for i, col := range key {
		t := c.rt.fieldType(col)
		hold[i] = reflect.New(t).Elem()
		dest[i] = hold[i].Addr().Interface()
		plain[i] = plainKey(t)
	}
	kv := make([]driver.Value, 1)
	var kb []byte
	// The values kept are scanned into blocks of rows, a slice per column
	// and one of reflect.Values, rather than allocated one by one.
	const block = 1024
	nv := len(cols) + extra
	types := make([]reflect.Type, nv)
	for i := range types {
		types[i] = reflect.TypeFor[any]()
		if i < len(cols) {
			types[i] = c.rt.fieldType(cols[i])
		}
	}
	stores := make([]reflect.Value, nv)
	var vbuf []reflect.Value
	used := block
	for rows.Next() {
		if used == block {
			for i, t := range types {
				stores[i] = reflect.MakeSlice(reflect.SliceOf(t), block, block)
			}
			vbuf, used = make([]reflect.Value, block*nv), 0
		}
		vals := vbuf[used*nv : (used+1)*nv : (used+1)*nv]
		for i := range vals {
			vals[i] = stores[i].Index(used)
			dest[len(key)+i] = vals[i].Addr().Interface()
		}
		used++
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		kb = kb[:0]
		for i, h := range hold {
			if plain[i] {
				kb = appendPlainKey(kb, h)
				continue
			}
			if kv[0], err = driverValue(h.Interface()); err != nil {
				return err
			}
			kb = appendKey(kb, kv)
		}
		emit(kb, vals)
	}
	return rows.Err()
}

func (c *call) addFills(r ref, cols []string, vals []reflect.Value) {
	for i, col := range cols {
		if r.s.CanAddr() {
			c.fills = append(c.fills, fill{s: r.s, col: col, v: vals[i]})
		}
	}
}

func (c *call) chunkErr(chunk int, rows, done int, err error) error {
	if ce, ok := err.(*ChunkError); ok {
		return ce
	}
	if _, ok := err.(*RowError); ok {
		return err
	}
	return &ChunkError{Op: c.op, Table: c.tbl.name, Chunk: chunk, Rows: rows, Done: done, Err: err}
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

// dbKey is r's key as the database compares it: on MySQL, string key
// columns of a case-insensitive collation are lowercased, and trailing
// spaces dropped where the collation pads. It is r.key where nothing
// folds. (An accent-insensitive collation can still equate keys this
// does not: those are caught after the write, and the call fails.)
func (c *call) dbKey(r ref, key []string) (string, bool) {
	if c.d != MySQL {
		return r.key, false
	}
	folded := false
	kv := slices.Clone(r.kv)
	for i, col := range key {
		cc, _ := c.tbl.column(col)
		s, ok := kv[i].(string)
		if !ok || cc == nil {
			continue
		}
		f := s
		if cc.padSpace {
			f = strings.TrimRight(f, " ")
		}
		if cc.foldCase {
			f = strings.ToLower(f)
		}
		if f != s {
			kv[i], folded = f, true
		}
	}
	if !folded {
		return r.key, false
	}
	return keyOf(kv), true
}

// dedupe rejects, or with merge keeps the last of, rows sharing a key as
// the database compares keys (see dbKey); key names the columns of the
// refs' kv. It returns the rows to write and,
// for merged rows, the rows that follow each written one.
func (c *call) dedupe(refs []ref, key []string, merge bool) ([]ref, map[int][]ref, error) {
	seen := make(map[string]int, len(refs))
	dupErr := func(r, other ref) error {
		if r.key != other.key {
			return &RowError{Index: r.idx, Err: fmt.Errorf("%w: key %v is the key %v of row %d to the database, whose collation ignores case or trailing spaces",
				ErrDuplicateKey, r.kv, other.kv, other.idx)}
		}
		return &RowError{Index: r.idx, Err: fmt.Errorf("%w: same key as row %d", ErrDuplicateKey, other.idx)}
	}
	dk := func(r ref) string {
		if len(key) == len(r.kv) {
			k, _ := c.dbKey(r, key)
			return k
		}
		return r.key
	}
	if !merge {
		// Without merging, the rows to write are refs itself: only the
		// keys need checking.
		for i, r := range refs {
			k := dk(r)
			if j, dup := seen[k]; dup {
				return nil, nil, dupErr(r, refs[j])
			}
			seen[k] = i
		}
		return refs, nil, nil
	}
	var followers map[int][]ref
	out := make([]ref, 0, len(refs))
	for _, r := range refs {
		k := dk(r)
		if j, dup := seen[k]; dup {
			if r.key != out[j].key {
				// Merging rows the database alone equates would write
				// one key under another's spelling: refuse it.
				return nil, nil, dupErr(r, out[j])
			}
			if followers == nil {
				followers = map[int][]ref{}
			}
			prev := out[j]
			followers[r.idx] = append(followers[prev.idx], prev)
			delete(followers, prev.idx)
			out[j] = r
			continue
		}
		seen[k] = len(out)
		out = append(out, r)
	}
	return out, followers, nil
}

// mysqlInMax is the most composite keys one MySQL lookup lists, so that
// the range optimizer (range_optimizer_max_mem_size) keeps an index range
// read rather than falling back to a scan.
const mysqlInMax = 999

// lookup reads key, cols and extra of the rows with the keys of refs, as
// scanKeyed does, in several queries on MySQL for composite keys. suffix
// ends each query (ORDER BY ... FOR UPDATE).
func (c *call) lookup(q Querier, key, cols []string, refs []ref, extra, suffix string) (map[string][]reflect.Value, error) {
	nextra := 0
	if extra != "" {
		nextra = 1
	}
	if c.d == MySQL {
		src, err := c.stageMySQL(q, key, refs, false)
		if err != nil {
			return nil, err
		}
		on := make([]string, len(key))
		for i, k := range key {
			on[i] = "t." + c.qcol(k) + " = v." + bcol(i)
		}
		// The key is read from the staged rows, not from t: it comes back
		// as the input spelled it, where a case-insensitive collation
		// found the row under another spelling.
		vk := make([]string, len(key))
		for i := range key {
			vk[i] = "v." + bcol(i)
		}
		sel := "SELECT STRAIGHT_JOIN " + strings.Join(vk, ", ")
		if len(cols) > 0 {
			sel += ", " + c.quoteCols("t.", cols)
		}
		if extra != "" {
			sel += ", " + extra
		}
		// v holds the keys in key order: rows are read, and locked, in it.
		return c.scanKeyed(q, sel+" FROM "+src.from+" JOIN "+c.tbl.quoted+" AS t ON "+strings.Join(on, " AND ")+suffix, nil, key, cols, nextra)
	}
	n := len(refs)
	var out map[string][]reflect.Value
	for len(refs) > 0 {
		part := refs[:min(n, len(refs))]
		refs = refs[len(part):]
		query, args := c.selectByKeys(key, cols, part, extra)
		got, err := c.scanKeyed(q, query+suffix, args, key, cols, nextra)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = got
			continue
		}
		for k, v := range got {
			out[k] = v
		}
	}
	return out, nil
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
