package bulk

import (
	"context"
	"database/sql"
	"fmt"
)

// pgOps is PostgreSQL's dialectOps. Rows bound through pgx's database/sql
// driver become a relation of one typed array per column (unnest), others
// a VALUES list with a cast per value.
type pgOps struct{}

// pgMaxParams is PostgreSQL's bind parameter limit of one statement.
const pgMaxParams = 65535

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
