package bulk

import (
	"database/sql/driver"
	"reflect"
)

// scanKeyed runs a query whose rows start with the key columns and go on
// with cols, and returns the scanned values of cols by encoded key.
func (c *call) scanKeyed(q Querier, query string, args []any, key, cols []string, extra int) (map[string][]reflect.Value, error) {
	out := map[string][]reflect.Value{}
	err := c.scanRows(q, query, args, key, cols, extra, func(k []byte, vals []reflect.Value) {
		out[string(k)] = vals
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanRefs is scanKeyed for a statement that returns rows of refs, whose
// keys are unique: it returns the values of cols of each ref, by position
// in refs, nil for a ref whose row was not returned. A returned row is
// matched to its ref by key, never by position: PostgreSQL returns the
// rows of INSERT ... SELECT in the order of their input, so the next ref
// not yet matched is tried first, and only when that fails is a map of
// the keys built, once, for the rest. No key is allocated in either case.
func (c *call) scanRefs(q Querier, query string, args []any, key, cols []string, extra int, refs []ref) ([][]reflect.Value, error) {
	out := make([][]reflect.Value, len(refs))
	var byKey map[string]int
	next := 0
	err := c.scanRows(q, query, args, key, cols, extra, func(k []byte, vals []reflect.Value) {
		if next < len(refs) && refs[next].key == string(k) {
			out[next] = vals
			next++
			return
		}
		if byKey == nil {
			byKey = make(map[string]int, len(refs))
			for i, r := range refs {
				byKey[r.key] = i
			}
		}
		// A key not written (one the database changed, as char(n) pads
		// it) is left out, as scanKeyed's callers leave it out.
		if i, ok := byKey[string(k)]; ok {
			out[i] = vals
			next = i + 1
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanRows runs a query whose rows start with the key columns and go on
// with cols and extra more values, and hands each row's encoded key (valid
// until the next row) and values to emit.
func (c *call) scanRows(q Querier, query string, args []any, key, cols []string, extra int, emit func(k []byte, vals []reflect.Value)) error {
	rows, err := c.query(q, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	dest := make([]any, len(key)+len(cols)+extra)
	// Key values are read through holders reused from row to row: only
	// the values kept need an allocation of their own. Keys of plain
	// integer and string types are encoded from the holder as keyOf would
	// encode their driver value, without boxing it.
	hold := make([]reflect.Value, len(key))
	plain := make([]bool, len(key))
	for i, col := range key {
		t := c.rt.fieldType(col)
		hold[i] = reflect.New(t).Elem()
		dest[i] = hold[i].Addr().Interface()
		plain[i] = plainKey(t)
	}
	kv := make([]driver.Value, 1)
	var kb []byte
	// The values kept are scanned into blocks of rows, a slice per column
	// and one of reflect.Values, rather than allocated one by one.
	const block = 1024
	nv := len(cols) + extra
	types := make([]reflect.Type, nv)
	for i := range types {
		types[i] = reflect.TypeFor[any]()
		if i < len(cols) {
			types[i] = c.rt.fieldType(cols[i])
		}
	}
	stores := make([]reflect.Value, nv)
	var vbuf []reflect.Value
	used := block
	for rows.Next() {
		if used == block {
			for i, t := range types {
				stores[i] = reflect.MakeSlice(reflect.SliceOf(t), block, block)
			}
			vbuf, used = make([]reflect.Value, block*nv), 0
		}
		vals := vbuf[used*nv : (used+1)*nv : (used+1)*nv]
		for i := range vals {
			vals[i] = stores[i].Index(used)
			dest[len(key)+i] = vals[i].Addr().Interface()
		}
		used++
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		kb = kb[:0]
		for i, h := range hold {
			if plain[i] {
				kb = appendPlainKey(kb, h)
				continue
			}
			if kv[0], err = driverValue(h.Interface()); err != nil {
				return err
			}
			kb = appendKey(kb, kv)
		}
		emit(kb, vals)
	}
	return rows.Err()
}
