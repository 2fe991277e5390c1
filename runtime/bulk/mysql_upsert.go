package bulk

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// upsertStart decides whether the chunks are written the fast way (see
// upsertFast), once per attempt of the call.
func (o *mysqlOps) upsertStart(c *call, p *upsertPlan) {
	p.fast, _ = o.fast(c, p)
}

// upsert reads the chunk's existing rows under lock, writes with ON
// DUPLICATE KEY UPDATE, reads them again, and derives each row's outcome
// from the two reads. The affected-rows count (1 a row inserted, 2 updated,
// 0 unchanged) checks that no other transaction slipped a row in between;
// if one did, the chunk is rolled back to a savepoint and redone.
func (o *mysqlOps) upsert(c *call, q Querier, p *upsertPlan, refs []ref) error {
	for attempt := 0; p.fast; attempt++ {
		done, err := o.upsertFast(c, q, p, refs)
		if err != nil || done {
			return err
		}
		if o.raced && attempt < 8 {
			// Another transaction added one of the new keys between the
			// read and the write: read again, under lock, and write. Plain
			// writers beside the call make this common; falling back to
			// the careful way would only meet them again.
			continue
		}
		// The counts disagreed with the outcomes foreseen (a value the
		// database stores otherwise than Go compares it): the chunk was
		// rolled back to its savepoint and is written the careful way, and
		// so are the chunks after it.
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
			return c.stageErr(c.uniqueErr(err, p.key), p.insert, refs)
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
// besides its columns: on MySQL, the auto-increment key of fast.
func (o *mysqlOps) upsertIDParams(c *call, fill []string) int {
	if ok, id := o.fast(c, &upsertPlan{fill: fill}); ok && id != "" {
		return 1
	}
	return 0
}

// fast reports whether upsertFast applies: when the call owns
// its transaction and the only generated column read back, if any, is the
// integer auto-increment key. id is that key when it is also the table's
// primary key, so that existing rows can be written with it (see
// upsertFast).
func (o *mysqlOps) fast(c *call, p *upsertPlan) (ok bool, id string) {
	if c.inTx {
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

// upsertFast writes a chunk with one read and at most two writes: it
// reads the existing rows of the chunk's keys under lock (their
// auto-increment key and the columns an update writes) and foresees each
// row's outcome in Go: inserted if its key was not there, unchanged if the
// update columns already held its values (such rows are not written),
// else updated. Updated rows are written with one INSERT ... ON DUPLICATE
// KEY UPDATE that carries their primary key, read under lock, so that
// their duplicate is found on it and no other unique index can send the
// update to another row; the affected-rows count (2 a row) confirms them.
// New rows are written with a plain multi-row INSERT, which takes keys
// from the server as other clients' INSERTs do and which any duplicate
// fails rather than turns into an update; their keys come from
// LAST_INSERT_ID() where InnoDB guarantees them consecutive (see
// mysql_keys.go), else are read back by the natural key. When a count
// disagrees (the database stores a value differently from how Go compares
// it: a rounded decimal, a truncated time) or another transaction added
// one of the new keys in between, the chunk is rolled back to its
// savepoint and done is false, so that the caller writes it the careful
// way; a new row that duplicates an existing one on another unique key is
// an ErrUniqueConflict error.
func (o *mysqlOps) upsertFast(c *call, q Querier, p *upsertPlan, refs []ref) (done bool, err error) {
	o.raced = false
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
	_, idCol := o.fast(c, p)
	cols := p.insert
	if idCol != "" {
		cols = append(slices.Clone(p.insert), idCol)
	}
	if len(refs)*len(cols) > mysqlMaxParams {
		return false, nil // a chunk sized by the caller for fewer values
	}
	outcomes := make([]Outcome, len(refs))
	fills := make([][]reflect.Value, len(refs))
	var fresh, changed []ref
	var freshAt []int
	for i, r := range refs {
		before, existed := pre[r.key]
		switch {
		case !existed:
			outcomes[i] = Inserted
			fresh, freshAt = append(fresh, r), append(freshAt, i)
		case sameInput(c, r, cmp, before[len(p.fill):]):
			outcomes[i] = Unchanged
			fills[i] = before[:len(p.fill)]
		default:
			outcomes[i] = Updated
			fills[i] = before[:len(p.fill)]
			changed = append(changed, r)
		}
	}
	undo := func() (bool, error) {
		_, err := q.ExecContext(c.ctx, "ROLLBACK TO SAVEPOINT bulk_chunk")
		return false, err
	}
	if len(changed) > 0 {
		var b strings.Builder
		idx := c.rt.indexes(p.insert)
		args := make([]any, 0, len(changed)*len(cols))
		b.WriteString("INSERT INTO " + c.tbl.quoted + " (" + c.quoteCols("", cols) + ") VALUES ")
		b.WriteString(c.rowsSQL(len(changed), len(cols)))
		for _, r := range changed {
			args = appendRow(args, r.s, idx)
			if idCol != "" {
				args = append(args, pre[r.key][0].Interface())
			}
		}
		c.onDuplicate(&b, p.key[0], cmp)
		res, err := c.exec(q, b.String(), args...)
		if err != nil {
			return false, c.stageErr(c.uniqueErr(err, p.key), cols, changed)
		}
		if n, err := res.RowsAffected(); err != nil || n != 2*int64(len(changed)) {
			return undo()
		}
	}
	if len(fresh) > 0 {
		var b strings.Builder
		b.WriteString("INSERT INTO " + c.tbl.quoted + " (" + c.quoteCols("", p.insert) + ") VALUES ")
		b.WriteString(c.rowsSQL(len(fresh), len(p.insert)))
		res, err := c.exec(q, b.String(), c.rowArgs(fresh, p.insert)...)
		if n, ok := mysqlErrno(err); ok && n == 1062 {
			if !c.duplicateOn(err, p.key) {
				return false, c.uniqueErr(err, p.key)
			}
			o.raced = true // another transaction added the key since the read
			return undo()
		}
		if err != nil {
			return false, c.stageErr(err, p.insert, fresh)
		}
		if n, err := res.RowsAffected(); err != nil || n != int64(len(fresh)) {
			return undo()
		}
		if len(p.fill) > 0 {
			if err := o.freshKeys(c, q, p, res, fresh, freshAt, fills); err != nil {
				return false, err
			}
		}
	}
	for i, r := range refs {
		c.outcome(p, r, outcomes[i], fills[i])
	}
	_, err = q.ExecContext(c.ctx, "RELEASE SAVEPOINT bulk_chunk")
	return err == nil, err
}

// freshKeys fills in the auto-increment key of the new rows one plain
// INSERT wrote: from LAST_INSERT_ID() where the server guarantees a simple
// insert consecutive keys, else read back by the natural key.
func (o *mysqlOps) freshKeys(c *call, q Querier, p *upsertPlan, res sql.Result, fresh []ref, at []int, fills [][]reflect.Value) error {
	ai, err := o.autoinc(c, q)
	if err != nil {
		return err
	}
	if !ai.consecutive {
		got, err := c.lookup(q, p.key, p.fill, fresh, "", "")
		if err != nil {
			return err
		}
		for j, r := range fresh {
			if fills[at[j]] = got[r.key]; fills[at[j]] == nil {
				return c.notFoundAfterWrite(r, p.key)
			}
		}
		return nil
	}
	first, err := res.LastInsertId()
	if err != nil {
		return err
	}
	t := c.rt.fieldType(p.fill[0])
	for j := range fresh {
		id := reflect.New(t).Elem()
		if v := first + int64(j)*ai.step; id.CanInt() {
			id.SetInt(v)
		} else {
			id.SetUint(uint64(v))
		}
		fills[at[j]] = []reflect.Value{id}
	}
	return nil
}

// duplicateOn reports whether a MySQL duplicate-key error names the unique
// index of key ("Duplicate entry '1-a' for key 'org'", or 'table.org' on
// MySQL 8).
func (c *call) duplicateOn(err error, key []string) bool {
	uk, ok := c.tbl.uniqueKeyOf(key)
	if !ok {
		return false
	}
	msg := mysqlErrMessage(err)
	return strings.HasSuffix(msg, "'"+uk.name+"'") || strings.HasSuffix(msg, "."+uk.name+"'")
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
