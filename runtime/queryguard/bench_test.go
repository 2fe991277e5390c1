package queryguard_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/bulklint/bulklint/runtime/queryguard"
)

// BenchmarkSQLite is a query-heavy test body on SQLite: 200 point reads
// by key, on the driver itself and on an observed database inside a Test
// scope (whose report, made once at the end, is part of the cost).
func BenchmarkSQLite(b *testing.B) {
	for _, guarded := range []bool{false, true} {
		name := "driver"
		if guarded {
			name = "guarded"
		}
		b.Run(name, func(b *testing.B) {
			dsn := "file:" + filepath.Join(b.TempDir(), "b.db")
			var db *sqlx.DB
			var err error
			if guarded {
				db, err = queryguard.OpenX("sqlite", dsn)
			} else {
				db, err = sqlx.Open("sqlite", dsn)
			}
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			db.MustExec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, team INTEGER NOT NULL DEFAULT 0)")
			db.MustExec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO users (id, name) SELECT i, 'u' FROM n")
			b.ReportAllocs()
			for b.Loop() {
				ctx := context.Background()
				var s *queryguard.Scope
				if guarded {
					ctx, s = benchGuard.Begin(ctx, "bench")
				}
				for id := int64(1); id <= 200; id++ {
					var u user
					if err := db.GetContext(ctx, &u, "SELECT id, name, team FROM users WHERE id = ?", id); err != nil {
						b.Fatal(err)
					}
				}
				if s != nil && len(s.End().NPlusOne) != 1 {
					b.Fatal("the N+1 was not seen")
				}
			}
		})
	}
}

var benchGuard, _ = queryguard.New()
