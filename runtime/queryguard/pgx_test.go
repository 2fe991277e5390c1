package queryguard_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/bulklint/bulklint/runtime/bulk"

	"github.com/bulklint/bulklint/runtime/queryguard"
)

// openPool opens a pgx pool traced by the guard on BULK_POSTGRES_DSN, as
// runtime/bulk's tests open their databases: skipped when the variable is
// unset, except under CI=true, where a missing database fails.
func openPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	ci := os.Getenv("CI") == "true"
	dsn := os.Getenv("BULK_POSTGRES_DSN")
	if dsn == "" {
		if ci {
			t.Fatal("BULK_POSTGRES_DSN is unset; CI needs the postgres database")
		}
		t.Skip("BULK_POSTGRES_DSN is unset: skipping postgres")
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.Tracer = queryguard.NewTracer()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		if ci {
			t.Fatalf("postgres unreachable: %v", err)
		}
		t.Skipf("postgres unreachable: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func TestTracer(t *testing.T) {
	pool := openPool(t)
	ctx := context.Background()
	table := "queryguard_" + strings.ToLower(strings.NewReplacer("/", "_").Replace(t.Name()))
	if _, err := pool.Exec(ctx, "DROP TABLE IF EXISTS "+table+"; CREATE TABLE "+table+" (id bigint PRIMARY KEY, name text NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Exec(context.Background(), "DROP TABLE IF EXISTS "+table) })
	if _, err := pool.Exec(ctx, "INSERT INTO "+table+" SELECT i, 'n' || i FROM generate_series(1, 5) i"); err != nil {
		t.Fatal(err)
	}
	rep := recorder(t, pool, func(t *testing.T, s *queryguard.Scope) {
		ctx := s.Context()
		for id := 1; id <= 5; id++ { // the N+1
			var name string
			if err := pool.QueryRow(ctx, "SELECT name FROM "+table+" WHERE id = $1", id).Scan(&name); err != nil {
				t.Fatal(err)
			}
		}
		// The fixes: one query with an array, one batch, one copy.
		rows, err := pool.Query(ctx, "SELECT name FROM "+table+" WHERE id = ANY($1)", []int64{1, 2, 3})
		if err != nil {
			t.Fatal(err)
		}
		rows.Close()
		b := new(pgx.Batch)
		for id := 1; id <= 5; id++ {
			b.Queue("UPDATE "+table+" SET name = name || '!' WHERE id = $1", id)
		}
		if err := pool.SendBatch(ctx, b).Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := pool.CopyFrom(ctx, pgx.Identifier{table}, []string{"id", "name"}, pgx.CopyFromRows([][]any{{int64(10), "x"}, {int64(11), "y"}})); err != nil {
			t.Fatal(err)
		}
	})
	if len(rep.NPlusOne) != 1 || rep.NPlusOne[0].Count != 5 || !strings.HasPrefix(rep.NPlusOne[0].Fingerprint, "select name from") ||
		rep.NPlusOne[0].LoopAt != 0 || rep.NPlusOne[0].Duration <= 0 {
		t.Errorf("want the loop's 5 selects and nothing else:\n%v", rep)
	}
	if rep.Queries != 5+1+5+1 {
		t.Errorf("%d statements recorded, want 12", rep.Queries)
	}
}

// TestWrappedPgxStdlib: runtime/bulk over pgx's database/sql driver,
// observed by the wrapper, still reaches pgx through (*sql.Conn).Raw (its
// COPY and binary Load), and its calls are no N+1.
func TestWrappedPgxStdlib(t *testing.T) {
	openPool(t) // skips as the other PostgreSQL tests do
	db, err := queryguard.OpenX("pgx", os.Getenv("BULK_POSTGRES_DSN"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.MustExec(`DROP TABLE IF EXISTS queryguard_items; CREATE TABLE queryguard_items (id bigserial PRIMARY KEY,
		shop text NOT NULL, sku text NOT NULL, stock int NOT NULL, UNIQUE (shop, sku))`)
	t.Cleanup(func() { db.Exec("DROP TABLE IF EXISTS queryguard_items") })
	rep := recorder(t, db, func(t *testing.T, s *queryguard.Scope) {
		ctx, chunk := s.Context(), bulk.ChunkSize(4)
		rows := items(25, 1)
		if _, err := bulk.Insert(ctx, db, "queryguard_items", rows, chunk); err != nil { // COPY through Raw
			t.Fatal(err)
		}
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		if got, err := bulk.Load[item](ctx, db, "queryguard_items", ids, chunk); err != nil || len(got) != 25 {
			t.Fatalf("Load: %d rows, %v", len(got), err)
		}
		if _, err := bulk.Upsert(ctx, db, "queryguard_items", items(30, 2), chunk, bulk.Key("shop", "sku")); err != nil {
			t.Fatal(err)
		}
	})
	if len(rep.NPlusOne) != 0 {
		t.Errorf("bulk calls over pgx reported:\n%v", rep)
	}
}
