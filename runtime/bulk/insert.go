package bulk

import (
	"context"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jmoiron/sqlx"
	"github.com/jmoiron/sqlx/reflectx"
)

var insertOptions = []string{"Columns", "Generated", "SkipConflicts", "Key", "NoCopy", "BeforeChunk"}

// Insert inserts rows (structs or pointers to structs) into table in one
// statement per chunk, all chunks in one transaction.
//
// Generated columns, the auto-increment column found in the catalog and
// those named by Generated, are filled back into the rows after the commit,
// mapped by key, never by position: the auto-increment key comes from the
// database (taken from the sequence before the write on PostgreSQL and
// from the table under its write lock on SQLite; on MySQL assigned by the
// server and mapped back on InnoDB's guarantee of consecutive keys, or read
// back by a unique key: see the package doc) and other generated columns
// are read back by it, or by the natural key named with Key, which must be
// a unique key of the table. With SkipConflicts,
// rows whose conflict key exists are skipped and reported in
// Result.Conflicts; generated columns are then mapped by the conflict key.
//
// On PostgreSQL with pgx's driver, a *sqlx.DB or *sqlx.Conn and no
// SkipConflicts or Generated, rows go through COPY.
func Insert[T any](ctx context.Context, q Querier, table string, rows []T, opts ...Option) (Result, error) {
	cfg, err := newConfig("Insert", insertOptions, opts)
	if err != nil {
		return Result{}, err
	}
	c, err := newCall(ctx, "insert", q, table, reflect.TypeFor[T](), cfg)
	if err != nil {
		return Result{}, err
	}
	refs, err := c.refs(reflect.ValueOf(rows))
	if err != nil {
		return Result{}, err
	}
	c.res.Outcomes = make([]Outcome, len(refs))
	if len(refs) == 0 {
		return c.res, nil
	}
	p, err := c.planInsert()
	if err != nil {
		return Result{}, err
	}
	if len(p.mapKey) > 0 && p.preassign == "" {
		for i := range refs {
			if err := c.keyRef(&refs[i], p.mapKey); err != nil {
				return Result{}, err
			}
		}
		if _, _, err := c.dedupe(refs, p.mapKey, false); err != nil {
			return Result{}, err
		}
		if len(p.skip) > 0 {
			sortByKey(refs) // the same lock order in every concurrent call
		}
	}
	n := c.chunkRows(len(p.cols)+c.idParams(p), c.useArrays(p.cols), refs)
	var res Result
	err = c.retry(func() error {
		rest := refs
		next := func() ([]ref, error) {
			chunk := rest[:min(n, len(rest))]
			rest = rest[len(chunk):]
			return chunk, nil
		}
		var err error
		res, err = c.runInsert(q, p, next, len(refs))
		return err
	})
	return res, err
}

// InsertSeq inserts rows from a sequence, streamed: one chunk is held in
// memory at a time. Generated columns are filled back into rows that are
// pointers, chunk by chunk as they are written; if the call fails, rows
// already passed keep the keys of a rolled back transaction. Rows are not
// checked for duplicate keys across chunks.
func InsertSeq[T any](ctx context.Context, q Querier, table string, rows iter.Seq[T], opts ...Option) (Result, error) {
	cfg, err := newConfig("InsertSeq", insertOptions, opts)
	if err != nil {
		return Result{}, err
	}
	c, err := newCall(ctx, "insert", q, table, reflect.TypeFor[T](), cfg)
	if err != nil {
		return Result{}, err
	}
	if rows == nil {
		return Result{}, fmt.Errorf("%w: nil sequence", ErrNilRow)
	}
	p, err := c.planInsert()
	if err != nil {
		return Result{}, err
	}
	pull, stop := iter.Pull(rows)
	defer stop()
	n := 0
	idx := 0
	var buf []ref
	next := func() ([]ref, error) {
		buf = buf[:0]
		for {
			v, ok := pull()
			if !ok {
				break
			}
			rv := reflect.ValueOf(&v).Elem()
			s, err := c.rt.row(rv)
			if err != nil {
				return nil, &RowError{Index: idx, Err: err}
			}
			if !c.rt.ptr {
				// a value row: copy it so the chunk owns it
				cp := reflect.New(c.rt.strct).Elem()
				cp.Set(s)
				s = cp
			}
			r := ref{idx: idx, s: s}
			idx++
			if len(p.mapKey) > 0 && p.preassign == "" {
				if err := c.keyRef(&r, p.mapKey); err != nil {
					return nil, err
				}
			}
			buf = append(buf, r)
			if n == 0 {
				n = c.chunkRows(len(p.cols)+c.idParams(p), c.useArrays(p.cols), buf)
			}
			if len(buf) >= n {
				break
			}
		}
		if len(p.skip) > 0 {
			if _, _, err := c.dedupe(buf, p.mapKey, false); err != nil {
				return nil, err
			}
			sortByKey(buf)
		}
		return buf, nil
	}
	return c.runInsert(q, p, next, -1)
}

type insertPlan struct {
	cols      []string // written
	fill      []string // read back, mapped by mapKey
	mapKey    []string
	preassign string // the auto-increment column, taken before the write
	skip      []string
}

func (c *call) planInsert() (*insertPlan, error) {
	cfg := c.cfg
	if err := c.mapped("Generated", cfg.generated); err != nil {
		return nil, err
	}
	if err := c.mapped("SkipConflicts", cfg.skip); err != nil {
		return nil, err
	}
	if err := c.mapped("Key", cfg.key); err != nil {
		return nil, err
	}
	if err := c.mapped("Columns", cfg.columns); err != nil {
		return nil, err
	}
	if len(cfg.skip) > 0 {
		if err := c.tbl.requireUnique("SkipConflicts", cfg.skip); err != nil {
			return nil, err
		}
	}
	if len(cfg.key) > 0 {
		// Generated columns are read back by Key: one row per key.
		if err := c.tbl.requireUnique("Insert", cfg.key); err != nil {
			return nil, err
		}
	}
	gen := slices.Clone(cfg.generated)
	for _, col := range c.rt.cols {
		if cc, _ := c.tbl.column(col); cc.computed && !slices.Contains(gen, col) {
			gen = append(gen, col)
		}
	}
	auto := ""
	if c.tbl.autoInc != "" && c.rt.has(c.tbl.autoInc) {
		auto = c.tbl.autoInc
	}
	p := &insertPlan{skip: cfg.skip}
	if len(cfg.skip) > 0 || auto == "" || slices.Contains(gen, auto) {
		if auto != "" && !slices.Contains(gen, auto) {
			gen = append(gen, auto)
		}
		p.fill = gen
		p.mapKey = cfg.skip
		if len(p.mapKey) == 0 {
			p.mapKey = cfg.key
		}
		if len(p.fill) > 0 && len(p.mapKey) == 0 {
			return nil, fmt.Errorf("%w: generated columns %v of %s can only be read back by a key; name its unique columns with bulk.Key", ErrNoKey, p.fill, c.tbl.name)
		}
	} else {
		if c.d == Postgres {
			if cc, _ := c.tbl.column(auto); cc.seq == "" {
				return nil, fmt.Errorf("%w: no sequence found for %s.%s", ErrNoKey, c.tbl.name, auto)
			}
		}
		p.preassign = auto
		p.fill = gen
		p.mapKey = []string{auto}
	}
	if len(cfg.columns) > 0 {
		p.cols = slices.Clone(cfg.columns)
		for _, k := range append(slices.Clone(p.mapKey), p.preassign) {
			if k != "" && !slices.Contains(p.cols, k) && !slices.Contains(p.fill, k) {
				p.cols = append(p.cols, k)
			}
		}
	} else {
		for _, col := range c.rt.cols {
			if !slices.Contains(p.fill, col) {
				p.cols = append(p.cols, col)
			}
		}
	}
	for _, col := range p.cols {
		if slices.Contains(p.fill, col) {
			return nil, fmt.Errorf("%w: column %q is both written and generated", ErrInvalidOption, col)
		}
	}
	for _, k := range p.mapKey {
		if !slices.Contains(p.cols, k) && k != p.preassign {
			return nil, fmt.Errorf("%w: key column %q is generated, not written", ErrNoKey, k)
		}
	}
	return p, nil
}

// idParams is the number of bound values a row gets besides p.cols: with
// SkipConflicts on MySQL, the auto-increment key (see fastMySQL).
func (c *call) idParams(p *insertPlan) int {
	if len(p.skip) == 0 {
		return 0
	}
	return c.upsertIDParams(p.fill)
}

// runInsert writes the chunks next yields: total rows of a slice, or, with
// total -1, a streamed sequence whose values are filled chunk by chunk.
func (c *call) runInsert(q Querier, p *insertPlan, next func() ([]ref, error), total int) (Result, error) {
	deferFills := total >= 0
	// Pre-assigned keys, reset if the call fails. A streamed insert
	// (deferFills false) keeps none: holding every row's key field would
	// hold every row, and its doc says rows already passed keep their keys.
	var assigned []reflect.Value
	if p.preassign != "" && total > 0 {
		assigned = make([]reflect.Value, 0, total)
	}
	keep := &assigned
	if !deferFills {
		keep = nil
	}
	reset := func() {
		for _, f := range assigned {
			f.SetZero()
		}
		assigned = nil
		c.fills = nil
	}
	if len(p.skip) > 0 {
		up := &upsertPlan{key: p.skip, insert: p.cols, fill: p.fill, skip: true}
		err := c.upsertLoop(q, up, next, deferFills)
		if err != nil {
			reset()
			return Result{}, err
		}
		return c.res, nil
	}
	if c.copyable(q, p) {
		err := c.insertCopy(q, p, next, keep)
		if err != nil {
			reset()
			return Result{}, c.ctxErr(err)
		}
		return c.res, nil
	}
	err := c.atomic(q, c.ops.isolation(c, "insert"), func(tx Querier) error {
		ids := &idSource{c: c, col: p.preassign}
		return c.writeChunks(next, deferFills, func(refs []ref) error {
			if p.preassign != "" && c.d == MySQL {
				if err := c.insertMySQLKeys(tx, p, refs, keep); err != nil {
					return err
				}
				for _, r := range refs {
					c.res.count(r.idx, Inserted)
				}
				return nil
			}
			if p.preassign != "" {
				if err := ids.assign(tx, refs, keep); err != nil {
					return err
				}
			}
			if err := c.insertChunk(tx, p, refs); err != nil {
				return err
			}
			for _, r := range refs {
				c.res.count(r.idx, Inserted)
			}
			return nil
		})
	})
	if err != nil {
		reset()
		return Result{}, err
	}
	c.applyFills()
	return c.res, nil
}

func (c *call) insertChunk(q Querier, p *insertPlan, refs []ref) error {
	t := c.tbl.quoted
	var b strings.Builder
	var args []any
	if c.d == MySQL || c.d == SQLite {
		b.WriteString("INSERT INTO " + t + " (" + c.quoteCols("", p.cols) + ") VALUES ")
		b.WriteString(c.rowsSQL(len(refs), len(p.cols)))
		args = c.rowArgs(refs, p.cols)
	} else {
		src := c.source(refs, p.cols, false)
		args = src.args
		b.WriteString("INSERT INTO " + t + " (" + c.quoteCols("", p.cols) + ")")
		if p.preassign != "" {
			b.WriteString(" OVERRIDING SYSTEM VALUE")
		}
		b.WriteString(" SELECT * FROM " + src.from)
	}
	if len(p.fill) == 0 {
		_, err := c.exec(q, b.String(), args...)
		return err
	}
	for i := range refs {
		if refs[i].key == "" {
			if err := c.keyRef(&refs[i], p.mapKey); err != nil {
				return err
			}
		}
	}
	var got map[string][]reflect.Value
	var err error
	if c.d == MySQL {
		if _, err := c.exec(q, b.String(), args...); err != nil {
			return err
		}
		got, err = c.lookup(q, p.mapKey, p.fill, refs, "", "")
	} else {
		b.WriteString(" RETURNING " + c.quoteCols("", p.mapKey) + ", " + c.quoteCols("", p.fill))
		got, err = c.scanKeyed(q, b.String(), args, p.mapKey, p.fill, 0)
	}
	if err != nil {
		return err
	}
	for _, r := range refs {
		vals, ok := got[r.key]
		if !ok {
			return &RowError{Index: r.idx, Err: fmt.Errorf("bulk: inserted row not found again by its key %v", r.kv)}
		}
		c.addFills(r, p.fill, vals)
	}
	return nil
}

// idSource hands out auto-increment keys before rows are written, so that
// rows are mapped to their keys by the key itself: PostgreSQL's sequence,
// SQLite's largest rowid under the write lock. MySQL has no such source
// that other clients respect (see mysqlkeys.go).
type idSource struct {
	c     *call
	col   string
	next  int64
	ready bool
	zeros []reflect.Value // assignPgx's key fields to set, reused from chunk to chunk
}

// assign gives the rows with a zero key the next keys, and appends their
// key fields to assigned unless it is nil.
func (s *idSource) assign(q Querier, refs []ref, assigned *[]reflect.Value) error {
	c := s.c
	var zeros []reflect.Value
	for _, r := range refs {
		f := c.rt.get(r.s, s.col)
		if f.IsZero() {
			if !r.s.CanAddr() {
				return &RowError{Index: r.idx, Err: fmt.Errorf("%w: cannot set %s of a row value", ErrRowType, s.col)}
			}
			zeros = append(zeros, c.rtField(r.s, s.col))
		} else if id, ok := asInt(f); ok && id >= s.next {
			s.next = id + 1
		}
	}
	if len(zeros) == 0 {
		return nil
	}
	setAll := func(next func() int64) {
		for _, f := range zeros {
			id := next()
			if f.CanInt() {
				f.SetInt(id)
			} else {
				f.SetUint(uint64(id))
			}
			if assigned != nil {
				*assigned = append(*assigned, f)
			}
		}
	}
	switch c.d {
	case Postgres:
		cc, _ := c.tbl.column(s.col)
		var ids []int64
		var err error
		if c.info.pgx {
			// One array of keys rather than a row per key.
			err = q.QueryRowxContext(c.ctx, "SELECT array_agg(nextval($1::regclass)) FROM generate_series(1, $2)", cc.seq, len(zeros)).
				Scan(pgtype.NewMap().SQLScanner(&ids))
		} else {
			err = sqlx.SelectContext(c.ctx, q, &ids, "SELECT nextval($1::regclass) FROM generate_series(1, $2)", cc.seq, len(zeros))
		}
		if err != nil {
			return err
		}
		if len(ids) != len(zeros) {
			return fmt.Errorf("bulk: sequence %s gave %d values for %d rows", cc.seq, len(ids), len(zeros))
		}
		i := 0
		setAll(func() int64 { i++; return ids[i-1] })
		return nil
	case SQLite:
		if !s.ready {
			// Take the write lock first so no other writer moves the
			// table's largest rowid before the rows are written.
			col := c.qcol(s.col)
			if _, err := q.ExecContext(c.ctx, "UPDATE "+c.tbl.quoted+" SET "+col+" = "+col+" WHERE 0"); err != nil {
				return err
			}
			var top int64
			if err := q.QueryRowxContext(c.ctx, "SELECT coalesce(max("+col+"), 0) FROM "+c.tbl.quoted).Scan(&top); err != nil {
				return err
			}
			if c.tbl.sqliteAutoincrement {
				var seq int64
				_, name := splitSchema(c.tbl.name)
				if err := q.QueryRowxContext(c.ctx, "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = ?", name).Scan(&seq); err == nil {
					top = max(top, seq)
				}
			}
			s.next = max(s.next, top+1)
			s.ready = true
		}
	}
	setAll(func() int64 { s.next++; return s.next - 1 })
	return nil
}

func (c *call) rtField(s reflect.Value, col string) reflect.Value {
	f := c.rt.get(s, col)
	if !f.CanSet() {
		f = reflectFieldSet(c, s, col)
	}
	return f
}

func reflectFieldSet(c *call, s reflect.Value, col string) reflect.Value {
	v := s
	for _, i := range c.rt.fields[col].Index {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	return v
}

func asInt(v reflect.Value) (int64, bool) {
	switch {
	case v.CanInt():
		return v.Int(), true
	case v.CanUint():
		return int64(v.Uint()), true
	}
	return 0, false
}

// copyable reports whether an insert can go through PostgreSQL's COPY.
func (c *call) copyable(q Querier, p *insertPlan) bool {
	if c.d != Postgres || !c.info.pgx || c.cfg.noCopy || c.inTx || len(p.fill) > 0 || len(p.skip) > 0 {
		return false
	}
	if p.preassign != "" {
		if k := c.rt.fieldType(p.preassign).Kind(); k < reflect.Int || k > reflect.Uint64 {
			return false
		}
	}
	switch q.(type) {
	case interface {
		Conn(context.Context) (*sqlConn, error)
	}:
		return true
	case interface{ Raw(func(any) error) error }:
		return true
	}
	return false
}

func (c *call) insertCopy(q Querier, p *insertPlan, next func() ([]ref, error), assigned *[]reflect.Value) error {
	return withPgx(c.ctx, q, func(conn *pgx.Conn) error {
		tx, err := conn.Begin(c.ctx)
		if err != nil {
			return fmt.Errorf("bulk: begin: %w", err)
		}
		defer func() { _ = tx.Rollback(context.WithoutCancel(c.ctx)) }()
		ids := &idSource{c: c, col: p.preassign}
		src, err := c.newCopyRows(tx.Conn(), p.cols)
		if err != nil {
			return err
		}
		done := 0
		for chunk := 0; ; chunk++ {
			refs, err := next()
			if err != nil {
				return err
			}
			if len(refs) == 0 {
				break
			}
			if err := c.validate(refs, c.chunkSlice(refs)); err != nil {
				return err
			}
			if p.preassign != "" {
				if err := ids.assignPgx(tx, refs, assigned); err != nil {
					return c.chunkErr(chunk, len(refs), done, err)
				}
			}
			src.reset(refs)
			_, err = tx.Conn().PgConn().CopyFrom(c.ctx, src, src.sql)
			if src.err != nil {
				// A value that does not encode ends the COPY, which the
				// server then reports as cancelled: the value's error is
				// the one to say.
				err = src.err
			}
			if err != nil {
				return c.chunkErr(chunk, len(refs), done, err)
			}
			for _, r := range refs {
				c.res.count(r.idx, Inserted)
			}
			c.res.Chunks++
			done += len(refs)
		}
		if err := tx.Commit(c.ctx); err != nil {
			return fmt.Errorf("bulk: commit: %w", err)
		}
		return nil
	})
}

func (s *idSource) assignPgx(tx pgx.Tx, refs []ref, assigned *[]reflect.Value) error {
	c := s.c
	zeros := s.zeros[:0]
	idx := c.rt.fields[s.col].Index
	for _, r := range refs {
		if f := reflectx.FieldByIndexesReadOnly(r.s, idx); f.IsZero() {
			if !f.CanSet() {
				f = c.rtField(r.s, s.col)
			}
			zeros = append(zeros, f)
		}
	}
	s.zeros = zeros // reused by the next chunk
	if len(zeros) == 0 {
		return nil
	}
	cc, _ := c.tbl.column(s.col)
	// One array of keys rather than a row per key.
	var ids []int64
	err := tx.QueryRow(c.ctx, "SELECT array_agg(nextval($1::regclass)) FROM generate_series(1, $2)", cc.seq, len(zeros)).Scan(&ids)
	if err != nil {
		return err
	}
	if len(ids) != len(zeros) {
		return fmt.Errorf("bulk: sequence %s gave %d values for %d rows", cc.seq, len(ids), len(zeros))
	}
	for i, f := range zeros {
		if f.CanInt() {
			f.SetInt(ids[i])
		} else {
			f.SetUint(uint64(ids[i]))
		}
		if assigned != nil {
			*assigned = append(*assigned, f)
		}
	}
	return nil
}
