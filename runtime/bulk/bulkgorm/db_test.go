package bulkgorm_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gormmysql "gorm.io/driver/mysql"
	gormpostgres "gorm.io/driver/postgres"
	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/schema"
	_ "modernc.org/sqlite"
)

// testDB is one database the tests run against, with a count of the
// queries gorm ran on it.
type testDB struct {
	name    string // "sqlite", "postgres", "mysql"
	db      *gorm.DB
	sqlDB   *sql.DB
	queries *atomic.Int64
}

var dbNames = []string{"sqlite", "postgres", "mysql"}

// runID tells this process's tables from those of other processes sharing
// the databases.
var runID = fmt.Sprintf("%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)

var tableSeq atomic.Int64

// eachDB runs fn as a subtest on each database: SQLite always, PostgreSQL
// and MySQL when BULK_POSTGRES_DSN and BULK_MYSQL_DSN are set (required
// under CI=true).
func eachDB(t *testing.T, fn func(t *testing.T, tdb testDB)) {
	for _, name := range dbNames {
		t.Run(name, func(t *testing.T) { fn(t, openDB(t, name)) })
	}
}

// openDB opens the named database with a table prefix of its own, so that
// the tables gorm names are unique to the test.
func openDB(t *testing.T, name string) testDB {
	t.Helper()
	var dial gorm.Dialector
	var dsn string
	switch name {
	case "sqlite":
		dsn = "file:" + filepath.Join(t.TempDir(), "bulkgorm.db") + "?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)"
		sqlDB, err := sql.Open("sqlite", dsn)
		if err != nil {
			t.Fatal(err)
		}
		dial = gormsqlite.Dialector{Conn: sqlDB}
	case "postgres":
		dsn = os.Getenv("BULK_POSTGRES_DSN")
		dial = gormpostgres.Open(dsn)
	case "mysql":
		dsn = os.Getenv("BULK_MYSQL_DSN")
		dial = gormmysql.Open(dsn)
	}
	if dsn == "" {
		env := "BULK_" + strings.ToUpper(name) + "_DSN"
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is unset; CI needs the %s database", env, name)
		}
		t.Skipf("%s is unset: skipping %s", env, name)
	}
	prefix := fmt.Sprintf("bulkgorm_%s_%d_", runID, tableSeq.Add(1))
	db, err := gorm.Open(dial, &gorm.Config{
		Logger:                                   logger.Discard,
		NamingStrategy:                           schema.NamingStrategy{TablePrefix: prefix},
		DisableForeignKeyConstraintWhenMigrating: true,
	})
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s unreachable: %v", name, err)
		}
		t.Skipf("%s unreachable: %v", name, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqlDB.Close() })
	n := &atomic.Int64{}
	count := func(*gorm.DB) { n.Add(1) }
	if err := db.Callback().Query().Before("gorm:query").Register("bulkgorm_test:count", count); err != nil {
		t.Fatal(err)
	}
	return testDB{name: name, db: db, sqlDB: sqlDB, queries: n}
}

// migrate creates the tables of models and drops them after the test.
func (tdb testDB) migrate(t *testing.T, models ...any) {
	t.Helper()
	if err := tdb.db.AutoMigrate(models...); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// A fresh session: the test may have closed or cancelled its own.
		db, err := gorm.Open(tdb.db.Dialector, &gorm.Config{Logger: logger.Discard, NamingStrategy: tdb.db.NamingStrategy})
		if err != nil {
			return
		}
		_ = db.Migrator().DropTable(models...)
		if sqlDB, err := db.DB(); err == nil && tdb.name != "sqlite" {
			sqlDB.Close()
		}
	})
}

// counted returns how many queries fn ran.
func (tdb testDB) counted(fn func()) int64 {
	before := tdb.queries.Load()
	fn()
	return tdb.queries.Load() - before
}
