package bulk

import (
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// MySQL auto-increment keys.
//
// Insert does not take keys from the table's counter before writing: a
// plain INSERT of another client takes keys from the same counter, and no
// lock of this package's could keep it from taking the ones handed out.
// The server assigns the keys and the call maps them back on a guarantee
// InnoDB documents: with innodb_autoinc_lock_mode 0 ("traditional") or 1
// ("consecutive", MariaDB's default), a "simple insert" (a multi-row
// INSERT ... VALUES whose number of rows is known, without ON DUPLICATE
// KEY UPDATE) gets consecutive values, LAST_INSERT_ID() the first and each
// next row auto_increment_increment more. Other engines lock the table for
// the statement. With mode 2 ("interleaved", MySQL 8's default) InnoDB
// promises only unique, increasing values: the keys are read back by a
// unique key of the rows instead, and without one the call fails before
// writing, naming the setting.

// autoincInfo is how the server hands out auto-increment values.
type autoincInfo struct {
	read        bool
	consecutive bool  // a simple insert's values are consecutive
	step        int64 // auto_increment_increment
	mode        int
	engine      string
}

func (o *mysqlOps) autoinc(c *call, q Querier) (autoincInfo, error) {
	if o.ainc.read {
		return o.ainc, nil
	}
	schema, table := splitSchema(c.tbl.name)
	var engine sql.NullString
	var mode sql.NullInt64
	var step int64
	err := q.QueryRowxContext(c.ctx, `SELECT @@innodb_autoinc_lock_mode, @@auto_increment_increment,
		(SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = coalesce(?, DATABASE()) AND TABLE_NAME = ?)`,
		sql.NullString{String: schema, Valid: schema != ""}, table).Scan(&mode, &step, &engine)
	if err != nil {
		return autoincInfo{}, fmt.Errorf("bulk: reading how %s hands out keys: %w", c.tbl.name, err)
	}
	a := autoincInfo{read: true, step: max(step, 1), mode: int(mode.Int64), engine: engine.String}
	a.consecutive = !strings.EqualFold(engine.String, "InnoDB") || mode.Valid && mode.Int64 < 2
	o.ainc = a
	return a, nil
}

// insertKeys writes a chunk whose rows take the auto-increment key
// col from the server: rows that carry a key of their own are written as
// they are, the others in one simple insert without the key column, and
// their keys are filled in from LAST_INSERT_ID() or read back by a unique
// key. assigned collects the key fields set, to reset if the call fails.
func (o *mysqlOps) insertKeys(c *call, q Querier, p *insertPlan, refs []ref, assigned *[]reflect.Value) error {
	col := p.preassign
	var given, auto []ref
	for _, r := range refs {
		if c.rt.get(r.s, col).IsZero() {
			if !r.s.CanAddr() {
				return &RowError{Index: r.idx, Err: fmt.Errorf("%w: cannot set %s of a row value", ErrRowType, col)}
			}
			auto = append(auto, r)
		} else {
			given = append(given, r)
		}
	}
	if len(given) > 0 {
		if err := o.insertRows(c, q, p, given); err != nil {
			return err
		}
	}
	if len(auto) == 0 {
		return nil
	}
	ai, err := o.autoinc(c, q)
	if err != nil {
		return err
	}
	cols := slices.DeleteFunc(slices.Clone(p.cols), func(s string) bool { return s == col })
	var back uniqueKey
	if !ai.consecutive {
		// Read back by a unique key whose columns the rows write.
		found := false
		for _, u := range c.tbl.uniques {
			if !slices.ContainsFunc(u.cols, func(uc string) bool {
				return !slices.ContainsFunc(cols, func(w string) bool { return strings.EqualFold(w, uc) })
			}) {
				back, found = u, true
				break
			}
		}
		if !found {
			return fmt.Errorf("%w: %s hands out %s with innodb_autoinc_lock_mode=%d, which gives a multi-row INSERT no consecutive keys, and no unique key of its written columns can find the rows again; name one with bulk.Key or set innodb_autoinc_lock_mode=1",
				ErrNoKey, c.tbl.name, col, ai.mode)
		}
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + c.tbl.quoted + " (" + c.quoteCols("", cols) + ") VALUES ")
	b.WriteString(c.rowsSQL(len(auto), len(cols)))
	res, err := c.exec(q, b.String(), c.rowArgs(auto, cols)...)
	if err != nil {
		return c.stageErr(err, cols, auto)
	}
	if n, err := res.RowsAffected(); err != nil || n != int64(len(auto)) {
		return fmt.Errorf("bulk: insert into %s wrote %d rows of %d (%v)", c.tbl.name, n, len(auto), err)
	}
	set := func(r ref, id int64) {
		f := c.rtField(r.s, col)
		if f.CanInt() {
			f.SetInt(id)
		} else {
			f.SetUint(uint64(id))
		}
		if assigned != nil {
			*assigned = append(*assigned, f)
		}
	}
	if ai.consecutive {
		first, err := res.LastInsertId()
		if err != nil {
			return err
		}
		for i, r := range auto {
			set(r, first+int64(i)*ai.step)
		}
	} else {
		for i := range auto {
			if err := c.keyRef(&auto[i], back.cols); err != nil {
				return err
			}
		}
		got, err := c.lookup(q, back.cols, []string{col}, auto, "", "")
		if err != nil {
			return err
		}
		for _, r := range auto {
			vals, ok := got[r.key]
			if !ok {
				return &RowError{Index: r.idx, Err: fmt.Errorf("bulk: inserted row not found again by its key %v", r.kv)}
			}
			id, _ := asInt(vals[0])
			set(r, id)
		}
	}
	if len(p.fill) == 0 {
		return nil
	}
	for i := range auto {
		if err := c.keyRef(&auto[i], []string{col}); err != nil {
			return err
		}
	}
	got, err := c.lookup(q, []string{col}, p.fill, auto, "", "")
	if err != nil {
		return err
	}
	return c.fillInserted(p, auto, got)
}
