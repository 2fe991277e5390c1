// Package sqlnames holds SQL text as named constants, for writes in other
// packages.
package sqlnames

const (
	Table        = "users"
	InsertIgnore = "INSERT IGNORE INTO " + Table + " (email, name) VALUES (?, ?)"
	Upsert       = "INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET name = excluded.name"
)
