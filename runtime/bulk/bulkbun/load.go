package bulkbun

import (
	"context"
	"fmt"
	"reflect"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/schema"

	"github.com/bulklint/bulklint/runtime/internal/keyconv"
)

// chunkKeys is the most keys in one query. bun writes values into the SQL
// text rather than binding them, so no parameter limit applies; the chunk
// keeps each statement of a bounded size.
const chunkKeys = 1000

// Load returns, for each of keys, the row of T that
//
//	db.NewSelect().Model(&t).Where("? = ?", bun.Ident(column), key).Scan(ctx)
//
// reads, in one query per chunk of keys; a key no row has is absent. Where
// several rows share a key, the map holds the one with the lowest primary
// key. See the package documentation for what it keeps of bun.
func Load[T any, K comparable](ctx context.Context, db bun.IDB, column string, keys []K) (map[K]T, error) {
	p, err := newPlan[T, K](ctx, db, column)
	if err != nil {
		return nil, err
	}
	keyOf := func(row *T) reflect.Value { return p.field.Value(reflect.ValueOf(row).Elem()) }
	return keyconv.Load(keys, p.conv, chunkKeys, keyOf, func(args []any) ([]T, error) { return p.find(ctx, db, args) })
}

// plan is what Load checks once, before any round trip.
type plan[T any, K comparable] struct {
	table *schema.Table
	field *schema.Field
	conv  keyconv.Conv[K]
}

func newPlan[T any, K comparable](ctx context.Context, db bun.IDB, column string) (*plan[T, K], error) {
	if ctx == nil {
		return nil, ErrNilContext
	}
	rt := reflect.TypeFor[T]()
	if rt.Kind() != reflect.Struct {
		return nil, fmt.Errorf("%w: %v is not a struct type", ErrRowType, rt)
	}
	table, err := tableOf(db, rt)
	if err != nil {
		return nil, err
	}
	if len(table.PKs) == 0 {
		return nil, fmt.Errorf("%w: %v has no primary key (bun tag pk) to pick the row of a key several rows share by", ErrRowType, rt)
	}
	var field *schema.Field
	for _, f := range table.Fields {
		if f.Name == column {
			field = f
			break
		}
	}
	if field == nil {
		return nil, fmt.Errorf("%w: %q is not a column of %v (table %s)", ErrUnknownColumn, column, rt, table.Name)
	}
	conv, err := keyconv.New[K](field.StructField.Type)
	if err != nil {
		return nil, fmt.Errorf("%w: %w, the type of column %s's field", ErrKeyType, err, column)
	}
	return &plan[T, K]{table: table, field: field, conv: conv}, nil
}

// tableOf returns bun's table of rt. A zero bun.Tx or bun.Conn has no
// database and panics on use, as bun panics on a struct it cannot map:
// both are errors here.
func tableOf(db bun.IDB, rt reflect.Type) (table *schema.Table, err error) {
	if db == nil {
		return nil, ErrNilDB
	}
	if v := reflect.ValueOf(db); v.Kind() == reflect.Pointer && v.IsNil() {
		return nil, ErrNilDB
	}
	var d schema.Dialect
	func() {
		defer func() {
			if recover() != nil {
				err = ErrNilDB
			}
		}()
		d = db.Dialect()
	}()
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v: %v", ErrRowType, rt, r)
		}
	}()
	return d.Tables().Get(rt), nil
}

// find runs the query of a chunk: the rows whose column is one of args,
// by primary key.
func (p *plan[T, K]) find(ctx context.Context, db bun.IDB, args []any) ([]T, error) {
	var rows []T
	err := db.NewSelect().Model(&rows).
		Where("?TableAlias.? IN (?)", bun.Ident(p.field.Name), bun.In(args)).
		OrderExpr("?TablePKs").
		Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("bulkbun: load %s by %s: %w", p.table.Name, p.field.Name, err)
	}
	return rows, nil
}
