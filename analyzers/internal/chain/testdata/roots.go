// Package roots holds package variables and struct fields, each marked
// with what chain.Index.BuilderRoot says of it ("root: Bun 2": a root of
// bun builders, with the number of chains stored in it; "root: -": not a
// root), and chains followed through local variables, marked with what
// chain.Index.Follow returns ("follow: Gorm Where Clauses", first call
// first, "..." when the chain is not started).
package roots

import (
	"context"

	sq "github.com/Masterminds/squirrel"
	"github.com/uptrace/bun"
	"gorm.io/gorm"
)

type User struct {
	ID int64 `bun:",pk"`
}

var db *bun.DB

var active = db.NewSelect().Model((*User)(nil)).Where("active") // root: Bun 1

var users = sq.Select("id").From("users") // root: Squirrel 1

// Other packages may write an exported variable.
var Exported = db.NewSelect() // root: -

var reassigned = db.NewSelect() // root: -

func reset() { reassigned = nil }

var addressed = db.NewSelect() // root: -

var _ = &addressed

var fromParam *bun.SelectQuery // root: -

func setParam(q *bun.SelectQuery) { fromParam = q }

type store struct {
	byID   *bun.SelectQuery // root: Bun 2
	insert *bun.InsertQuery // root: Bun 1
	param  *bun.SelectQuery // root: -
	never  *bun.SelectQuery // root: -
	conn   *gorm.DB         // root: -
}

func newStore(db *bun.DB, q *bun.SelectQuery, g *gorm.DB) *store {
	base := db.NewSelect().Model((*User)(nil))
	s := &store{byID: base.Where("id = ?"), conn: g.Session(&gorm.Session{})}
	s.insert = db.NewInsert()
	s.param = q
	return s
}

func other(db bun.IDB) store {
	return store{byID: db.NewSelect()}
}

func follow(ctx context.Context, g *gorm.DB, rows []User) {
	tx := g.Clauses().Where("x")
	tx.Create(&rows) // follow: Gorm ... Clauses Where Create
	q := sq.Update("users").Set("a", 1)
	q.Where("id = 1").Exec() // follow: Squirrel Update Set Where Exec
	var twice sq.UpdateBuilder
	twice = sq.Update("users")
	twice.Exec() // follow: Squirrel ... Exec
	_ = ctx
}
