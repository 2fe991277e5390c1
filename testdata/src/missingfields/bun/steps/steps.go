// Package steps holds bun updates built in steps through a local variable:
// bun changes a builder in place, so the calls made on the variable before
// Exec decide the columns it writes.
package steps

import (
	"context"

	"github.com/uptrace/bun"
)

type Book struct {
	bun.BaseModel `bun:"table:books"`

	ID     int64  `bun:",pk,autoincrement"`
	Title  string `bun:"title"`
	Author string `bun:"author"`
}

func one(ctx context.Context, db *bun.DB, b *Book) error {
	b.Title = "t"
	b.Author = "a"
	q := db.NewUpdate().Model(b)
	q.Column("title")
	_, err := q.WherePK().Exec(ctx) // want `^update skips mutated fields: \(\*bun\.UpdateQuery\)\.Exec writes title of b but Author \(author\) was changed at line 22 and is not written; add the column, or write changed columns with bulk\.Update and bulk\.Track$`
	return err
}

// Bulk in steps, the builder assigned back to itself.
func bulk(ctx context.Context, db bun.IDB, books []Book) error {
	for i := range books {
		books[i].Title = "t"
		books[i].Author = "a"
	}
	q := db.NewUpdate().Model(&books)
	q = q.Column("title")
	q = q.Bulk()
	_, err := q.Exec(ctx) // want `^update skips mutated fields: \(\*bun\.UpdateQuery\)\.Exec writes title of books but Author \(author\) was changed at line 33 and is not written`
	return err
}

// The change made after the builder was started is still written by Exec.
func changedLater(ctx context.Context, tx bun.Tx, b *Book) {
	q := tx.NewUpdate().Model(b).Column("title")
	b.Author = "a"
	q.WherePK().Exec(ctx) // want `^update skips mutated fields: \(\*bun\.UpdateQuery\)\.Exec writes title of b but Author \(author\) was changed at line 45`
}

// A helper that builds its update in steps writes chosen columns of its
// parameter.
func SaveTitle(ctx context.Context, db *bun.DB, b *Book) error { // want SaveTitle:`^writes\(param 2: title via \(\*bun\.UpdateQuery\)\.Exec\)$`
	q := db.NewUpdate().Model(b)
	q.Column("title").WherePK()
	_, err := q.Exec(ctx)
	return err
}

func callsHelper(ctx context.Context, db *bun.DB, b *Book) error {
	b.Author = "a"
	return SaveTitle(ctx, db, b) // want `^update skips mutated fields: steps\.SaveTitle writes title of b \(through \(\*bun\.UpdateQuery\)\.Exec\) but Author \(author\) was changed at line 59`
}

// Silent: every changed column is listed, in two steps.
func listed(ctx context.Context, db *bun.DB, b *Book) error { // want listed:`writes\(param 2: title,author via \(\*bun\.UpdateQuery\)\.Exec\)`
	b.Title = "t"
	b.Author = "a"
	q := db.NewUpdate().Model(b)
	q.Column("title")
	q.Column("author")
	_, err := q.WherePK().Exec(ctx)
	return err
}

// Silent: a column added in a branch: the list depends on the path.
func conditional(ctx context.Context, db *bun.DB, b *Book, all bool) error {
	b.Author = "a"
	q := db.NewUpdate().Model(b)
	if !all {
		q.Column("title")
	}
	_, err := q.WherePK().Exec(ctx)
	return err
}

func scoped(q *bun.UpdateQuery) { q.Column("author") }

// Silent: the builder is handed to a helper, which may add columns.
func helper(ctx context.Context, db *bun.DB, b *Book) error {
	b.Author = "a"
	q := db.NewUpdate().Model(b).Column("title")
	scoped(q)
	_, err := q.WherePK().Exec(ctx)
	return err
}

// Silent: a builder from a parameter may list any column by now.
func parameter(ctx context.Context, q *bun.UpdateQuery, b *Book) error {
	b.Author = "a"
	q.Model(b).Column("title")
	_, err := q.WherePK().Exec(ctx)
	return err
}

// Silent: without Column bun writes every column.
func everyColumn(ctx context.Context, db *bun.DB, b *Book) error {
	b.Author = "a"
	q := db.NewUpdate().Model(b)
	q.WherePK()
	_, err := q.Exec(ctx)
	return err
}

// Silent: the variable is given another update, of every column, before
// Exec. A variable assigned two queries is not followed.
func reassigned(ctx context.Context, db *bun.DB, b *Book) error {
	b.Author = "a"
	q := db.NewUpdate().Model(b).Column("title")
	q = db.NewUpdate().Model(b)
	_, err := q.WherePK().Exec(ctx)
	return err
}
