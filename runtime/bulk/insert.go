package bulk

import (
	"context"
	"fmt"
	"iter"
	"reflect"
	"slices"
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
		// On PostgreSQL, the catalog names a column auto-increment only
		// with its sequence (see pgOps.readColumns).
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
// SkipConflicts on MySQL, the auto-increment key (see mysqlOps.fast).
func (c *call) idParams(p *insertPlan) int {
	if len(p.skip) == 0 {
		return 0
	}
	return c.ops.upsertIDParams(c, p.fill)
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
			if err := c.ops.insert(c, tx, p, refs, ids, keep); err != nil {
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

// insertValues returns "INSERT INTO t (cols) VALUES (?, ...), ..." for the
// rows of refs, and its arguments.
func (c *call) insertValues(cols []string, refs []ref) (string, []any) {
	return "INSERT INTO " + c.tbl.quoted + " (" + c.quoteCols("", cols) + ") VALUES " + c.rowsSQL(len(refs), len(cols)),
		c.rowArgs(refs, cols)
}

// insertReturning runs an INSERT of refs that returns, with RETURNING,
// the generated columns of each row by its key.
func (c *call) insertReturning(q Querier, p *insertPlan, refs []ref, query string, args []any) error {
	if len(p.fill) == 0 {
		_, err := c.exec(q, query, args...)
		return err
	}
	if err := c.keyUnkeyed(refs, p.mapKey); err != nil {
		return err
	}
	got, err := c.scanKeyed(q, query+" RETURNING "+c.quoteCols("", p.mapKey)+", "+c.quoteCols("", p.fill), args, p.mapKey, p.fill, 0)
	if err != nil {
		return err
	}
	return c.fillInserted(p, refs, got)
}

// keyUnkeyed fills in the key of the rows that have none yet: rows whose
// key was pre-assigned.
func (c *call) keyUnkeyed(refs []ref, key []string) error {
	for i := range refs {
		if refs[i].key == "" {
			if err := c.keyRef(&refs[i], key); err != nil {
				return err
			}
		}
	}
	return nil
}

// fillInserted fills the generated columns got, by key, back into the
// inserted rows refs.
func (c *call) fillInserted(p *insertPlan, refs []ref, got map[string][]reflect.Value) error {
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
// that other clients respect (see mysql_keys.go).
type idSource struct {
	c     *call
	col   string
	next  int64
	ready bool
	zeros []reflect.Value // assignPgx's key fields to set, reused from chunk to chunk
}

// assign gives the rows with a zero key the keys take(n) hands out (ids,
// or with ids nil the n consecutive keys from first), and appends their key
// fields to assigned unless it is nil.
func (s *idSource) assign(refs []ref, assigned *[]reflect.Value, take func(n int) (ids []int64, first int64, err error)) error {
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
	ids, first, err := take(len(zeros))
	if err != nil {
		return err
	}
	setKeys(zeros, ids, first, assigned)
	return nil
}

// setKeys sets field i to ids[i], or with ids nil to first+i, and appends
// the fields to assigned unless it is nil.
func setKeys(fields []reflect.Value, ids []int64, first int64, assigned *[]reflect.Value) {
	for i, f := range fields {
		id := first + int64(i)
		if ids != nil {
			id = ids[i]
		}
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
