package bulk

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/jmoiron/sqlx/reflectx"
)

// Option configures one call. Options are checked when the call starts: a bad
// value, or an option that does not apply to the operation, is an
// ErrInvalidOption error and nothing is written.
type Option func(*config)

type exprCol struct{ col, expr string }

type config struct {
	dialect    Dialect
	chunk      int
	key        []string
	columns    []string
	generated  []string
	skip       []string
	exprs      []exprCol
	merge      bool
	requireAll bool
	noCopy     bool
	mapper     *reflectx.Mapper
	hook       func(context.Context, any) error
	set        []string // names of the options given, for applicability checks
	errs       []error
}

func (c *config) mark(name string) { c.set = append(c.set, name) }

func (c *config) bad(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidOption}, args...)...))
}

// WithDialect sets the dialect instead of detecting it from the driver.
func WithDialect(d Dialect) Option {
	return func(c *config) {
		c.mark("WithDialect")
		if d > SQLite {
			c.bad("WithDialect(%v)", d)
		}
		c.dialect = d
	}
}

// ChunkSize lowers the number of rows written per statement. The default is
// the most the database accepts in one statement (its bind parameter limit
// divided by the columns per row; for PostgreSQL arrays, 20,000 rows).
func ChunkSize(rows int) Option {
	return func(c *config) {
		c.mark("ChunkSize")
		if rows < 1 {
			c.bad("ChunkSize(%d): must be at least 1", rows)
		}
		c.chunk = rows
	}
}

// Key names the key columns (a composite key allowed): the columns Update,
// Load and Delete match on, the natural key Upsert updates or creates by,
// and for Insert the unique columns rows are mapped back by. Update, Load,
// Delete and Track default to "id".
func Key(cols ...string) Option {
	return func(c *config) {
		c.mark("Key")
		c.key = checkCols(c, "Key", cols)
	}
}

// Columns names the columns written: by Insert (instead of all mapped
// columns), by Update (instead of all mapped non-key columns) and by Upsert
// on the update path (instead of all mapped non-key columns). Never a silent
// subset: an unknown name is an error.
func Columns(cols ...string) Option {
	return func(c *config) {
		c.mark("Columns")
		c.columns = checkCols(c, "Columns", cols)
	}
}

// Generated names columns the database fills (defaults, triggers, computed
// columns): Insert and Upsert do not write them and read them back into the
// rows, mapped by key. The auto-increment, serial or identity column is
// found from the catalog and needs no option.
func Generated(cols ...string) Option {
	return func(c *config) {
		c.mark("Generated")
		c.generated = checkCols(c, "Generated", cols)
	}
}

// SkipConflicts makes Insert skip rows whose conflict key (the columns of a
// unique index or primary key) already exists. Skipped rows are reported in
// Result.Conflicts with the existing row's key. On MySQL the conflict is
// taken with a key-only no-op update, never INSERT IGNORE, so data errors
// still fail the call.
func SkipConflicts(keyCols ...string) Option {
	return func(c *config) {
		c.mark("SkipConflicts")
		if len(keyCols) == 0 {
			c.bad("SkipConflicts needs the conflict key columns")
		}
		c.skip = checkCols(c, "SkipConflicts", keyCols)
	}
}

// Expr writes col with a SQL expression on the row's current value, the
// equivalent of Django's F(): Expr("stock", "stock - ?") subtracts the row's
// Stock field from the stored stock. A bare column name is the current
// value, ? is the row's value of col, bound as a parameter. The expression
// is SQL from the program, never from user input. On MySQL a multi-table
// UPDATE may see columns assigned earlier in the same SET.
func Expr(col, expr string) Option {
	return func(c *config) {
		c.mark("Expr")
		if !validColumn(col) {
			c.bad("Expr(%q): %w", col, ErrInvalidName)
		}
		if strings.Count(expr, "?") > 1 || strings.TrimSpace(expr) == "" || strings.Contains(expr, ";") {
			c.bad("Expr(%q, %q): want one expression with at most one ?", col, expr)
		}
		c.exprs = append(c.exprs, exprCol{col, expr})
	}
}

// MergeDuplicates makes Upsert accept input rows that share a key: the last
// one wins and every row of the key gets its outcome and generated columns.
func MergeDuplicates() Option {
	return func(c *config) { c.mark("MergeDuplicates"); c.merge = true }
}

// RequireAll makes Update and Delete fail with ErrMissingKey, writing
// nothing, when a key matches no row. Without it missing keys are reported
// in the Result.
func RequireAll() Option {
	return func(c *config) { c.mark("RequireAll"); c.requireAll = true }
}

// NoCopy keeps Insert from using PostgreSQL's COPY protocol.
func NoCopy() Option {
	return func(c *config) { c.mark("NoCopy"); c.noCopy = true }
}

// WithMapper sets the field to column mapper; the default is sqlx's: the db
// tag, else the lowercased field name.
func WithMapper(m *reflectx.Mapper) Option {
	return func(c *config) {
		c.mark("WithMapper")
		if m == nil {
			c.bad("WithMapper(nil)")
		}
		c.mapper = m
	}
}

// BeforeChunk runs fn on each chunk before it is written, in Go, with the
// chunk as a slice of the input's element type ([]T). An error stops the
// call and rolls it back. Rows implementing Validate() error are validated
// the same way without an option.
func BeforeChunk(fn func(ctx context.Context, chunk any) error) Option {
	return func(c *config) {
		c.mark("BeforeChunk")
		if fn == nil {
			c.bad("BeforeChunk(nil)")
		}
		c.hook = fn
	}
}

func checkCols(c *config, opt string, cols []string) []string {
	seen := map[string]bool{}
	for _, col := range cols {
		if !validColumn(col) {
			c.bad("%s(%q): %w", opt, col, ErrInvalidName)
		}
		if seen[col] {
			c.bad("%s: column %q given twice", opt, col)
		}
		seen[col] = true
	}
	return append([]string(nil), cols...)
}

func newConfig(op string, allowed []string, opts []Option) (*config, error) {
	c := &config{}
	for _, o := range opts {
		if o == nil {
			c.bad("nil Option")
			continue
		}
		o(c)
	}
	ok := map[string]bool{"WithDialect": true, "ChunkSize": true, "WithMapper": true}
	for _, a := range allowed {
		ok[a] = true
	}
	for _, s := range c.set {
		if !ok[s] {
			c.bad("%s does not apply to %s", s, op)
		}
	}
	if c.mapper == nil {
		c.mapper = reflectx.NewMapperFunc("db", sqlx.NameMapper)
	}
	if len(c.errs) > 0 {
		return nil, c.errs[0]
	}
	return c, nil
}
