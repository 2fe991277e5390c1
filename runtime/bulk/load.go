package bulk

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/bulklint/bulklint/runtime/internal/keyconv"
)

// Load fetches the rows of table whose key is one of keys, one query per
// chunk, and returns them by key. Keys not found are absent from the map;
// repeated keys are fetched once. With no keys it makes no round trip and
// returns an empty map: the arguments are checked, but not the table, nor
// that Key names a unique key of it.
//
// K is either one column's type, with the column named by Key (default
// "id"), or a struct whose db-tagged fields are the key columns of a
// composite key, matched by name to T's fields. T is the row struct; every
// field it maps must be a column of the table.
//
// A key finds the row a read by that key alone would find, under the key
// as given: "ADA@x" finds the row stored as "ada@x" where WHERE email =
// 'ADA@x' does (a case-insensitive or pad-space MySQL collation,
// PostgreSQL's char(n), a COLLATE in an SQLite table's definition). A key
// with no row equal to it in Go is read again alone, at a round trip each,
// when a row came back under a key not asked for, or, on such a string
// column, when it folds like a key that has a row (lower case, no accents,
// no trailing spaces: "ADA@x" beside "ada@x"). Collations that equate
// more than that, asked for both spellings at once, are not covered.
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
	if len(keys) == 0 {
		// No keys, no round trip, as a loop over none makes none: the
		// arguments are checked, the table and its keys are not.
		_, err := checkArgs(ctx, "load", q, table, reflect.TypeFor[T](), cfg)
		return err
	}
	c, err := newCall(ctx, "load", q, table, reflect.TypeFor[T](), cfg)
	if err != nil {
		return err
	}
	ks, err := c.keyShape(reflect.TypeFor[K]())
	if err != nil {
		return err
	}
	// A key that is not unique would find several rows for one key, and
	// a map by key keeps only one of them.
	if err := c.tbl.requireUnique("Load", ks.cols); err != nil {
		return err
	}
	sc, err := newLoadScan[T, K](c, ks)
	if err != nil {
		return err
	}
	// A row is given under its own key, which the map is keyed by. The
	// database may match a key to a row whose key differs from it in Go (a
	// case-insensitive or pad-space collation, char(n) padding): when a
	// row comes back under a key not asked for, every key not matched
	// exactly is read on its own, its row given under the key asked for,
	// as a read per key would have found it; see below for the rest.
	want := make(map[K]bool, len(keys))
	for _, k := range keys {
		want[k] = true
	}
	got := make(map[K]bool, len(keys))
	loose := false
	exact := func(k K, row T) {
		if !want[k] {
			loose = true
			return
		}
		got[k] = true
		emit(k, row)
	}
	if len(ks.cols) == 1 && c.useArrays(ks.cols) && reflect.TypeFor[K]().Kind() != reflect.Interface {
		err = loadArrays(c, q, ks, sc, keys, exact)
	} else {
		err = loadChunks(c, q, ks, sc, keys, exact)
	}
	if err != nil {
		return err
	}
	// Without a row under a key not asked for, a string key column the
	// catalog says compares loosely still may have matched a key to the
	// row of another spelling asked for too ("ABC" beside "abc"): such a
	// key, one that folds like a key with a row, is read alone.
	var found map[string]bool
	if !loose {
		if !c.looseKey(ks, reflect.TypeFor[K]()) {
			return nil
		}
		found = make(map[string]bool, len(got))
		for k := range got {
			if s, ok := keyconv.String(k); ok {
				found[keyconv.Fold(s)] = true
			}
		}
	}
	for _, k := range keys {
		if got[k] {
			continue
		}
		got[k] = true
		if !loose {
			if s, ok := keyconv.String(k); !ok || !found[keyconv.Fold(s)] {
				continue
			}
		}
		if err := loadChunks(c, q, ks, sc, []K{k}, func(_ K, row T) { emit(k, row) }); err != nil {
			return err
		}
	}
	return nil
}

// loadChunks reads the rows of keys with one statement per chunk of
// keys, giving each row to emit under its own key.
func loadChunks[T any, K comparable](c *call, q Querier, ks *keyShape, sc *loadScan[T, K], keys []K, emit func(K, T)) error {
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
		if c.cfg.chunk > 0 {
			n = min(n, c.cfg.chunk)
		}
	}
	defer c.closeStmts()
	n = c.keyChunkRows(len(ks.cols), n)
	for chunk := 0; len(refs) > 0; chunk++ {
		part := refs[:min(n, len(refs))]
		refs = refs[len(part):]
		query, args := c.ops.selectByKeys(c, ks.cols, nil, part, "")
		query = strings.Replace(query, "SELECT "+c.quoteCols("t.", ks.cols), "SELECT "+c.quoteCols("t.", c.rt.cols), 1)
		rows, err := c.query(q, query, args...)
		if err == nil {
			err = sc.scan(rows, emit)
			rows.Close()
		}
		if err != nil {
			return c.chunkErr(chunk, len(part), 0, err)
		}
	}
	return nil
}

// loadScan reads rows of T's columns and their key K, with the field index
// paths resolved once per call.
type loadScan[T any, K comparable] struct {
	c      *call
	ks     *keyShape
	idx    [][]int // field index path of each of c.rt.cols
	keyPos []int   // position in c.rt.cols of each key column
	flat   bool    // no path goes through a pointer: field addresses are stable
	direct bool    // K is the single key field's type
}

func newLoadScan[T any, K comparable](c *call, ks *keyShape) (*loadScan[T, K], error) {
	sc := &loadScan[T, K]{c: c, ks: ks, flat: true}
	for _, col := range c.rt.cols {
		fi := c.rt.fields[col]
		sc.idx = append(sc.idx, fi.Index)
		t := c.rt.strct
		for _, i := range fi.Index {
			if t.Kind() == reflect.Pointer {
				sc.flat = false
				t = t.Elem()
			}
			t = t.Field(i).Type
		}
	}
	for _, k := range ks.cols {
		sc.keyPos = append(sc.keyPos, slices.Index(c.rt.cols, k))
	}
	sc.direct = !ks.strct && c.rt.fieldType(ks.cols[0]) == reflect.TypeFor[K]()
	return sc, nil
}

type rowScanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

func (sc *loadScan[T, K]) scan(rows rowScanner, emit func(K, T)) error {
	var zero, row T
	rv := reflect.ValueOf(&row).Elem()
	dest := make([]any, len(sc.idx))
	addrs := func() {
		for i, idx := range sc.idx {
			if sc.flat {
				dest[i] = rv.FieldByIndex(idx).Addr().Interface()
			} else {
				dest[i] = reflectFieldSet(sc.c, rv, sc.c.rt.cols[i]).Addr().Interface()
			}
		}
	}
	addrs()
	for rows.Next() {
		row = zero
		if !sc.flat {
			addrs()
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		var k K
		if sc.direct {
			k = *dest[sc.keyPos[0]].(*K)
		} else {
			kv := reflect.ValueOf(&k).Elem()
			for j, col := range sc.ks.cols {
				dst := kv
				if sc.ks.strct {
					dst = kv.FieldByIndex(sc.ks.fields[j])
				}
				src := reflect.ValueOf(dest[sc.keyPos[j]]).Elem()
				if !src.Type().ConvertibleTo(dst.Type()) {
					return fmt.Errorf("%w: field %s %v does not convert to key %v", ErrRowType, col, src.Type(), dst.Type())
				}
				dst.Set(src.Convert(dst.Type()))
			}
		}
		emit(k, row)
	}
	return rows.Err()
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

// looseKey reports whether the database may match a key of type kt to a
// row whose key differs from it in Go: a string key column the catalog
// says compares loosely (column.loose).
func (c *call) looseKey(ks *keyShape, kt reflect.Type) bool {
	for j, col := range ks.cols {
		ft := kt
		if ks.strct {
			ft = kt.FieldByIndex(ks.fields[j]).Type
		}
		if cc, ok := c.tbl.column(col); ok && cc.loose && (ft.Kind() == reflect.String || ft.Kind() == reflect.Interface) {
			return true
		}
	}
	return false
}
