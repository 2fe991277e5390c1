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
			if err := p.chunk(db, args, byValue, out); err != nil {
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
		if err := p.alone(db, k, v, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// plan is what Load checks once, before any round trip.
type plan[T any, K comparable] struct {
	sch   *schema.Schema
	field *schema.Field
	conv  keyconv.Conv[K]
	// loose is set when a chunk returned a row whose key field holds no
	// key asked for: the database compares keys otherwise than Go.
	loose bool
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

// chunk reads the rows of one chunk of keys in primary key order (after
// any order chained on db, as First) and keeps the first row of each key.
// A row whose key field holds no key asked for sets p.loose.
func (p *plan[T, K]) chunk(db *gorm.DB, args []any, byValue map[any][]K, out map[K]T) error {
	rows, err := p.find(db, args)
	if err != nil {
		return err
	}
	for i := range rows {
		fv, ok := keyconv.Elem(p.field.ReflectValueOf(db.Statement.Context, reflect.ValueOf(&rows[i]).Elem()))
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
// whatever its key field holds, as First's row would be.
func (p *plan[T, K]) alone(db *gorm.DB, k K, v any, out map[K]T) error {
	rows, err := p.find(db, []any{v})
	if err != nil {
		return err
	}
	if len(rows) > 0 {
		out[k] = rows[0]
	}
	return nil
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
