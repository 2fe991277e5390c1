package bulk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
)

// sqliteOps is SQLite's dialectOps.
type sqliteOps struct{}

// sqliteMaxParams is SQLite's bind parameter limit of one statement.
const sqliteMaxParams = 32766

func (*sqliteOps) readColumns(ctx context.Context, q Querier, t *tableInfo) error {
	schema, table := splitSchema(t.name)
	if schema == "" {
		schema = "main"
	}
	rows, err := q.QueryContext(ctx, "SELECT name, upper(type), pk, hidden FROM pragma_table_xinfo(?, ?)", table, schema)
	if err != nil && strings.Contains(err.Error(), "unknown database") {
		return fmt.Errorf("%w: %s (no attached database %s)", ErrUnknownTable, t.name, schema)
	}
	if err != nil {
		return fmt.Errorf("bulk: reading columns of %s: %w", t.name, err)
	}
	defer rows.Close()
	pks := 0
	var intPK string
	for rows.Next() {
		var name, typ string
		var pk, hidden int
		if err := rows.Scan(&name, &typ, &pk, &hidden); err != nil {
			return err
		}
		if pk > 0 {
			pks++
			if typ == "INTEGER" {
				intPK = name
			}
		}
		t.cols[name] = &column{name: name, computed: hidden == 2 || hidden == 3}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var sqlText string
	err = q.QueryRowxContext(ctx, "SELECT coalesce(sql, '') FROM "+schema+".sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&sqlText)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("bulk: reading the definition of %s: %w", t.name, err)
	}
	sqlText = strings.ToUpper(sqlText)
	if pks == 1 && intPK != "" {
		t.cols[intPK].autoInc = true
		t.autoInc = intPK
		t.sqliteAutoincrement = strings.Contains(sqlText, "AUTOINCREMENT")
	}
	// A collation (NOCASE, RTRIM, one of the application's) may match a
	// key to a value Go tells apart from it; which column it is on is
	// not worth parsing the definition for.
	if strings.Contains(sqlText, "COLLATE") {
		for _, c := range t.cols {
			c.loose = true
		}
	}
	return nil
}

func (*sqliteOps) readUniques(ctx context.Context, q Querier, t *tableInfo) error {
	schema, table := splitSchema(t.name)
	if schema == "" {
		schema = "main"
	}
	if t.autoInc != "" {
		// The rowid alias is unique without an index of its own.
		t.uniques = append(t.uniques, uniqueKey{name: "rowid", cols: []string{t.autoInc}})
	}
	return t.readUniques(ctx, q, `SELECT il.name, ii.name FROM pragma_index_list(?1, ?2) AS il
		JOIN pragma_index_info(il.name, ?2) AS ii WHERE il."unique" AND NOT il.partial
		ORDER BY il.origin = 'pk' DESC, il.name, ii.seqno`, table, schema)
}

func (*sqliteOps) chunkRows(c *call, paramsPerRow int, arrays bool, sample []ref) int {
	// Parsing dominates SQLite's cost: statements of a few thousand
	// values run fastest. An upsert also takes the write lock and
	// reads the largest rowid per chunk, so it takes 10,000 values
	// (medians of 3 per 100,000 rows of 5 columns: 0.59 s in chunks
	// of 2,000 rows, 0.61 s of 500, 0.60 s of 200).
	limit := 2500
	if c.op == "upsert" {
		limit = 10000
	}
	return min(sqliteMaxParams/paramsPerRow, max(limit/paramsPerRow, 1))
}

func (*sqliteOps) keyListMax(int) int { return 0 }

func (*sqliteOps) isolation(*call, string) sql.IsolationLevel { return sql.LevelDefault }

func (*sqliteOps) prepares() bool { return true }

func (*sqliteOps) uniqueViolation(err error) bool {
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}

func (*sqliteOps) useArrays(*call, []string) bool { return false }

// source returns a chunk's rows as v(_b0, _b1, ...), defined by the WITH
// clause of a VALUES list, and its bound values.
func (*sqliteOps) source(c *call, refs []ref, cols []string) source {
	var b strings.Builder
	b.WriteString("WITH v(" + strings.Join(relCols("", len(cols)), ", ") + ") AS (VALUES ")
	args := c.writeValues(&b, refs, cols, func(int, string) string { return "?" })
	b.WriteString(")")
	return source{with: b.String(), from: "v", args: args}
}

func (*sqliteOps) sourceAhead(*call, []string) func([]ref) source { return nil }

// selectByKeys lists the keys, composite ones as row values.
func (*sqliteOps) selectByKeys(c *call, key, cols []string, refs []ref, extra string) (string, []any) {
	in, args := c.keyList("t.", key, refs, true)
	return c.selectCols(key, cols, extra) + " FROM " + c.tbl.quoted + " AS t WHERE " + in, args
}

func (*sqliteOps) lookup(c *call, q Querier, key, cols []string, refs []ref, extra, suffix string) (map[string][]reflect.Value, error) {
	return c.lookupSelect(q, key, cols, refs, extra, suffix)
}

// insert takes the keys of rows without one from the table's largest
// rowid, under the write lock, so that rows are mapped to their keys by
// the key itself.
func (o *sqliteOps) insert(c *call, q Querier, p *insertPlan, refs []ref, ids *idSource, keep *[]reflect.Value) error {
	if p.preassign != "" {
		err := ids.assign(refs, keep, func(n int) ([]int64, int64, error) {
			first, err := o.nextRowids(c, q, ids, n)
			return nil, first, err
		})
		if err != nil {
			return err
		}
	}
	query, args := c.insertValues(p.cols, refs)
	return c.insertReturning(q, p, refs, query, args)
}

// nextRowids hands out the n rowids after the table's largest and the
// keys s has seen, and returns the first.
func (*sqliteOps) nextRowids(c *call, q Querier, s *idSource, n int) (int64, error) {
	if !s.ready {
		// Take the write lock first so no other writer moves the
		// table's largest rowid before the rows are written.
		col := c.qcol(s.col)
		if _, err := q.ExecContext(c.ctx, "UPDATE "+c.tbl.quoted+" SET "+col+" = "+col+" WHERE 0"); err != nil {
			return 0, err
		}
		var top int64
		if err := q.QueryRowxContext(c.ctx, "SELECT coalesce(max("+col+"), 0) FROM "+c.tbl.quoted).Scan(&top); err != nil {
			return 0, err
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
	first := s.next
	s.next += int64(n)
	return first, nil
}

func (*sqliteOps) upsertStart(*call, *upsertPlan) {}

func (*sqliteOps) upsertIDParams(*call, []string) int { return 0 }

// upsert writes a chunk with INSERT ... ON CONFLICT DO UPDATE ...
// RETURNING; which rows it inserted is told by their rowid, or by a read of
// the keys before the write.
func (o *sqliteOps) upsert(c *call, q Querier, p *upsertPlan, refs []ref) error {
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
			if pre, err = o.lookup(c, q, p.key, nil, refs, "", ""); err != nil {
				return err
			}
		}
	}
	_, bare := splitSchema(c.tbl.name)
	bare = c.d.quote(bare)
	var b strings.Builder
	query, args := c.insertValues(p.insert, refs)
	b.WriteString(query)
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

// update joins the table to the chunk's rows with UPDATE ... FROM.
func (o *sqliteOps) update(c *call, q Querier, p *updatePlan, refs []ref, _ *source) ([]bool, error) {
	cols := append(slices.Clone(p.key), p.set...)
	matched := make([]bool, len(refs))
	src := o.source(c, refs, cols)
	// The count of changed rows is the count of rows matched (the
	// keys are unique): when it is the whole chunk, no key needs
	// reading back. Otherwise the keys with no row are read; the
	// call holds SQLite's write lock, so they are those the UPDATE
	// did not match.
	res, err := c.exec(q, src.with+" UPDATE "+c.tbl.quoted+" AS t SET "+c.updateSet(p, "")+" FROM "+src.from+
		" WHERE "+c.joinOn(p.key), src.args...)
	if err != nil {
		return nil, err
	}
	if n, err := res.RowsAffected(); err == nil && n == int64(len(refs)) {
		return allMatched(matched), nil
	}
	keys := o.source(c, refs, p.key)
	return c.markMissing(q, keys.with+" SELECT "+vcols(len(p.key))+" FROM v WHERE NOT EXISTS (SELECT 1 FROM "+
		c.tbl.quoted+" AS t WHERE "+c.joinOn(p.key)+")", keys.args, p.key, refs, matched)
}

// delete lists the keys in DELETE ... RETURNING, which returns the keys of
// the rows deleted.
func (*sqliteOps) delete(c *call, q Querier, key []string, refs []ref, m *deleteMatch) error {
	in, args := c.keyList("", key, refs, true)
	query := "DELETE FROM " + c.tbl.quoted + " WHERE " + in + " RETURNING " + c.quoteCols("", key) + ", " + c.quoteCols("", key)
	return c.scanRows(q, query, args, key, key, 0, m.add)
}

func (*sqliteOps) explain(_ *call, _ Querier, err error) error { return err }

func (*sqliteOps) release(*call, Querier) {}
