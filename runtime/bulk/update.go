package bulk

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Update writes rows to the existing rows of table with the same key (Key,
// default "id"), one UPDATE joined to the chunk's rows per chunk (FROM
// UNNEST or VALUES on PostgreSQL, a JOIN on MySQL, UPDATE FROM on SQLite),
// all chunks in one transaction.
//
// The columns written are those named by Columns, or every mapped column but
// the key: never a silent subset, and zero values are written. Expr writes a
// column as an expression on its current value. Keys that match no row are
// reported in Result.MissingRows (Outcome Missing), or with RequireAll are
// an ErrMissingKey error and nothing is written. Input rows that share a
// key are an ErrDuplicateKey error.
func Update[T any](ctx context.Context, q Querier, table string, rows []T, opts ...Option) (Result, error) {
	cfg, err := newConfig("Update", []string{"Key", "Columns", "Expr", "RequireAll", "BeforeChunk"}, opts)
	if err != nil {
		return Result{}, err
	}
	c, err := newCall(ctx, "update", q, table, reflect.TypeFor[T](), cfg)
	if err != nil {
		return Result{}, err
	}
	refs, err := c.refs(reflect.ValueOf(rows))
	if err != nil {
		return Result{}, err
	}
	p, err := c.planUpdate()
	if err != nil {
		return Result{}, err
	}
	if err := c.update(q, p, refs); err != nil {
		return Result{}, err
	}
	return c.res, nil
}

type updatePlan struct {
	key   []string
	set   []string          // columns written
	exprs map[string]string // column -> expression
}

func (c *call) planUpdate() (*updatePlan, error) {
	p := &updatePlan{key: c.cfg.key, exprs: map[string]string{}}
	if len(p.key) == 0 {
		p.key = []string{"id"}
		if !c.rt.has("id") {
			return nil, fmt.Errorf("%w: %v maps no id column; name the key with bulk.Key", ErrNoKey, c.rt.strct)
		}
	}
	if err := c.mapped("Key", p.key); err != nil {
		return nil, err
	}
	if err := c.mapped("Columns", c.cfg.columns); err != nil {
		return nil, err
	}
	if len(c.cfg.columns) > 0 {
		p.set = slices.Clone(c.cfg.columns)
	} else {
		for _, col := range c.rt.cols {
			if cc, _ := c.tbl.column(col); !slices.Contains(p.key, col) && !cc.computed {
				p.set = append(p.set, col)
			}
		}
	}
	for _, e := range c.cfg.exprs {
		if err := c.mapped("Expr", []string{e.col}); err != nil {
			return nil, err
		}
		if !slices.Contains(p.set, e.col) {
			if len(c.cfg.columns) > 0 {
				return nil, fmt.Errorf("%w: Expr column %q is not in Columns", ErrInvalidOption, e.col)
			}
			p.set = append(p.set, e.col)
		}
		p.exprs[e.col] = e.expr
	}
	for _, col := range p.set {
		if slices.Contains(p.key, col) {
			return nil, fmt.Errorf("%w: key column %q cannot be written by Update", ErrInvalidOption, col)
		}
		if cc, _ := c.tbl.column(col); cc.computed {
			return nil, fmt.Errorf("%w: %q is a generated column", ErrInvalidOption, col)
		}
	}
	if len(p.set) == 0 {
		return nil, fmt.Errorf("%w: no column to write besides the key", ErrInvalidOption)
	}
	return p, nil
}

// update runs an update plan over refs in one transaction.
func (c *call) update(q Querier, p *updatePlan, refs []ref) error {
	c.res.Outcomes = make([]Outcome, len(refs))
	if len(refs) == 0 {
		return nil
	}
	if err := c.keyRefs(refs, p.key); err != nil {
		return err
	}
	if _, _, err := c.dedupe(refs, p.key, false); err != nil {
		return err
	}
	sortByKey(refs)
	cols := append(slices.Clone(p.key), p.set...)
	n := c.chunkRows(len(cols), c.useArrays(cols), refs)
	return c.retry(func() error {
		return c.atomic(q, c.ops.isolation(c, "update"), func(tx Querier) error {
			return c.updateIn(tx, p, refs, n)
		})
	})
}

func (c *call) updateIn(tx Querier, p *updatePlan, refs []ref, n int) error {
	done := 0
	// Where the dialect builds a chunk's relation ahead (PostgreSQL's
	// arrays) and no user code runs between chunks (no Validate, no hook,
	// which may change rows), the relation of the next chunk is built
	// while the database writes this one.
	var pre chan source
	ahead := c.ops.sourceAhead(c, append(slices.Clone(p.key), p.set...))
	if ahead != nil && c.cfg.hook == nil && !c.rt.validates {
		pre = make(chan source, 1)
		stop := make(chan struct{})
		defer close(stop)
		go func(refs []ref) {
			for len(refs) > 0 {
				part := refs[:min(n, len(refs))]
				refs = refs[len(part):]
				select {
				case pre <- ahead(part):
				case <-stop:
					return
				}
			}
		}(refs)
	}
	for chunk := 0; len(refs) > 0; chunk++ {
		part := refs[:min(n, len(refs))]
		refs = refs[len(part):]
		if err := c.validate(part, c.chunkSlice(part)); err != nil {
			return err
		}
		if err := c.ctx.Err(); err != nil {
			return c.chunkErr(chunk, len(part), done, err)
		}
		var src *source
		if pre != nil {
			s := <-pre
			src = &s
		}
		matched, err := c.ops.update(c, tx, p, part, src)
		if err != nil {
			return c.chunkErr(chunk, len(part), done, err)
		}
		if err := c.countMatched(part, matched, Updated); err != nil {
			return err
		}
		c.res.Chunks++
		done += len(part)
	}
	slices.Sort(c.res.MissingRows)
	return nil
}

// updateSet returns the assignments "c = v._b<n>, ..." of p.set, each
// column prefixed by prefix ("" or "t."), from the relation v whose columns
// are p.key and then p.set; an Expr column is set to its expression on
// the value.
func (c *call) updateSet(p *updatePlan, prefix string) string {
	assign := make([]string, len(p.set))
	for i, col := range p.set {
		val := "v." + relCol(len(p.key)+i)
		if e, ok := p.exprs[col]; ok {
			val = "(" + strings.Replace(e, "?", val, 1) + ")"
		}
		assign[i] = prefix + c.qcol(col) + " = " + val
	}
	return strings.Join(assign, ", ")
}

// allMatched marks every row of a chunk matched.
func allMatched(matched []bool) []bool {
	for i := range matched {
		matched[i] = true
	}
	return matched
}

// markMissing runs query, which returns the keys of the chunk's rows that
// matched no row of the table, and marks every other row matched.
func (c *call) markMissing(q Querier, query string, args []any, key []string, refs []ref, matched []bool) ([]bool, error) {
	missing, err := c.scanKeyed(q, query, args, key, nil, 0)
	if err != nil {
		return nil, err
	}
	for i, r := range refs {
		_, miss := missing[r.key]
		matched[i] = !miss
	}
	return matched, nil
}
