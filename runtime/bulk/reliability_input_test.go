package bulk_test

// The reliability suite, part two: input the database sees differently from
// Go (hostile names, keys that are not unique, keys a collation compares
// equal) and errors that must name the user's things.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bulklint/bulklint/runtime/bulk"
	"github.com/jmoiron/sqlx"
	"github.com/jmoiron/sqlx/reflectx"
)

// qi quotes an identifier correctly for the database: the test's own SQL
// must never be the thing that breaks on a hostile name.
func (tdb testDB) qi(name string) string {
	if tdb.name == "mysql" {
		return "`" + strings.ReplaceAll(name, "`", "``") + "`"
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// autoID is the DDL of an auto-increment primary key column named id.
func (tdb testDB) autoID() string {
	switch tdb.name {
	case "postgres":
		return "id BIGSERIAL PRIMARY KEY"
	case "mysql":
		return "id BIGINT AUTO_INCREMENT PRIMARY KEY"
	}
	return "id INTEGER PRIMARY KEY"
}

// hostileRow maps to id, k and a hostile column through a mapper, so that
// names a db tag cannot hold (a comma) are tried too.
type hostileRow struct {
	ID int64
	K  string
	H  string
}

func hostileMapper(col string) *reflectx.Mapper {
	return reflectx.NewMapperFunc("db", func(field string) string {
		switch field {
		case "ID":
			return "id"
		case "K":
			return "k"
		case "H":
			return col
		}
		return strings.ToLower(field)
	})
}

// sideEffects is what an injected expression would change: a counter the
// hostile names call (a sequence on PostgreSQL and MariaDB) and a victim
// table they try to drop.
type sideEffects struct {
	tdb    testDB
	seq    string // "" on SQLite, which has no sequence to call
	victim string
	last   int64 // the sequence's value at the last check
}

func newSideEffects(t *testing.T, tdb testDB) *sideEffects {
	s := &sideEffects{tdb: tdb, victim: tdb.table(t, "victim")}
	tdb.exec(t, "CREATE TABLE "+s.victim+" (n INTEGER)")
	t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE IF EXISTS " + s.victim) })
	if tdb.name != "sqlite" {
		s.seq = tdb.table(t, "seq")
		tdb.exec(t, "CREATE SEQUENCE "+s.seq)
		t.Cleanup(func() { _, _ = tdb.db.Exec("DROP SEQUENCE IF EXISTS " + s.seq) })
	}
	return s
}

// names are the hostile identifiers: quotes of each dialect, a space, a
// dot, a semicolon, statements to inject, and an expression that calls the
// side-effect sequence if a name is written into SQL unescaped (it starts
// with k, a real column, so that t."k", nextval(...) AS "y" is valid SQL).
func (s *sideEffects) names() []string {
	out := []string{`a"b`, "a`b", "with space", "dot.ted", "semi;colon",
		") ; DROP TABLE " + s.victim + "; --",
		`"); DROP TABLE ` + s.victim + "; --",
		"`); DROP TABLE " + s.victim + "; --",
	}
	switch s.tdb.name {
	case "postgres":
		out = append(out, `k", nextval('`+s.seq+`') AS "y`, `k") , (SELECT nextval('`+s.seq+`')`)
	case "mysql":
		out = append(out, "k`, NEXTVAL("+s.seq+") AS `y", "k`) , (SELECT NEXTVAL("+s.seq+")")
	default:
		out = append(out, `k", 'INJECTED' AS "y`, `k") , (SELECT 'INJECTED'`)
	}
	return out
}

// check fails the test if an injected expression ran: the sequence moved
// or the victim table is gone.
func (s *sideEffects) check(t *testing.T, what string) {
	t.Helper()
	var n int
	if err := s.tdb.db.Get(&n, "SELECT count(*) FROM "+s.victim); err != nil {
		t.Fatalf("%s: the victim table is gone: %v", what, err)
	}
	if s.seq == "" {
		return
	}
	var v int64
	q := "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + s.seq
	if s.tdb.name == "mysql" {
		q = "SELECT next_not_cached_value - 1 FROM " + s.seq
	}
	if err := s.tdb.db.Get(&v, q); err != nil {
		t.Fatalf("%s: reading the side-effect sequence: %v", what, err)
	}
	if v != s.last {
		t.Errorf("%s: a hostile name ran SQL: the side-effect sequence was called (%d, was %d)", what, v, s.last)
		s.last = v
	}
}

// hostileTable reads a table of id, k and one hostile column by id.
func hostileTable(t *testing.T, tdb testDB, table, col string) string {
	t.Helper()
	rows, err := tdb.db.Query(fmt.Sprintf("SELECT id, k, %s FROM %s ORDER BY id", tdb.qi(col), tdb.qi(table)))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id int64
		var k string
		var h sql.NullString
		if err := rows.Scan(&id, &k, &h); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%d|%s|%v|%s\n", id, k, h.Valid, h.String)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestReliabilityHostileNames creates tables and columns whose names hold a
// double quote, a backtick, a space, a dot, a semicolon, statements and
// expressions, quoted correctly for each database, and runs Insert, Upsert,
// Update and Load on them, the column names coming from a reflectx mapper.
// Each call either works exactly (values written and read back under the
// right column, keys filled back) or is refused with ErrInvalidName before
// anything runs; never a side effect of the name (a sequence called, a
// table dropped) and never a column silently left out.
func TestReliabilityHostileNames(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		fx := newSideEffects(t, tdb)
		var refused, worked, wrong int
		dotted := false // the table name being tried holds a dot
		// verdict checks one call: refused with ErrInvalidName and nothing
		// changed, or worked and want holds.
		verdict := func(t *testing.T, op string, err error, before, after string, want func() error) {
			t.Helper()
			fx.check(t, op)
			if errors.Is(err, bulk.ErrUnknownTable) && dotted {
				// A dotted table name is schema.table, as documented: the
				// table "bhN_dot" has no schema; refused before anything ran.
				err = fmt.Errorf("%w (unknown schema)", bulk.ErrInvalidName)
			}
			switch {
			case err == nil:
				if werr := want(); werr != nil {
					wrong++
					t.Errorf("%s: no error, but %v\ntable after:\n%s", op, werr, after)
					return
				}
				worked++
			case errors.Is(err, bulk.ErrInvalidName):
				refused++
				if after != before {
					t.Errorf("%s: refused with ErrInvalidName, but the table changed:\nbefore:\n%safter:\n%s", op, before, after)
				}
			default:
				wrong++
				t.Errorf("%s: err = %v, want nil or ErrInvalidName", op, err)
				if after != before {
					t.Errorf("%s: failed, but the table changed:\nbefore:\n%safter:\n%s", op, before, after)
				}
			}
		}
		for i, col := range fx.names() {
			t.Run(fmt.Sprintf("column%d", i), func(t *testing.T) {
				t.Logf("column %q", col)
				table := tdb.table(t, "hcol")
				kt := "VARCHAR(40)"
				if tdb.name != "mysql" {
					kt = "TEXT"
				}
				tdb.exec(t, fmt.Sprintf("CREATE TABLE %s (%s, k VARCHAR(40) NOT NULL UNIQUE, %s %s NULL)", table, tdb.autoID(), tdb.qi(col), kt))
				t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE " + table) })
				m := bulk.WithMapper(hostileMapper(col))
				read := func() string { return hostileTable(t, tdb, table, col) }
				values := func() (map[string]string, map[string]int64) {
					h, ids := map[string]string{}, map[string]int64{}
					for _, line := range strings.Split(strings.TrimSpace(read()), "\n") {
						var id int64
						parts := strings.SplitN(line, "|", 4)
						if len(parts) != 4 {
							continue
						}
						fmt.Sscan(parts[0], &id)
						ids[parts[1]] = id
						if parts[2] == "true" {
							h[parts[1]] = parts[3]
						} else {
							h[parts[1]] = "<NULL>"
						}
					}
					return h, ids
				}
				expect := func(want map[string]string, rows ...hostileRow) func() error {
					return func() error {
						h, ids := values()
						for k, v := range want {
							if h[k] != v {
								return fmt.Errorf("row %s holds %q under the column, want %q", k, h[k], v)
							}
						}
						if len(h) != len(want) {
							return fmt.Errorf("%d rows, want %d", len(h), len(want))
						}
						for _, r := range rows {
							if r.ID != ids[r.K] {
								return fmt.Errorf("row %s was given id %d, the table has %d", r.K, r.ID, ids[r.K])
							}
						}
						return nil
					}
				}

				before := read()
				ins := []hostileRow{{K: "a", H: `va"'`}, {K: "b", H: "vb`;"}}
				_, err := bulk.Insert(ctx, tdb.db, table, ins, m)
				verdict(t, "Insert", err, before, read(), expect(map[string]string{"a": `va"'`, "b": "vb`;"}, ins...))
				if err != nil {
					tdb.exec(t, fmt.Sprintf("DELETE FROM %s", table))
					tdb.exec(t, fmt.Sprintf("INSERT INTO %s (k, %s) VALUES ('a', 'va\"'''), ('b', 'vb`;')", table, tdb.qi(col)))
				}
				_, ids := values()

				before = read()
				up := []hostileRow{{K: "a", H: "va2"}, {K: "c", H: "vc"}}
				res, err := bulk.Upsert(ctx, tdb.db, table, up, m, bulk.Key("k"))
				verdict(t, "Upsert", err, before, read(), func() error {
					if !slices.Equal(res.Outcomes, []bulk.Outcome{bulk.Updated, bulk.Inserted}) {
						return fmt.Errorf("outcomes %v, want [updated inserted]", res.Outcomes)
					}
					return expect(map[string]string{"a": "va2", "b": "vb`;", "c": "vc"}, up...)()
				})
				h, _ := values()

				before = read()
				upd := []hostileRow{{ID: ids["b"], K: "b", H: "vb3"}}
				_, err = bulk.Update(ctx, tdb.db, table, upd, m)
				want := map[string]string{}
				for k, v := range h {
					want[k] = v
				}
				want["b"] = "vb3"
				verdict(t, "Update", err, before, read(), expect(want))
				h, _ = values()

				before = read()
				got, err := bulk.Load[hostileRow](ctx, tdb.db, table, []int64{ids["a"], ids["b"]}, m)
				verdict(t, "Load", err, before, read(), func() error {
					for _, k := range []string{"a", "b"} {
						if r, ok := got[ids[k]]; !ok || r.K != k || r.H != h[k] {
							return fmt.Errorf("Load of %s returned %+v (found %v), the table holds %q", k, r, ok, h[k])
						}
					}
					return nil
				})
			})
		}
		for i, name := range fx.names() {
			t.Run(fmt.Sprintf("table%d", i), func(t *testing.T) {
				table := fmt.Sprintf("bh%d_%s", tableSeq.Add(1), name)
				dotted = strings.Contains(name, ".")
				if tdb.name != "sqlite" && len(table) > 60 {
					table = table[:60]
				}
				t.Logf("table %q", table)
				tdb.exec(t, fmt.Sprintf("CREATE TABLE %s (%s, k VARCHAR(40) NOT NULL UNIQUE, h VARCHAR(40) NULL)", tdb.qi(table), tdb.autoID()))
				t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE " + tdb.qi(table)) })
				type row struct {
					ID int64  `db:"id"`
					K  string `db:"k"`
					H  string `db:"h"`
				}
				read := func() string { return hostileTable(t, tdb, table, "h") }
				before := read()
				ins := []row{{K: "a", H: "va"}, {K: "b", H: "vb"}}
				_, err := bulk.Insert(ctx, tdb.db, table, ins)
				verdict(t, "Insert", err, before, read(), func() error {
					if want := fmt.Sprintf("%d|a|true|va\n%d|b|true|vb\n", ins[0].ID, ins[1].ID); read() != want || ins[0].ID == 0 {
						return fmt.Errorf("table holds\n%swant\n%s", read(), want)
					}
					return nil
				})
				before = read()
				up := []row{{K: "a", H: "va2"}}
				_, err = bulk.Upsert(ctx, tdb.db, table, up, bulk.Key("k"))
				verdict(t, "Upsert", err, before, read(), func() error {
					if !strings.Contains(read(), "|a|true|va2\n") {
						return fmt.Errorf("table holds\n%s", read())
					}
					return nil
				})
				before = read()
				got, err := bulk.Load[row](ctx, tdb.db, table, []string{"a"}, bulk.Key("k"))
				verdict(t, "Load", err, before, read(), func() error {
					if r, ok := got["a"]; !ok || r.K != "a" || r.ID == 0 || !strings.Contains(read(), fmt.Sprintf("%d|a|true|%s\n", r.ID, r.H)) {
						return fmt.Errorf("Load returned %+v (found %v), the table holds\n%s", r, ok, read())
					}
					return nil
				})
			})
		}
		t.Logf("hostile names: %d calls worked, %d refused with ErrInvalidName, %d wrong", worked, refused, wrong)
	})
}

// acct is the row of a table with two unique keys besides the primary key:
// (org, sku) and email; val is not unique.
type acct struct {
	ID    int64  `db:"id"`
	Org   int    `db:"org"`
	SKU   string `db:"sku"`
	Val   int    `db:"val"`
	Email string `db:"email"`
	Name  string `db:"name"`
}

func (tdb testDB) acctTable(t *testing.T) (string, []acct) {
	t.Helper()
	table := tdb.table(t, "acct")
	tdb.exec(t, fmt.Sprintf(`CREATE TABLE %s (%s, org INTEGER NOT NULL, sku VARCHAR(64) NOT NULL, val INTEGER NOT NULL,
		email VARCHAR(100) NOT NULL, name VARCHAR(100) NOT NULL, UNIQUE (org, sku), UNIQUE (email))`, table, tdb.autoID()))
	tdb.exec(t, "CREATE INDEX "+table+"_val ON "+table+" (val)")
	t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE " + table) })
	seed := []acct{{Org: 1, SKU: "a", Val: 7, Email: "a@x", Name: "first"}, {Org: 1, SKU: "b", Val: 7, Email: "b@x", Name: "second"}}
	if _, err := bulk.Insert(context.Background(), tdb.db, table, seed); err != nil {
		t.Fatal(err)
	}
	return table, seed
}

func (tdb testDB) acctSnapshot(t *testing.T, table string) string {
	t.Helper()
	var rows []acct
	if err := tdb.db.Select(&rows, "SELECT id, org, sku, val, email, name FROM "+table+" ORDER BY id"); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(rows)
}

// TestReliabilityNotUniqueKey runs Upsert, SkipConflicts and Load with a Key
// that is not a unique key of the table (a non-unique column, part of a
// composite unique key): each must fail with ErrNotUniqueKey, write
// nothing, and list the table's unique keys. A Key that is one of several
// unique keys works.
func TestReliabilityNotUniqueKey(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		calls := []struct {
			name string
			run  func(table string) error
		}{
			{"Upsert Key(val)", func(table string) error {
				_, err := bulk.Upsert(ctx, tdb.db, table, []acct{{Org: 2, SKU: "c", Val: 7, Email: "c@x", Name: "new"}}, bulk.Key("val"))
				return err
			}},
			{"Upsert Key(org)", func(table string) error {
				_, err := bulk.Upsert(ctx, tdb.db, table, []acct{{Org: 1, SKU: "c", Val: 8, Email: "c@x", Name: "new"}}, bulk.Key("org"))
				return err
			}},
			{"Insert SkipConflicts(val)", func(table string) error {
				_, err := bulk.Insert(ctx, tdb.db, table, []acct{{Org: 2, SKU: "c", Val: 7, Email: "c@x", Name: "new"}}, bulk.SkipConflicts("val"))
				return err
			}},
			{"Load Key(val)", func(table string) error {
				got, err := bulk.Load[acct](ctx, tdb.db, table, []int{7}, bulk.Key("val"))
				if err == nil {
					return fmt.Errorf("no error: %d of the 2 rows with val 7 returned", len(got))
				}
				return err
			}},
		}
		for _, c := range calls {
			table, _ := tdb.acctTable(t)
			before := tdb.acctSnapshot(t, table)
			err := c.run(table)
			switch {
			case !errors.Is(err, bulk.ErrNotUniqueKey):
				t.Errorf("%s: err = %v, want ErrNotUniqueKey", c.name, err)
			case !strings.Contains(err.Error(), "email") || !strings.Contains(err.Error(), "sku"):
				t.Errorf("%s: %q does not list the unique keys (org, sku) and (email)", c.name, err)
			default:
				t.Logf("%s: %v", c.name, err)
			}
			if after := tdb.acctSnapshot(t, table); after != before {
				t.Errorf("%s: the table changed:\nbefore %s\nafter  %s", c.name, before, after)
			}
		}
		table, _ := tdb.acctTable(t)
		rows := []acct{{Org: 1, SKU: "a", Val: 7, Email: "a@x", Name: "first, renamed"}}
		res, err := bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("email"))
		if err != nil || res.Updated != 1 {
			t.Errorf("Upsert Key(email), one of two unique keys: %+v, %v; want 1 updated", res, err)
		}
	})
}

// TestReliabilityUniqueConflict writes rows that are new by Key (org, sku)
// but whose email, another unique key, belongs to an existing row (or an
// existing row's update that takes another row's email). The call must
// fail with ErrUniqueConflict, the other row unchanged, nothing kept; on
// MySQL, ON DUPLICATE KEY UPDATE would otherwise fire on the email index.
func TestReliabilityUniqueConflict(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		calls := []struct {
			name string
			run  func(table string) (bulk.Result, error)
		}{
			{"Upsert of a new key with an existing email", func(table string) (bulk.Result, error) {
				return bulk.Upsert(ctx, tdb.db, table, []acct{
					{Org: 1, SKU: "c", Val: 1, Email: "c@x", Name: "fine"},
					{Org: 1, SKU: "d", Val: 1, Email: "a@x", Name: "steals a's email"},
				}, bulk.Key("org", "sku"))
			}},
			{"Upsert of an existing key taking another row's email", func(table string) (bulk.Result, error) {
				return bulk.Upsert(ctx, tdb.db, table, []acct{{Org: 1, SKU: "a", Val: 7, Email: "b@x", Name: "first"}}, bulk.Key("org", "sku"))
			}},
			{"Insert SkipConflicts(org, sku) of a new key with an existing email", func(table string) (bulk.Result, error) {
				return bulk.Insert(ctx, tdb.db, table, []acct{
					{Org: 1, SKU: "c", Val: 1, Email: "c@x", Name: "fine"},
					{Org: 1, SKU: "d", Val: 1, Email: "b@x", Name: "steals b's email"},
				}, bulk.SkipConflicts("org", "sku"))
			}},
		}
		for _, c := range calls {
			table, _ := tdb.acctTable(t)
			before := tdb.acctSnapshot(t, table)
			res, err := c.run(table)
			if !errors.Is(err, bulk.ErrUniqueConflict) {
				t.Errorf("%s: err = %v, result %+v; want ErrUniqueConflict", c.name, err, res)
			} else {
				t.Logf("%s: %v", c.name, err)
			}
			if after := tdb.acctSnapshot(t, table); after != before {
				t.Errorf("%s: the table changed:\nbefore %s\nafter  %s", c.name, before, after)
			}
		}
	})
}

// TestReliabilityCaseInsensitiveKeys writes keys that MariaDB's default
// collation (case-insensitive, pad space) compares equal: "Case" beside
// "case", "skip " beside "skip". In one call they are an ErrDuplicateKey
// error that says the database compares them equal, nothing written; an
// input "skip" for an existing "Skip" updates (Upsert) or skips
// (SkipConflicts) the existing row. PostgreSQL and SQLite compare them as
// Go does: two rows.
func TestReliabilityCaseInsensitiveKeys(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		ci := tdb.name == "mysql"
		for _, pair := range [][2]string{{"Case", "case"}, {"skip ", "skip"}} {
			for _, op := range []string{"Upsert", "SkipConflicts"} {
				table := tdb.productTable(t)
				rows := []product{{Org: 1, SKU: pair[0], Name: "one"}, {Org: 1, SKU: pair[1], Name: "two"}}
				var res bulk.Result
				var err error
				if op == "Upsert" {
					res, err = bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("org", "sku"))
				} else {
					res, err = bulk.Insert(ctx, tdb.db, table, rows, bulk.SkipConflicts("org", "sku"))
				}
				n := tdb.count(t, table)
				name := fmt.Sprintf("%s of %q and %q", op, pair[0], pair[1])
				if !ci {
					if err != nil || res.Inserted != 2 || n != 2 {
						t.Errorf("%s: %+v, %v, %d rows; want 2 inserted", name, res, err, n)
					}
					continue
				}
				msg := ""
				if err != nil {
					msg = strings.ToLower(err.Error())
				}
				switch {
				case !errors.Is(err, bulk.ErrDuplicateKey):
					t.Errorf("%s: err = %v, result %+v; want ErrDuplicateKey", name, err, res)
				case !strings.Contains(msg, "collation") && !strings.Contains(msg, "equal"):
					t.Errorf("%s: %q does not say the database compares the keys equal", name, err)
				default:
					t.Logf("%s: %v", name, err)
				}
				if n != 0 {
					t.Errorf("%s: %d rows written, want none", name, n)
				}
			}
		}
		table := tdb.productTable(t)
		existing := []product{{Org: 1, SKU: "Skip", Name: "old"}}
		if _, err := bulk.Insert(ctx, tdb.db, table, existing); err != nil {
			t.Fatal(err)
		}
		rows := []product{{Org: 1, SKU: "skip", Name: "new"}, {Org: 1, SKU: "other", Name: "new"}}
		res, err := bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("org", "sku"))
		want := []bulk.Outcome{bulk.Updated, bulk.Inserted}
		wantRows := 2
		if !ci {
			want, wantRows = []bulk.Outcome{bulk.Inserted, bulk.Inserted}, 3
		}
		if err != nil || !slices.Equal(res.Outcomes, want) {
			t.Errorf("Upsert of %q beside an existing %q: %v, %v; want outcomes %v", "skip", "Skip", res.Outcomes, err, want)
		} else if ci && rows[0].ID != existing[0].ID {
			t.Errorf("Upsert of %q beside an existing %q: id %d, want the existing row's %d", "skip", "Skip", rows[0].ID, existing[0].ID)
		}
		if n := tdb.count(t, table); n != wantRows {
			t.Errorf("%d rows after the upsert, want %d", n, wantRows)
		}
		if ci {
			rows := []product{{Org: 1, SKU: "SKIP", Name: "newer"}}
			res, err := bulk.Insert(ctx, tdb.db, table, rows, bulk.SkipConflicts("org", "sku"))
			if err != nil || !slices.Equal(res.Outcomes, []bulk.Outcome{bulk.Skipped}) || len(res.Conflicts) != 1 ||
				fmt.Sprint(res.Conflicts[0].Existing["id"]) != fmt.Sprint(existing[0].ID) {
				t.Errorf("SkipConflicts of %q beside an existing %q: %+v, %v; want skipped with id %d", "SKIP", "Skip", res, err, existing[0].ID)
			}
		}
	})
}

// reopen opens a second handle on tdb's database, closed by the caller.
func reopen(t *testing.T, tdb testDB) *sqlx.DB {
	t.Helper()
	driver, dsn := "pgx", os.Getenv("BULK_POSTGRES_DSN")
	switch tdb.name {
	case "mysql":
		driver, dsn = "mysql", os.Getenv("BULK_MYSQL_DSN")
	case "sqlite":
		var file string
		if err := tdb.db.Get(&file, "SELECT file FROM pragma_database_list WHERE name = 'main'"); err != nil {
			t.Fatal(err)
		}
		driver, dsn = "sqlite", "file:"+file+"?_pragma=busy_timeout(20000)"
	}
	db, err := sqlx.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestReliabilityErrorsNameUserThings checks what errors and counts say: a
// type error in Update or Insert names the user's column and table, never a
// staging table or a cancelled query; MergeDuplicates counts rows written;
// a nil context is ErrNilContext and leaves the DB usable.
func TestReliabilityErrorsNameUserThings(t *testing.T) {
	eachDB(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		t.Run("type error", func(t *testing.T) {
			if tdb.name == "sqlite" {
				t.Skip("SQLite stores text in an INTEGER column: no type error")
			}
			table := tdb.productTable(t)
			rows := products(5, 1)
			if _, err := bulk.Insert(ctx, tdb.db, table, rows); err != nil {
				t.Fatal(err)
			}
			before := tdb.snapshot(t, table)
			type badStock struct {
				ID    int64   `db:"id"`
				Org   int     `db:"org"`
				SKU   string  `db:"sku"`
				Name  string  `db:"name"`
				Stock string  `db:"stock"`
				Price float64 `db:"price"`
			}
			// "lots" first, then "lots" after a good row: MySQL's strict
			// mode stops at a bad value in a multi-row INSERT into a
			// non-transactional table only when it is in the first row.
			for _, c := range []struct {
				op   string
				rows []badStock
			}{
				{"Update, bad first row", []badStock{{ID: rows[0].ID, Org: 1, SKU: rows[0].SKU, Name: "x", Stock: "lots"}, {ID: rows[1].ID, Org: 1, SKU: rows[1].SKU, Name: "x", Stock: "3"}}},
				{"Update, bad second row", []badStock{{ID: rows[0].ID, Org: 1, SKU: rows[0].SKU, Name: "x", Stock: "3"}, {ID: rows[1].ID, Org: 1, SKU: rows[1].SKU, Name: "x", Stock: "lots"}}},
				{"Insert, bad first row", []badStock{{Org: 2, SKU: "n1", Name: "x", Stock: "lots"}, {Org: 2, SKU: "n2", Name: "x", Stock: "3"}}},
				{"Insert, bad second row", []badStock{{Org: 2, SKU: "n1", Name: "x", Stock: "3"}, {Org: 2, SKU: "n2", Name: "x", Stock: "lots"}}},
			} {
				var err error
				if strings.HasPrefix(c.op, "Update") {
					_, err = bulk.Update(ctx, tdb.db, table, c.rows)
				} else {
					_, err = bulk.Insert(ctx, tdb.db, table, c.rows)
				}
				if err == nil {
					t.Errorf("%s of stock %q: no error", c.op, "lots")
				} else {
					msg := err.Error()
					t.Logf("%s: %v", c.op, msg)
					if strings.Contains(msg, "bulk_stage") || strings.Contains(msg, "57014") || strings.Contains(msg, "cancel") {
						t.Errorf("%s: %q names the package's staging or a cancelled query, not the user's column", c.op, msg)
					}
					if !strings.Contains(msg, "stock") || !strings.Contains(msg, table) {
						t.Errorf("%s: %q does not name the column stock of %s", c.op, msg, table)
					}
				}
				if after := tdb.snapshot(t, table); after != before {
					t.Errorf("%s: the table changed:\nbefore\n%safter\n%s", c.op, before, after)
					before = after
				}
			}
		})
		t.Run("MergeDuplicates counts", func(t *testing.T) {
			table := tdb.productTable(t)
			rows := []product{{Org: 1, SKU: "m", Name: "first"}, {Org: 1, SKU: "m", Name: "last"}}
			res, err := bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("org", "sku"), bulk.MergeDuplicates())
			if err != nil {
				t.Fatal(err)
			}
			db := tdb.byKey(t, table)["1/m"]
			if res.Inserted != 1 || !slices.Equal(res.Outcomes, []bulk.Outcome{bulk.Inserted, bulk.Inserted}) {
				t.Errorf("two new rows of one key merged: result %+v, want Inserted 1 (rows written), both outcomes inserted", res)
			}
			if rows[0].ID != db.ID || rows[1].ID != db.ID || db.Name != "last" || tdb.count(t, table) != 1 {
				t.Errorf("merged rows got ids %d and %d, the table has %+v", rows[0].ID, rows[1].ID, db)
			}
			rows = []product{{Org: 1, SKU: "m", Name: "again"}, {Org: 1, SKU: "m", Name: "again, last"}}
			res, err = bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("org", "sku"), bulk.MergeDuplicates())
			if err != nil {
				t.Fatal(err)
			}
			if res.Updated != 1 || !slices.Equal(res.Outcomes, []bulk.Outcome{bulk.Updated, bulk.Updated}) {
				t.Errorf("two rows of one existing key merged: result %+v, want Updated 1, both outcomes updated", res)
			}
		})
		t.Run("nil context", func(t *testing.T) {
			table := tdb.productTable(t)
			rows := products(3, 1)
			if _, err := bulk.Insert(ctx, tdb.db, table, rows); err != nil {
				t.Fatal(err)
			}
			// A handle of its own, one connection: a call that panics inside
			// database/sql may leave the pool locked, and a test cleanup that
			// closes it would hang too.
			db := reopen(t, tdb)
			hung := false
			defer func() {
				if !hung {
					db.Close()
				}
			}()
			db.SetMaxOpenConns(1)
			var nilCtx context.Context
			calls := []struct {
				name string
				run  func() error
			}{
				{"Upsert", func() error {
					_, err := bulk.Upsert(nilCtx, db, table, products(3, 2), bulk.Key("org", "sku"))
					return err
				}},
				{"Insert", func() error { _, err := bulk.Insert(nilCtx, db, table, products(3, 3)); return err }},
				{"Update", func() error { _, err := bulk.Update(nilCtx, db, table, rows); return err }},
				{"Load", func() error { _, err := bulk.Load[product](nilCtx, db, table, []int64{rows[0].ID}); return err }},
			}
			for _, c := range calls {
				err := func() (err error) {
					defer func() {
						if r := recover(); r != nil {
							err = fmt.Errorf("panic: %v", r)
						}
					}()
					return c.run()
				}()
				if !errors.Is(err, bulk.ErrNilContext) {
					t.Errorf("%s(nil ctx): err = %v, want ErrNilContext", c.name, err)
				}
				next := make(chan error, 1)
				go func() {
					ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
					defer cancel()
					_, err := bulk.Upsert(ctx, db, table, products(3, 9), bulk.Key("org", "sku"))
					next <- err
				}()
				select {
				case err := <-next:
					if err != nil {
						t.Fatalf("the call after %s(nil ctx) with a 2 s timeout: %v (a connection held?)", c.name, err)
					}
				case <-time.After(5 * time.Second):
					hung = true
					t.Fatalf("the call after %s(nil ctx) with a 2 s timeout still runs after 5 s: the DB is locked", c.name)
				}
			}
			if n := tdb.count(t, table); n != 6 {
				t.Errorf("%d rows, want the 3 first and the 3 of the follow-up calls", n)
			}
		})
	})
}
