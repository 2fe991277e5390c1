package bulk

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
)

// mysqlOps is MySQL's and MariaDB's dialectOps. A derived table of bound
// values would type its columns from its first row, so rows are staged in
// temporary tables of the table's own types (see stageMySQL).
type mysqlOps struct{}

// mysqlMaxParams is MySQL's bind parameter limit of one statement.
const mysqlMaxParams = 65535

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

// keyListMax: see mysqlInMax.
func (*mysqlOps) keyListMax(nkey int) int {
	if nkey > 1 {
		return mysqlInMax
	}
	return 0
}

func (*mysqlOps) isolation(c *call, op string) sql.IsolationLevel {
	switch op {
	case "upsert":
		if !c.inTx {
			// No gap locks: concurrent upserts of overlapping keys would
			// otherwise deadlock on the gaps of keys not there yet.
			return sql.LevelReadCommitted
		}
	case "update":
		// Repeatable read, whatever the server's default: see the
		// UPDATE of updateChunk.
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
		if c.autoInc {
			t.autoInc = name
		}
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

// mysqlInMax is the most composite keys one MySQL lookup lists, so that
// the range optimizer (range_optimizer_max_mem_size) keeps an index range
// read rather than falling back to a scan.
const mysqlInMax = 999
