// Package pg is the SQL implementation of engine.DataReader; only the
// engine's tests import it.
package pg

import (
	"context"
	"database/sql"
)

type Reader struct{ db *sql.DB }

func New(db *sql.DB) *Reader { return &Reader{db: db} }

func (r *Reader) Query(ctx context.Context, relation string) ([]string, error) { // want Query:`^query\(\(\*sql\.DB\)\.QueryContext\)$`
	rows, err := r.db.QueryContext(ctx, `SELECT entity_id FROM relation_tuples WHERE relation = $1`, relation)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
