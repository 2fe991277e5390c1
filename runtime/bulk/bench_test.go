package bulk_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bulklint/bulklint/runtime/bulk"
	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"
	gormmysql "gorm.io/driver/mysql"
	gormpostgres "gorm.io/driver/postgres"
	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
)

// Benchmarks compare bulk with its peers side by side on the same 100,000
// rows of the 6-column products table (BULK_BENCH_ROWS overrides the count
// while developing). They skip, never fail, when a DSN is unset. The gorm
// peer on SQLite runs gorm.io/driver/sqlite's dialector over the database
// the benchmark opened with modernc.org/sqlite (Dialector.Conn): that
// dialector's own driver, mattn/go-sqlite3, registers the name "sqlite3"
// and is never used, so both are linked into one binary, with or without
// cgo. (glebarez/sqlite cannot be: its driver registers "sqlite", as
// modernc.org/sqlite does.)

func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("BULK_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

func openBench(b *testing.B, name string) testDB {
	b.Helper()
	switch {
	case name == "postgres" && os.Getenv("BULK_POSTGRES_DSN") == "",
		name == "mysql" && os.Getenv("BULK_MYSQL_DSN") == "":
		b.Skipf("BULK_%s_DSN is unset: skipping %s", map[string]string{"postgres": "POSTGRES", "mysql": "MYSQL"}[name], name)
	}
	return openDB(b, name)
}

// gormProduct is product for gorm.
type gormProduct struct {
	ID    int64   `gorm:"column:id;primaryKey"`
	Org   int     `gorm:"column:org"`
	SKU   string  `gorm:"column:sku"`
	Name  string  `gorm:"column:name"`
	Stock int     `gorm:"column:stock"`
	Price float64 `gorm:"column:price"`
}

func openGorm(b *testing.B, tdb testDB) *gorm.DB {
	cfg := &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)}
	var dial gorm.Dialector
	switch tdb.name {
	case "postgres":
		dial = gormpostgres.New(gormpostgres.Config{DSN: os.Getenv("BULK_POSTGRES_DSN")})
	case "mysql":
		dial = gormmysql.Open(os.Getenv("BULK_MYSQL_DSN"))
	case "sqlite":
		dial = gormsqlite.Dialector{Conn: tdb.db.DB}
	}
	g, err := gorm.Open(dial, cfg)
	if err != nil {
		b.Fatal(err)
	}
	if tdb.name != "sqlite" { // the benchmark's own database otherwise
		b.Cleanup(func() {
			if s, err := g.DB(); err == nil {
				s.Close()
			}
		})
	}
	return g
}

func gormRows(rows []product) []gormProduct {
	out := make([]gormProduct, len(rows))
	for i, r := range rows {
		out[i] = gormProduct(r)
		out[i].ID = 0
	}
	return out
}

// run times fn over fresh copies of rows, setting the table up with setup
// before each run, and reports rows/s. One run before the timed ones warms
// up whatever the first run of a process pays for alone (the Go heap
// growing, the database file growing, caches), which otherwise fell on
// whichever sub-benchmark came first: -benchtime 1x measures the second
// run.
func run(b *testing.B, tdb testDB, table string, n int, setup func(), fn func()) {
	b.ReportAllocs()
	once := func() {
		if tdb.name == "sqlite" {
			tdb.exec(b, "DELETE FROM "+table)
		} else {
			tdb.exec(b, "TRUNCATE TABLE "+table)
		}
		if setup != nil {
			setup()
		}
	}
	b.StopTimer()
	once()
	fn()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		once()
		b.StartTimer()
		fn()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func fresh(rows []product) []product {
	out := make([]product, len(rows))
	copy(out, rows)
	for i := range out {
		out[i].ID = 0
	}
	return out
}

const insertSQL = "INSERT INTO %s (org, sku, name, stock, price) VALUES "

func BenchmarkInsert(b *testing.B) {
	ctx := context.Background()
	for _, name := range dbNames {
		b.Run(name, func(b *testing.B) {
			tdb := openBench(b, name)
			table := tdb.productTable(b)
			n := benchRows()
			src := products(n, 1)
			b.Run("bulk", func(b *testing.B) {
				defer reportPeakHeap(b)()
				var rows []product
				run(b, tdb, table, n, func() { rows = fresh(src) }, func() {
					if _, err := bulk.Insert(ctx, tdb.db, table, rows); err != nil {
						b.Fatal(err)
					}
					if rows[n-1].ID == 0 {
						b.Fatal("keys not filled back")
					}
				})
			})
			b.Run("bulk_nokeys", func(b *testing.B) {
				type plain struct {
					Org   int     `db:"org"`
					SKU   string  `db:"sku"`
					Name  string  `db:"name"`
					Stock int     `db:"stock"`
					Price float64 `db:"price"`
				}
				rows := make([]plain, n)
				for i, r := range src {
					rows[i] = plain{r.Org, r.SKU, r.Name, r.Stock, r.Price}
				}
				run(b, tdb, table, n, nil, func() {
					if _, err := bulk.Insert(ctx, tdb.db, table, rows); err != nil {
						b.Fatal(err)
					}
				})
			})
			b.Run("bulk_seq", func(b *testing.B) {
				defer reportPeakHeap(b)()
				run(b, tdb, table, n, nil, func() {
					seq := func(yield func(*product) bool) {
						for i := range n {
							p := product{Org: 1, SKU: fmt.Sprintf("sku-%06d", i), Name: "streamed", Stock: i % 100, Price: 1}
							if !yield(&p) {
								return
							}
						}
					}
					if _, err := bulk.InsertSeq(ctx, tdb.db, table, seq); err != nil {
						b.Fatal(err)
					}
				})
			})
			if name == "postgres" {
				b.Run("bulk_unnest", func(b *testing.B) {
					var rows []product
					run(b, tdb, table, n, func() { rows = fresh(src) }, func() {
						if _, err := bulk.Insert(ctx, tdb.db, table, rows, bulk.NoCopy()); err != nil {
							b.Fatal(err)
						}
					})
				})
				b.Run("copyfrom", func(b *testing.B) {
					conn, err := pgx.Connect(ctx, os.Getenv("BULK_POSTGRES_DSN"))
					if err != nil {
						b.Fatal(err)
					}
					defer conn.Close(ctx)
					run(b, tdb, table, n, nil, func() {
						_, err := conn.CopyFrom(ctx, pgx.Identifier{table}, []string{"org", "sku", "name", "stock", "price"},
							pgx.CopyFromSlice(n, func(i int) ([]any, error) {
								r := src[i]
								return []any{r.Org, r.SKU, r.Name, r.Stock, r.Price}, nil
							}))
						if err != nil {
							b.Fatal(err)
						}
					})
				})
			}
			b.Run("sqlx_namedexec", func(b *testing.B) {
				batch := 10000
				if name == "sqlite" {
					batch = 6000
				}
				run(b, tdb, table, n, nil, func() {
					tx := tdb.db.MustBegin()
					for i := 0; i < n; i += batch {
						if _, err := tx.NamedExec(fmt.Sprintf(insertSQL, table)+"(:org, :sku, :name, :stock, :price)", src[i:min(i+batch, n)]); err != nil {
							b.Fatal(err)
						}
					}
					if err := tx.Commit(); err != nil {
						b.Fatal(err)
					}
				})
			})
			b.Run("gorm_createinbatches", func(b *testing.B) {
				g := openGorm(b, tdb)
				var rows []gormProduct
				run(b, tdb, table, n, func() { rows = gormRows(src) }, func() {
					if err := g.Table(table).CreateInBatches(rows, 5000).Error; err != nil {
						b.Fatal(err)
					}
				})
			})
			b.Run("rowbyrow_tx", func(b *testing.B) {
				run(b, tdb, table, n, nil, func() {
					rowByRow(b, tdb.db, fmt.Sprintf(insertSQL, table)+"(?, ?, ?, ?, ?)", src, func(r product) []any {
						return []any{r.Org, r.SKU, r.Name, r.Stock, r.Price}
					})
				})
			})
		})
	}
}

// rowByRow runs one prepared statement per row in one transaction.
func rowByRow(b *testing.B, db *sqlx.DB, query string, rows []product, args func(product) []any) {
	tx := db.MustBegin()
	stmt, err := tx.Preparex(tx.Rebind(query))
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range rows {
		if _, err := stmt.Exec(args(r)...); err != nil {
			b.Fatal(err)
		}
	}
	stmt.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// seed fills the table with rows, keys filled back.
func seed(b *testing.B, tdb testDB, table string, rows []product) {
	if _, err := bulk.Insert(context.Background(), tdb.db, table, rows); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkUpsert(b *testing.B) {
	ctx := context.Background()
	for _, name := range dbNames {
		b.Run(name, func(b *testing.B) {
			tdb := openBench(b, name)
			table := tdb.productTable(b)
			n := benchRows()
			src := products(n, 1)
			for i := range src {
				src[i].Stock = i%100 + 1 // half the rows exist, and differ
			}
			existing := products(n/2, 1)
			b.Run("bulk", func(b *testing.B) {
				var rows []product
				run(b, tdb, table, n, func() { seed(b, tdb, table, fresh(existing)); rows = fresh(src) }, func() {
					res, err := bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("org", "sku"))
					if err != nil {
						b.Fatal(err)
					}
					if res.Inserted != n-n/2 || res.Updated != n/2 {
						b.Fatalf("result %d inserted, %d updated", res.Inserted, res.Updated)
					}
				})
			})
			b.Run("gorm_onconflict", func(b *testing.B) {
				g := openGorm(b, tdb)
				var rows []gormProduct
				run(b, tdb, table, n, func() { seed(b, tdb, table, fresh(existing)); rows = gormRows(src) }, func() {
					err := g.Table(table).Clauses(clause.OnConflict{
						Columns:   []clause.Column{{Name: "org"}, {Name: "sku"}},
						DoUpdates: clause.AssignmentColumns([]string{"name", "stock", "price"}),
					}).CreateInBatches(rows, 5000).Error
					if err != nil {
						b.Fatal(err)
					}
				})
			})
		})
	}
}

func BenchmarkUpdate(b *testing.B) {
	ctx := context.Background()
	for _, name := range dbNames {
		b.Run(name, func(b *testing.B) {
			tdb := openBench(b, name)
			table := tdb.productTable(b)
			n := benchRows()
			base := products(n, 1)
			var rows []product
			setup := func() {
				rows = fresh(base)
				seed(b, tdb, table, rows)
				for i := range rows {
					rows[i].Stock++
					rows[i].Name += " v2"
				}
			}
			b.Run("bulk", func(b *testing.B) {
				run(b, tdb, table, n, setup, func() {
					res, err := bulk.Update(ctx, tdb.db, table, rows, bulk.Columns("name", "stock"))
					if err != nil {
						b.Fatal(err)
					}
					if res.Updated != n {
						b.Fatalf("updated %d", res.Updated)
					}
				})
			})
			b.Run("rowbyrow_tx", func(b *testing.B) {
				run(b, tdb, table, n, setup, func() {
					rowByRow(b, tdb.db, "UPDATE "+table+" SET name = ?, stock = ? WHERE id = ?", rows, func(r product) []any {
						return []any{r.Name, r.Stock, r.ID}
					})
				})
			})
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	ctx := context.Background()
	for _, name := range dbNames {
		b.Run(name, func(b *testing.B) {
			tdb := openBench(b, name)
			table := tdb.productTable(b)
			n := benchRows()
			rows := products(n, 1)
			seed(b, tdb, table, rows)
			ids := make([]int64, n)
			for i, r := range rows {
				ids[i] = r.ID
			}
			timed := func(b *testing.B, fn func()) {
				b.ReportAllocs()
				fn() // warm-up, as in run
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					fn()
				}
				b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
			}
			b.Run("bulk", func(b *testing.B) {
				timed(b, func() {
					m, err := bulk.Load[product](ctx, tdb.db, table, ids)
					if err != nil || len(m) != n {
						b.Fatalf("loaded %d: %v", len(m), err)
					}
				})
			})
			b.Run("perkey", func(b *testing.B) {
				// A query per key: its rate does not depend on the count,
				// so it is measured on at most 10,000 keys.
				ids := ids[:min(n, 10_000)]
				n := len(ids)
				query := tdb.db.Rebind("SELECT id, org, sku, name, stock, price FROM " + table + " WHERE id = ?")
				timed := func(b *testing.B, fn func()) {
					fn() // warm-up, as in run
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						fn()
					}
					b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
				}
				timed(b, func() {
					m := make(map[int64]product, n)
					for _, id := range ids {
						var p product
						if err := tdb.db.GetContext(ctx, &p, query, id); err != nil {
							b.Fatal(err)
						}
						m[id] = p
					}
				})
			})
		})
	}
}

// BenchmarkInsertSeqMemory streams 10,000 to 1,000,000 generated rows
// (an iter.Seq with no slice behind it) through InsertSeq and reports the
// peak of the heap above its level at the start (peak-heap-MB) and the
// bytes allocated per row (B/row). Memory is bounded by the chunk: the peak
// stays flat as the rows grow a hundredfold, and B/row stays constant. The
// one part of the result that grows with the input is Result.Outcomes, one
// byte per row.
func BenchmarkInsertSeqMemory(b *testing.B) {
	ctx := context.Background()
	for _, name := range dbNames {
		b.Run(name, func(b *testing.B) {
			tdb := openBench(b, name)
			table := tdb.productTable(b)
			for _, n := range []int{10_000, 100_000, 1_000_000} {
				b.Run("rows="+strconv.Itoa(n), func(b *testing.B) {
					allocs := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
					var allocated uint64
					calls := 0 // the untimed first run of run included
					defer reportPeakHeap(b)()
					run(b, tdb, table, n, nil, func() {
						seq := func(yield func(*product) bool) {
							for i := range n {
								p := &product{Org: 1, SKU: "sku-" + strconv.Itoa(i), Name: "streamed", Stock: i % 100, Price: 1}
								if !yield(p) {
									return
								}
							}
						}
						metrics.Read(allocs)
						before := allocs[0].Value.Uint64()
						res, err := bulk.InsertSeq(ctx, tdb.db, table, seq)
						if err != nil {
							b.Fatal(err)
						}
						if res.Inserted != n {
							b.Fatalf("inserted %d of %d", res.Inserted, n)
						}
						metrics.Read(allocs)
						allocated += allocs[0].Value.Uint64() - before
						calls++
					})
					b.ReportMetric(float64(allocated)/float64(n*calls), "B/row")
				})
			}
		})
	}
}

// reportPeakHeap samples the live heap while a benchmark runs and reports
// its peak above the heap at the start, in MB: for a streamed insert it stays
// at the size of a chunk, whatever the number of rows.
func reportPeakHeap(b *testing.B) func() {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				metrics.Read(s)
				if v := s[0].Value.Uint64(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		if p := peak.Load(); p > base {
			b.ReportMetric(float64(p-base)/(1<<20), "peak-heap-MB")
		}
	}
}
