package bulk_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite"
)

// testDB is one database the tests run against.
type testDB struct {
	name string // "sqlite", "postgres", "mysql"
	db   *sqlx.DB
}

var tableSeq atomic.Int64

// table returns a table name unique across packages and processes.
func (tdb testDB) table(t testing.TB, base string) string {
	return fmt.Sprintf("bulk_%s_%d_%d_%d", base, os.Getpid(), time.Now().UnixNano()%1e6, tableSeq.Add(1))
}

// openDB opens the named database, skipping when its DSN is unset, failing
// under CI=true.
func openDB(t testing.TB, name string) testDB {
	t.Helper()
	ci := os.Getenv("CI") == "true"
	var driver, dsn string
	switch name {
	case "sqlite":
		driver = "sqlite"
		dsn = "file:" + filepath.Join(t.TempDir(), "bulk.db") + "?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)"
	case "postgres":
		driver, dsn = "pgx", os.Getenv("BULK_POSTGRES_DSN")
	case "mysql":
		driver, dsn = "mysql", os.Getenv("BULK_MYSQL_DSN")
	}
	if dsn == "" {
		env := "BULK_" + strings.ToUpper(name) + "_DSN"
		if ci {
			t.Fatalf("%s is unset; CI needs the %s database", env, name)
		}
		t.Skipf("%s is unset: skipping %s", env, name)
	}
	db, err := sqlx.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		if ci {
			t.Fatalf("%s unreachable: %v", name, err)
		}
		t.Skipf("%s unreachable: %v", name, err)
	}
	t.Cleanup(func() { db.Close() })
	return testDB{name: name, db: db}
}

var dbNames = []string{"sqlite", "postgres", "mysql"}

// eachDB runs fn as a subtest on each database.
func eachDB(t *testing.T, fn func(t *testing.T, tdb testDB)) {
	for _, name := range dbNames {
		t.Run(name, func(t *testing.T) {
			fn(t, openDB(t, name))
		})
	}
}

// product is the row type most tests use: an auto-increment key, a
// composite natural key (org, sku) and plain columns.
type product struct {
	ID    int64   `db:"id"`
	Org   int     `db:"org"`
	SKU   string  `db:"sku"`
	Name  string  `db:"name"`
	Stock int     `db:"stock"`
	Price float64 `db:"price"`
}

func (tdb testDB) exec(t testing.TB, query string, args ...any) {
	t.Helper()
	if _, err := tdb.db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// productTable creates a products table and drops it after the test.
func (tdb testDB) productTable(t testing.TB) string {
	t.Helper()
	name := tdb.table(t, "product")
	var ddl string
	switch tdb.name {
	case "postgres":
		ddl = `CREATE TABLE %s (id BIGSERIAL PRIMARY KEY, org INT NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL,
			stock INT NOT NULL CHECK (stock >= 0), price DOUBLE PRECISION NOT NULL, UNIQUE (org, sku))`
	case "mysql":
		ddl = `CREATE TABLE %s (id BIGINT AUTO_INCREMENT PRIMARY KEY, org INT NOT NULL, sku VARCHAR(64) NOT NULL,
			name VARCHAR(200) NOT NULL, stock INT NOT NULL CHECK (stock >= 0), price DOUBLE NOT NULL, UNIQUE KEY (org, sku)) ENGINE=InnoDB`
	default:
		ddl = `CREATE TABLE %s (id INTEGER PRIMARY KEY, org INTEGER NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL,
			stock INTEGER NOT NULL CHECK (stock >= 0), price REAL NOT NULL, UNIQUE (org, sku))`
	}
	tdb.exec(t, fmt.Sprintf(ddl, name))
	t.Cleanup(func() { _, _ = tdb.db.Exec("DROP TABLE " + name) })
	return name
}

func (tdb testDB) count(t testing.TB, table string) int {
	t.Helper()
	var n int
	if err := tdb.db.Get(&n, "SELECT count(*) FROM "+table); err != nil {
		t.Fatal(err)
	}
	return n
}

// byKey reads the table's rows by (org, sku).
func (tdb testDB) byKey(t testing.TB, table string) map[string]product {
	t.Helper()
	var rows []product
	if err := tdb.db.Select(&rows, "SELECT id, org, sku, name, stock, price FROM "+table); err != nil {
		t.Fatal(err)
	}
	out := map[string]product{}
	for _, r := range rows {
		out[fmt.Sprintf("%d/%s", r.Org, r.SKU)] = r
	}
	return out
}

func products(n, org int) []product {
	out := make([]product, n)
	for i := range out {
		out[i] = product{Org: org, SKU: fmt.Sprintf("sku-%06d", i), Name: fmt.Sprintf("product %d", i), Stock: i % 100, Price: float64(i) / 4}
	}
	return out
}
