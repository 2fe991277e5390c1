package bulkgorm

import (
	"fmt"
	"reflect"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"

	"github.com/bulklint/bulklint/runtime/internal/keyconv"
)

// chunkKeys is the most keys bound in one query: below SQLite's old limit
// of 999 parameters, with room for the conditions chained on db.
const chunkKeys = 900

// Load returns, for each of keys, the row of T that
//
//	db.Where(column+" = ?", key).First(&t)
//
// reads, in one query per chunk of keys; a key no row has is absent from
// the map. See the package documentation for what it keeps of gorm.
func Load[T any, K comparable](db *gorm.DB, column string, keys []K) (map[K]T, error) {
	p, err := newPlan[T, K](db, column)
	if err != nil {
		return nil, err
	}
	keyOf := func(row *T) reflect.Value {
		return p.field.ReflectValueOf(db.Statement.Context, reflect.ValueOf(row).Elem())
	}
	return keyconv.Load(keys, p.conv, chunkKeys, keyOf, func(args []any) ([]T, error) { return p.find(db, args) })
}

// plan is what Load checks once, before any round trip.
type plan[T any, K comparable] struct {
	sch   *schema.Schema
	field *schema.Field
	conv  keyconv.Conv[K]
}

func newPlan[T any, K comparable](db *gorm.DB, column string) (*plan[T, K], error) {
	if db == nil || db.Config == nil || db.Statement == nil || db.Dialector == nil || db.ConnPool == nil {
		return nil, ErrNilDB
	}
	if db.Error != nil {
		return nil, fmt.Errorf("bulkgorm: %w", db.Error)
	}
	rt := reflect.TypeFor[T]()
	if rt.Kind() != reflect.Struct {
		return nil, fmt.Errorf("%w: %v is not a struct type", ErrRowType, rt)
	}
	if c, ok := db.Statement.Clauses["LIMIT"]; ok {
		if l, ok := c.Expression.(clause.Limit); ok && l.Offset > 0 {
			return nil, fmt.Errorf("%w: Offset(%d) on db: First would skip rows per key, one query for all keys cannot", ErrUnsupportedQuery, l.Offset)
		}
	}
	sch, err := parse[T](db)
	if err != nil {
		return nil, err
	}
	if sch.PrioritizedPrimaryField == nil {
		first := "no column"
		if len(sch.DBNames) > 0 {
			first = "column " + sch.DBNames[0]
		}
		return nil, fmt.Errorf("%w: %v has no single primary key field; First orders by its first column (%s), which picks no definite row among rows sharing a key", ErrRowType, rt, first)
	}
	field := sch.FieldsByDBName[column]
	if field == nil || !field.Readable {
		return nil, fmt.Errorf("%w: %q is not a column of %v (table %s)", ErrUnknownColumn, column, rt, sch.Table)
	}
	conv, err := keyconv.New[K](field.FieldType)
	if err != nil {
		return nil, fmt.Errorf("%w: %w, the type of column %s's field", ErrKeyType, err, column)
	}
	return &plan[T, K]{sch: sch, field: field, conv: conv}, nil
}

// parse returns gorm's schema of T, parsed with db's naming strategy and
// cache on a Statement of our own, so db's is never touched. gorm panics
// on some types it cannot map; that is an error here.
func parse[T any](db *gorm.DB) (sch *schema.Schema, err error) {
	rt := reflect.TypeFor[T]()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v: %v", ErrRowType, rt, r)
		}
	}()
	stmt := &gorm.Statement{DB: db}
	if err := stmt.Parse(new(T)); err != nil {
		return nil, fmt.Errorf("%w: %v: %w", ErrRowType, rt, err)
	}
	return stmt.Schema, nil
}

// find runs the query of a chunk: the rows whose column is one of args, in
// the order First reads them.
func (p *plan[T, K]) find(db *gorm.DB, args []any) ([]T, error) {
	var rows []T
	err := db.Session(&gorm.Session{}).
		Limit(-1).
		Where(clause.IN{Column: clause.Column{Table: clause.CurrentTable, Name: p.field.DBName}, Values: args}).
		Order(clause.OrderByColumn{Column: clause.Column{Table: clause.CurrentTable, Name: clause.PrimaryKey}}).
		Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("bulkgorm: load %s by %s: %w", p.sch.Table, p.field.DBName, err)
	}
	return rows, nil
}
