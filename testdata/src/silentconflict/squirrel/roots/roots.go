// Package roots holds squirrel writes built from a builder held in a
// struct field or a package variable: a builder root, followed when every
// value ever stored in it can be seen.
package roots

import (
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

// psql is only ever this builder: a root.
var psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

// Psql is exported: another package may store anything in it.
var Psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

type Store struct {
	db      *sql.DB
	builder sq.StatementBuilderType
	// given is set from the caller's value: not a root.
	given sq.StatementBuilderType
	// mixed holds builders of two placeholder formats.
	mixed sq.StatementBuilderType
}

func NewStore(db *sql.DB, given sq.StatementBuilderType) *Store {
	return &Store{
		db:      db,
		builder: sq.StatementBuilder.PlaceholderFormat(sq.Dollar),
		given:   given,
		mixed:   sq.StatementBuilder.PlaceholderFormat(sq.Dollar),
	}
}

func NewMySQLStore(db *sql.DB) *Store {
	s := &Store{db: db, given: sq.StatementBuilder}
	s.builder = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)
	s.mixed = sq.StatementBuilder
	return s
}

func (s *Store) ignoreField(email string) error {
	_, err := s.builder.Insert("users").Options("IGNORE").Columns("email").Values(email).RunWith(s.db).Exec() // want `^uncounted conflict: \(squirrel\.InsertBuilder\)\.Exec runs INSERT IGNORE into users and its sql\.Result is dropped; rows that conflict vanish without a trace, and IGNORE also turns invalid values and NOT NULL violations into warnings; use bulk\.Insert with bulk\.SkipConflicts to get the skipped rows back$`
	return err
}

func (s *Store) noopUpdateField(email string) {
	s.builder.Insert("users").Columns("email").Values(email).Suffix("ON DUPLICATE KEY UPDATE id = id").RunWith(s.db).Exec() // want `^ignored conflict: \(squirrel\.InsertBuilder\)\.Exec runs INSERT \.\.\. ON DUPLICATE KEY UPDATE that changes nothing \(id\) into users and its error is discarded`
}

// Two stores that differ in their placeholder format only: the conflict
// clause is known all the same.
func (s *Store) mixedFormats(email string) error {
	_, err := s.mixed.Insert("users").Columns("email").Values(email).Suffix("ON CONFLICT DO NOTHING").RunWith(s.db).Exec() // want `^uncounted conflict: \(squirrel\.InsertBuilder\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users`
	return err
}

func packageVar(db *sql.DB, email string) {
	psql.Insert("users").Columns("email").Values(email).Suffix("ON CONFLICT DO NOTHING").RunWith(db).Exec() // want `^ignored conflict: \(squirrel\.InsertBuilder\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its error is discarded`
}

// The builder from a field rendered with ToSql and run by database/sql.
func (s *Store) toSQL(email, name string) error {
	q, args, err := s.builder.Insert("users").Columns("email", "name").Values(email, name).Suffix("ON CONFLICT (email) DO NOTHING").ToSql()
	if err != nil {
		return err
	}
	_, err = s.db.Exec(q, args...) // want `^uncounted conflict: \(\*sql\.DB\)\.Exec runs INSERT \.\.\. ON CONFLICT DO NOTHING into users and its sql\.Result is dropped`
	return err
}

// Negative: the count is compared.
func (s *Store) counted(email string) (bool, error) {
	res, err := s.builder.Insert("users").Options("IGNORE").Columns("email").Values(email).RunWith(s.db).Exec()
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Negative: the field holds what the caller gave, which may carry any
// prefix or option: not a root, not guessed.
func (s *Store) givenField(email string) {
	s.given.Insert("users").Columns("email").Values(email).Suffix("ON CONFLICT DO NOTHING").RunWith(s.db).Exec()
}

// Negative: an exported package variable, which any package may set.
func exportedVar(db *sql.DB, email string) {
	Psql.Insert("users").Columns("email").Values(email).Suffix("ON CONFLICT DO NOTHING").RunWith(db).Exec()
}

// Negative: the suffix really updates.
func (s *Store) upsert(email, name string) error {
	_, err := s.builder.Insert("users").Columns("email", "name").Values(email, name).
		Suffix("ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name").RunWith(s.db).Exec()
	return err
}
