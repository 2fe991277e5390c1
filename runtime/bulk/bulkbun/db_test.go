package bulkbun_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/mysqldialect"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite"
)

// testDB is one database the tests run against, with a count of the
// queries bun ran on it.
type testDB struct {
	name    string // "sqlite", "postgres", "mysql"
	db      *bun.DB
	queries *atomic.Int64
}

var dbNames = []string{"sqlite", "postgres", "mysql"}

var dbSeq atomic.Int64

// eachDB runs fn as a subtest on each database: SQLite always, PostgreSQL
// and MySQL when BULK_POSTGRES_DSN and BULK_MYSQL_DSN are set (required
// under CI=true).
func eachDB(t *testing.T, fn func(t *testing.T, tdb testDB)) {
	for _, name := range dbNames {
		t.Run(name, func(t *testing.T) { fn(t, openDB(t, name)) })
	}
}

// openDB opens the named database. The models' table names are fixed by
// their bun tags, so each test gets a namespace of its own, dropped with
// its tables afterwards: a file on SQLite, a schema on PostgreSQL, a
// database on MySQL.
func openDB(t *testing.T, name string) testDB {
	t.Helper()
	ns := fmt.Sprintf("bulkbun_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, dbSeq.Add(1))
	var db *bun.DB
	switch name {
	case "sqlite":
		sqlDB, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "bulkbun.db")+"?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)")
		if err != nil {
			t.Fatal(err)
		}
		db = bun.NewDB(sqlDB, sqlitedialect.New())
	case "postgres":
		dsn := requireDSN(t, name)
		admin := open(t, "pgx", dsn)
		exec(t, admin, "CREATE SCHEMA "+ns)
		t.Cleanup(func() { exec(t, admin, "DROP SCHEMA "+ns+" CASCADE") })
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", ns)
		u.RawQuery = q.Encode()
		db = bun.NewDB(open(t, "pgx", u.String()), pgdialect.New())
	case "mysql":
		dsn := requireDSN(t, name)
		admin := open(t, "mysql", dsn)
		exec(t, admin, "CREATE DATABASE "+ns)
		t.Cleanup(func() { exec(t, admin, "DROP DATABASE "+ns) })
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		cfg.DBName = ns
		db = bun.NewDB(open(t, "mysql", cfg.FormatDSN()), mysqldialect.New())
	}
	t.Cleanup(func() { db.Close() })
	n := &atomic.Int64{}
	db.AddQueryHook(counter{n})
	return testDB{name: name, db: db, queries: n}
}

func requireDSN(t *testing.T, name string) string {
	t.Helper()
	env := "BULK_" + strings.ToUpper(name) + "_DSN"
	dsn := os.Getenv(env)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is unset; CI needs the %s database", env, name)
		}
		t.Skipf("%s is unset: skipping %s", env, name)
	}
	return dsn
}

// open opens and pings a database, closed after the test.
func open(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s unreachable: %v", driver, err)
		}
		t.Skipf("%s unreachable: %v", driver, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func exec(t *testing.T, db *sql.DB, query string) {
	t.Helper()
	if _, err := db.Exec(query); err != nil {
		t.Errorf("%s: %v", query, err)
	}
}

// counter counts the queries bun runs.
type counter struct{ n *atomic.Int64 }

func (c counter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	c.n.Add(1)
	return ctx
}

func (counter) AfterQuery(context.Context, *bun.QueryEvent) {}

// counted returns how many queries fn ran.
func (tdb testDB) counted(fn func()) int64 {
	before := tdb.queries.Load()
	fn()
	return tdb.queries.Load() - before
}

// create creates the tables of models.
func (tdb testDB) create(t *testing.T, models ...any) {
	t.Helper()
	for _, m := range models {
		if _, err := tdb.db.NewCreateTable().Model(m).Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}
