package bulk

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// mysqlOps is MySQL's and MariaDB's dialectOps. A derived table of bound
// values would type its columns from its first row, so rows are staged in
// temporary tables of the table's own types (see mysqlOps.stage).
type mysqlOps struct {
	ainc   autoincInfo       // how the server hands out keys, read once
	stages map[string]string // temporary tables rows are staged in, by columns
	raced  bool              // upsertFast undid a chunk another transaction raced
}

// mysqlMaxParams is MySQL's bind parameter limit of one statement.
const mysqlMaxParams = 65535

func (*mysqlOps) readColumns(ctx context.Context, q Querier, t *tableInfo) error {
	schema, table := splitSchema(t.name)
	var version string
	if err := q.QueryRowxContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		return fmt.Errorf("bulk: reading server version: %w", err)
	}
	t.mariadb = strings.Contains(strings.ToLower(version), "mariadb")
	query := "SELECT COLUMN_NAME, EXTRA, coalesce(COLLATION_NAME, '') FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
	args := []any{table}
	if schema != "" {
		query = "SELECT COLUMN_NAME, EXTRA, coalesce(COLLATION_NAME, '') FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
		args = []any{schema, table}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("bulk: reading columns of %s: %w", t.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, extra, coll string
		if err := rows.Scan(&name, &extra, &coll); err != nil {
			return err
		}
		extra = strings.ToLower(extra)
		coll = strings.ToLower(coll)
		c := &column{name: name, autoInc: strings.Contains(extra, "auto_increment"),
			computed: strings.Contains(extra, "generated") || strings.Contains(extra, "virtual") || strings.Contains(extra, "persistent"),
			// MariaDB's _nopad_ and MySQL 8's 0900 collations keep
			// trailing spaces; the others pad.
			foldCase: strings.HasSuffix(coll, "_ci"),
			padSpace: coll != "" && coll != "binary" && !strings.Contains(coll, "nopad") && !strings.Contains(coll, "0900")}
		c.loose = c.foldCase || c.padSpace
		if c.autoInc {
			t.autoInc = name
		}
		t.foldsKeys = t.foldsKeys || c.foldCase || c.padSpace
		t.cols[name] = c
	}
	return rows.Err()
}

func (*mysqlOps) readUniques(ctx context.Context, q Querier, t *tableInfo) error {
	schema, table := splitSchema(t.name)
	where := "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
	args := []any{table}
	if schema != "" {
		where = "TABLE_SCHEMA = ? AND TABLE_NAME = ?"
		args = []any{schema, table}
	}
	// A prefix index (SUB_PART) makes a prefix unique, not the column's
	// value as the call compares it: it is read as an expression.
	return t.readUniques(ctx, q, `SELECT INDEX_NAME, CASE WHEN SUB_PART IS NULL THEN COLUMN_NAME END
		FROM information_schema.STATISTICS WHERE `+where+` AND NON_UNIQUE = 0
		ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX`, args...)
}

func (*mysqlOps) chunkRows(c *call, paramsPerRow int, arrays bool, sample []ref) int {
	n := mysqlMaxParams / paramsPerRow
	if len(sample) > 0 {
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
	return n
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

// keyListMax: see mysqlInMax.
func (*mysqlOps) keyListMax(nkey int) int {
	if nkey > 1 {
		return mysqlInMax
	}
	return 0
}

// mysqlInMax is the most composite keys one MySQL lookup lists, so that
// the range optimizer (range_optimizer_max_mem_size) keeps an index range
// read rather than falling back to a scan.
const mysqlInMax = 999

func (*mysqlOps) isolation(c *call, op string) sql.IsolationLevel {
	switch op {
	case "upsert":
		if !c.inTx {
			// No gap locks: concurrent upserts of overlapping keys would
			// otherwise deadlock on the gaps of keys not there yet.
			return sql.LevelReadCommitted
		}
	case "update":
		// Repeatable read, whatever the server's default: see
		// mysqlOps.update.
		return sql.LevelRepeatableRead
	case "delete":
		// Repeatable read, whatever the server's default: the locking
		// read also locks the gaps of the keys it does not find, so a key
		// reported missing is still missing when the call commits.
		return sql.LevelRepeatableRead
	}
	return sql.LevelDefault
}

func (*mysqlOps) prepares() bool { return true }

func (*mysqlOps) uniqueViolation(err error) bool {
	n, ok := mysqlErrno(err)
	return ok && n == 1062
}

func (*mysqlOps) useArrays(*call, []string) bool { return false }

func (*mysqlOps) sourceAhead(*call, []string) func([]ref) source { return nil }

// stageMark is the column of a staged row that a MySQL Update sets when the
// row matched a row of the table.
const stageMark = "_m"

// stage loads a chunk into a temporary table whose columns have the
// types of the table's, and returns it as the source v. A derived table of
// bound values would type its columns from the first row (cutting longer
// strings, dropping trailing spaces), and long lists of keys in a WHERE
// clause are planned as scans: a join to a staged table is an index lookup
// per row. With mark, the table has one more column, stageMark, 0 when
// staged. Each chunk gets a new table: dropping one costs less than
// deleting its rows.
func (o *mysqlOps) stage(c *call, q Querier, cols []string, refs []ref, mark bool) (source, error) {
	shape := strings.Join(cols, ",")
	if mark {
		shape += "," + stageMark
	}
	stage := o.stages[shape]
	if stage != "" {
		if _, err := q.ExecContext(c.ctx, "DROP TEMPORARY TABLE "+stage); err != nil {
			return source{}, err
		}
	} else {
		// One name per shape for the whole call: chunks of the same size
		// share the text, so the statement that stages them is prepared
		// once.
		stage = fmt.Sprintf("bulk_stage_%d", rand.Int64())
	}
	sel := make([]string, len(cols))
	for i, col := range cols {
		sel[i] = c.qcol(col) + " AS " + relCol(i)
	}
	def := ""
	if mark {
		def = " (" + stageMark + " TINYINT NOT NULL DEFAULT 0)"
	}
	// On MariaDB, MyISAM writes a staged chunk about twice as fast as
	// InnoDB, and the staged rows need no transaction: they are private
	// to the session and dropped with the call. A server that has MyISAM
	// disabled gets its default engine. MySQL keeps its default: with
	// enforce_gtid_consistency, it refuses writes to a non-transactional
	// table inside a transaction.
	as := " AS SELECT " + strings.Join(sel, ", ") + " FROM " + c.tbl.quoted + " WHERE 1 = 0"
	created, myisam := false, false
	if c.tbl.mariadb {
		_, err := q.ExecContext(c.ctx, "CREATE TEMPORARY TABLE "+stage+def+" ENGINE=MyISAM"+as)
		created = err == nil
		myisam = created
	}
	if !created {
		if _, err := q.ExecContext(c.ctx, "CREATE TEMPORARY TABLE "+stage+def+as); err != nil {
			return source{}, err
		}
	}
	if o.stages == nil {
		o.stages = map[string]string{}
	}
	o.stages[shape] = stage
	names := make([]string, len(cols))
	for i := range cols {
		names[i] = relCol(i)
	}
	args := c.rowArgs(refs, cols)
	query := "INSERT INTO " + stage + " (" + strings.Join(names, ", ") + ") VALUES " + c.rowsSQL(len(refs), len(cols))
	if myisam {
		// STRICT_TRANS_TABLES does not stop a multi-row INSERT into a
		// non-transactional table after its first row: a bad value would
		// be staged as a warning and a zero, then written. Stage as
		// strictly as the session would write the table itself.
		query = "SET STATEMENT sql_mode = IF(@@sql_mode LIKE '%STRICT_TRANS_TABLES%', CONCAT(@@sql_mode, ',STRICT_ALL_TABLES'), @@sql_mode) FOR " + query
	}
	if _, err := c.exec(q, query, args...); err != nil {
		return source{}, c.stageErr(err, cols, refs)
	}
	return source{from: stage + " AS v"}, nil
}

// stageMsg finds a staged column and row in a MySQL message such as
// "Incorrect integer value: 'x' for column `test`.`bulk_stage_1`.`_b1` at row 2".
var stageMsg = regexp.MustCompile("(?:`[^`]*`\\.)?`bulk_stage_[0-9-]+`\\.`_b([0-9]+)`|'_b([0-9]+)'|\\bat row ([0-9]+)")

// wordedErr is a database error with the message said again in the
// caller's terms; errors.As still finds the driver's error.
type wordedErr struct {
	msg string
	err error
}

func (e *wordedErr) Error() string { return e.msg }
func (e *wordedErr) Unwrap() error { return e.err }

// stageErr words an error of staging rows in the caller's terms: the
// column and table the caller wrote, and the input row.
func (c *call) stageErr(err error, cols []string, refs []ref) error {
	if err == nil {
		return nil
	}
	msg := mysqlErrMessage(err)
	if msg == "" || !strings.Contains(msg, "bulk_stage_") && !strings.Contains(msg, "'_b") && !strings.Contains(msg, "at row") {
		return err
	}
	row := -1
	text := stageMsg.ReplaceAllStringFunc(msg, func(m string) string {
		sub := stageMsg.FindStringSubmatch(m)
		if col := sub[1] + sub[2]; col != "" {
			if i, _ := strconv.Atoi(col); i < len(cols) {
				return cols[i] + " of " + c.tbl.name
			}
			return m
		}
		if n, _ := strconv.Atoi(sub[3]); n >= 1 && n <= len(refs) {
			row = refs[n-1].idx
			return "in input row " + strconv.Itoa(row)
		}
		return m
	})
	n, _ := mysqlErrno(err)
	var e error = &wordedErr{msg: fmt.Sprintf("bulk: %s (MySQL error %d)", text, n), err: err}
	if row >= 0 {
		return &RowError{Index: row, Err: e}
	}
	return e
}

// selectByKeys lists the keys (see keyIn).
func (o *mysqlOps) selectByKeys(c *call, key, cols []string, refs []ref, extra string) (string, []any) {
	in, args := o.keyIn(c, "t.", key, refs)
	return c.selectCols(key, cols, extra) + " FROM " + c.tbl.quoted + " AS t WHERE " + in, args
}

// keyIn is keyList, with a composite key as an OR of equalities: MariaDB
// plans "(a, b) IN ((?, ?), ...)" with hundreds of rows as a scan; an OR
// of equalities is a range read of the index.
func (*mysqlOps) keyIn(c *call, prefix string, key []string, refs []ref) (string, []any) {
	if len(key) == 1 {
		return c.keyList(prefix, key, refs, false)
	}
	eq := make([]string, len(key))
	for j, k := range key {
		eq[j] = prefix + c.qcol(k) + " = ?"
	}
	one := "(" + strings.Join(eq, " AND ") + ")"
	var b strings.Builder
	b.Grow(len(refs)*(len(one)+4) + 2)
	args := make([]any, 0, len(refs)*len(key))
	b.WriteByte('(')
	for i, r := range refs {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString(one)
		for _, v := range r.kv {
			args = append(args, v)
		}
	}
	b.WriteByte(')')
	return b.String(), args
}

// lookup joins the staged keys to the table.
func (o *mysqlOps) lookup(c *call, q Querier, key, cols []string, refs []ref, extra, suffix string) (map[string][]reflect.Value, error) {
	src, err := o.stage(c, q, key, refs, false)
	if err != nil {
		return nil, err
	}
	// The key is read from the staged rows, not from t: it comes back
	// as the input spelled it, where a case-insensitive collation
	// found the row under another spelling.
	sel := "SELECT STRAIGHT_JOIN " + vcols(len(key))
	if len(cols) > 0 {
		sel += ", " + c.quoteCols("t.", cols)
	}
	if extra != "" {
		sel += ", " + extra
	}
	// v holds the keys in key order: rows are read, and locked, in it.
	return c.scanKeyed(q, sel+" FROM "+src.from+" JOIN "+c.tbl.quoted+" AS t ON "+c.joinOn(key)+suffix, nil, key, cols, nExtra(extra))
}

// insert leaves the auto-increment key to the server (see mysql_keys.go).
func (o *mysqlOps) insert(c *call, q Querier, p *insertPlan, refs []ref, _ *idSource, keep *[]reflect.Value) error {
	if p.preassign != "" {
		return o.insertKeys(c, q, p, refs, keep)
	}
	return o.insertRows(c, q, p, refs)
}

// insertRows writes rows with a plain INSERT, which returns nothing: the
// generated columns are read back by the rows' key after it.
func (o *mysqlOps) insertRows(c *call, q Querier, p *insertPlan, refs []ref) error {
	query, args := c.insertValues(p.cols, refs)
	if len(p.fill) == 0 {
		_, err := c.exec(q, query, args...)
		return c.stageErr(err, p.cols, refs)
	}
	if err := c.keyUnkeyed(refs, p.mapKey); err != nil {
		return err
	}
	if _, err := c.exec(q, query, args...); err != nil {
		return c.stageErr(err, p.cols, refs)
	}
	got, err := o.lookup(c, q, p.mapKey, p.fill, refs, "", "")
	if err != nil {
		return err
	}
	return c.fillInserted(p, refs, got)
}

// update joins the staged rows to the table.
func (o *mysqlOps) update(c *call, q Querier, p *updatePlan, refs []ref, _ *source) ([]bool, error) {
	cols := append(slices.Clone(p.key), p.set...)
	matched := make([]bool, len(refs))
	// A derived table of bound values would type its columns from the
	// first row (cutting longer strings, dropping trailing spaces):
	// stage the rows in a temporary table with the table's own types.
	src, err := o.stage(c, q, cols, refs, c.inTx)
	if err != nil {
		return nil, err
	}
	// MySQL's UPDATE returns no rows, and its count of affected rows
	// leaves out rows that already had the values. The rows that
	// matched nothing are found after the write, with no read or lock
	// of the keys before it:
	//   - in a transaction of the call's own, at repeatable read, the
	//     UPDATE's lookup of a key that is not there locks the gap it
	//     would be in, so no other transaction can add the key before
	//     the commit: the staged keys with no row, read after the
	//     UPDATE, are exactly those it did not match;
	//   - in the caller's transaction, whose isolation is not known
	//     (read committed takes no gap locks), the UPDATE marks the
	//     staged rows it joined, and the unmarked ones are read back.
	//     Writing the mark costs the UPDATE about half as much again.
	// The staged rows are scanned in key order, their order of
	// insertion, so concurrent calls lock rows in the same order.
	mark := c.inTx
	var b strings.Builder
	b.WriteString("UPDATE " + src.from + " STRAIGHT_JOIN " + c.tbl.quoted + " AS t ON " + c.joinOn(p.key) +
		" SET " + c.updateSet(p, "t."))
	if mark {
		b.WriteString(", v." + stageMark + " = 1")
	}
	res, err := c.exec(q, b.String(), src.args...)
	if err != nil {
		return nil, err
	}
	// Rows changed are rows matched (and with clientFoundRows the
	// count is of rows matched): a count of the whole chunk leaves
	// no key to look for. The mark's writes count too, so not then.
	if n, err := res.RowsAffected(); err == nil && !mark && n == int64(len(refs)) {
		return allMatched(matched), nil
	}
	query := "SELECT " + vcols(len(p.key)) + " FROM " + src.from
	if mark {
		query += " WHERE v." + stageMark + " = 0"
	} else {
		query += " WHERE NOT EXISTS (SELECT 1 FROM " + c.tbl.quoted + " AS t WHERE " + c.joinOn(p.key) + ")"
	}
	return c.markMissing(q, query, nil, p.key, refs, matched)
}

// delete deletes a chunk on MySQL, whose DELETE returns no rows: the
// chunk's rows are read under lock (joined to the staged keys, in key
// order) and only the keys read are deleted, so the affected-rows count
// must be their number.
func (o *mysqlOps) delete(c *call, q Querier, key []string, refs []ref, m *deleteMatch) error {
	got, err := c.lookup(q, key, key, refs, "", " FOR UPDATE")
	if err != nil {
		return err
	}
	for k, vals := range got {
		m.add([]byte(k), vals)
	}
	if m.err != nil {
		return m.err
	}
	found := make([]ref, 0, len(got))
	for i, r := range refs {
		if m.deleted[i] {
			found = append(found, r)
		}
	}
	if len(found) == 0 {
		return nil
	}
	in, args := o.keyIn(c, "", key, found)
	res, err := c.exec(q, "DELETE FROM "+c.tbl.quoted+" WHERE "+in, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	switch {
	case n > int64(len(found)):
		return fmt.Errorf("%w: %d rows of %s deleted for %d keys read under lock", ErrNotUniqueKey, n, c.tbl.name, len(found))
	case n < int64(len(found)):
		return fmt.Errorf("bulk: %d rows of %s deleted for %d keys read under lock", n, c.tbl.name, len(found))
	}
	return nil
}

func (*mysqlOps) explain(_ *call, _ Querier, err error) error { return err }

// release drops the call's temporary tables.
func (o *mysqlOps) release(c *call, q Querier) {
	for _, name := range o.stages {
		_, _ = q.ExecContext(context.WithoutCancel(c.ctx), "DROP TEMPORARY TABLE IF EXISTS "+name)
	}
	o.stages = nil
}
