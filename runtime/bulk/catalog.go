package bulk

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// column is what the catalog says about one column.
type column struct {
	name     string
	pgType   string // PostgreSQL format_type, for array and VALUES casts
	autoInc  bool   // serial, identity, AUTO_INCREMENT or SQLite rowid alias
	seq      string // PostgreSQL sequence of autoInc
	computed bool   // GENERATED ALWAYS AS: never written
	// MySQL: the column's collation compares strings case-insensitively
	// (foldCase) and ignores trailing spaces (padSpace), so two keys Go
	// tells apart can be one key to the database.
	foldCase, padSpace bool
}

// tableInfo is one table as the catalog describes it, read once per call.
type tableInfo struct {
	name                string // as given
	quoted              string
	cols                map[string]*column
	autoInc             string // the auto-increment column, if any
	uniques             []uniqueKey
	mariadb             bool
	sqliteAutoincrement bool
}

// uniqueKey is a primary key or unique index: the columns a key must name
// for the database to find at most one row by it. Partial and expression
// indexes, and MySQL prefix indexes, do not count: an ON CONFLICT target
// cannot name them, and they do not make the columns unique.
type uniqueKey struct {
	name string
	cols []string
}

func (u uniqueKey) String() string { return "(" + strings.Join(u.cols, ", ") + ")" }

// uniqueKeyOf returns the unique key whose columns are exactly cols, in any
// order, compared as the catalog's names.
func (t *tableInfo) uniqueKeyOf(cols []string) (uniqueKey, bool) {
	want := make(map[string]bool, len(cols))
	for _, c := range cols {
		cc, ok := t.column(c)
		if !ok {
			return uniqueKey{}, false
		}
		want[cc.name] = true
	}
	for _, u := range t.uniques {
		if len(u.cols) != len(want) {
			continue
		}
		all := true
		for _, c := range u.cols {
			all = all && want[c]
		}
		if all {
			return u, true
		}
	}
	return uniqueKey{}, false
}

// requireUnique checks that key is a unique key of the table, with an
// error that lists the table's unique keys.
func (t *tableInfo) requireUnique(op string, key []string) error {
	if _, ok := t.uniqueKeyOf(key); ok {
		return nil
	}
	list := make([]string, len(t.uniques))
	for i, u := range t.uniques {
		list[i] = u.String()
	}
	have := "it has none"
	if len(list) > 0 {
		have = "its unique keys are " + strings.Join(list, ", ")
	}
	return fmt.Errorf("%w: %s by (%s) on %s, which no primary key or unique index covers exactly; %s",
		ErrNotUniqueKey, op, strings.Join(key, ", "), t.name, have)
}

// column resolves a column name, exactly or, as MySQL and SQLite compare
// names, case-insensitively.
func (t *tableInfo) column(name string) (*column, bool) {
	if c, ok := t.cols[name]; ok {
		return c, true
	}
	for n, c := range t.cols {
		if strings.EqualFold(n, name) {
			return c, true
		}
	}
	return nil, false
}

func (t *tableInfo) need(names ...string) error {
	for _, n := range names {
		if _, ok := t.column(n); !ok {
			return fmt.Errorf("%w: %q is not a column of %s", ErrUnknownColumn, n, t.name)
		}
	}
	return nil
}

func splitSchema(name string) (schema, table string) {
	if i := strings.IndexByte(name, '.'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return "", name
}

func readTable(ctx context.Context, q Querier, d Dialect, name string) (*tableInfo, error) {
	if name == "" {
		return nil, ErrEmptyTable
	}
	if !validName(name) {
		return nil, fmt.Errorf("%w: table %q", ErrInvalidName, name)
	}
	t := &tableInfo{name: name, quoted: d.quoteTable(name), cols: map[string]*column{}}
	var err error
	switch d {
	case Postgres:
		err = readPostgres(ctx, q, t)
	case MySQL:
		err = readMySQL(ctx, q, t)
	case SQLite:
		err = readSQLite(ctx, q, t)
	default:
		err = fmt.Errorf("%w: %v", ErrUnknownDialect, d)
	}
	if err != nil {
		return nil, err
	}
	if len(t.cols) == 0 {
		return nil, fmt.Errorf("%w: %s", ErrUnknownTable, name)
	}
	switch d {
	case Postgres:
		err = readUniquePostgres(ctx, q, t)
	case MySQL:
		err = readUniqueMySQL(ctx, q, t)
	case SQLite:
		err = readUniqueSQLite(ctx, q, t)
	}
	if err != nil {
		return nil, fmt.Errorf("bulk: reading unique keys of %s: %w", name, err)
	}
	return t, nil
}

func readPostgres(ctx context.Context, q Querier, t *tableInfo) error {
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

func readMySQL(ctx context.Context, q Querier, t *tableInfo) error {
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
		if c.autoInc {
			t.autoInc = name
		}
		t.cols[name] = c
	}
	return rows.Err()
}

func readSQLite(ctx context.Context, q Querier, t *tableInfo) error {
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
	if pks == 1 && intPK != "" {
		t.cols[intPK].autoInc = true
		t.autoInc = intPK
		var sqlText string
		err := q.QueryRowxContext(ctx, "SELECT coalesce(sql, '') FROM "+schema+".sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&sqlText)
		if err == nil && strings.Contains(strings.ToUpper(sqlText), "AUTOINCREMENT") {
			t.sqliteAutoincrement = true
		}
	}
	return nil
}

// addUnique adds the columns of index name, in index order, one call per
// column; a nil column (an expression) drops the index.
func (t *tableInfo) addUnique(rows []indexCol) {
	var cur *uniqueKey
	dropped := map[string]bool{}
	for _, r := range rows {
		if r.col == nil {
			dropped[r.index] = true
			continue
		}
		if cur == nil || cur.name != r.index {
			t.uniques = append(t.uniques, uniqueKey{name: r.index})
			cur = &t.uniques[len(t.uniques)-1]
		}
		cur.cols = append(cur.cols, *r.col)
	}
	t.uniques = slices.DeleteFunc(t.uniques, func(u uniqueKey) bool { return dropped[u.name] })
}

type indexCol struct {
	index string
	col   *string
}

func scanIndexCols(rows *sql.Rows) ([]indexCol, error) {
	defer rows.Close()
	var out []indexCol
	for rows.Next() {
		var r indexCol
		var col sql.NullString
		if err := rows.Scan(&r.index, &col); err != nil {
			return nil, err
		}
		if col.Valid {
			r.col = &col.String
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// readUniques adds the unique keys a catalog query lists as rows of
// (index, column or NULL for an expression), in index order.
func (t *tableInfo) readUniques(ctx context.Context, q Querier, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	cols, err := scanIndexCols(rows)
	if err != nil {
		return err
	}
	t.addUnique(cols)
	return nil
}

func readUniquePostgres(ctx context.Context, q Querier, t *tableInfo) error {
	// Deferrable constraints are left out: ON CONFLICT cannot use them.
	return t.readUniques(ctx, q, `SELECT i.indexrelid::regclass::text, a.attname
		FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
		LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
		WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indimmediate AND i.indpred IS NULL
		ORDER BY i.indisprimary DESC, i.indexrelid, k.ord`, t.quoted)
}

func readUniqueMySQL(ctx context.Context, q Querier, t *tableInfo) error {
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

func readUniqueSQLite(ctx context.Context, q Querier, t *tableInfo) error {
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
