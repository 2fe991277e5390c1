package bulk

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// sqliteOps is SQLite's dialectOps.
type sqliteOps struct{}

// sqliteMaxParams is SQLite's bind parameter limit of one statement.
const sqliteMaxParams = 32766

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
