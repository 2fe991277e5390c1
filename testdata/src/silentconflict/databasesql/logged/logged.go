// Package logged holds ignore-conflict writes whose count is read but
// checks nothing: it only reaches log and metrics calls.
package logged

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"log/slog"

	applog "fixtures/silentconflict/databasesql/logged/applog"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

const insert = "INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING"

func stdlog(ctx context.Context, db *sql.DB, email string) error {
	res, err := db.ExecContext(ctx, insert, email) // want `^uncounted conflict: \(\*sql\.DB\)\.ExecContext runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its RowsAffected is only logged; rows that conflict vanish without a trace; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	log.Printf("inserted %d user(s)", n)
	return nil
}

func structured(ctx context.Context, db *sql.DB, email string) error {
	res, err := db.ExecContext(ctx, insert, email) // want `^uncounted conflict: .* its RowsAffected is only logged`
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	slog.InfoContext(ctx, "users inserted", slog.Int64("count", n), "email", email)
	return nil
}

// Formatted first, then handed to the application's own logger.
func ownLogger(ctx context.Context, db *sql.DB, email string) error {
	res, err := db.ExecContext(ctx, insert, email) // want `^uncounted conflict: .* its RowsAffected is only logged`
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	applog.Info(fmt.Sprintf("inserted %d", n))
	return nil
}

type User struct {
	ID    int64
	Email string
}

func gormLogged(db *gorm.DB, users []User) error {
	res := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&users) // want `^uncounted conflict: \(\*gorm\.DB\)\.Create runs INSERT \.\.\. ON CONFLICT DO NOTHING \(clause\.OnConflict\{DoNothing: true\}\) and its RowsAffected is only logged`
	if res.Error != nil {
		return res.Error
	}
	log.Println("created", res.RowsAffected)
	return nil
}

var ErrExists = errors.New("exists")

// Negative: logged and compared.
func loggedAndCompared(ctx context.Context, db *sql.DB, email string) error {
	res, err := db.ExecContext(ctx, insert, email)
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	log.Printf("inserted %d", n)
	if n == 0 {
		return ErrExists
	}
	return nil
}

type Report struct{ Inserted int64 }

// Negative: stored into a result the caller reads.
func stored(ctx context.Context, db *sql.DB, email string, r *Report) error {
	res, err := db.ExecContext(ctx, insert, email)
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	r.Inserted += n
	return nil
}

// Negative: returned, formatted into the error.
func inError(ctx context.Context, db *sql.DB, email string) error {
	res, err := db.ExecContext(ctx, insert, email)
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	return fmt.Errorf("inserted %d", n)
}

// Negative: passed to a function of the program, which may decide on it.
func passedOn(ctx context.Context, db *sql.DB, email string) error {
	res, err := db.ExecContext(ctx, insert, email)
	if err != nil {
		return err
	}
	n, _ := res.RowsAffected()
	record(n)
	return nil
}

func record(n int64) {
	if n == 0 {
		panic("skipped")
	}
}
