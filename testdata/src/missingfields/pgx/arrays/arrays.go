// Package arrays shows multi-row updates whose values are gathered per
// column and bound as arrays (UNNEST, = ANY).
package arrays

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

type Member struct {
	ID    int64
	Name  string
	Email string
}

const unnest = `UPDATE members SET name = data.name
FROM (SELECT UNNEST($1::bigint[]) AS id, UNNEST($2::text[]) AS name) AS data
WHERE members.id = data.id`

func normalize(ctx context.Context, conn *pgx.Conn, members []Member) error {
	var ids []int64
	var names []string
	for _, m := range members {
		m.Name = strings.TrimSpace(m.Name)
		m.Email = strings.ToLower(m.Email)
		ids = append(ids, m.ID)
		names = append(names, m.Name)
	}
	_, err := conn.Exec(ctx, unnest, ids, pgtype.FlatArray[string](names)) // want `^update skips mutated fields: \(\*pgx\.Conn\)\.Exec writes name of members but Email \(email\) was changed at line 28 and is not written`
	return err
}

// Silent: every changed field is gathered into a bound column.
func trim(ctx context.Context, conn *pgx.Conn, members []Member) {
	var ids []int64
	var names []string
	for _, m := range members {
		m.Name = strings.TrimSpace(m.Name)
		ids = append(ids, m.ID)
		names = append(names, m.Name)
	}
	conn.Exec(ctx, unnest, ids, names)
}

// Silent: a column slice that holds computed values may carry the change.
func computed(ctx context.Context, conn *pgx.Conn, members []Member) {
	var ids []int64
	var names []string
	for _, m := range members {
		m.Email = strings.ToLower(m.Email)
		ids = append(ids, m.ID)
		names = append(names, m.Name+" <"+m.Email+">")
	}
	conn.Exec(ctx, unnest, ids, names)
}
