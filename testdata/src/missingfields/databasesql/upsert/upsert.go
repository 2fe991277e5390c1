// Package upsert shows MySQL upserts with positional arguments whose
// update part sets some columns only.
package upsert

import (
	"database/sql"
	"time"
)

type Counter struct {
	Name  string
	Hits  int
	Reset time.Time
}

func bump(db *sql.DB, c *Counter, now time.Time) error {
	c.Hits++
	c.Reset = now
	_, err := db.Exec("INSERT INTO counters (name, hits, reset) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE hits = VALUES(hits)", // want `^upsert skips mutated fields: \(\*sql\.DB\)\.Exec updates only hits of existing rows of counters but Reset \(reset\) was changed at line 18`
		c.Name, c.Hits, c.Reset)
	return err
}

// Silent: every changed column is updated.
func full(db *sql.DB, c *Counter, now time.Time) {
	c.Hits++
	c.Reset = now
	db.Exec("INSERT INTO counters (name, hits, reset) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE hits = VALUES(hits), reset = VALUES(reset)",
		c.Name, c.Hits, c.Reset)
}
