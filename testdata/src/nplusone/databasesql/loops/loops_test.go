package loops

import "database/sql"

// Test files are not reported unless -tests.
func seed(db *sql.DB, ids []int64) { // want seed:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for _, id := range ids {
		db.Exec("INSERT INTO users (id) VALUES ($1)", id)
	}
}
