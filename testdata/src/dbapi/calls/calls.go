// Package calls exercises the database-API model: every call commented with
// "db:KIND" must match with that kind, every other call must not match.
package calls

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
)

type User struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// Accessor is an application's own interface over sqlx, as real services
// write it: calls through it are database calls.
type Accessor interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
}

// DBTX is the interface sqlc generates for database/sql.
type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
	QueryContext(context.Context, string, ...interface{}) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...interface{}) *sql.Row
}

// PgxDBTX is the interface sqlc generates for pgx.
type PgxDBTX interface {
	Exec(context.Context, string, ...interface{}) (pgconn.CommandTag, error)
	Query(context.Context, string, ...interface{}) (pgx.Rows, error)
	QueryRow(context.Context, string, ...interface{}) pgx.Row
}

// Cache has methods named like queries that are not: no match.
type Cache interface {
	Get(key string) (string, bool)
	Exec(cmd string) error
}

// Embedding gives the library's own methods.
type Store struct{ *sqlx.DB }

func databaseSQL(ctx context.Context, db *sql.DB, tx *sql.Tx, stmt *sql.Stmt) {
	db.QueryContext(ctx, "SELECT 1")     // db:query
	db.QueryRow("SELECT 1")              // db:query-row
	tx.ExecContext(ctx, "DELETE FROM t") // db:exec
	stmt.Exec(1)                         // db:exec
	db.BeginTx(ctx, nil)                 // db:begin
	db.PrepareContext(ctx, "SELECT 1")   // db:prepare
	db.Ping()
	db.SetMaxOpenConns(3)
}

func sqlxCalls(ctx context.Context, db *sqlx.DB, tx *sqlx.Tx, ns *sqlx.NamedStmt, s Store) {
	var u User
	var us []User
	db.GetContext(ctx, &u, "SELECT * FROM users WHERE id = $1", 1)            // db:query-row
	db.Select(&us, "SELECT * FROM users")                                     // db:query
	tx.NamedExec("UPDATE users SET name = :name", us)                         // db:exec
	ns.GetContext(ctx, &u, u)                                                 // db:query-row
	sqlx.GetContext(ctx, db, &u, "SELECT 1")                                  // db:query-row
	q, args, _ := sqlx.In("SELECT * FROM users WHERE id IN (?)", []int{1, 2}) // db:batched
	db.Rebind(q)
	db.QueryContext(ctx, q, args...)  // db:query
	s.QueryRowxContext(ctx, "SELECT") // db:query-row
	s.MustExec("DELETE FROM t")       // db:exec
}

func pgxCalls(ctx context.Context, conn *pgx.Conn, pool *pgxpool.Pool, tx pgx.Tx) {
	conn.Query(ctx, "SELECT 1")    // db:query
	pool.QueryRow(ctx, "SELECT 1") // db:query-row
	tx.Exec(ctx, "DELETE FROM t")  // db:exec
	b := &pgx.Batch{}
	b.Queue("SELECT 1")                                                           // db:batch-queue
	pool.SendBatch(ctx, b)                                                        // db:batch-send
	conn.CopyFrom(ctx, pgx.Identifier{"t"}, []string{"a"}, pgx.CopyFromRows(nil)) // db:copy
}

func gormCalls(db *gorm.DB) {
	var u User
	var us []User
	db.Where("name = ?", "x").Find(&us)               // db:query
	db.First(&u, 1)                                   // db:query-row
	db.Create(&u)                                     // db:exec
	db.Model(&u).Updates(map[string]any{"name": "y"}) // db:exec
	db.Raw("SELECT 1").Scan(&u)                       // db:query
	db.Exec("DELETE FROM t")                          // db:exec
	db.Model(&u).Association("Orders").Find(&us)      // db:query
}

func squirrelCalls(db *sql.DB) {
	sq.Select("*").From("users").RunWith(db).Query()                  // db:query
	sq.Insert("users").Columns("name").Values("x").RunWith(db).Exec() // db:exec
	q, args, _ := sq.Select("*").From("users").ToSql()
	db.Query(q, args...) // db:query
}

func interfaces(ctx context.Context, a Accessor, d DBTX, p PgxDBTX, c Cache) {
	var u User
	a.GetContext(ctx, &u, "SELECT 1")   // db:query-row
	a.QueryxContext(ctx, "SELECT 1")    // db:query
	a.ExecContext(ctx, "DELETE FROM t") // db:exec
	d.QueryRowContext(ctx, "SELECT 1")  // db:query-row
	p.Query(ctx, "SELECT 1")            // db:query
	c.Get("k")
	c.Exec("FLUSHALL")
}
