package bulk

import (
	"context"
	"database/sql/driver"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Tracker holds a snapshot of rows, taken by Track, to write back exactly the
// columns that changed since.
type Tracker[T any] struct {
	rt    *rowType
	rows  []T
	key   []string
	snaps [][]string // encoded column values per row
}

// Track snapshots rows, which must be pointers to structs, so that Save
// writes only the columns changed in between. Key names the key columns,
// "id" by default; WithMapper sets the column mapping.
func Track[T any](rows []T, opts ...Option) (*Tracker[T], error) {
	cfg, err := newConfig("Track", []string{"Key"}, opts)
	if err != nil {
		return nil, err
	}
	rt, err := newRowType(cfg.mapper, reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	if !rt.ptr {
		return nil, fmt.Errorf("%w: Track needs pointers to see changes, not %v", ErrRowType, rt.elem)
	}
	t := &Tracker[T]{rt: rt, rows: slices.Clone(rows), key: cfg.key}
	if len(t.key) == 0 {
		t.key = []string{"id"}
	}
	for _, k := range t.key {
		if !rt.has(k) {
			return nil, fmt.Errorf("%w: key %q is not mapped by %v", ErrNoKey, k, rt.strct)
		}
	}
	if err := t.snapshot(); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *Tracker[T]) snapshot() error {
	t.snaps = make([][]string, len(t.rows))
	for i := range t.rows {
		s, err := t.rt.row(reflect.ValueOf(&t.rows[i]).Elem())
		if err != nil {
			return &RowError{Index: i, Err: err}
		}
		snap, err := t.encode(s)
		if err != nil {
			return &RowError{Index: i, Err: err}
		}
		t.snaps[i] = snap
	}
	return nil
}

func (t *Tracker[T]) encode(s reflect.Value) ([]string, error) {
	out := make([]string, len(t.rt.cols))
	for j, col := range t.rt.cols {
		v, err := driverValue(t.rt.get(s, col).Interface())
		if err != nil {
			return nil, fmt.Errorf("bulk: column %s: %w", col, err)
		}
		out[j] = keyOf([]driver.Value{v})
	}
	return out, nil
}

// Changes returns, for each row changed since the snapshot, the columns
// that changed, by row index.
func (t *Tracker[T]) Changes() (map[int][]string, error) {
	out := map[int][]string{}
	for i := range t.rows {
		s, err := t.rt.row(reflect.ValueOf(&t.rows[i]).Elem())
		if err != nil {
			return nil, &RowError{Index: i, Err: err}
		}
		now, err := t.encode(s)
		if err != nil {
			return nil, &RowError{Index: i, Err: err}
		}
		var cols []string
		for j, col := range t.rt.cols {
			if now[j] != t.snaps[i][j] {
				if slices.Contains(t.key, col) {
					return nil, &RowError{Index: i, Err: fmt.Errorf("%w: key column %q changed", ErrInvalidOption, col)}
				}
				cols = append(cols, col)
			}
		}
		if len(cols) > 0 {
			out[i] = cols
		}
	}
	return out, nil
}

// Save writes the changed columns of the changed rows to table, rows with
// the same changed columns in one UPDATE per chunk, everything in one
// transaction, and takes a new snapshot once committed. Rows without change
// are Unchanged in the result; keys that match no row are Missing.
func (t *Tracker[T]) Save(ctx context.Context, q Querier, table string, opts ...Option) (Result, error) {
	changes, err := t.Changes()
	if err != nil {
		return Result{}, err
	}
	cfg, err := newConfig("Track.Save", []string{"RequireAll"}, opts)
	if err != nil {
		return Result{}, err
	}
	cfg.key = t.key
	c, err := newCall(ctx, "update", q, table, t.rt.elem, cfg)
	if err != nil {
		return Result{}, err
	}
	c.rt = t.rt
	c.res.Outcomes = make([]Outcome, len(t.rows))
	groups := map[string][]ref{}
	var order []string
	for i := range t.rows {
		cols, ok := changes[i]
		if !ok {
			c.res.count(i, Unchanged)
			continue
		}
		g := strings.Join(cols, ",")
		if _, seen := groups[g]; !seen {
			order = append(order, g)
		}
		s, _ := t.rt.row(reflect.ValueOf(&t.rows[i]).Elem())
		r := ref{idx: i, s: s}
		if err := c.keyRef(&r, t.key); err != nil {
			return Result{}, err
		}
		groups[g] = append(groups[g], r)
	}
	if len(order) == 0 {
		return c.res, nil
	}
	err = c.retry(func() error {
		return c.atomic(q, 0, func(tx Querier) error {
			for _, g := range order {
				refs := groups[g]
				if _, _, err := c.dedupe(refs, t.key, false); err != nil {
					return err
				}
				sortByKey(refs)
				p := &updatePlan{key: t.key, set: strings.Split(g, ","), exprs: map[string]string{}}
				if err := c.tbl.need(p.set...); err != nil {
					return err
				}
				cols := append(slices.Clone(p.key), p.set...)
				if err := c.updateIn(tx, p, refs, c.chunkRows(len(cols), c.useArrays(cols), refs)); err != nil { //bulklint:ignore nplusone -- one batched UPDATE per distinct set of changed columns, not per row
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return Result{}, err
	}
	return c.res, t.snapshot()
}
