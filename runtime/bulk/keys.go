package bulk

import (
	"database/sql/driver"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// keyRef fills in a row's key values and their encoding.
func (c *call) keyRef(r *ref, key []string) error {
	return c.keyRefPlain(r, key, nil)
}

// keyRefPlain is keyRef; plain, if not nil, says per key column whether
// its type is plainKey: such a value is converted by its kind, not boxed
// and handed to the driver's converter.
func (c *call) keyRefPlain(r *ref, key []string, plain []bool) error {
	r.kv = r.kv[:0]
	for i, col := range key {
		fv := c.rt.get(r.s, col)
		if plain != nil && plain[i] {
			if fv.Kind() == reflect.String {
				r.kv = append(r.kv, fv.String())
			} else {
				r.kv = append(r.kv, fv.Int())
			}
			continue
		}
		v, err := driverValue(fv.Interface())
		if err != nil {
			return &RowError{Index: r.idx, Err: fmt.Errorf("bulk: key column %s: %w", col, err)}
		}
		r.kv = append(r.kv, v)
	}
	r.key = keyOf(r.kv)
	return nil
}

// keyRefs is keyRef for every row, their key values in one allocation.
func (c *call) keyRefs(refs []ref, key []string) error {
	buf := make([]driver.Value, len(refs)*len(key))
	plain := make([]bool, len(key))
	for i, col := range key {
		plain[i] = plainKey(c.rt.fieldType(col))
	}
	for i := range refs {
		refs[i].kv = buf[i*len(key) : i*len(key) : (i+1)*len(key)]
		if err := c.keyRefPlain(&refs[i], key, plain); err != nil {
			return err
		}
	}
	return nil
}

func sortByKey(refs []ref) {
	byKey := func(a, b ref) int {
		for i := range a.kv {
			if c := compareValues(a.kv[i], b.kv[i]); c != 0 {
				return c
			}
		}
		return 0
	}
	// Rows often come in key order already (read with ORDER BY key):
	// one pass, which stops at the first pair out of order, spares the
	// sort's n log n comparisons then.
	if slices.IsSortedFunc(refs, byKey) {
		return
	}
	slices.SortStableFunc(refs, byKey)
}

// keyList renders "k IN (?, ...)", or for a composite key "(k1, k2) IN
// ((?, ?), ...)", for the keys of refs, with its arguments. values writes
// the list of a composite key as VALUES, for SQLite. PostgreSQL joins to
// the keys as a relation instead (see pgOps.selectByKeys).
func (c *call) keyList(prefix string, key []string, refs []ref, values bool) (string, []any) {
	var b strings.Builder
	args := make([]any, 0, len(refs)*len(key))
	if len(key) == 1 {
		b.WriteString(prefix + c.qcol(key[0]) + " IN (")
	} else {
		b.WriteString("(" + c.quoteCols(prefix, key) + ") IN (")
		if values {
			b.WriteString("VALUES ")
		}
	}
	for i, r := range refs {
		if i > 0 {
			b.WriteString(", ")
		}
		if len(key) > 1 {
			b.WriteByte('(')
		}
		for j := range key {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('?')
			args = append(args, r.kv[j])
		}
		if len(key) > 1 {
			b.WriteByte(')')
		}
	}
	b.WriteByte(')')
	return b.String(), args
}

// dbKey is r's key as the database compares it: on MySQL, string key
// columns of a case-insensitive collation are lowercased, and trailing
// spaces dropped where the collation pads. It is r.key where nothing
// folds. (An accent-insensitive collation can still equate keys this
// does not: those are caught after the write, and the call fails.)
func (c *call) dbKey(r ref, key []string) (string, bool) {
	if !c.tbl.foldsKeys {
		return r.key, false
	}
	folded := false
	kv := slices.Clone(r.kv)
	for i, col := range key {
		cc, _ := c.tbl.column(col)
		s, ok := kv[i].(string)
		if !ok || cc == nil {
			continue
		}
		f := s
		if cc.padSpace {
			f = strings.TrimRight(f, " ")
		}
		if cc.foldCase {
			f = strings.ToLower(f)
		}
		if f != s {
			kv[i], folded = f, true
		}
	}
	if !folded {
		return r.key, false
	}
	return keyOf(kv), true
}

// dedupe rejects, or with merge keeps the last of, rows sharing a key as
// the database compares keys (see dbKey); key names the columns of the
// refs' kv. It returns the rows to write and,
// for merged rows, the rows that follow each written one.
func (c *call) dedupe(refs []ref, key []string, merge bool) ([]ref, map[int][]ref, error) {
	seen := make(map[string]int, len(refs))
	dupErr := func(r, other ref) error {
		if r.key != other.key {
			return &RowError{Index: r.idx, Err: fmt.Errorf("%w: key %v is the key %v of row %d to the database, whose collation ignores case or trailing spaces",
				ErrDuplicateKey, r.kv, other.kv, other.idx)}
		}
		return &RowError{Index: r.idx, Err: fmt.Errorf("%w: same key as row %d", ErrDuplicateKey, other.idx)}
	}
	dk := func(r ref) string {
		if len(key) == len(r.kv) {
			k, _ := c.dbKey(r, key)
			return k
		}
		return r.key
	}
	if !merge {
		// Without merging, the rows to write are refs itself: only the
		// keys need checking.
		for i, r := range refs {
			k := dk(r)
			if j, dup := seen[k]; dup {
				return nil, nil, dupErr(r, refs[j])
			}
			seen[k] = i
		}
		return refs, nil, nil
	}
	var followers map[int][]ref
	out := make([]ref, 0, len(refs))
	for _, r := range refs {
		k := dk(r)
		if j, dup := seen[k]; dup {
			if r.key != out[j].key {
				// Merging rows the database alone equates would write
				// one key under another's spelling: refuse it.
				return nil, nil, dupErr(r, out[j])
			}
			if followers == nil {
				followers = map[int][]ref{}
			}
			prev := out[j]
			followers[r.idx] = append(followers[prev.idx], prev)
			delete(followers, prev.idx)
			out[j] = r
			continue
		}
		seen[k] = len(out)
		out = append(out, r)
	}
	return out, followers, nil
}

// lookup reads key, cols and extra of the rows with the keys of refs, as
// scanKeyed does. suffix ends the query (ORDER BY ... FOR UPDATE).
func (c *call) lookup(q Querier, key, cols []string, refs []ref, extra, suffix string) (map[string][]reflect.Value, error) {
	return c.ops.lookup(c, q, key, cols, refs, extra, suffix)
}

// lookupSelect is lookup by one query of the dialect's selectByKeys.
func (c *call) lookupSelect(q Querier, key, cols []string, refs []ref, extra, suffix string) (map[string][]reflect.Value, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	query, args := c.ops.selectByKeys(c, key, cols, refs, extra)
	return c.scanKeyed(q, query+suffix, args, key, cols, nExtra(extra))
}

// selectCols returns "SELECT t.k1, ..., t.c1, ..., extra": key, cols and,
// if not empty, the expression extra of the rows of the table t.
func (c *call) selectCols(key, cols []string, extra string) string {
	sel := "SELECT " + c.quoteCols("t.", key)
	if len(cols) > 0 {
		sel += ", " + c.quoteCols("t.", cols)
	}
	if extra != "" {
		sel += ", " + extra
	}
	return sel
}

// nExtra is the number of values the expression extra adds to a row read.
func nExtra(extra string) int {
	if extra != "" {
		return 1
	}
	return 0
}
