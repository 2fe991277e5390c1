// Call chains in messages: the chain follows the call that runs on every
// path, and says when the function reaches queries by several paths.

package loops

import (
	"context"
	"database/sql"
)

var cache = map[int64]string{}

func cachedName(ctx context.Context, db *sql.DB, id int64) (string, error) { // want cachedName:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	var name string
	err := db.QueryRowContext(ctx, "SELECT name FROM names WHERE id = $1", id).Scan(&name)
	return name, err
}

// The cache helper runs only on a miss; the lookup below runs always.
func nameOf(ctx context.Context, db *sql.DB, id int64) (string, error) { // want nameOf:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	if n, ok := cache[id]; ok && n == "" {
		return cachedName(ctx, db, id)
	}
	var name string
	err := db.QueryRowContext(ctx, "SELECT display FROM users WHERE id = $1", id).Scan(&name)
	return name, err
}

func names(ctx context.Context, db *sql.DB, ids []int64) { // want names:`^query\(loops\.nameOf -> \(\*sql\.DB\)\.QueryRowContext\)$`
	for _, id := range ids {
		nameOf(ctx, db, id) // want `^query in loop: loops\.nameOf runs a query via \(\*sql\.DB\)\.QueryRowContext \(one of several paths\) once per element of ids \(loop at line 30\); load them at once with bulk\.Load$`
	}
}
