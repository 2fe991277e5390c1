package update

import (
	"context"

	"github.com/uptrace/bun"
)

type Book struct {
	bun.BaseModel `bun:"table:books"`

	ID     int64  `bun:",pk,autoincrement"`
	Title  string `bun:"title"`
	Author string `bun:"author"`
	Pages  int    `bun:"pages,skipupdate"`
}

func bulk(ctx context.Context, db *bun.DB, books []*Book) error {
	for _, b := range books {
		b.Title = "t"
		b.Author = "a"
	}
	_, err := db.NewUpdate().Model(&books).Column("title").Bulk().Exec(ctx) // want `^update skips mutated fields: \(\*bun\.UpdateQuery\)\.Exec writes title of books but Author \(author\) was changed at line 21 and is not written; add the column, or write changed columns with bulk\.Update and bulk\.Track$`
	return err
}

func one(ctx context.Context, tx bun.Tx, b *Book) error {
	b.Author = "a"
	_, err := tx.NewUpdate().Model(b).ExcludeColumn("author").WherePK().Exec(ctx) // want `^update skips mutated fields: \(\*bun\.UpdateQuery\)\.Exec writes every column but author of b but Author \(author\) was changed at line 28`
	return err
}

// Silent: without Column bun writes every column.
func all(ctx context.Context, db *bun.DB, b *Book) {
	b.Author = "a"
	db.NewUpdate().Model(b).WherePK().Exec(ctx)
}

// Silent: bun never updates a skipupdate column.
func skip(ctx context.Context, db *bun.DB, b *Book) {
	b.Pages = 3
	db.NewUpdate().Model(b).Column("title").WherePK().Exec(ctx)
}

// Scan runs the update too, with RETURNING.
func returning(ctx context.Context, db *bun.DB, b *Book) error {
	b.Author = "a"
	return db.NewUpdate().Model(b).Column("title").WherePK().Returning("*").Scan(ctx) // want `^update skips mutated fields: \(\*bun\.UpdateQuery\)\.Scan writes title of b but Author \(author\) was changed at line 47`
}

// Silent: a select into the value between the change and the write
// loads it anew.
func reloaded(ctx context.Context, db *bun.DB, b *Book) {
	b.Author = "a"
	db.NewSelect().Model(b).WherePK().Scan(ctx)
	db.NewUpdate().Model(b).Column("title").WherePK().Exec(ctx)
}
