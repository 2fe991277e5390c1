package bulk

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Dialect selects the SQL written for a database. The zero value detects it
// from the driver.
type Dialect uint8

const (
	// Detect finds the dialect from the driver name or type.
	Detect Dialect = iota
	// Postgres is PostgreSQL. Column values are bound as typed arrays
	// (UNNEST) when the driver is pgx's database/sql driver, otherwise as a
	// VALUES list.
	Postgres
	// MySQL is MySQL 8 or MariaDB 10.5+.
	MySQL
	// SQLite is SQLite 3.35+ (RETURNING, UPDATE FROM, upsert).
	SQLite
)

func (d Dialect) String() string {
	switch d {
	case Detect:
		return "detect"
	case Postgres:
		return "postgres"
	case MySQL:
		return "mysql"
	case SQLite:
		return "sqlite"
	}
	return "dialect(" + strconv.Itoa(int(d)) + ")"
}

// quote quotes one identifier for the dialect, doubling the quote
// character inside it, so that any name the catalog holds (a column named
// a"b, or one that closes a quote and goes on with SQL) stays one name.
func (d Dialect) quote(name string) string {
	q := `"`
	if d == MySQL {
		q = "`"
	}
	return q + strings.ReplaceAll(name, q, q+q) + q
}

// quoteTable quotes a table name checked by validName, schema-qualified
// names part by part.
func (d Dialect) quoteTable(name string) string {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = d.quote(p)
	}
	return strings.Join(parts, ".")
}

// dialectOps is what differs between databases: how the catalog is read,
// how a chunk of rows becomes a relation and how rows are found by key,
// chunk sizes and isolation, and the statements each operation writes a
// chunk with. postgres.go, mysql.go and sqlite.go implement it. Each call
// gets its own (see newOps), so an implementation may keep state for the
// call, as MySQL's staged tables.
type dialectOps interface {
	// readColumns and readUniques read the catalog's columns and unique
	// keys of t.
	readColumns(ctx context.Context, q Querier, t *tableInfo) error
	readUniques(ctx context.Context, q Querier, t *tableInfo) error

	// chunkRows is the most rows a statement writes with paramsPerRow
	// (at least 1) values a row, bound as arrays or not; sample, if any,
	// are rows of the call to size them from.
	chunkRows(c *call, paramsPerRow int, arrays bool, sample []ref) int
	// keyListMax is the most keys of nkey columns one statement lists, 0
	// for no limit.
	keyListMax(nkey int) int
	// isolation is the isolation level of a transaction the call owns for
	// op ("insert", "upsert", "update", "delete").
	isolation(c *call, op string) sql.IsolationLevel
	// prepares reports whether a chunk's statement is prepared once per
	// call (see prepared).
	prepares() bool
	// uniqueViolation reports whether err is the database refusing a row
	// that duplicates another on a unique key.
	uniqueViolation(err error) bool

	// useArrays reports whether rows bind as one array per column.
	useArrays(c *call, cols []string) bool
	// sourceAhead, if not nil, renders a chunk's rows with columns cols
	// as the relation update takes as pre, built ahead of its turn.
	sourceAhead(c *call, cols []string) func(refs []ref) source
	// selectByKeys selects key, cols and, if not empty, the expression
	// extra of the rows of the table t with the keys of refs.
	selectByKeys(c *call, key, cols []string, refs []ref, extra string) (string, []any)
	// lookup reads key, cols and extra of the rows with the keys of refs
	// by encoded key, as scanKeyed does; suffix ends the query (FOR
	// UPDATE).
	lookup(c *call, q Querier, key, cols []string, refs []ref, extra, suffix string) (map[string][]reflect.Value, error)

	// insert writes a chunk of an insert plan, giving rows without a key
	// theirs (from ids where the dialect takes keys before the write) and
	// appending the key fields it set to keep unless it is nil; values
	// read back are added to the call's fills.
	insert(c *call, q Querier, p *insertPlan, refs []ref, ids *idSource, keep *[]reflect.Value) error
	// upsertStart runs before the first chunk of each attempt of an
	// upsert; upsertIDParams is the number of values an upserted row
	// binds besides its columns; upsert writes a chunk and records each
	// row's outcome.
	upsertStart(c *call, p *upsertPlan)
	upsertIDParams(c *call, fill []string) int
	upsert(c *call, q Querier, p *upsertPlan, refs []ref) error
	// update writes a chunk of rows by key and says which matched a row;
	// pre, if not nil, is the chunk's relation from sourceAhead.
	update(c *call, q Querier, p *updatePlan, refs []ref, pre *source) ([]bool, error)
	// delete deletes the rows with the keys of refs, marking each in m.
	delete(c *call, q Querier, key []string, refs []ref, m *deleteMatch) error

	// explain words an error of the call's transaction, rolled back, in
	// the caller's terms where the database does not (see pgOps.explain).
	explain(c *call, q Querier, err error) error
	// release frees what the call kept on the connection (MySQL's staged
	// tables), before its transaction ends.
	release(c *call, q Querier)
}

// newOps returns a call's dialectOps, nil for no known dialect.
func (d Dialect) newOps() dialectOps {
	switch d {
	case Postgres:
		return &pgOps{}
	case MySQL:
		return &mysqlOps{}
	case SQLite:
		return &sqliteOps{}
	}
	return nil
}

// validName reports whether s is a plain identifier, optionally qualified by
// one schema: letters, digits, _ and $, not starting with a digit, at most 63
// bytes a part.
func validName(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) > 2 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 63 {
			return false
		}
		for i, r := range p {
			switch {
			case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			case i > 0 && (r >= '0' && r <= '9' || r == '$'):
			default:
				return false
			}
		}
	}
	return true
}

func validColumn(s string) bool { return validName(s) && !strings.Contains(s, ".") }

// driverInfo is what detection learns about the connection.
type driverInfo struct {
	dialect Dialect
	pgx     bool // pgx stdlib, so Postgres: slices bind as PostgreSQL arrays
}

func dialectOfName(name string) driverInfo {
	switch strings.ToLower(name) {
	case "pgx", "pgx/v5", "pgx/v4":
		return driverInfo{Postgres, true}
	case "postgres", "postgresql", "cloudsqlpostgres":
		return driverInfo{Postgres, false}
	case "mysql", "mariadb", "nrmysql":
		return driverInfo{MySQL, false}
	case "sqlite", "sqlite3", "sqlite3_with_hooks":
		return driverInfo{SQLite, false}
	}
	return driverInfo{}
}

func dialectOfType(v any) driverInfo {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return driverInfo{}
	}
	p := t.PkgPath()
	switch {
	case strings.HasPrefix(p, "github.com/jackc/pgx/"):
		return driverInfo{Postgres, true}
	case strings.HasPrefix(p, "github.com/lib/pq"):
		return driverInfo{Postgres, false}
	case strings.HasPrefix(p, "github.com/go-sql-driver/mysql"):
		return driverInfo{MySQL, false}
	case strings.Contains(p, "sqlite"):
		return driverInfo{SQLite, false}
	}
	return driverInfo{}
}

// detect finds the dialect of q. The driver type is preferred to its
// registered name, which is a free-form string.
func detect(q Querier, want Dialect) (driverInfo, error) {
	var info driverInfo
	if dv, ok := q.(interface{ Driver() driver.Driver }); ok {
		info = dialectOfType(dv.Driver())
	}
	if info.dialect == Detect {
		if dn, ok := q.(interface{ DriverName() string }); ok {
			info = dialectOfName(dn.DriverName())
		}
	}
	if info.dialect == Detect {
		if rc, ok := q.(interface{ Raw(func(any) error) error }); ok {
			_ = rc.Raw(func(dc any) error { info = dialectOfType(dc); return nil })
		}
	}
	if want != Detect {
		if info.dialect != want {
			info = driverInfo{dialect: want}
		}
		return info, nil
	}
	if info.dialect == Detect {
		return info, fmt.Errorf("%w: driver of %T not known; set one with bulk.WithDialect", ErrUnknownDialect, q)
	}
	return info, nil
}
