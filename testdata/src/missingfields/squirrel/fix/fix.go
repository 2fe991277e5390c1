package fix

import (
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

type Order struct {
	ID     int64  `db:"id"`
	Status string `db:"status"`
	Notes  string `db:"notes"`
}

func ship(db *sql.DB, orders []Order) {
	for i := range orders {
		orders[i].Notes = "sent"
	}
	for _, o := range orders {
		sq.Update("orders").Set("status", o.Status).Where(sq.Eq{"id": o.ID}).RunWith(db).Exec() // want `^update skips mutated fields: \(squirrel\.UpdateBuilder\)\.Exec writes status of orders but Notes \(notes\)`
	}
}
