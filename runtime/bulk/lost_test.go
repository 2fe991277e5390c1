package bulk_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bulklint/bulklint/runtime/bulk"
	"github.com/jmoiron/sqlx"
)

// TestConnectionLost kills the call's PostgreSQL backend between two chunks:
// the call fails and nothing of the earlier chunks is kept.
func TestConnectionLost(t *testing.T) {
	tdb := openDB(t, "postgres")
	ctx := context.Background()
	table := tdb.productTable(t)
	app := fmt.Sprintf("bulk_lost_%d", os.Getpid())
	dsn := os.Getenv("BULK_POSTGRES_DSN")
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	victim, err := sqlx.Open("pgx", dsn+sep+"application_name="+app)
	if err != nil {
		t.Fatal(err)
	}
	defer victim.Close()
	chunks := 0
	kill := bulk.BeforeChunk(func(ctx context.Context, chunk any) error {
		if chunks++; chunks == 3 {
			tdb.exec(t, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", app)
		}
		return nil
	})
	rows := products(50, 1)
	_, err = bulk.Upsert(ctx, victim, table, rows, bulk.Key("org", "sku"), bulk.ChunkSize(10), kill)
	if err == nil {
		t.Fatal("no error after the connection was killed")
	}
	t.Logf("error: %v", err)
	if n := tdb.count(t, table); n != 0 {
		t.Fatalf("%d rows kept", n)
	}
	for _, r := range rows {
		if r.ID != 0 {
			t.Fatalf("row %s got key %d of a lost transaction", r.SKU, r.ID)
		}
	}
}
