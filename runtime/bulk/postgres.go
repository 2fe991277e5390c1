package bulk

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jmoiron/sqlx"
	"github.com/jmoiron/sqlx/reflectx"
)

// pgOps is PostgreSQL's dialectOps. Rows bound through pgx's database/sql
// driver become a relation of one typed array per column (unnest), others
// a VALUES list with a cast per value.
type pgOps struct {
	// last is the chunk last rendered by source, for explain.
	last lastSource
}

// pgMaxParams is PostgreSQL's bind parameter limit of one statement.
const pgMaxParams = 65535

func (*pgOps) readColumns(ctx context.Context, q Querier, t *tableInfo) error {
	rows, err := q.QueryContext(ctx, `SELECT a.attname, format_type(a.atttypid, a.atttypmod),
		coalesce(pg_get_serial_sequence($1, a.attname), ''), a.attgenerated <> ''
		FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`, t.quoted)
	if err != nil {
		return fmt.Errorf("bulk: reading columns of %s: %w", t.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		c := &column{}
		if err := rows.Scan(&c.name, &c.pgType, &c.seq, &c.computed); err != nil {
			return err
		}
		// char(n) compares without its padding.
		c.loose = c.pgType == "character" || strings.HasPrefix(c.pgType, "character(")
		if c.seq != "" {
			c.autoInc = true
			if t.autoInc == "" {
				t.autoInc = c.name
			}
		}
		t.cols[c.name] = c
	}
	return rows.Err()
}

func (*pgOps) readUniques(ctx context.Context, q Querier, t *tableInfo) error {
	// Deferrable constraints are left out: ON CONFLICT cannot use them.
	return t.readUniques(ctx, q, `SELECT i.indexrelid::regclass::text, a.attname
		FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
		LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
		WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indimmediate AND i.indpred IS NULL
		ORDER BY i.indisprimary DESC, i.indexrelid, k.ord`, t.quoted)
}

func (*pgOps) chunkRows(c *call, paramsPerRow int, arrays bool, sample []ref) int {
	if arrays {
		return 20000
	}
	return pgMaxParams / paramsPerRow
}

func (*pgOps) keyListMax(int) int { return 0 }

func (*pgOps) isolation(*call, string) sql.IsolationLevel { return sql.LevelDefault }

// prepares is false: pgx caches statements by itself.
func (*pgOps) prepares() bool { return false }

func (*pgOps) uniqueViolation(err error) bool {
	code, _ := pgState(err)
	return code == "23505"
}

// useArrays reports whether rows bind as one PostgreSQL array per column:
// through pgx's driver, for columns of no array type.
func (*pgOps) useArrays(c *call, cols []string) bool {
	if !c.info.pgx {
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

// source returns a chunk's rows as the relation v(_b0, _b1, ...) and its
// bound values, numbered from $1: one typed array per column (unnest) when
// useArrays, else a VALUES list with a cast per value. With ordinal and
// arrays, v has one more column, _b<len(cols)>, the 1-based position of
// the row in refs, and each array is bound through a subquery.
func (o *pgOps) source(c *call, refs []ref, cols []string, ordinal bool) source {
	o.last = lastSource{refs: refs, cols: cols}
	var b strings.Builder
	var src source
	names := relCols("", len(cols))
	if !o.useArrays(c, cols) {
		b.WriteString("(VALUES ")
		src.args = c.writeValues(&b, refs, cols, func(n int, col string) string {
			return "$" + strconv.Itoa(n) + "::" + c.pgType(col)
		})
		b.WriteString(") AS v(" + strings.Join(names, ", ") + ")")
		src.from = b.String()
		return src
	}
	b.WriteString("unnest(")
	for i, col := range cols {
		src.args = append(src.args, c.column(refs, col))
		if i > 0 {
			b.WriteString(", ")
		}
		arr := "$" + strconv.Itoa(1+i) + "::" + c.pgType(col) + "[]"
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
		names = append(names, relCol(len(cols)))
	}
	b.WriteString(" AS v(" + strings.Join(names, ", ") + ")")
	src.from = b.String()
	return src
}

// sourceAhead: with arrays, a chunk's relation is built while the
// database writes the chunk before it.
func (o *pgOps) sourceAhead(c *call, cols []string) func(refs []ref) source {
	if !o.useArrays(c, cols) {
		return nil
	}
	return func(refs []ref) source { return o.source(c, refs, cols, true) }
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

// selectByKeys joins the table to the keys as a relation.
func (o *pgOps) selectByKeys(c *call, key, cols []string, refs []ref, extra string) (string, []any) {
	src := o.source(c, refs, key, false)
	return c.selectCols(key, cols, extra) + " FROM " + c.tbl.quoted + " AS t JOIN " + src.from + " ON " + c.joinOn(key), src.args
}

func (o *pgOps) lookup(c *call, q Querier, key, cols []string, refs []ref, extra, suffix string) (map[string][]reflect.Value, error) {
	return c.lookupSelect(q, key, cols, refs, extra, suffix)
}

// insert takes the keys of rows without one from the sequence first, so
// that rows are mapped to their keys by the key itself.
func (o *pgOps) insert(c *call, q Querier, p *insertPlan, refs []ref, ids *idSource, keep *[]reflect.Value) error {
	if p.preassign != "" {
		err := ids.assign(refs, keep, func(n int) ([]int64, int64, error) {
			ids, err := o.nextvals(c, q, p.preassign, n)
			return ids, 0, err
		})
		if err != nil {
			return err
		}
	}
	src := o.source(c, refs, p.cols, false)
	query := "INSERT INTO " + c.tbl.quoted + " (" + c.quoteCols("", p.cols) + ")"
	if p.preassign != "" {
		query += " OVERRIDING SYSTEM VALUE"
	}
	return c.insertReturning(q, p, refs, query+" SELECT * FROM "+src.from, src.args)
}

// nextvals takes n values of the sequence of col.
func (*pgOps) nextvals(c *call, q Querier, col string, n int) ([]int64, error) {
	cc, _ := c.tbl.column(col)
	var ids []int64
	var err error
	if c.info.pgx {
		// One array of keys rather than a row per key.
		err = q.QueryRowxContext(c.ctx, "SELECT array_agg(nextval($1::regclass)) FROM generate_series(1, $2)", cc.seq, n).
			Scan(pgtype.NewMap().SQLScanner(&ids))
	} else {
		err = sqlx.SelectContext(c.ctx, q, &ids, "SELECT nextval($1::regclass) FROM generate_series(1, $2)", cc.seq, n)
	}
	if err != nil {
		return nil, err
	}
	if len(ids) != n {
		return nil, fmt.Errorf("bulk: sequence %s gave %d values for %d rows", cc.seq, len(ids), n)
	}
	return ids, nil
}

func (*pgOps) upsertStart(*call, *upsertPlan) {}

func (*pgOps) upsertIDParams(*call, []string) int { return 0 }

// upsert writes a chunk with INSERT ... ON CONFLICT DO UPDATE, which
// returns the rows it inserted or changed, each with xmax = 0 when
// inserted; the rows it left as they were are read by existing.
func (o *pgOps) upsert(c *call, q Querier, p *upsertPlan, refs []ref) error {
	src := o.source(c, refs, p.insert, false)
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

// update joins the table to the chunk's rows with UPDATE ... FROM, which
// returns the rows it matched.
func (o *pgOps) update(c *call, q Querier, p *updatePlan, refs []ref, pre *source) ([]bool, error) {
	cols := append(slices.Clone(p.key), p.set...)
	matched := make([]bool, len(refs))
	// With arrays, PostgreSQL returns the ordinal of each matched input
	// row: no key to read back, encode and look up per row.
	ordinal := o.useArrays(c, cols)
	var src source
	if pre != nil {
		src = *pre // built ahead by updateIn, the same way
	} else {
		src = o.source(c, refs, cols, ordinal)
	}
	query := "UPDATE " + c.tbl.quoted + " AS t SET " + c.updateSet(p, "") + " FROM " + src.from +
		" WHERE " + c.joinOn(p.key) + " RETURNING "
	if ordinal {
		return o.scanOrdinals(c, q, query+"v."+relCol(len(cols)), src.args, matched)
	}
	got, err := c.scanKeyed(q, query+c.quoteCols("t.", p.key), src.args, p.key, nil, 0)
	if err != nil {
		return nil, err
	}
	for i, r := range refs {
		_, matched[i] = got[r.key]
	}
	return matched, nil
}

// scanOrdinals runs a query returning 1-based positions into the chunk and
// marks them in matched.
func (*pgOps) scanOrdinals(c *call, q Querier, query string, args []any, matched []bool) ([]bool, error) {
	rows, err := c.query(q, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var n int64
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		if n < 1 || n > int64(len(matched)) {
			return nil, fmt.Errorf("bulk: row %d returned for a chunk of %d", n, len(matched))
		}
		matched[n-1] = true
	}
	return matched, rows.Err()
}

// delete deletes with DELETE ... USING the keys as a relation, which
// returns the keys of the rows deleted.
func (o *pgOps) delete(c *call, q Querier, key []string, refs []ref, m *deleteMatch) error {
	// With arrays, the subquery form of the source (source with
	// ordinal) keeps the planner to a lookup per key, as for Update.
	src := o.source(c, refs, key, o.useArrays(c, key))
	query := "DELETE FROM " + c.tbl.quoted + " AS t USING " + src.from + " WHERE " + c.joinOn(key) +
		" RETURNING " + c.quoteCols("t.", key) + ", " + c.quoteCols("t.", key)
	return c.scanRows(q, query, src.args, key, key, 0, m.add)
}

// lastSource is the chunk of rows a statement bound last: the rows and the
// columns of the relation source rendered.
type lastSource struct {
	refs []ref
	cols []string
}

// explain words a PostgreSQL data exception (SQLSTATE class 22, such as
// invalid input syntax for an integer) in the caller's terms. The server
// names neither the column nor the row of a value bound in an array, so
// once the call has rolled back, each column of the failed chunk is cast
// again on its own and the bad value found by halving the rows: a few
// queries, on the error path only.
func (o *pgOps) explain(c *call, q Querier, err error) error {
	code, ok := pgState(err)
	src := o.last
	if !ok || !strings.HasPrefix(code, "22") || len(src.refs) == 0 || !c.useArrays(src.cols) || c.ctx.Err() != nil {
		return err
	}
	fails := func(col string, refs []ref) bool {
		var n int
		return q.QueryRowxContext(c.ctx, "SELECT cardinality($1::"+c.pgType(col)+"[])", c.column(refs, col)).Scan(&n) != nil
	}
	for _, col := range src.cols {
		refs := src.refs
		if !fails(col, refs) {
			continue
		}
		for len(refs) > 1 {
			half := refs[:len(refs)/2]
			if fails(col, half) {
				refs = half
			} else {
				refs = refs[len(half):]
			}
		}
		return &RowError{Index: refs[0].idx, Err: fmt.Errorf("bulk: column %s of %s: %w", col, c.tbl.name, err)}
	}
	return err
}

func (*pgOps) release(*call, Querier) {}

// loadArrays loads by one key column on PostgreSQL with pgx: the chunk's
// keys bind as one array, "= ANY($1)", and rows are read through pgx's
// binary protocol when the Querier gives access to the pgx connection and
// every field reads the same that way as through database/sql.
func loadArrays[T any, K comparable](c *call, q Querier, ks *keyShape, sc *loadScan[T, K], keys []K, emit func(K, T)) error {
	col := ks.cols[0]
	kt, ft := reflect.TypeFor[K](), c.rt.fieldType(col)
	if len(keys) > 0 && !kt.ConvertibleTo(ft) {
		return fmt.Errorf("%w: key %v does not convert to field %s %v", ErrRowType, kt, col, ft)
	}
	seen := make(map[K]struct{}, len(keys))
	uniq := make([]K, 0, len(keys))
	for _, k := range keys {
		if _, ok := seen[k]; !ok {
			seen[k] = struct{}{}
			uniq = append(uniq, k)
		}
	}
	if len(uniq) == 0 {
		return nil
	}
	// The array of a chunk's keys, of the field's type as the column's
	// array type expects.
	array := func(part []K) any {
		if kt == ft {
			return part
		}
		arr := reflect.MakeSlice(reflect.SliceOf(ft), len(part), len(part))
		for i, k := range part {
			arr.Index(i).Set(reflect.ValueOf(k).Convert(ft))
		}
		return arr.Interface()
	}
	n := 50000
	if c.cfg.chunk > 0 {
		n = min(n, c.cfg.chunk)
	}
	query := "SELECT " + c.quoteCols("t.", c.rt.cols) + " FROM " + c.tbl.quoted + " AS t WHERE t." + c.qcol(col) +
		" = ANY($1::" + c.pgType(col) + "[])"
	if c.rawLoad(q) {
		return withPgx(c.ctx, q, func(conn *pgx.Conn) error {
			for chunk, rest := 0, uniq; len(rest) > 0; chunk++ {
				part := rest[:min(n, len(rest))]
				rest = rest[len(part):]
				rows, err := conn.Query(c.ctx, query, array(part))
				if err == nil {
					err = sc.scan(rows, emit)
					rows.Close()
				}
				if err != nil {
					return c.chunkErr(chunk, len(part), 0, err)
				}
			}
			return nil
		})
	}
	for chunk, rest := 0, uniq; len(rest) > 0; chunk++ {
		part := rest[:min(n, len(rest))]
		rest = rest[len(part):]
		rows, err := c.query(q, query, array(part))
		if err == nil {
			err = sc.scan(rows, emit)
			rows.Close()
		}
		if err != nil {
			return c.chunkErr(chunk, len(part), 0, err)
		}
	}
	return nil
}

// rawLoad reports whether Load can read through the pgx connection under
// q: a *sqlx.DB or *sqlx.Conn (a transaction's connection is not reachable)
// whose fields are all of types pgx scans exactly as database/sql does:
// integers, floats, strings and booleans from columns of those types.
func (c *call) rawLoad(q Querier) bool {
	if !c.info.pgx {
		return false
	}
	switch q.(type) {
	case interface {
		Conn(context.Context) (*sqlConn, error)
	}:
	case interface{ Raw(func(any) error) error }:
	default:
		return false
	}
	for _, col := range c.rt.cols {
		t := c.rt.fieldType(col)
		if t.Implements(valuerType) || reflect.PointerTo(t).Implements(scannerType) {
			return false
		}
		typ := c.pgType(col)
		var ok bool
		switch t.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			ok = typ == "smallint" || typ == "integer" || typ == "bigint"
		case reflect.Float32, reflect.Float64:
			ok = typ == "real" || typ == "double precision"
		case reflect.String:
			ok = typ == "text" || strings.HasPrefix(typ, "character varying")
		case reflect.Bool:
			ok = typ == "boolean"
		}
		if !ok {
			return false
		}
	}
	return true
}
