package builder

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

type Order struct {
	ID     int64  `db:"id"`
	Status string `db:"status"`
	Total  int64  `db:"total"`
	Notes  string `db:"notes"`
}

func ship(ctx context.Context, db *sql.DB, orders []*Order) error {
	for _, o := range orders {
		o.Status = "shipped"
		o.Notes = "sent"
		_, err := sq.Update("orders").Set("status", o.Status).Where(sq.Eq{"id": o.ID}).RunWith(db).PlaceholderFormat(sq.Dollar).ExecContext(ctx) // want `^update skips mutated fields: \(squirrel\.UpdateBuilder\)\.ExecContext writes status of orders but Notes \(notes\) was changed at line 20 and is not written; add the column, or write changed columns with bulk\.Update and bulk\.Track$`
		if err != nil {
			return err
		}
	}
	return nil
}

func render(db *sql.DB, o *Order) error {
	o.Total = 0
	query, args, err := sq.Update("orders").SetMap(sq.Eq{"status": o.Status}).Where(sq.Eq{"id": o.ID}).ToSql() // want `^update skips mutated fields: \(squirrel\.UpdateBuilder\)\.ToSql writes status of orders but Total \(total\) was changed at line 30`
	if err != nil {
		return err
	}
	_, err = db.Exec(query, args...)
	return err
}

// Silent: every changed column is set.
func both(db *sql.DB, o *Order) { // want both:`writes\(param 1: status,notes via \(squirrel\.UpdateBuilder\)\.Exec\)`
	o.Status = "s"
	o.Notes = "n"
	sq.Update("orders").Set("status", o.Status).Set("notes", o.Notes).Where(sq.Eq{"id": o.ID}).RunWith(db).Exec()
}

// Silent: the builder comes from a variable.
func stored(db *sql.DB, o *Order, b sq.UpdateBuilder) {
	o.Notes = "n"
	b.Set("status", o.Status).RunWith(db).Exec()
}
