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
	out := make(map[K]T, len(keys))
	seen := make(map[K]bool, len(keys))
	// The keys of one chunk by their value as the field's type: several
	// keys may share one (two pointers to equal values).
	byValue := make(map[any][]K, min(len(keys), chunkKeys))
	args := make([]any, 0, min(len(keys), chunkKeys))
	for i, k := range keys {
		if !seen[k] {
			seen[k] = true
			switch v, exact, ok := p.conv.ToField(k); {
			case !ok:
			case !exact:
				// No row's field can hold it: a row found for it
				// matches no key (p.loose), and it is read alone.
				args = append(args, v)
			default:
				if _, dup := byValue[v]; !dup {
					args = append(args, v)
				}
				byValue[v] = append(byValue[v], k)
			}
		}
		if len(args) == chunkKeys || i == len(keys)-1 && len(args) > 0 {
			if err := p.chunk(ctx, db, args, byValue, out); err != nil {
				return nil, err
			}
			args = args[:0]
			clear(byValue)
		}
	}
	// A key the database may have matched to a row whose key Go tells
	// apart from it, and that has no row equal to it in Go, is read alone,
	// its row given under it, as the loop would have found it: after a
	// chunk returned a row equal to no key asked for (p.loose), every key
	// without a row; else a string key that folds like a key that has one
	// ("ABC" beside "abc": one key to a case-insensitive collation).
	var found map[string]bool
	if !p.loose && p.conv.Strings() {
		found = make(map[string]bool, len(out))
		for k := range out {
			if s, ok := keyconv.String(k); ok {
				found[keyconv.Fold(s)] = true
			}
		}
	}
	tried := make(map[K]bool)
	for _, k := range keys {
		if _, ok := out[k]; ok || tried[k] {
			continue
		}
		tried[k] = true
		if !p.loose {
			s, ok := keyconv.String(k)
			if !ok || !found[keyconv.Fold(s)] {
				continue
			}
		}
		v, _, ok := p.conv.ToField(k)
		if !ok {
			continue
		}
		if err := p.alone(ctx, db, k, v, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// plan is what Load checks once, before any round trip.
type plan[T any, K comparable] struct {
	table *schema.Table
	field *schema.Field
	conv  keyconv.Conv[K]
	// loose is set when a chunk returned a row whose key field holds no
	// key asked for: the database compares keys otherwise than Go.
	loose bool
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

// chunk reads the rows of one chunk of keys in primary key order and keeps
// the first row of each key. A row whose key field holds no key asked for
// sets p.loose.
func (p *plan[T, K]) chunk(ctx context.Context, db bun.IDB, args []any, byValue map[any][]K, out map[K]T) error {
	rows, err := p.find(ctx, db, args)
	if err != nil {
		return err
	}
	for i := range rows {
		fv, ok := keyconv.Elem(p.field.Value(reflect.ValueOf(&rows[i]).Elem()))
		var keys []K
		if ok {
			keys = byValue[fv.Interface()]
		}
		if len(keys) == 0 {
			p.loose = true
			continue
		}
		for _, k := range keys {
			if _, done := out[k]; !done {
				out[k] = rows[i]
			}
		}
	}
	return nil
}

// alone reads the rows of the one key k (bound as v): the first is k's,
// whatever its key field holds, as Scan's row would be.
func (p *plan[T, K]) alone(ctx context.Context, db bun.IDB, k K, v any, out map[K]T) error {
	rows, err := p.find(ctx, db, []any{v})
	if err != nil {
		return err
	}
	if len(rows) > 0 {
		out[k] = rows[0]
	}
	return nil
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
