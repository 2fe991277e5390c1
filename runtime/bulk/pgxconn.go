package bulk

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
)

type sqlConn = sql.Conn

// withPgx runs fn on the pgx connection under a *sqlx.DB or *sqlx.Conn.
func withPgx(ctx context.Context, q Querier, fn func(*pgx.Conn) error) error {
	run := func(raw interface{ Raw(func(any) error) error }) error {
		var ran bool
		err := raw.Raw(func(dc any) error {
			pc, ok := dc.(interface{ Conn() *pgx.Conn })
			if !ok {
				return fmt.Errorf("%w: %T is not a pgx connection", ErrUnknownDialect, dc)
			}
			ran = true
			return fn(pc.Conn())
		})
		if !ran && err == nil {
			err = fmt.Errorf("%w: no pgx connection", ErrUnknownDialect)
		}
		return err
	}
	switch h := q.(type) {
	case interface {
		Conn(context.Context) (*sql.Conn, error)
	}:
		conn, err := h.Conn(ctx)
		if err != nil {
			return fmt.Errorf("bulk: connection: %w", err)
		}
		defer conn.Close()
		return run(conn)
	case interface{ Raw(func(any) error) error }:
		return run(h)
	}
	return fmt.Errorf("%w: no raw connection under %T", ErrUnknownDialect, q)
}
