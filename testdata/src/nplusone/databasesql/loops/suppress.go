// Findings suppressed with a comment.

package loops

import (
	"database/sql"
)

// --- positives ---

// Suppressed, with a reason.
func suppressed(db *sql.DB, ids []int64) { // want suppressed:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for _, id := range ids {
		db.Exec("SELECT 1 WHERE $1", id) //bulklint:ignore nplusone -- runs once a day over ten ids
	}
	for _, id := range ids {
		db.Exec("SELECT 1 WHERE $1", id) //nolint:nplusone // admin tool
	}
}

// Suppressed without a reason: the suppression itself is reported.
func suppressedNoReason(db *sql.DB, ids []int64) { // want suppressedNoReason:`^query\(\(\*sql\.DB\)\.Exec\)$`
	for _, id := range ids {
		db.Exec("SELECT 1 WHERE $1", id) //bulklint:ignore nplusone // want `gives no reason`
	}
}
