package bulk

import (
	"errors"
	"reflect"

	"github.com/jackc/pgx/v5/pgconn"
)

// Database errors are recognised without importing the driver that made
// them: a program that uses SQLite alone must not link and register
// go-sql-driver/mysql. pgx's pgconn is imported anyway (COPY, arrays) and
// registers no driver.

// mysqlErrno returns the server error number of a go-sql-driver/mysql
// *MySQLError in err's chain, read through reflection from its exported
// Number field.
func mysqlErrno(err error) (uint16, bool) {
	for _, e := range unwrapAll(err) {
		v := reflect.ValueOf(e)
		if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
			continue
		}
		t := v.Elem().Type()
		if t.Name() != "MySQLError" || t.PkgPath() != "github.com/go-sql-driver/mysql" {
			continue
		}
		if f := v.Elem().FieldByName("Number"); f.IsValid() && f.CanUint() {
			return uint16(f.Uint()), true
		}
	}
	return 0, false
}

// mysqlErrMessage is the server's message of a *MySQLError in err's chain.
func mysqlErrMessage(err error) string {
	for _, e := range unwrapAll(err) {
		v := reflect.ValueOf(e)
		if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
			continue
		}
		if t := v.Elem().Type(); t.Name() == "MySQLError" && t.PkgPath() == "github.com/go-sql-driver/mysql" {
			if f := v.Elem().FieldByName("Message"); f.IsValid() && f.Kind() == reflect.String {
				return f.String()
			}
		}
	}
	return ""
}

// pgState returns the SQLSTATE of a PostgreSQL error in err's chain.
func pgState(err error) (string, bool) {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code, true
	}
	return "", false
}

// unwrapAll lists err and every error it wraps, depth first.
func unwrapAll(err error) []error {
	var out []error
	var walk func(error)
	walk = func(e error) {
		if e == nil || len(out) > 64 {
			return
		}
		out = append(out, e)
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	return out
}
