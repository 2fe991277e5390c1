package bulk

import (
	"context"
	"fmt"
	"reflect"
	"strings"
)

// Load fetches the rows of table whose key is one of keys, one query per
// chunk, and returns them by key. Keys not found are absent from the map;
// repeated keys are fetched once.
//
// K is either one column's type, with the column named by Key (default
// "id"), or a struct whose db-tagged fields are the key columns of a
// composite key, matched by name to T's fields. T is the row struct; every
// field it maps must be a column of the table.
func Load[T any, K comparable](ctx context.Context, q Querier, table string, keys []K, opts ...Option) (map[K]T, error) {
	out := make(map[K]T, len(keys))
	err := load(ctx, q, table, keys, opts, func(k K, row T) { out[k] = row })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// LoadInOrder is Load returning one entry per key, in the order of keys:
// the row, or nil where no row has the key.
func LoadInOrder[T any, K comparable](ctx context.Context, q Querier, table string, keys []K, opts ...Option) ([]*T, error) {
	byKey := make(map[K]*T, len(keys))
	err := load(ctx, q, table, keys, opts, func(k K, row T) { byKey[k] = &row })
	if err != nil {
		return nil, err
	}
	out := make([]*T, len(keys))
	for i, k := range keys {
		out[i] = byKey[k]
	}
	return out, nil
}

type keyShape struct {
	cols   []string
	strct  bool
	fields [][]int // struct K: the field index of each key column
}

func load[T any, K comparable](ctx context.Context, q Querier, table string, keys []K, opts []Option, emit func(K, T)) error {
	cfg, err := newConfig("Load", []string{"Key"}, opts)
	if err != nil {
		return err
	}
	if reflect.TypeFor[T]().Kind() != reflect.Struct {
		return fmt.Errorf("%w: Load wants a struct row type, not %v", ErrRowType, reflect.TypeFor[T]())
	}
	c, err := newCall(ctx, "load", q, table, reflect.TypeFor[T](), cfg)
	if err != nil {
		return err
	}
	ks, err := c.keyShape(reflect.TypeFor[K]())
	if err != nil {
		return err
	}
	// Unique keys, as refs whose struct is a zero row carrying the key.
	seen := make(map[K]bool, len(keys))
	refs := make([]ref, 0, len(keys))
	for i, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		r := ref{idx: i, s: reflect.New(c.rt.strct).Elem()}
		kv := reflect.ValueOf(k)
		for j, col := range ks.cols {
			src := kv
			if ks.strct {
				src = kv.FieldByIndex(ks.fields[j])
			}
			dst := reflectFieldSet(c, r.s, col)
			if !src.Type().ConvertibleTo(dst.Type()) {
				return fmt.Errorf("%w: key %v does not convert to field %s %v", ErrRowType, src.Type(), col, dst.Type())
			}
			dst.Set(src.Convert(dst.Type()))
		}
		if err := c.keyRef(&r, ks.cols); err != nil {
			return err
		}
		refs = append(refs, r)
	}
	if len(refs) == 0 {
		return nil
	}
	n := c.chunkRows(len(ks.cols), c.useArrays(ks.cols), nil)
	if c.useArrays(ks.cols) {
		n = 50000
		if cfg.chunk > 0 {
			n = min(n, cfg.chunk)
		}
	}
	defer c.closeStmts()
	if c.d == MySQL && len(ks.cols) > 1 {
		n = min(n, mysqlInMax)
	}
	for chunk := 0; len(refs) > 0; chunk++ {
		part := refs[:min(n, len(refs))]
		refs = refs[len(part):]
		if err := loadChunk(c, q, ks, part, emit); err != nil {
			return c.chunkErr(chunk, len(part), 0, err)
		}
	}
	return nil
}

func (c *call) keyShape(kt reflect.Type) (*keyShape, error) {
	ks := &keyShape{}
	if kt.Kind() == reflect.Struct && kt != timeType && !kt.Implements(valuerType) {
		km := c.cfg.mapper.TypeMap(kt)
		for _, fi := range km.Index {
			if fi.Path == "" || strings.Contains(fi.Path, ".") || !leaf(fi) {
				continue
			}
			ks.cols = append(ks.cols, fi.Path)
			ks.fields = append(ks.fields, fi.Index)
		}
		ks.strct = true
		if len(c.cfg.key) > 0 {
			return nil, fmt.Errorf("%w: Key given with struct key type %v; its fields are the key", ErrInvalidOption, kt)
		}
	} else {
		ks.cols = c.cfg.key
		if len(ks.cols) == 0 {
			ks.cols = []string{"id"}
		}
		if len(ks.cols) != 1 {
			return nil, fmt.Errorf("%w: %d key columns for key type %v; use a struct key", ErrRowType, len(ks.cols), kt)
		}
	}
	if len(ks.cols) == 0 {
		return nil, fmt.Errorf("%w: key type %v maps no column", ErrNoKey, kt)
	}
	if err := c.mapped("Key", ks.cols); err != nil {
		return nil, err
	}
	return ks, nil
}

func loadChunk[T any, K comparable](c *call, q Querier, ks *keyShape, refs []ref, emit func(K, T)) error {
	sel := "SELECT " + c.quoteCols("t.", c.rt.cols) + " FROM " + c.tbl.quoted + " AS t"
	var query string
	var args []any
	switch {
	case c.d == Postgres && len(ks.cols) == 1 && c.useArrays(ks.cols):
		src := c.source(refs, ks.cols, 1)
		query = sel + " WHERE t." + c.d.quote(ks.cols[0]) + " = ANY(" + strings.TrimSuffix(strings.TrimPrefix(src.from, "unnest("), ") AS v(_b0)") + ")"
		args = src.args
	default:
		query, args = c.selectByKeys(ks.cols, nil, refs, "")
		query = strings.Replace(query, "SELECT "+c.quoteCols("t.", ks.cols), "SELECT "+c.quoteCols("t.", c.rt.cols), 1)
	}
	rows, err := c.query(q, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	kt := reflect.TypeFor[K]()
	dest := make([]any, len(c.rt.cols))
	for rows.Next() {
		row := reflect.New(c.rt.strct).Elem()
		for i, col := range c.rt.cols {
			dest[i] = reflectFieldSet(c, row, col).Addr().Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		k := reflect.New(kt).Elem()
		for j, col := range ks.cols {
			dst := k
			if ks.strct {
				dst = k.FieldByIndex(ks.fields[j])
			}
			src := c.rt.get(row, col)
			if !src.Type().ConvertibleTo(dst.Type()) {
				return fmt.Errorf("%w: field %s %v does not convert to key %v", ErrRowType, col, src.Type(), dst.Type())
			}
			dst.Set(src.Convert(dst.Type()))
		}
		emit(k.Interface().(K), row.Interface().(T))
	}
	return rows.Err()
}
