// Package migrations holds a migration: it skips conflicts so that it can
// run again, and its count says nothing; its error still matters.
package migrations

import (
	"context"
	"database/sql"
)

// Negative: the count of a migration's insert.
func backfill(ctx context.Context, db *sql.DB, table, partition string) error {
	_, err := db.ExecContext(ctx, `INSERT INTO backfill_progress (table_name, partition_name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, table, partition)
	return err
}

// Its discarded error is still reported.
func blobs(tx *sql.Tx, checksum string, data []byte) {
	tx.Exec("INSERT INTO blobs (checksum, blob) VALUES (?, ?) ON CONFLICT DO NOTHING", checksum, data) // want `^ignored conflict: \(\*sql\.Tx\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into blobs and its error is discarded`
}
