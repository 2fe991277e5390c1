package bulk

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Upsert updates or creates rows by a natural key (composite allowed) named
// with Key, which must be a primary key or unique index of the table: one
// set-based statement per chunk, all chunks in one transaction. The result
// says per row whether it was Inserted, Updated or Unchanged; generated
// columns (the auto-increment key, columns named by Generated) are filled
// back into every row, mapped by the natural key.
//
// Inserted rows get every mapped column; existing rows get the columns named
// by Columns, by default every mapped column but the key and generated ones.
// Input rows that share a key are an ErrDuplicateKey error, nothing
// written, unless MergeDuplicates is given. Rows are written in key order so
// that concurrent upserts of overlapping keys lock rows in the same order.
func Upsert[T any](ctx context.Context, q Querier, table string, rows []T, opts ...Option) (Result, error) {
	cfg, err := newConfig("Upsert", []string{"Key", "Columns", "Generated", "MergeDuplicates", "BeforeChunk"}, opts)
	if err != nil {
		return Result{}, err
	}
	c, err := newCall(ctx, "upsert", q, table, reflect.TypeFor[T](), cfg)
	if err != nil {
		return Result{}, err
	}
	if len(cfg.key) == 0 {
		return Result{}, fmt.Errorf("%w: Upsert needs the natural key: bulk.Key(cols...)", ErrNoKey)
	}
	for _, name := range [][]string{cfg.key, cfg.columns, cfg.generated} {
		if err := c.mapped("Key, Columns or Generated", name); err != nil {
			return Result{}, err
		}
	}
	if err := c.tbl.requireUnique("Upsert", cfg.key); err != nil {
		return Result{}, err
	}
	p := &upsertPlan{key: cfg.key}
	p.fill = slices.Clone(cfg.generated)
	if a := c.tbl.autoInc; a != "" && c.rt.has(a) && !slices.Contains(p.fill, a) && !slices.Contains(cfg.key, a) {
		p.fill = append(p.fill, a)
	}
	for _, col := range c.rt.cols {
		if cc, _ := c.tbl.column(col); cc.computed && !slices.Contains(p.fill, col) {
			p.fill = append(p.fill, col)
		}
	}
	for _, col := range c.rt.cols {
		if !slices.Contains(p.fill, col) {
			p.insert = append(p.insert, col)
		}
	}
	for _, k := range cfg.key {
		if slices.Contains(p.fill, k) {
			return Result{}, fmt.Errorf("%w: key column %q is generated", ErrInvalidOption, k)
		}
	}
	if len(cfg.columns) > 0 {
		for _, col := range cfg.columns {
			if slices.Contains(cfg.key, col) || slices.Contains(p.fill, col) {
				return Result{}, fmt.Errorf("%w: Columns names key or generated column %q", ErrInvalidOption, col)
			}
		}
		p.update = cfg.columns
	} else {
		for _, col := range p.insert {
			if !slices.Contains(cfg.key, col) {
				p.update = append(p.update, col)
			}
		}
	}
	refs, err := c.refs(reflect.ValueOf(rows))
	if err != nil {
		return Result{}, err
	}
	c.res.Outcomes = make([]Outcome, len(refs))
	if err := c.keyRefs(refs, p.key); err != nil {
		return Result{}, err
	}
	if len(refs) == 0 {
		return c.res, nil
	}
	write, followers, err := c.dedupe(refs, p.key, cfg.merge)
	if err != nil {
		return Result{}, err
	}
	p.followers = followers
	if len(p.fill) > 0 {
		// Every row gets its generated values back: room for them at once.
		c.fills = make([]fill, 0, len(refs)*len(p.fill))
	}
	sortByKey(write)
	n := c.chunkRows(len(p.insert)+c.ops.upsertIDParams(c, p.fill), c.useArrays(p.insert), write)
	err = c.retry(func() error {
		rest := write
		next := func() ([]ref, error) {
			chunk := rest[:min(n, len(rest))]
			rest = rest[len(chunk):]
			return chunk, nil
		}
		return c.upsertLoop(q, p, next, true)
	})
	if err != nil {
		return Result{}, err
	}
	return c.res, nil
}

type upsertPlan struct {
	key       []string
	insert    []string // columns written on insert
	update    []string // columns written on update; none with skip
	fill      []string // generated columns read back
	skip      bool     // Insert with SkipConflicts: conflicts are skipped
	followers map[int][]ref
	// MySQL: fast is set when one read under lock before the write gives
	// every outcome (see mysqlOps.upsertFast).
	fast bool
}

func (c *call) upsertLoop(q Querier, p *upsertPlan, next func() ([]ref, error), deferFills bool) error {
	err := c.atomic(q, c.ops.isolation(c, "upsert"), func(tx Querier) error {
		c.ops.upsertStart(c, p)
		return c.writeChunks(next, deferFills, func(refs []ref) error {
			return c.ops.upsert(c, tx, p, refs)
		})
	})
	if err != nil {
		c.fills = nil
		return err
	}
	c.applyFills()
	return nil
}

// outcome records a written row's outcome and generated values, and the
// same for the rows merged into it.
func (c *call) outcome(p *upsertPlan, r ref, o Outcome, vals []reflect.Value) {
	if o == Unchanged && p.skip {
		o = Skipped
	}
	for i := -1; i < len(p.followers[r.idx]); i++ {
		f := r
		if i >= 0 {
			f = p.followers[r.idx][i]
		}
		if i < 0 {
			c.res.count(f.idx, o)
		} else {
			// A row merged into r: its outcome is r's, but the counts
			// count rows written, once.
			c.res.mark(f.idx, o)
		}
		if o == Skipped {
			ex := map[string]any{}
			cols := p.fill
			if len(cols) == 0 {
				cols, vals = p.key, nil
				for _, v := range r.kv {
					vals = append(vals, reflect.ValueOf(v))
				}
			}
			for i, col := range cols {
				if i < len(vals) && vals[i].IsValid() {
					ex[col] = vals[i].Interface()
				}
			}
			c.res.Conflicts = append(c.res.Conflicts, Conflict{Index: f.idx, Existing: ex})
			continue
		}
		if len(p.fill) > 0 {
			c.addFills(f, p.fill, vals[:len(p.fill)])
		}
	}
}

// existing reads the generated columns of rows that were left as they were
// (unchanged or skipped) and records their outcome.
func (c *call) existing(q Querier, p *upsertPlan, rest []ref) error {
	if len(rest) == 0 {
		return nil
	}
	var got map[string][]reflect.Value
	if len(p.fill) > 0 {
		var err error
		if got, err = c.lookup(q, p.key, p.fill, rest, "", ""); err != nil {
			return err
		}
	}
	for _, r := range rest {
		vals := got[r.key]
		if len(p.fill) > 0 && vals == nil {
			return &RowError{Index: r.idx, Err: fmt.Errorf("bulk: row with key %v was neither written nor found", r.kv)}
		}
		c.outcome(p, r, Unchanged, vals)
	}
	return nil
}

// uniqueErr wraps a unique violation of a write in ErrUniqueConflict.
func (c *call) uniqueErr(err error, key []string) error {
	if c.ops.uniqueViolation(err) {
		return fmt.Errorf("%w: a row of %s duplicates an existing row on a unique key other than (%s): %w", ErrUniqueConflict, c.tbl.name, strings.Join(key, ", "), err)
	}
	return err
}
