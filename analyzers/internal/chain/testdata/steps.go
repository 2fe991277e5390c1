// Package steps holds bun chains, each finisher marked with the chain
// chain.Index.Of returns for it, first call first, and the variable
// it was built in: "Ignore?" is a conditional call, "-" a chain that is
// not started.
package steps

import (
	"context"
	"errors"

	"github.com/uptrace/bun"
)

type User struct {
	ID   int64 `bun:",pk"`
	Name string
}

func oneExpression(ctx context.Context, db *bun.DB, u *User) {
	db.NewInsert().Model(u).Ignore().Exec(ctx) // chain: NewInsert Model Ignore Exec
}

func steps(ctx context.Context, db *bun.DB, u *User) {
	q := db.NewInsert().Model(u)
	q.Ignore()
	q.Exec(ctx) // chain: NewInsert Model Ignore Exec (q)
}

func selfAssign(ctx context.Context, db bun.IDB, u *User) {
	q := db.NewInsert()
	q = q.Model(u)
	q = q.On("CONFLICT DO NOTHING")
	q.Returning("id").Scan(ctx) // chain: NewInsert Model On Returning Scan (q)
}

func conditional(ctx context.Context, db *bun.DB, u *User, skip bool) {
	q := db.NewInsert().Model(u)
	if skip {
		q.Ignore()
	}
	q.Exec(ctx) // chain: NewInsert Model Ignore? Exec (q)
}

func varDecl(ctx context.Context, tx bun.Tx, u *User) {
	var q *bun.InsertQuery
	q = tx.NewInsert()
	q.Model(u).Ignore()
	q.Exec(ctx) // chain: NewInsert Model Ignore Exec (q)
}

func varValue(ctx context.Context, db *bun.DB, u *User) {
	var q = db.NewInsert().Model(u)
	q.Exec(ctx) // chain: NewInsert Model Exec (q)
}

// The branch that ignores returns: its call does not reach the second Exec.
func earlyReturn(ctx context.Context, db *bun.DB, u *User, skip bool) error {
	q := db.NewInsert().Model(u)
	if skip {
		q.Ignore()
		_, err := q.Exec(ctx) // chain: NewInsert Model Ignore Exec (q)
		return err
	}
	_, err := q.Exec(ctx) // chain: NewInsert Model Exec (q)
	return err
}

func panics(ctx context.Context, db *bun.DB, u *User, skip bool) {
	q := db.NewInsert().Model(u)
	if skip {
		q.Ignore()
		panic("no")
	}
	q.Exec(ctx) // chain: NewInsert Model Exec (q)
}

// Calls in the finisher's chain stay made on the builder.
func twice(ctx context.Context, db *bun.DB, u *User) {
	q := db.NewInsert().Model(u)
	q.Exec(ctx)          // chain: NewInsert Model Exec (q)
	q.Ignore().Exec(ctx) // chain: NewInsert Model Ignore Exec (q)
	q.Exec(ctx)          // chain: NewInsert Model Ignore Exec (q)
}

// A call written after the finisher is not counted, even in a loop.
func after(ctx context.Context, db *bun.DB, users []User) {
	q := db.NewInsert()
	for i := range users {
		q.Model(&users[i]).Exec(ctx) // chain: NewInsert Model Exec (q)
		q.Ignore()
	}
}

func loop(ctx context.Context, db *bun.DB, users []User) {
	q := db.NewUpdate().Model(&users)
	for range 3 {
		q.Column("name")
		q.Bulk().Exec(ctx) // chain: NewUpdate Model Column Bulk Exec (q)
	}
}

// The start runs again after the call that continues: the call does not
// reach the finisher.
func restart(ctx context.Context, db *bun.DB, users []User) {
	var q *bun.InsertQuery
	for i := range users {
		q = db.NewInsert().Model(&users[i])
		if users[i].ID == 0 {
			q.Ignore()
			continue
		}
		q.Exec(ctx) // chain: NewInsert Model Exec (q)
	}
}

func inSwitch(ctx context.Context, db *bun.DB, u *User, mode int) {
	q := db.NewInsert().Model(u)
	switch mode {
	case 1:
		q.Ignore()
	case 2:
		q.On("CONFLICT (id) DO UPDATE")
	}
	q.Exec(ctx) // chain: NewInsert Model Ignore? On? Exec (q)
}

func inClosure(ctx context.Context, db *bun.DB, u *User) {
	func() {
		q := db.NewInsert().Model(u)
		q.Ignore()
		q.Exec(ctx) // chain: NewInsert Model Ignore Exec (q)
	}()
}

func decorate(q *bun.InsertQuery) { q.Ignore() }

func passed(ctx context.Context, db *bun.DB, u *User) {
	q := db.NewInsert().Model(u)
	decorate(q)
	q.Exec(ctx) // chain: -
}

func parameter(ctx context.Context, q *bun.InsertQuery) {
	q.Ignore()
	q.Exec(ctx) // chain: -
}

func build(db *bun.DB) *bun.InsertQuery { return db.NewInsert() }

func fromCall(ctx context.Context, db *bun.DB) {
	q := build(db)
	q.Ignore()
	q.Exec(ctx) // chain: -
}

func reassigned(ctx context.Context, db *bun.DB, u *User) {
	q := db.NewInsert().Model(u).Ignore()
	q = db.NewInsert().Model(u)
	q.Exec(ctx) // chain: -
}

func aliased(ctx context.Context, db *bun.DB, u *User) {
	q := db.NewInsert().Model(u)
	q2 := q.Model(u)
	q2.Ignore()
	q.Exec(ctx)  // chain: -
	q2.Exec(ctx) // chain: -
}

func captured(ctx context.Context, db *bun.DB, u *User) {
	q := db.NewInsert().Model(u)
	ignore := func() { q.Ignore() }
	ignore()
	q.Exec(ctx) // chain: -
}

func addressed(ctx context.Context, db *bun.DB, u *User) {
	q := db.NewInsert().Model(u)
	p := &q
	(*p).Ignore()
	q.Exec(ctx) // chain: -
}

func multi(ctx context.Context, db *bun.DB, u *User) error {
	q, err := build(db), errors.New("x")
	q.Exec(ctx) // chain: -
	return err
}

func stored(ctx context.Context, db *bun.DB, u *User) {
	q := db.NewInsert().Model(u)
	s := struct{ q *bun.InsertQuery }{q}
	s.q.Ignore()
	q.Exec(ctx) // chain: -
}

// The builder's text is read, not the builder: it stays followed.
func rendered(ctx context.Context, db *bun.DB, u *User) string {
	q := db.NewInsert().Model(u)
	q.Ignore()
	s := q.String()
	q.Exec(ctx) // chain: NewInsert Model Ignore Exec (q)
	return s
}
