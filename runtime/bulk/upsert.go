package bulk

import (
	"context"
	"database/sql/driver"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
)

// Upsert updates or creates rows by a natural key (composite allowed) named
// with Key, which must be a primary key or unique index of the table: one
// set-based statement per chunk, all chunks in one transaction. The result
// says per row whether it was Inserted, Updated or Unchanged; generated
// columns (the auto-increment key, columns named by Generated) are filled
// back into every row, mapped by the natural key.
//
// Inserted rows get every mapped column; existing rows get the columns named
// by Columns, by default every mapped column but the key and generated ones.
// Input rows that share a key are an ErrDuplicateKey error, nothing
// written, unless MergeDuplicates is given. Rows are written in key order so
// that concurrent upserts of overlapping keys lock rows in the same order.
func Upsert[T any](ctx context.Context, q Querier, table string, rows []T, opts ...Option) (Result, error) {
	cfg, err := newConfig("Upsert", []string{"Key", "Columns", "Generated", "MergeDuplicates", "BeforeChunk"}, opts)
	if err != nil {
		return Result{}, err
	}
	c, err := newCall(ctx, "upsert", q, table, reflect.TypeFor[T](), cfg)
	if err != nil {
		return Result{}, err
	}
	if len(cfg.key) == 0 {
		return Result{}, fmt.Errorf("%w: Upsert needs the natural key: bulk.Key(cols...)", ErrNoKey)
	}
	for _, name := range [][]string{cfg.key, cfg.columns, cfg.generated} {
		if err := c.mapped("Key, Columns or Generated", name); err != nil {
			return Result{}, err
		}
	}
	if err := c.tbl.requireUnique("Upsert", cfg.key); err != nil {
		return Result{}, err
	}
	p := &upsertPlan{key: cfg.key}
	p.fill = slices.Clone(cfg.generated)
	if a := c.tbl.autoInc; a != "" && c.rt.has(a) && !slices.Contains(p.fill, a) && !slices.Contains(cfg.key, a) {
		p.fill = append(p.fill, a)
	}
	for _, col := range c.rt.cols {
		if cc, _ := c.tbl.column(col); cc.computed && !slices.Contains(p.fill, col) {
			p.fill = append(p.fill, col)
		}
	}
	for _, col := range c.rt.cols {
		if !slices.Contains(p.fill, col) {
			p.insert = append(p.insert, col)
		}
	}
	for _, k := range cfg.key {
		if slices.Contains(p.fill, k) {
			return Result{}, fmt.Errorf("%w: key column %q is generated", ErrInvalidOption, k)
		}
	}
	if len(cfg.columns) > 0 {
		for _, col := range cfg.columns {
			if slices.Contains(cfg.key, col) || slices.Contains(p.fill, col) {
				return Result{}, fmt.Errorf("%w: Columns names key or generated column %q", ErrInvalidOption, col)
			}
		}
		p.update = cfg.columns
	} else {
		for _, col := range p.insert {
			if !slices.Contains(cfg.key, col) {
				p.update = append(p.update, col)
			}
		}
	}
	refs, err := c.refs(reflect.ValueOf(rows))
	if err != nil {
		return Result{}, err
	}
	c.res.Outcomes = make([]Outcome, len(refs))
	if err := c.keyRefs(refs, p.key); err != nil {
		return Result{}, err
	}
	if len(refs) == 0 {
		return c.res, nil
	}
	write, followers, err := c.dedupe(refs, p.key, cfg.merge)
	if err != nil {
		return Result{}, err
	}
	p.followers = followers
	if len(p.fill) > 0 {
		// Every row gets its generated values back: room for them at once.
		c.fills = make([]fill, 0, len(refs)*len(p.fill))
	}
	sortByKey(write)
	n := c.chunkRows(len(p.insert)+c.upsertIDParams(p.fill), c.useArrays(p.insert), write)
	err = c.retry(func() error {
		rest := write
		next := func() ([]ref, error) {
			chunk := rest[:min(n, len(rest))]
			rest = rest[len(chunk):]
			return chunk, nil
		}
		return c.upsertLoop(q, p, next, true)
	})
	if err != nil {
		return Result{}, err
	}
	return c.res, nil
}

type upsertPlan struct {
	key       []string
	insert    []string // columns written on insert
	update    []string // columns written on update; none with skip
	fill      []string // generated columns read back
	skip      bool     // Insert with SkipConflicts: conflicts are skipped
	followers map[int][]ref
	// MySQL: fast is set when one read under lock before the write gives
	// every outcome (see upsertMySQLFast).
	fast bool
}

func (c *call) upsertLoop(q Querier, p *upsertPlan, next func() ([]ref, error), deferFills bool) error {
	err := c.atomic(q, c.ops.isolation(c, "upsert"), func(tx Querier) error {
		p.fast, _ = c.fastMySQL(p)
		return c.writeChunks(next, deferFills, func(refs []ref) error {
			switch c.d {
			case Postgres:
				return c.upsertPostgres(tx, p, refs)
			case SQLite:
				return c.upsertSQLite(tx, p, refs)
			case MySQL:
				return c.upsertMySQL(tx, p, refs)
			}
			return nil
		})
	})
	if err != nil {
		c.fills = nil
		return err
	}
	c.applyFills()
	return nil
}

// outcome records a written row's outcome and generated values, and the
// same for the rows merged into it.
func (c *call) outcome(p *upsertPlan, r ref, o Outcome, vals []reflect.Value) {
	if o == Unchanged && p.skip {
		o = Skipped
	}
	for i := -1; i < len(p.followers[r.idx]); i++ {
		f := r
		if i >= 0 {
			f = p.followers[r.idx][i]
		}
		if i < 0 {
			c.res.count(f.idx, o)
		} else {
			// A row merged into r: its outcome is r's, but the counts
			// count rows written, once.
			c.res.mark(f.idx, o)
		}
		if o == Skipped {
			ex := map[string]any{}
			cols := p.fill
			if len(cols) == 0 {
				cols, vals = p.key, nil
				for _, v := range r.kv {
					vals = append(vals, reflect.ValueOf(v))
				}
			}
			for i, col := range cols {
				if i < len(vals) && vals[i].IsValid() {
					ex[col] = vals[i].Interface()
				}
			}
			c.res.Conflicts = append(c.res.Conflicts, Conflict{Index: f.idx, Existing: ex})
			continue
		}
		if len(p.fill) > 0 {
			c.addFills(f, p.fill, vals[:len(p.fill)])
		}
	}
}

func (c *call) upsertPostgres(q Querier, p *upsertPlan, refs []ref) error {
	src := c.source(refs, p.insert, false)
	var b strings.Builder
	b.WriteString("INSERT INTO " + c.tbl.quoted + " AS t (" + c.quoteCols("", p.insert) + ") SELECT * FROM " + src.from)
	b.WriteString(" ON CONFLICT (" + c.quoteCols("", p.key) + ") DO ")
	if len(p.update) == 0 {
		// Not DO NOTHING: a skipped row is read back by the next
		// statement, and another transaction could delete it in between.
		// DO UPDATE locks every conflicting row, also where its WHERE is
		// false and nothing is written.
		k := c.qcol(p.key[0])
		b.WriteString("UPDATE SET " + k + " = excluded." + k + " WHERE false")
	} else {
		b.WriteString("UPDATE SET ")
		for i, col := range p.update {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.qcol(col) + " = excluded." + c.qcol(col))
		}
		b.WriteString(" WHERE (" + c.quoteCols("t.", p.update) + ") IS DISTINCT FROM (" + c.quoteCols("excluded.", p.update) + ")")
	}
	b.WriteString(" RETURNING " + c.quoteCols("t.", p.key))
	for _, col := range p.fill {
		b.WriteString(", t." + c.qcol(col))
	}
	b.WriteString(", t.xmax = 0")
	got, err := c.scanRefs(q, b.String(), src.args, p.key, p.fill, 1, refs)
	if err != nil {
		return c.uniqueErr(err, p.key)
	}

	var rest []ref
	for i, r := range refs {
		vals := got[i]
		if vals == nil {
			rest = append(rest, r)
			continue
		}
		o := Updated
		if ins, _ := vals[len(p.fill)].Interface().(bool); ins {
			o = Inserted
		}
		c.outcome(p, r, o, vals)
	}
	return c.existing(q, p, rest)
}

// existing reads the generated columns of rows that were left as they were
// (unchanged or skipped) and records their outcome.
func (c *call) existing(q Querier, p *upsertPlan, rest []ref) error {
	if len(rest) == 0 {
		return nil
	}
	var got map[string][]reflect.Value
	if len(p.fill) > 0 {
		var err error
		if got, err = c.lookup(q, p.key, p.fill, rest, "", ""); err != nil {
			return err
		}
	}
	for _, r := range rest {
		vals := got[r.key]
		if len(p.fill) > 0 && vals == nil {
			return &RowError{Index: r.idx, Err: fmt.Errorf("bulk: row with key %v was neither written nor found", r.kv)}
		}
		c.outcome(p, r, Unchanged, vals)
	}
	return nil
}

// selectByKeys selects key, cols and, if not empty, the expression extra
// of the rows with the keys of refs.
func (c *call) selectByKeys(key, cols []string, refs []ref, extra string) (string, []any) {
	sel := "SELECT " + c.quoteCols("t.", key)
	if len(cols) > 0 {
		sel += ", " + c.quoteCols("t.", cols)
	}
	if extra != "" {
		sel += ", " + extra
	}
	if c.d == Postgres {
		src := c.keySource(key, refs)
		on := make([]string, len(key))
		for i, k := range key {
			on[i] = "t." + c.qcol(k) + " = v." + relCol(i)
		}
		return sel + " FROM " + c.tbl.quoted + " AS t JOIN " + src.from + " ON " + strings.Join(on, " AND "), src.args
	}
	in, args := c.keyIn("t.", key, refs, 1)
	return sel + " FROM " + c.tbl.quoted + " AS t WHERE " + in, args
}

// keySource renders the keys of refs as a relation v on PostgreSQL.
func (c *call) keySource(key []string, refs []ref) source {
	return c.source(refs, key, false)
}

func (c *call) upsertSQLite(q Querier, p *upsertPlan, refs []ref) error {
	var pre map[string][]reflect.Value
	// byRowid: a row is new when its rowid is above the table's largest
	// before the write. SQLite gives a new row the largest rowid plus one
	// (or more, with AUTOINCREMENT), so no existing row is above it, and
	// the statement's RETURNING says per row whether it was inserted: no
	// read of the keys before the write. It needs a rowid table whose
	// largest rowid is not the largest integer (SQLite then picks at
	// random) and no column named rowid.
	byRowid := false
	var top int64
	if !p.skip {
		// Take the write lock before reading, so the read stays true
		// until the write.
		k := c.qcol(p.key[0])
		if _, err := q.ExecContext(c.ctx, "UPDATE "+c.tbl.quoted+" SET "+k+" = "+k+" WHERE 0"); err != nil {
			return err
		}
		if _, named := c.tbl.column("rowid"); !named {
			err := q.QueryRowxContext(c.ctx, "SELECT coalesce(max(rowid), 0) FROM "+c.tbl.quoted).Scan(&top)
			byRowid = err == nil && top < math.MaxInt64
		}
		if !byRowid {
			var err error
			if pre, err = c.lookup(q, p.key, nil, refs, "", ""); err != nil {
				return err
			}
		}
	}
	_, bare := splitSchema(c.tbl.name)
	bare = c.d.quote(bare)
	var b strings.Builder
	args := c.rowArgs(refs, p.insert)
	b.WriteString("INSERT INTO " + c.tbl.quoted + " (" + c.quoteCols("", p.insert) + ") VALUES ")
	b.WriteString(c.rowsSQL(len(refs), len(p.insert)))
	b.WriteString(" ON CONFLICT (" + c.quoteCols("", p.key) + ") DO ")
	if len(p.update) == 0 {
		b.WriteString("NOTHING")
	} else {
		b.WriteString("UPDATE SET ")
		var where []string
		for i, col := range p.update {
			if i > 0 {
				b.WriteString(", ")
			}
			qc := c.qcol(col)
			b.WriteString(qc + " = excluded." + qc)
			where = append(where, bare+"."+qc+" IS NOT excluded."+qc)
		}
		b.WriteString(" WHERE " + strings.Join(where, " OR "))
	}
	b.WriteString(" RETURNING " + c.quoteCols("", p.key))
	if len(p.fill) > 0 {
		b.WriteString(", " + c.quoteCols("", p.fill))
	}
	// The rowid is read back as the rowid alias when it is filled back
	// (an INTEGER PRIMARY KEY), else as one more column.
	extra, alias := 0, -1
	if byRowid {
		if a := c.tbl.autoInc; a != "" {
			if i := slices.Index(p.fill, a); i >= 0 && c.rt.fieldType(a).Kind() >= reflect.Int && c.rt.fieldType(a).Kind() <= reflect.Int64 {
				alias = i
			}
		}
		if alias < 0 {
			b.WriteString(", rowid > ?")
			args = append(args, top)
			extra = 1
		}
	}
	got, err := c.scanRefs(q, b.String(), args, p.key, p.fill, extra, refs)
	if err != nil {
		return c.uniqueErr(err, p.key)
	}
	var rest []ref
	for i, r := range refs {
		vals := got[i]
		switch {
		case vals == nil:
			rest = append(rest, r)
		case byRowid:
			var inserted bool
			if alias >= 0 {
				inserted = vals[alias].Int() > top
			} else {
				n, _ := vals[len(p.fill)].Interface().(int64)
				inserted = n == 1
			}
			o := Updated
			if inserted {
				o = Inserted
			}
			c.outcome(p, r, o, vals)
		case pre[r.key] != nil:
			c.outcome(p, r, Updated, vals)
		default:
			c.outcome(p, r, Inserted, vals)
		}
	}
	return c.existing(q, p, rest)
}

// upsertMySQL reads the chunk's existing rows under lock, writes with ON
// DUPLICATE KEY UPDATE, reads them again, and derives each row's outcome
// from the two reads. The affected-rows count (1 a row inserted, 2 updated,
// 0 unchanged) checks that no other transaction slipped a row in between;
// if one did, the chunk is rolled back to a savepoint and redone.
func (c *call) upsertMySQL(q Querier, p *upsertPlan, refs []ref) error {
	if p.fast {
		done, err := c.upsertMySQLFast(q, p, refs)
		if err != nil || done {
			return err
		}
		// The counts disagreed with the outcomes foreseen: the chunk was
		// rolled back to its savepoint and is written the careful way, and
		// so are the chunks after it, whose new rows would otherwise get
		// keys from a count the server has moved past.
		p.fast = false
	}
	cmp := p.update
	if p.skip {
		cmp = nil
	}
	// One digest of the update columns per row, computed by the server, is
	// what the two reads compare: no conversion of values in Go.
	digest, extra := "", 0
	if len(cmp) > 0 {
		quoted := make([]string, len(cmp))
		for i, col := range cmp {
			quoted[i] = "QUOTE(t." + c.qcol(col) + ")"
		}
		digest, extra = "MD5(CONCAT_WS(',', "+strings.Join(quoted, ", ")+"))", 1
	}
	lock := " FOR UPDATE"
	for attempt := 0; ; attempt++ {
		if _, err := q.ExecContext(c.ctx, "SAVEPOINT bulk_chunk"); err != nil {
			return err
		}
		pre, err := c.lookup(q, p.key, nil, refs, digest, lock)
		if err != nil {
			return err
		}
		var b strings.Builder
		iargs := c.rowArgs(refs, p.insert)
		b.WriteString("INSERT INTO " + c.tbl.quoted + " (" + c.quoteCols("", p.insert) + ") VALUES ")
		b.WriteString(c.rowsSQL(len(refs), len(p.insert)))
		c.onDuplicate(&b, p.key[0], cmp)
		res, err := c.exec(q, b.String(), iargs...)
		if err != nil {
			return c.uniqueErr(err, p.key)
		}
		affected, err := res.RowsAffected()
		if err != nil {
			return err
		}
		post, err := c.lookup(q, p.key, p.fill, refs, digest, "")
		if err != nil {
			return err
		}
		outcomes := make([]Outcome, len(refs))
		var ins, upd, same int64
		for i, r := range refs {
			after, ok := post[r.key]
			if !ok {
				return c.notFoundAfterWrite(r, p.key)
			}
			before, existed := pre[r.key]
			switch {
			case !existed:
				outcomes[i] = Inserted
				ins++
			case extra > 0 && !sameValues(before[:1], after[len(p.fill):]):
				outcomes[i] = Updated
				upd++
			default:
				outcomes[i] = Unchanged
				same++
			}
		}
		// With the driver's clientFoundRows, an unchanged row counts 1.
		if affected == ins+2*upd || affected == ins+2*upd+same {
			for i, r := range refs {
				c.outcome(p, r, outcomes[i], post[r.key][:len(p.fill)])
			}
			_, err := q.ExecContext(c.ctx, "RELEASE SAVEPOINT bulk_chunk")
			return err
		}
		if _, err := q.ExecContext(c.ctx, "ROLLBACK TO SAVEPOINT bulk_chunk"); err != nil {
			return err
		}
		if attempt == 4 {
			return fmt.Errorf("%w: %d rows affected, %d inserted and %d updated expected", ErrConcurrentWrite, affected, ins, upd)
		}
	}
}

// upsertIDParams is the number of bound values an upserted row gets
// besides its columns: on MySQL, the auto-increment key of fastMySQL.
func (c *call) upsertIDParams(fill []string) int {
	if ok, id := c.fastMySQL(&upsertPlan{fill: fill}); ok && id != "" {
		return 1
	}
	return 0
}

// fastMySQL reports whether upsertMySQLFast applies: when the call owns
// its transaction and the only generated column read back, if any, is the
// integer auto-increment key. id is that key when it is also the table's
// primary key, so that existing rows can be written with it (see
// upsertMySQLFast).
func (c *call) fastMySQL(p *upsertPlan) (ok bool, id string) {
	if c.d != MySQL || c.inTx {
		return false, ""
	}
	switch {
	case len(p.fill) == 0:
		return true, ""
	case len(p.fill) == 1 && p.fill[0] == c.tbl.autoInc:
		if k := c.rt.fieldType(p.fill[0]).Kind(); k >= reflect.Int && k <= reflect.Uint64 {
			if len(c.tbl.uniques) > 0 && c.tbl.uniques[0].name == "PRIMARY" && len(c.tbl.uniques[0].cols) == 1 &&
				strings.EqualFold(c.tbl.uniques[0].cols[0], p.fill[0]) {
				return true, p.fill[0]
			}
			return true, ""
		}
	}
	return false, ""
}

// upsertMySQLFast writes a chunk with one read and one write: it reads the
// existing rows of the chunk's keys under lock (their auto-increment key
// and the columns an update writes) and writes all rows with one INSERT
// ... ON DUPLICATE KEY UPDATE. Each row's outcome is foreseen in Go:
// inserted if its key was not there, unchanged if the update columns
// already held its values, else updated; the affected-rows count (1 a row
// inserted, 2 updated, 0 unchanged) confirms it. Existing rows are written
// with their primary key, read under lock, so that their duplicate is found
// on it and no other unique index can send the update to another row; new
// rows leave the key to the server, which also hands keys to other
// clients' plain INSERTs, and their keys are read back by the natural key
// after the write. A new row not found then conflicted on another unique
// key: an ErrUniqueConflict error. A count that disagrees (another
// transaction added one of the keys in between, or the database stores a
// value differently from how Go compares it: a rounded decimal, a
// truncated time) rolls the chunk back to its savepoint and reports done
// false, so that the caller writes it the careful way.
func (c *call) upsertMySQLFast(q Querier, p *upsertPlan, refs []ref) (done bool, err error) {
	cmp := p.update
	if p.skip {
		cmp = nil
	}
	if _, err := q.ExecContext(c.ctx, "SAVEPOINT bulk_chunk"); err != nil {
		return false, err
	}
	pre, err := c.lookup(q, p.key, append(slices.Clone(p.fill), cmp...), refs, "", " FOR UPDATE")
	if err != nil {
		return false, err
	}
	_, idCol := c.fastMySQL(p)
	cols := p.insert
	if idCol != "" {
		cols = append(slices.Clone(p.insert), idCol)
	}
	if len(refs)*len(cols) > mysqlMaxParams {
		return false, nil // a chunk sized by the caller for fewer values
	}
	outcomes := make([]Outcome, len(refs))
	fills := make([][]reflect.Value, len(refs))
	var ins, upd, same int64
	var fresh []ref
	var b strings.Builder
	idx := c.rt.indexes(p.insert)
	args := make([]any, 0, len(refs)*len(cols))
	b.WriteString("INSERT INTO " + c.tbl.quoted + " (" + c.quoteCols("", cols) + ") VALUES ")
	b.WriteString(c.rowsSQL(len(refs), len(cols)))
	for i, r := range refs {
		args = appendRow(args, r.s, idx)
		before, existed := pre[r.key]
		switch {
		case !existed:
			outcomes[i] = Inserted
			ins++
			fresh = append(fresh, r)
		case sameInput(c, r, cmp, before[len(p.fill):]):
			outcomes[i] = Unchanged
			same++
			fills[i] = before[:len(p.fill)]
		default:
			outcomes[i] = Updated
			upd++
			fills[i] = before[:len(p.fill)]
		}
		if idCol != "" {
			if existed {
				args = append(args, fills[i][0].Interface())
			} else {
				args = append(args, nil) // the server's next key
			}
		}
	}
	c.onDuplicate(&b, p.key[0], cmp)
	res, err := c.exec(q, b.String(), args...)
	if err != nil {
		return false, c.uniqueErr(err, p.key)
	}
	affected, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	// With the driver's clientFoundRows, an unchanged row counts 1.
	if affected != ins+2*upd && affected != ins+2*upd+same {
		if _, err := q.ExecContext(c.ctx, "ROLLBACK TO SAVEPOINT bulk_chunk"); err != nil {
			return false, err
		}
		return false, nil
	}
	if len(fresh) > 0 && len(p.fill) > 0 {
		got, err := c.lookup(q, p.key, p.fill, fresh, "", "")
		if err != nil {
			return false, err
		}
		for i, r := range refs {
			if outcomes[i] != Inserted {
				continue
			}
			if fills[i] = got[r.key]; fills[i] == nil {
				return false, c.notFoundAfterWrite(r, p.key)
			}
		}
	}
	for i, r := range refs {
		c.outcome(p, r, outcomes[i], fills[i])
	}
	_, err = q.ExecContext(c.ctx, "RELEASE SAVEPOINT bulk_chunk")
	return err == nil, err
}

// notFoundAfterWrite is the error for a row that ON DUPLICATE KEY UPDATE
// did not leave under its key: its duplicate was found on another unique
// index, whose row the statement updated instead (rolled back with the
// call), or the database compares its key differently from Go.
func (c *call) notFoundAfterWrite(r ref, key []string) error {
	others := make([]string, 0, len(c.tbl.uniques))
	for _, u := range c.tbl.uniques {
		if uk, _ := c.tbl.uniqueKeyOf(key); u.name != uk.name {
			others = append(others, u.String())
		}
	}
	return &RowError{Index: r.idx, Err: fmt.Errorf("%w: the row with key %v of %s was not found by (%s) after writing it: it duplicates an existing row on another unique key %s, or the database compares the key differently from Go (a case-insensitive collation); nothing was kept",
		ErrUniqueConflict, r.kv, c.tbl.name, strings.Join(key, ", "), strings.Join(others, " or "))}
}

// uniqueErr wraps a unique violation of a write in ErrUniqueConflict.
func (c *call) uniqueErr(err error, key []string) error {
	if c.ops.uniqueViolation(err) {
		return fmt.Errorf("%w: a row of %s duplicates an existing row on a unique key other than (%s): %w", ErrUniqueConflict, c.tbl.name, strings.Join(key, ", "), err)
	}
	return err
}

// sameInput reports whether the values read, one per column of cols, are
// those of row r.
func sameInput(c *call, r ref, cols []string, read []reflect.Value) bool {
	for i, col := range cols {
		x, err1 := driverValue(c.rt.get(r.s, col).Interface())
		y, err2 := driverValue(read[i].Interface())
		if err1 != nil || err2 != nil || keyOf([]driver.Value{x}) != keyOf([]driver.Value{y}) {
			return false
		}
	}
	return true
}

func sameValues(a, b []reflect.Value) bool {
	for i := range a {
		x, err1 := driverValue(a[i].Interface())
		y, err2 := driverValue(b[i].Interface())
		if err1 != nil || err2 != nil || keyOf([]driver.Value{x}) != keyOf([]driver.Value{y}) {
			return false
		}
	}
	return true
}

// onDuplicate writes MySQL's ON DUPLICATE KEY UPDATE clause that sets the
// compared columns cmp from the new row, or, with none, assigns the key
// column to itself so that a duplicate changes nothing.
func (c *call) onDuplicate(b *strings.Builder, key string, cmp []string) {
	b.WriteString(" ON DUPLICATE KEY UPDATE ")
	if len(cmp) == 0 {
		k := c.qcol(key)
		b.WriteString(k + " = " + k)
	}
	for i, col := range cmp {
		if i > 0 {
			b.WriteString(", ")
		}
		qc := c.qcol(col)
		b.WriteString(qc + " = VALUES(" + qc + ")")
	}
}
