package fix

import (
	"context"

	"github.com/uptrace/bun"
)

type Book struct {
	ID     int64  `bun:",pk"`
	Title  string `bun:"title"`
	Author string `bun:"author_name"`
}

func bulk(ctx context.Context, db *bun.DB, books []*Book) {
	for _, b := range books {
		b.Author = "a"
	}
	db.NewUpdate().Model(&books).Column("title").Bulk().Exec(ctx) // want `^update skips mutated fields: \(\*bun\.UpdateQuery\)\.Exec writes title of books but Author \(author_name\)`
}
