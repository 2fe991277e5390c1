package bulk

import (
	"context"
	"fmt"
	"strings"
)

// column is what the catalog says about one column.
type column struct {
	name     string
	pgType   string // PostgreSQL format_type, for array and VALUES casts
	autoInc  bool   // serial, identity, AUTO_INCREMENT or SQLite rowid alias
	seq      string // PostgreSQL sequence of autoInc
	computed bool   // GENERATED ALWAYS AS: never written
}

// tableInfo is one table as the catalog describes it, read once per call.
type tableInfo struct {
	name                string // as given
	quoted              string
	cols                map[string]*column
	autoInc             string // the auto-increment column, if any
	mariadb             bool
	sqliteAutoincrement bool
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
	t := &tableInfo{name: name, quoted: d.quote(name), cols: map[string]*column{}}
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
	query := "SELECT COLUMN_NAME, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
	args := []any{table}
	if schema != "" {
		query = "SELECT COLUMN_NAME, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
		args = []any{schema, table}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("bulk: reading columns of %s: %w", t.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, extra string
		if err := rows.Scan(&name, &extra); err != nil {
			return err
		}
		extra = strings.ToLower(extra)
		c := &column{name: name, autoInc: strings.Contains(extra, "auto_increment"),
			computed: strings.Contains(extra, "generated") || strings.Contains(extra, "virtual") || strings.Contains(extra, "persistent")}
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
