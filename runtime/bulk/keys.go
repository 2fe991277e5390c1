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

// keyIn renders "(k1, k2) IN ((?, ?), ...)" for the keys of refs, with its
// arguments, for MySQL and SQLite; PostgreSQL joins to arrays instead.
func (c *call) keyIn(prefix string, key []string, refs []ref, startParam int) (string, []any) {
	var b strings.Builder
	args := make([]any, 0, len(refs)*len(key))
	n := startParam
	if len(key) > 1 && c.d == MySQL {
		// MariaDB plans "(a, b) IN ((?, ?), ...)" with hundreds of rows as
		// a scan; an OR of equalities is a range read of the index.
		b.WriteByte('(')
		for i, r := range refs {
			if i > 0 {
				b.WriteString(" OR ")
			}
			b.WriteByte('(')
			for j, k := range key {
				if j > 0 {
					b.WriteString(" AND ")
				}
				b.WriteString(prefix + c.qcol(k) + " = ?")
				args = append(args, r.kv[j])
			}
			b.WriteByte(')')
		}
		b.WriteByte(')')
		return b.String(), args
	}
	if len(key) == 1 {
		b.WriteString(prefix + c.qcol(key[0]) + " IN (")
	} else {
		b.WriteString("(" + c.quoteCols(prefix, key) + ") IN (")
		if c.d == SQLite {
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
			b.WriteString(c.d.ph(n))
			n++
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
	if c.d != MySQL {
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
// scanKeyed does, in several queries on MySQL for composite keys. suffix
// ends each query (ORDER BY ... FOR UPDATE).
func (c *call) lookup(q Querier, key, cols []string, refs []ref, extra, suffix string) (map[string][]reflect.Value, error) {
	nextra := 0
	if extra != "" {
		nextra = 1
	}
	if c.d == MySQL {
		src, err := c.stageMySQL(q, key, refs, false)
		if err != nil {
			return nil, err
		}
		on := make([]string, len(key))
		for i, k := range key {
			on[i] = "t." + c.qcol(k) + " = v." + relCol(i)
		}
		// The key is read from the staged rows, not from t: it comes back
		// as the input spelled it, where a case-insensitive collation
		// found the row under another spelling.
		vk := make([]string, len(key))
		for i := range key {
			vk[i] = "v." + relCol(i)
		}
		sel := "SELECT STRAIGHT_JOIN " + strings.Join(vk, ", ")
		if len(cols) > 0 {
			sel += ", " + c.quoteCols("t.", cols)
		}
		if extra != "" {
			sel += ", " + extra
		}
		// v holds the keys in key order: rows are read, and locked, in it.
		return c.scanKeyed(q, sel+" FROM "+src.from+" JOIN "+c.tbl.quoted+" AS t ON "+strings.Join(on, " AND ")+suffix, nil, key, cols, nextra)
	}
	n := len(refs)
	var out map[string][]reflect.Value
	for len(refs) > 0 {
		part := refs[:min(n, len(refs))]
		refs = refs[len(part):]
		query, args := c.selectByKeys(key, cols, part, extra)
		got, err := c.scanKeyed(q, query+suffix, args, key, cols, nextra)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = got
			continue
		}
		for k, v := range got {
			out[k] = v
		}
	}
	return out, nil
}
