package bulk

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx/reflectx"
)

// Delete deletes the rows of table whose key is one of keys: one DELETE per
// chunk, all chunks in one transaction, the replacement for a DELETE run
// once per loop element.
//
// K is either one column's type, with the column named by Key (default
// "id"), or a struct whose db-tagged fields are the columns of a composite
// key (WithMapper maps them), as for Load. The key must be the primary key
// or a unique index of the table, else ErrNotUniqueKey and nothing is
// deleted. An interface key type is refused: a key read back from the
// database must compare equal, in Go, to the one given.
//
// Result.Outcomes has one entry per key, in input order: Deleted, or
// Missing when no row had the key (also listed in Result.MissingRows);
// Result.Deleted counts the rows deleted. With RequireAll a missing key is
// an ErrMissingKey error and nothing is deleted. A key given twice is an
// ErrDuplicateKey error, as for Upsert and Update, before anything is
// deleted.
//
// Rows are deleted in key order, so that concurrent calls over overlapping
// keys lock rows in the same order. Each deleted row's key is read back
// (RETURNING on PostgreSQL and SQLite; on MySQL a read under lock before
// the DELETE, checked against its affected-rows count) and matched to the
// input key. On MySQL, whose collations are read from the catalog, keys
// are compared as the database compares them: two input keys it equates
// (case, trailing spaces) are an ErrDuplicateKey error before anything is
// deleted, and a key spelled otherwise than the stored row deletes it. On
// PostgreSQL and SQLite, a row the database matched to a key Go tells
// apart from its own (a nondeterministic or NOCASE collation, char(n)
// padding) is an error, and nothing is deleted; of two input keys the
// database compares equal, the one equal in Go to the row's key is
// Deleted and the other Missing.
func Delete[K comparable](ctx context.Context, q Querier, table string, keys []K, opts ...Option) (Result, error) {
	if ctx == nil {
		return Result{}, ErrNilContext
	}
	cfg, err := newConfig("Delete", []string{"Key", "RequireAll"}, opts)
	if err != nil {
		return Result{}, err
	}
	kt := reflect.TypeFor[K]()
	elem, strct, err := deleteRowType(cfg, kt)
	if err != nil {
		return Result{}, err
	}
	c, err := newCall(ctx, "delete", q, table, elem, cfg)
	if err != nil {
		return Result{}, err
	}
	key := c.rt.cols
	if err := c.tbl.requireUnique("Delete", key); err != nil {
		return Result{}, err
	}
	// The rows of the call carry only the key: a struct K is its own row,
	// another K is the field of a one-field struct.
	kv := reflect.ValueOf(keys)
	refs := make([]ref, len(keys))
	var rows reflect.Value
	if !strct {
		rows = reflect.MakeSlice(reflect.SliceOf(elem), len(keys), len(keys))
	}
	for i := range refs {
		if strct {
			refs[i] = ref{idx: i, s: kv.Index(i)}
			continue
		}
		s := rows.Index(i)
		s.Field(0).Set(kv.Index(i))
		refs[i] = ref{idx: i, s: s}
	}
	c.res.Outcomes = make([]Outcome, len(refs))
	if len(refs) == 0 {
		return c.res, nil
	}
	if err := c.keyRefs(refs, key); err != nil {
		return Result{}, err
	}
	if _, _, err := c.dedupe(refs, key, false); err != nil {
		return Result{}, err
	}
	sortByKey(refs)
	n := c.chunkRows(len(key), c.useArrays(key), refs)
	n = c.keyChunkRows(len(key), n) // the DELETE lists the keys: see keyListMax
	err = c.retry(func() error {
		return c.atomic(q, c.ops.isolation(c, "delete"), func(tx Querier) error {
			return c.deleteIn(tx, key, refs, n)
		})
	})
	if err != nil {
		return Result{}, err
	}
	return c.res, nil
}

// deleteRowType returns the row type a Delete's keys are carried in, and
// whether it is K itself (a struct of key fields).
func deleteRowType(cfg *config, kt reflect.Type) (reflect.Type, bool, error) {
	if kt.Kind() == reflect.Interface {
		return nil, false, fmt.Errorf("%w: Delete wants a concrete key type, not %v", ErrRowType, kt)
	}
	if kt.Kind() == reflect.Struct && kt != timeType && !kt.Implements(valuerType) {
		if len(cfg.key) > 0 {
			return nil, false, fmt.Errorf("%w: Key given with struct key type %v; its fields are the key", ErrInvalidOption, kt)
		}
		return kt, true, nil
	}
	col := "id"
	switch len(cfg.key) {
	case 0:
	case 1:
		col = cfg.key[0]
	default:
		return nil, false, fmt.Errorf("%w: %d key columns for key type %v; use a struct key", ErrRowType, len(cfg.key), kt)
	}
	// Key's names are checked identifiers: safe in a tag. The field maps
	// by its tag whatever mapper was given, which is for struct keys.
	cfg.mapper = reflectx.NewMapperFunc("db", strings.ToLower)
	return reflect.StructOf([]reflect.StructField{{Name: "Key", Type: kt, Tag: reflect.StructTag(`db:"` + col + `"`)}}), false, nil
}

// deleteIn deletes refs, sorted by key, in chunks of n.
func (c *call) deleteIn(tx Querier, key []string, refs []ref, n int) error {
	done := 0
	for chunk := 0; len(refs) > 0; chunk++ {
		part := refs[:min(n, len(refs))]
		refs = refs[len(part):]
		if err := c.ctx.Err(); err != nil {
			return c.chunkErr(chunk, len(part), done, err)
		}
		deleted, err := c.deleteChunk(tx, key, part)
		if err != nil {
			return c.chunkErr(chunk, len(part), done, err)
		}
		if err := c.countMatched(part, deleted, Deleted); err != nil {
			return err
		}
		c.res.Chunks++
		done += len(part)
	}
	slices.Sort(c.res.MissingRows)
	return nil
}

// deleteChunk deletes the rows with the keys of refs and says which keys
// had one.
func (c *call) deleteChunk(q Querier, key []string, refs []ref) ([]bool, error) {
	m := &deleteMatch{c: c, pos: make(map[string]int, len(refs)), deleted: make([]bool, len(refs))}
	for i, r := range refs {
		m.pos[r.key] = i
	}
	err := c.ops.delete(c, q, key, refs, m)
	if err == nil {
		err = m.err
	}
	if err != nil {
		return nil, err
	}
	return m.deleted, nil
}

// deleteMatch marks the input keys of the rows a chunk's DELETE read back.
type deleteMatch struct {
	c       *call
	pos     map[string]int // chunk position by encoded input key
	deleted []bool
	err     error // the first row read back that is not one input key's
}

// add marks the input key of a row read back, whose key is encoded as k
// and whose key values (for the message) are vals. Keys are unique, so a
// row read back twice means the key is not; a row whose key is no input
// key was matched by a comparison Go does not make, and is not guessed.
func (m *deleteMatch) add(k []byte, vals []reflect.Value) {
	if m.err != nil {
		return
	}
	i, ok := m.pos[string(k)]
	switch {
	case !ok:
		m.err = fmt.Errorf("bulk: the database matched the row of %s with key %v to an input key that differs from it in Go "+
			"(a case-insensitive or pad-space collation, or char(n) padding?); give keys as stored", m.c.tbl.name, keyText(vals))
	case m.deleted[i]:
		m.err = fmt.Errorf("%w: key %v matched more than one row of %s", ErrNotUniqueKey, keyText(vals), m.c.tbl.name)
	default:
		m.deleted[i] = true
	}
}

// keyText renders a key read back for a message.
func keyText(vals []reflect.Value) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = v.Interface()
	}
	return out
}
