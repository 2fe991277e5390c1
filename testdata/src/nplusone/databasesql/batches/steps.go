package batches

import (
	"context"
	"database/sql"
)

type migration struct {
	version int
	up      func(tx *sql.Tx) error
}

// --- negatives ---

// Silent: a migration runner. Each iteration runs the step's own code
// (m.up), and recording the step's version belongs to the step.
func runMigrations(ctx context.Context, tx *sql.Tx, steps []migration) error { // want runMigrations:`^query\(\(\*sql\.Tx\)\.ExecContext\)$`
	for _, m := range steps {
		if err := m.up(tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version (version) VALUES ($1)", m.version); err != nil {
			return err
		}
	}
	return nil
}

// Silent: the same with a slice of functions indexed by the counter.
func upgrade(tx *sql.Tx, from int, fns []func(*sql.Tx) error) error { // want upgrade:`^query\(\(\*sql\.Tx\)\.Exec\)$`
	for i := from; i < len(fns); i++ {
		if err := fns[i](tx); err != nil {
			return err
		}
		if _, err := tx.Exec("UPDATE schema_version SET version = $1", i+1); err != nil {
			return err
		}
	}
	return nil
}

type Middleware interface {
	OnRequest(ctx context.Context, user string) error
}

type auditMiddleware struct{ db *sql.DB }

func (a *auditMiddleware) OnRequest(ctx context.Context, user string) error { // want OnRequest:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	_, err := a.db.ExecContext(ctx, "INSERT INTO audit (user_name) VALUES ($1)", user)
	return err
}

// Silent: each middleware is a different implementation, run once per
// request; the one that writes an audit row does so once.
func handle(ctx context.Context, user string, chain []Middleware) error { // want handle:`^query\(\(\*batches\.auditMiddleware\)\.OnRequest -> \(\*sql\.DB\)\.ExecContext\)$`
	for _, m := range chain {
		if err := m.OnRequest(ctx, user); err != nil {
			return err
		}
	}
	return nil
}

// --- positives ---

// A callback that is not taken from the iteration leaves the loop a loop
// over data.
func notify(ctx context.Context, db *sql.DB, users []string, hook func(string)) { // want notify:`^query\(\(\*sql\.DB\)\.ExecContext\)$`
	for _, u := range users {
		hook(u)
		db.ExecContext(ctx, "UPDATE users SET notified = true WHERE name = $1", u) // want `^query in loop: \(\*sql\.DB\)\.ExecContext runs once per element of users \(loop at line 69\); update them at once with bulk\.Update$`
	}
}

// One implementation called per element is still a query per element.
func auditAll(ctx context.Context, m Middleware, users []string) { // want auditAll:`^query\(`
	for _, u := range users {
		m.OnRequest(ctx, u) // want `^query in loop: \(batches\.Middleware\)\.OnRequest \(implemented by \(\*batches\.auditMiddleware\)\.OnRequest\) runs a query via \(\*sql\.DB\)\.ExecContext once per element of users`
	}
}
