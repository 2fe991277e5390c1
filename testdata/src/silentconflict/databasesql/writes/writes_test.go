package writes

import (
	"database/sql"
	"testing"
)

// Negative: _test.go files are not reported unless -tests; seeding a test
// database with INSERT OR IGNORE is what tests do.
func TestSeed(t *testing.T) {
	var db *sql.DB
	if db == nil {
		t.Skip("no database")
	}
	db.Exec("INSERT OR IGNORE INTO users (email) VALUES ('a@example.com')")
}
