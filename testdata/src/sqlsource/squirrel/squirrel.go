// Package squirrel exercises sqlsource on Masterminds/squirrel builder
// chains.
package squirrel

import (
	"database/sql"
	"fmt"

	sq "github.com/Masterminds/squirrel"
)

// want marks an expression whose recovered text (holes shown as …) the
// test compares with display; wantSSA does the same through go/ssa.
func want(expr any, display string)    {}
func wantSSA(expr any, display string) {}

// run lets a test mark a call that runs a builder: want(run(b.Exec()), ...).
func run(sql.Result, error) any { return nil }

const table = "users"

func inserts(db *sql.DB, id int, name string, cols []string, v any) {
	want(sq.Insert("users").Columns("id", "name").Values(id, name),
		"INSERT INTO users (id,name) VALUES (?,?)")
	want(sq.Insert(table).Columns("id", "name").Values(1, "a").Values(2, "b").Suffix("ON CONFLICT DO NOTHING"),
		"INSERT INTO users (id,name) VALUES (?,?),(?,?) ON CONFLICT DO NOTHING")
	want(sq.Insert("t").Options("IGNORE").Columns("a").Values(id),
		"INSERT IGNORE INTO t (a) VALUES (?)")
	want(sq.Replace("t").Columns("a").Values(id),
		"REPLACE INTO t (a) VALUES (?)")
	want(sq.StatementBuilder.PlaceholderFormat(sq.Dollar).Insert("t").Columns("a", "b").Values(id, name).Suffix("RETURNING id"),
		"INSERT INTO t (a,b) VALUES ($1,$2) RETURNING id")
	want(sq.Insert("t").Columns(cols...).Values(id).PlaceholderFormat(sq.Dollar),
		"INSERT INTO t (…) VALUES ($1)")
	want(sq.Insert("t").Columns("a", "b").Values(sq.Expr("now()"), v),
		"INSERT INTO t (a,b) VALUES (now(),…)")
	want(sq.Insert("t").SetMap(map[string]any{"b": name, "a": id}).Suffix("ON DUPLICATE KEY UPDATE a = a"),
		"INSERT INTO t (a,b) VALUES (?,?) ON DUPLICATE KEY UPDATE a = a")
	want(sq.Insert("t").Columns("a").Select(sq.Select("x").From("s").Where("y = ?", id)).PlaceholderFormat(sq.Dollar),
		"INSERT INTO t (a) SELECT x FROM s WHERE y = $1")
	want(sq.Insert("t").Columns("a").Values(id).Suffix("?? ?").PlaceholderFormat(sq.Question),
		"INSERT INTO t (a) VALUES (?) ?? ?")
	want(sq.Insert("t").Prefix("WITH x AS (SELECT 1)").Columns("a").Values(id).PlaceholderFormat(sq.Colon),
		"WITH x AS (SELECT 1) INSERT INTO t (a) VALUES (:1)")
	want(sq.Insert("t").Columns("a").Values(id).PlaceholderFormat(format()),
		"INSERT INTO t (a) VALUES (…)")

	// A builder in a variable assigned once, run later.
	b := sq.Insert("t").Columns("a").Values(id)
	b2 := b.Suffix("ON CONFLICT (a) DO NOTHING")
	want(run(b2.RunWith(db).Exec()), "INSERT INTO t (a) VALUES (?) ON CONFLICT (a) DO NOTHING")
	q, _, _ := b2.PlaceholderFormat(sq.Dollar).ToSql()
	want(q, "INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO NOTHING")
	wantSSA(q, "INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO NOTHING")
	wantSSA(fmt.Sprintf("INSERT INTO %s (a) VALUES (?)", table), "INSERT INTO users (a) VALUES (?)")

	// A builder grown in a loop is written more than once: unknown.
	grown := sq.Insert("t").Columns("a")
	for i := range 3 {
		grown = grown.Values(i)
	}
	want(run(grown.RunWith(db).Exec()), "…")

	// Unknown names hold no placeholder; a placeholder number after
	// another hole is unknown.
	want(sq.Insert(name).Columns("a").Values(id).PlaceholderFormat(sq.Dollar),
		"INSERT INTO … (a) VALUES ($1)")
	want(sq.Insert("t").Columns("a").Values(v, id).PlaceholderFormat(sq.Dollar),
		"INSERT INTO t (a) VALUES (…,$…)")
}

func format() sq.PlaceholderFormat { return sq.Dollar }

func updates(db *sql.DB, id int, name string, pred sq.Sqlizer) {
	want(sq.Update("users").Set("name", name).Set("updated_at", sq.Expr("now()")).Where("id = ?", id),
		"UPDATE users SET name = ?, updated_at = now() WHERE id = ?")
	want(sq.Update("t").SetMap(map[string]any{"z": 1, "a": name}).Where(sq.Eq{"id": id}).PlaceholderFormat(sq.Dollar),
		"UPDATE t SET a = $1, z = $2 WHERE …")
	want(sq.Update("t").Set("a", 1).Where(pred).Suffix("RETURNING id").PlaceholderFormat(sq.Dollar),
		"UPDATE t SET a = $1 WHERE … RETURNING id")
	want(run(sq.Update("t").Set("a", 1).RunWith(db).Exec()), "UPDATE t SET a = ?")
	want(sq.Delete("t").Where("id = ?", id).Limit(10),
		"DELETE FROM t WHERE id = ? LIMIT 10")
	want(sq.StatementBuilder.Select("a", "b").From("t").Where("id = ?", id).OrderBy("a"),
		"SELECT a, b FROM t WHERE id = ? ORDER BY a")
}

// unknownBuilder's receiver comes from a parameter: unknown.
func unknownBuilder(b sq.InsertBuilder) {
	want(b.Suffix("ON CONFLICT DO NOTHING"), "…")
}
