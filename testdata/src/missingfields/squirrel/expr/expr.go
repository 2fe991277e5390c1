// Package expr shows squirrel updates whose values are expressions.
package expr

import (
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

type Item struct {
	ID    int64
	Name  string
	Price int
	Stock int
}

func rename(db *sql.DB, it *Item) error {
	it.Name = "n"
	it.Price = 3
	_, err := sq.Update("items"). // want `^update skips mutated fields: \(squirrel\.UpdateBuilder\)\.Exec writes name of items but Price \(price\) was changed at line 19 and is not written`
					Set("name", sq.Case("id").When(sq.Expr("?", it.ID), sq.Expr("?", it.Name)).Else("name")).
					Where(sq.Eq{"id": it.ID}).
					RunWith(db).Exec()
	return err
}

// Silent: the expression reads every changed field.
func restock(db *sql.DB, it *Item) { // want restock:`writes\(param 1: price,stock via \(squirrel\.UpdateBuilder\)\.Exec\)`
	it.Stock = 1
	it.Price = 2
	sq.Update("items").
		Set("stock", sq.Expr("stock + ?", it.Stock)).
		Set("price", sq.Expr("?", it.Price)).
		Where(sq.Eq{"id": it.ID}).
		RunWith(db).Exec()
}
