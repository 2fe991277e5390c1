// Queries reached through helpers, methods and closures.

package loops

import (
	"context"
	"database/sql"
	"net/http"
	"sync"
)

// --- positives ---

// A helper of the same package: reported at the call of the helper.
func loadUser(ctx context.Context, db *sql.DB, id int64) (User, error) { // want loadUser:`^query\(\(\*sql\.DB\)\.QueryRowContext\)$`
	var u User
	err := db.QueryRowContext(ctx, "SELECT id, name FROM users WHERE id = $1", id).Scan(&u.ID, &u.Name)
	return u, err
}

type repo struct{ db *sql.DB }

func (r *repo) user(ctx context.Context, id int64) (User, error) { return loadUser(ctx, r.db, id) } // want user:`^query\(loops\.loadUser \-> \(\*sql\.DB\)\.QueryRowContext\)$`

func viaHelpers(ctx context.Context, r *repo, db *sql.DB, ids []int64) { // want viaHelpers:`^query\(loops\.loadUser \-> \(\*sql\.DB\)\.QueryRowContext\)$`
	for _, id := range ids {
		loadUser(ctx, db, id) // want `^query in loop: loops\.loadUser runs a query via \(\*sql\.DB\)\.QueryRowContext once per element of ids \(loop at line 26\); load them at once with bulk\.Load$`
		r.user(ctx, id)       // want `^query in loop: \(\*loops\.repo\)\.user runs a query via loops\.loadUser -> \(\*sql\.DB\)\.QueryRowContext once per element`
	}
}

// A closure variable called in the loop.
func closureVar(ctx context.Context, db *sql.DB, ids []int64) { // want closureVar:`^query\(get \-> \(\*sql\.DB\)\.QueryRowContext\)$`
	get := func(id int64) error {
		return db.QueryRowContext(ctx, "SELECT 1 FROM users WHERE id = $1", id).Err()
	}
	for _, id := range ids {
		get(id) // want `query in loop: get runs a query via \(\*sql\.DB\)\.QueryRowContext`
	}
}

// --- negatives ---

// Function literals created in a loop but not run there.
func handlers(mux *http.ServeMux, db *sql.DB, routes []string) {
	for _, r := range routes {
		mux.HandleFunc(r, func(w http.ResponseWriter, req *http.Request) {
			db.QueryRow("SELECT body FROM pages WHERE path = $1", r)
		})
	}
}

// sync.Once runs its function once per program, not once per call.
var once sync.Once

func initTenant(db *sql.DB, tenant int64) {
	once.Do(func() { db.Exec("INSERT INTO tenants (id) VALUES ($1)", tenant) })
}

func handleAll(db *sql.DB, tenants []int64) {
	for _, t := range tenants {
		initTenant(db, t)
	}
}
