package positional

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

// A hand-built multi-row UPDATE: one statement for every row, its
// arguments appended per row.
func renameAll(ctx context.Context, pool *pgxpool.Pool, items []*Item) error {
	var (
		rows []string
		args []any
	)
	for i, it := range items {
		it.Title = strings.TrimSpace(it.Title)
		it.Stock = 0
		rows = append(rows, fmt.Sprintf("($%d::bigint, $%d)", 2*i+1, 2*i+2))
		args = append(args, it.ID, it.Title)
	}
	q := "UPDATE items AS t SET title = v.title FROM (VALUES " + strings.Join(rows, ", ") + ") AS v(id, title) WHERE t.id = v.id"
	_, err := pool.Exec(ctx, q, args...) // want `^update skips mutated fields: \(\*pgxpool\.Pool\)\.Exec writes title of items but Stock \(stock\) was changed at line 20 and is not written`
	return err
}

// Silent: the argument list is also filled by a helper.
func helperArgs(ctx context.Context, pool *pgxpool.Pool, items []*Item, rows string) {
	args := make([]any, 0, 2*len(items))
	for _, it := range items {
		it.Stock = 0
		args = append(args, it.ID, it.Title)
	}
	addMore(&args)
	pool.Exec(ctx, "UPDATE items AS t SET title = v.title FROM (VALUES "+rows+") AS v(id, title) WHERE t.id = v.id", args...)
}

func addMore(args *[]any) {}

// Silent: both columns are in the SET list.
func bothRows(ctx context.Context, pool *pgxpool.Pool, items []*Item, rows string) {
	var args []any
	for _, it := range items {
		it.Stock = 0
		args = append(args, it.ID, it.Title, it.Stock)
	}
	pool.Exec(ctx, "UPDATE items AS t SET title = v.title, stock = v.stock FROM (VALUES "+rows+") AS v(id, title, stock) WHERE t.id = v.id", args...)
}
