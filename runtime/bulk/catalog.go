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
	// loose: the database may find a row by a string key that differs
	// from the row's value in Go: MySQL's foldCase or padSpace,
	// PostgreSQL's char(n), a COLLATE in an SQLite table's definition.
	loose bool
}

// tableInfo is one table as the catalog describes it, read once per call.
type tableInfo struct {
	name                string // as given
	quoted              string
	cols                map[string]*column
	autoInc             string // the auto-increment column, if any
	uniques             []uniqueKey
	foldsKeys           bool // a column's collation folds keys (see column.foldCase)
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

func readTable(ctx context.Context, q Querier, d Dialect, ops dialectOps, name string) (*tableInfo, error) {
	if name == "" {
		return nil, ErrEmptyTable
	}
	if !validName(name) {
		return nil, fmt.Errorf("%w: table %q", ErrInvalidName, name)
	}
	if ops == nil {
		return nil, fmt.Errorf("%w: %v", ErrUnknownDialect, d)
	}
	t := &tableInfo{name: name, quoted: d.quoteTable(name), cols: map[string]*column{}}
	if err := ops.readColumns(ctx, q, t); err != nil {
		return nil, err
	}
	if len(t.cols) == 0 {
		return nil, fmt.Errorf("%w: %s", ErrUnknownTable, name)
	}
	if err := ops.readUniques(ctx, q, t); err != nil {
		return nil, fmt.Errorf("bulk: reading unique keys of %s: %w", name, err)
	}
	return t, nil
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
