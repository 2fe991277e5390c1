// Package plain exercises sqlsource on string expressions: constants,
// concatenations, fmt.Sprintf and local variables.
package plain

import (
	"fmt"
	"strings"

	"fixtures/sqlsource/plain/names"
)

// want marks an expression whose recovered text (holes shown as …) the
// test compares with display; wantSSA does the same through go/ssa.
func want(expr any, display string)    {}
func wantSSA(expr any, display string) {}

const local = "DELETE FROM t"

func constants(id int) {
	want("SELECT 1", "SELECT 1")
	want(local, "DELETE FROM t")
	want(names.Upsert, "INSERT INTO users (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING")
	want("UPDATE "+names.Users+" SET a = 1", "UPDATE users SET a = 1")
	wantSSA(names.Upsert, "INSERT INTO users (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING")
}

func concat(table string, rows []string) {
	want("INSERT INTO "+table+" (a) VALUES (?)", "INSERT INTO … (a) VALUES (?)")
	want("INSERT INTO t (a) VALUES "+strings.Join(rows, ","), "INSERT INTO t (a) VALUES …")
	want(("A"+"B")+(table+"C"), "AB…C")
	wantSSA("INSERT INTO "+table+" (a) VALUES (?)", "INSERT INTO … (a) VALUES (?)")
}

func sprintf(table string, n int) {
	want(fmt.Sprintf("INSERT INTO %s (a) VALUES (?)", table), "INSERT INTO … (a) VALUES (?)")
	want(fmt.Sprintf("INSERT INTO %s (a) VALUES (?)", names.Users), "INSERT INTO users (a) VALUES (?)")
	want(fmt.Sprintf("SELECT * FROM t LIMIT %d", 10), "SELECT * FROM t LIMIT 10")
	want(fmt.Sprintf("SELECT * FROM t LIMIT %d", n), "SELECT * FROM t LIMIT …")
	want(fmt.Sprintf("SELECT '100%%', %q FROM %s", table, "t"), "SELECT '100%', … FROM t")
	want(fmt.Sprintf("SELECT %[1]s FROM %s", "a", "t"), "SELECT … FROM …")
	want(fmt.Sprintf("SELECT %5s FROM %s", "a", "t"), "SELECT … FROM t")
	want(fmt.Sprintf(table+" %s", "x"), "… …")
	want(fmt.Sprintf("UPDATE t SET a = %s", "b %d"), "UPDATE t SET a = b %d")
	wantSSA(fmt.Sprintf("INSERT INTO %s (a) VALUES (%d)", names.Users, 1), "INSERT INTO … (a) VALUES (…)")
}

func locals(cond bool, table string) {
	q := "INSERT INTO t (a) VALUES (?)"
	want(q, "INSERT INTO t (a) VALUES (?)")

	var suffix = " ON CONFLICT DO NOTHING"
	full := q + suffix
	want(full, "INSERT INTO t (a) VALUES (?) ON CONFLICT DO NOTHING")

	// Grown under a condition: the piece is a hole.
	grown := "UPDATE t SET a = 1"
	if cond {
		grown += ", b = 2"
	}
	want(grown, "UPDATE t SET a = 1…")

	// Grown in straight-line code: known, through SSA too.
	straight := "UPDATE t SET a = 1"
	straight += ", b = 2"
	want(straight, "UPDATE t SET a = 1, b = 2")
	wantSSA(straight, "UPDATE t SET a = 1, b = 2")

	// Address taken: unknown.
	addr := "SELECT 1"
	p := &addr
	_ = p
	want(addr, "…")

	// Assigned in a tuple from a call that is not a builder: unknown.
	s, _ := pair()
	want(s, "…")

	// Parameters are unknown.
	want(table, "…")

	// A phi whose incoming texts agree is known through SSA.
	same := "DELETE FROM t"
	if cond {
		same = "DELETE FROM t"
	}
	wantSSA(same, "DELETE FROM t")
	differ := "DELETE FROM t"
	if cond {
		differ = "DELETE FROM u"
	}
	wantSSA(differ, "…")
}

func pair() (string, int) { return "SELECT 1", 1 }
