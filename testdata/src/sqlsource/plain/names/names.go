// Package names holds constants that plain reads from another package.
package names

const (
	Users = "users"
	// Upsert is folded by go/types into one constant.
	Upsert = "INSERT INTO " + Users + " (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING"
)
