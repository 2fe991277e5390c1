package bulk

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Update writes rows to the existing rows of table with the same key (Key,
// default "id"), one UPDATE joined to the chunk's rows per chunk (FROM
// UNNEST or VALUES on PostgreSQL, a JOIN on MySQL, UPDATE FROM on SQLite),
// all chunks in one transaction.
//
// The columns written are those named by Columns, or every mapped column but
// the key: never a silent subset, and zero values are written. Expr writes a
// column as an expression on its current value. Keys that match no row are
// reported in Result.MissingRows (Outcome Missing), or with RequireAll are
// an ErrMissingKey error and nothing is written. Input rows that share a
// key are an ErrDuplicateKey error.
func Update[T any](ctx context.Context, q Querier, table string, rows []T, opts ...Option) (Result, error) {
	cfg, err := newConfig("Update", []string{"Key", "Columns", "Expr", "RequireAll", "BeforeChunk"}, opts)
	if err != nil {
		return Result{}, err
	}
	c, err := newCall(ctx, "update", q, table, reflect.TypeFor[T](), cfg)
	if err != nil {
		return Result{}, err
	}
	refs, err := c.refs(reflect.ValueOf(rows))
	if err != nil {
		return Result{}, err
	}
	p, err := c.planUpdate()
	if err != nil {
		return Result{}, err
	}
	if err := c.update(q, p, refs); err != nil {
		return Result{}, err
	}
	return c.res, nil
}

type updatePlan struct {
	key   []string
	set   []string          // columns written
	exprs map[string]string // column -> expression
}

func (c *call) planUpdate() (*updatePlan, error) {
	p := &updatePlan{key: c.cfg.key, exprs: map[string]string{}}
	if len(p.key) == 0 {
		p.key = []string{"id"}
		if !c.rt.has("id") {
			return nil, fmt.Errorf("%w: %v maps no id column; name the key with bulk.Key", ErrNoKey, c.rt.strct)
		}
	}
	if err := c.mapped("Key", p.key); err != nil {
		return nil, err
	}
	if err := c.mapped("Columns", c.cfg.columns); err != nil {
		return nil, err
	}
	if len(c.cfg.columns) > 0 {
		p.set = slices.Clone(c.cfg.columns)
	} else {
		for _, col := range c.rt.cols {
			if cc, _ := c.tbl.column(col); !slices.Contains(p.key, col) && !cc.computed {
				p.set = append(p.set, col)
			}
		}
	}
	for _, e := range c.cfg.exprs {
		if err := c.mapped("Expr", []string{e.col}); err != nil {
			return nil, err
		}
		if !slices.Contains(p.set, e.col) {
			if len(c.cfg.columns) > 0 {
				return nil, fmt.Errorf("%w: Expr column %q is not in Columns", ErrInvalidOption, e.col)
			}
			p.set = append(p.set, e.col)
		}
		p.exprs[e.col] = e.expr
	}
	for _, col := range p.set {
		if slices.Contains(p.key, col) {
			return nil, fmt.Errorf("%w: key column %q cannot be written by Update", ErrInvalidOption, col)
		}
		if cc, _ := c.tbl.column(col); cc.computed {
			return nil, fmt.Errorf("%w: %q is a generated column", ErrInvalidOption, col)
		}
	}
	if len(p.set) == 0 {
		return nil, fmt.Errorf("%w: no column to write besides the key", ErrInvalidOption)
	}
	return p, nil
}

// update runs an update plan over refs in one transaction.
func (c *call) update(q Querier, p *updatePlan, refs []ref) error {
	c.res.Outcomes = make([]Outcome, len(refs))
	if len(refs) == 0 {
		return nil
	}
	if err := c.keyRefs(refs, p.key); err != nil {
		return err
	}
	if _, _, err := c.dedupe(refs, p.key, false); err != nil {
		return err
	}
	sortByKey(refs)
	cols := append(slices.Clone(p.key), p.set...)
	n := c.chunkRows(len(cols), c.useArrays(cols), refs)
	return c.retry(func() error {
		return c.atomic(q, c.ops.isolation(c, "update"), func(tx Querier) error {
			return c.updateIn(tx, p, refs, n)
		})
	})
}

func (c *call) updateIn(tx Querier, p *updatePlan, refs []ref, n int) error {
	done := 0
	// With pgx arrays and no user code to run between chunks (no Validate,
	// no hook, which may change rows), the arrays of the next chunk are
	// built while the database writes this one.
	var pre chan source
	if cols := append(slices.Clone(p.key), p.set...); c.d == Postgres && c.useArrays(cols) && c.cfg.hook == nil && !c.rt.validates {
		pre = make(chan source, 1)
		stop := make(chan struct{})
		defer close(stop)
		go func(refs []ref) {
			for len(refs) > 0 {
				part := refs[:min(n, len(refs))]
				refs = refs[len(part):]
				select {
				case pre <- c.source(part, cols, true):
				case <-stop:
					return
				}
			}
		}(refs)
	}
	for chunk := 0; len(refs) > 0; chunk++ {
		part := refs[:min(n, len(refs))]
		refs = refs[len(part):]
		if err := c.validate(part, c.chunkSlice(part)); err != nil {
			return err
		}
		if err := c.ctx.Err(); err != nil {
			return c.chunkErr(chunk, len(part), done, err)
		}
		var src *source
		if pre != nil {
			s := <-pre
			src = &s
		}
		matched, err := c.updateChunk(tx, p, part, src)
		if err != nil {
			return c.chunkErr(chunk, len(part), done, err)
		}
		if err := c.countMatched(part, matched, Updated); err != nil {
			return err
		}
		c.res.Chunks++
		done += len(part)
	}
	slices.Sort(c.res.MissingRows)
	return nil
}

// updateChunk writes a chunk and says which of its rows matched a row of
// the table.
func (c *call) updateChunk(q Querier, p *updatePlan, refs []ref, pre *source) ([]bool, error) {
	cols := append(slices.Clone(p.key), p.set...)
	matched := make([]bool, len(refs))
	byKey := func(got map[string][]reflect.Value) []bool {
		for i, r := range refs {
			_, matched[i] = got[r.key]
		}
		return matched
	}
	// With arrays, PostgreSQL returns the ordinal of each matched input
	// row: no key to read back, encode and look up per row.
	ordinal := c.d == Postgres && c.useArrays(cols)
	var src source
	if c.d == MySQL {
		// A derived table of bound values would type its columns from the
		// first row (cutting longer strings, dropping trailing spaces):
		// stage the rows in a temporary table with the table's own types.
		var err error
		if src, err = c.stageMySQL(q, cols, refs, c.inTx); err != nil {
			return nil, err
		}
	} else if pre != nil {
		src = *pre // built ahead by updateIn, the same way
	} else {
		src = c.source(refs, cols, ordinal)
	}
	var b strings.Builder
	assign := make([]string, len(p.set))
	for i, col := range p.set {
		val := "v." + relCol(len(p.key)+i)
		if e, ok := p.exprs[col]; ok {
			val = "(" + strings.Replace(e, "?", val, 1) + ")"
		}
		lhs := c.qcol(col)
		if c.d == MySQL {
			lhs = "t." + lhs
		}
		assign[i] = lhs + " = " + val
	}
	on := make([]string, len(p.key))
	for i, k := range p.key {
		on[i] = "t." + c.qcol(k) + " = v." + relCol(i)
	}
	switch c.d {
	case Postgres:
		b.WriteString("UPDATE " + c.tbl.quoted + " AS t SET " + strings.Join(assign, ", ") + " FROM " + src.from +
			" WHERE " + strings.Join(on, " AND ") + " RETURNING ")
		if ordinal {
			b.WriteString("v." + relCol(len(cols)))
			return c.scanOrdinals(q, b.String(), src.args, matched)
		}
		b.WriteString(c.quoteCols("t.", p.key))
	case SQLite:
		// The count of changed rows is the count of rows matched (the
		// keys are unique): when it is the whole chunk, no key needs
		// reading back. Otherwise the keys with no row are read; the
		// call holds SQLite's write lock, so they are those the UPDATE
		// did not match.
		b.WriteString(src.with + " UPDATE " + c.tbl.quoted + " AS t SET " + strings.Join(assign, ", ") + " FROM " + src.from +
			" WHERE " + strings.Join(on, " AND "))
		res, err := c.exec(q, b.String(), src.args...)
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err == nil && n == int64(len(refs)) {
			for i := range matched {
				matched[i] = true
			}
			return matched, nil
		}
		keys := c.source(refs, p.key, false)
		return c.markMissing(q, keys.with+" SELECT "+vcols(len(p.key))+" FROM v WHERE NOT EXISTS (SELECT 1 FROM "+
			c.tbl.quoted+" AS t WHERE "+strings.Join(on, " AND ")+")", keys.args, p.key, refs, matched)
	case MySQL:
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
		b.WriteString("UPDATE " + src.from + " STRAIGHT_JOIN " + c.tbl.quoted + " AS t ON " + strings.Join(on, " AND ") +
			" SET " + strings.Join(assign, ", "))
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
			for i := range matched {
				matched[i] = true
			}
			return matched, nil
		}
		query := "SELECT " + vcols(len(p.key)) + " FROM " + src.from
		if mark {
			query += " WHERE v." + stageMark + " = 0"
		} else {
			query += " WHERE NOT EXISTS (SELECT 1 FROM " + c.tbl.quoted + " AS t WHERE " + strings.Join(on, " AND ") + ")"
		}
		return c.markMissing(q, query, nil, p.key, refs, matched)
	}
	got, err := c.scanKeyed(q, b.String(), src.args, p.key, nil, 0)
	if err != nil {
		return nil, err
	}
	return byKey(got), nil
}

// markMissing runs query, which returns the keys of the chunk's rows that
// matched no row of the table, and marks every other row matched.
func (c *call) markMissing(q Querier, query string, args []any, key []string, refs []ref, matched []bool) ([]bool, error) {
	missing, err := c.scanKeyed(q, query, args, key, nil, 0)
	if err != nil {
		return nil, err
	}
	for i, r := range refs {
		_, miss := missing[r.key]
		matched[i] = !miss
	}
	return matched, nil
}

// vcols returns "v._b0, v._b1, ...", the first n columns of the source v.
func vcols(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = "v." + relCol(i)
	}
	return strings.Join(names, ", ")
}

// scanOrdinals runs a query returning 1-based positions into the chunk and
// marks them in matched.
func (c *call) scanOrdinals(q Querier, query string, args []any, matched []bool) ([]bool, error) {
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

// stageMark is the column of a staged row that a MySQL Update sets when the
// row matched a row of the table.
const stageMark = "_m"

// stageMySQL loads a chunk into a temporary table whose columns have the
// types of the table's, and returns it as the source v. A derived table of
// bound values would type its columns from the first row (cutting longer
// strings, dropping trailing spaces), and long lists of keys in a WHERE
// clause are planned as scans: a join to a staged table is an index lookup
// per row. With mark, the table has one more column, stageMark, 0 when
// staged. Each chunk gets a new table: dropping one costs less than
// deleting its rows.
func (c *call) stageMySQL(q Querier, cols []string, refs []ref, mark bool) (source, error) {
	shape := strings.Join(cols, ",")
	if mark {
		shape += "," + stageMark
	}
	stage := c.stages[shape]
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
	if c.stages == nil {
		c.stages = map[string]string{}
	}
	c.stages[shape] = stage
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

// stageErr words an error of staging rows in the caller's terms: the
// column and table the caller wrote, and the input row.
func (c *call) stageErr(err error, cols []string, refs []ref) error {
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
	e := fmt.Errorf("bulk: %s (MySQL error %d)", text, n)
	if row >= 0 {
		return &RowError{Index: row, Err: e}
	}
	return e
}

// dropStages drops the call's temporary tables.
func (c *call) dropStages(q Querier) {
	for _, name := range c.stages {
		_, _ = q.ExecContext(context.WithoutCancel(c.ctx), "DROP TEMPORARY TABLE IF EXISTS "+name)
	}
	c.stages = nil
}
