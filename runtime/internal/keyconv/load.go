package keyconv

import "reflect"

// Load returns, for each of keys, the row a read by that key alone gives:
// find reads the rows whose key column is one of args, the first row of a
// key being the one the read per key picks; keyOf is a row's key field.
// Keys go to find chunk at a time, each distinct value once; a nil key is
// never bound. Rows go to the keys equal to their key field in Go. A key
// the database may have matched to a row whose key Go tells apart from it,
// and that has no row equal to it, is read alone, its row given under it:
// after a chunk returned a row equal to no key asked for, every key
// without a row; else a string key that folds like a key that has one
// ("ABC" beside "abc": one key to a case-insensitive collation).
func Load[T any, K comparable](keys []K, conv Conv[K], chunk int, keyOf func(*T) reflect.Value, find func(args []any) ([]T, error)) (map[K]T, error) {
	out := make(map[K]T, len(keys))
	loose := false
	run := func(args []any, byValue map[any][]K) error {
		rows, err := find(args)
		if err != nil {
			return err
		}
		for i := range rows {
			fv, ok := Elem(keyOf(&rows[i]))
			var ks []K
			if ok {
				ks = byValue[fv.Interface()]
			}
			if len(ks) == 0 {
				loose = true
				continue
			}
			for _, k := range ks {
				if _, done := out[k]; !done {
					out[k] = rows[i]
				}
			}
		}
		return nil
	}
	seen := make(map[K]bool, len(keys))
	// The keys of one chunk by their value as the field's type: several
	// keys may share one (two pointers to equal values).
	byValue := make(map[any][]K, min(len(keys), chunk))
	args := make([]any, 0, min(len(keys), chunk))
	for i, k := range keys {
		if !seen[k] {
			seen[k] = true
			switch v, exact, ok := conv.ToField(k); {
			case !ok:
			case !exact:
				// No row's field can hold it: a row found for it matches
				// no key (loose), and it is read alone.
				args = append(args, v)
			default:
				if _, dup := byValue[v]; !dup {
					args = append(args, v)
				}
				byValue[v] = append(byValue[v], k)
			}
		}
		if len(args) == chunk || i == len(keys)-1 && len(args) > 0 {
			if err := run(args, byValue); err != nil {
				return nil, err
			}
			args = args[:0]
			clear(byValue)
		}
	}
	var found map[string]bool
	if !loose {
		if !conv.Strings() {
			return out, nil
		}
		found = make(map[string]bool, len(out))
		for k := range out {
			if s, ok := String(k); ok {
				found[Fold(s)] = true
			}
		}
	}
	tried := make(map[K]bool)
	for _, k := range keys {
		if _, ok := out[k]; ok || tried[k] {
			continue
		}
		tried[k] = true
		if !loose {
			if s, ok := String(k); !ok || !found[Fold(s)] {
				continue
			}
		}
		v, _, ok := conv.ToField(k)
		if !ok {
			continue
		}
		rows, err := find([]any{v})
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 {
			out[k] = rows[0]
		}
	}
	return out, nil
}
