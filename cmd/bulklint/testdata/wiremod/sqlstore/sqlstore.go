// Package sqlstore implements store.Store with database/sql.
package sqlstore

import (
	"context"
	"database/sql"
)

type DB struct{ db *sql.DB }

func New(db *sql.DB) *DB { return &DB{db: db} }

func (d *DB) UserName(ctx context.Context, id int64) (string, error) {
	var name string
	err := d.db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = $1", id).Scan(&name)
	return name, err
}

func (d *DB) DeleteUser(ctx context.Context, id int64) error {
	_, err := d.db.ExecContext(ctx, "DELETE FROM users WHERE id = $1", id)
	return err
}

func (d *DB) Touch(ctx context.Context, id int64) error {
	_, err := d.db.ExecContext(ctx, "UPDATE sessions SET seen = now() WHERE id = $1", id)
	return err
}
