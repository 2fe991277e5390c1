package bulk_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/bulklint/bulklint/runtime/bulk"
)

// TestUpsertStoredDifferently upserts values that the database stores
// differently from how Go compares them: a time with fractions of a second
// into a DATETIME that keeps whole seconds. On MySQL the outcome foreseen
// in Go (updated) disagrees with the affected-rows count (unchanged), so the
// chunk is rolled back and written again the careful way; the outcome and
// the keys filled back must be those of the database.
func TestUpsertStoredDifferently(t *testing.T) {
	tdb := openDB(t, "mysql")
	ctx := context.Background()
	table := tdb.table(t, "stamp")
	tdb.exec(t, "CREATE TABLE "+table+" (id BIGINT AUTO_INCREMENT PRIMARY KEY, code VARCHAR(20) NOT NULL UNIQUE, at DATETIME NOT NULL)")
	t.Cleanup(func() { tdb.exec(t, "DROP TABLE "+table) })
	type stamp struct {
		ID   int64     `db:"id"`
		Code string    `db:"code"`
		At   time.Time `db:"at"`
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	first := []stamp{{Code: "a", At: at}, {Code: "b", At: at}}
	if _, err := bulk.Insert(ctx, tdb.db, table, first); err != nil {
		t.Fatal(err)
	}
	rows := []stamp{
		{Code: "a", At: at.Add(300 * time.Millisecond)}, // stored as at: unchanged
		{Code: "b", At: at.Add(time.Hour)},              // updated
		{Code: "c", At: at},                             // inserted
	}
	res, err := bulk.Upsert(ctx, tdb.db, table, rows, bulk.Key("code"))
	if err != nil {
		t.Fatal(err)
	}
	want := []bulk.Outcome{bulk.Unchanged, bulk.Updated, bulk.Inserted}
	if !slices.Equal(res.Outcomes, want) {
		t.Fatalf("outcomes = %v, want %v", res.Outcomes, want)
	}
	if rows[0].ID != first[0].ID || rows[1].ID != first[1].ID || rows[2].ID == 0 || rows[2].ID == rows[1].ID {
		t.Fatalf("keys filled back: %+v, first %+v", rows, first)
	}
	var n int
	if err := tdb.db.Get(&n, "SELECT count(*) FROM "+table+" WHERE id = ? AND code = 'c'", rows[2].ID); err != nil || n != 1 {
		t.Fatalf("inserted row by its filled key: %d, %v", n, err)
	}
}
