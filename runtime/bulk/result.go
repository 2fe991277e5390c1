package bulk

import (
	"fmt"
	"strconv"
)

// Outcome is what a call did with one input row.
type Outcome uint8

func (o Outcome) String() string {
	switch o {
	case None:
		return "none"
	case Inserted:
		return "inserted"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	case Skipped:
		return "skipped"
	case Missing:
		return "missing"
	case Deleted:
		return "deleted"
	}
	return "outcome(" + strconv.Itoa(int(o)) + ")"
}

// Conflict is an input row that Insert skipped because its conflict key
// already existed, with the existing row's generated columns (its primary
// key) or, for a table without them, its conflict key.
type Conflict struct {
	Index    int
	Existing map[string]any
}

// Result counts what a call did. Outcomes has one entry per input row, in
// input order.
type Result struct {
	Inserted, Updated, Unchanged, Skipped, Missing, Deleted int
	Chunks                                                  int
	Outcomes                                                []Outcome
	Conflicts                                               []Conflict // Insert with SkipConflicts
	MissingRows                                             []int      // Update, Delete: input indexes whose key matched no row
}

// mark sets input row i's outcome without counting it.
func (r *Result) mark(i int, o Outcome) {
	for len(r.Outcomes) <= i {
		r.Outcomes = append(r.Outcomes, None)
	}
	r.Outcomes[i] = o
}

// count sets input row i's outcome and counts it.
func (r *Result) count(i int, o Outcome) {
	r.mark(i, o)
	switch o {
	case Inserted:
		r.Inserted++
	case Updated:
		r.Updated++
	case Unchanged:
		r.Unchanged++
	case Skipped:
		r.Skipped++
	case Missing:
		r.Missing++
		r.MissingRows = append(r.MissingRows, i)
	case Deleted:
		r.Deleted++
	}
}

func (c *call) chunkErr(chunk int, rows, done int, err error) error {
	if ce, ok := err.(*ChunkError); ok {
		return ce
	}
	if _, ok := err.(*RowError); ok {
		return err
	}
	return &ChunkError{Op: c.op, Table: c.tbl.name, Chunk: chunk, Rows: rows, Done: done, Err: err}
}

// countMatched records the outcome of each row of a chunk written by key:
// hit where its key matched a row, else Missing, or with RequireAll an
// ErrMissingKey error.
func (c *call) countMatched(part []ref, matched []bool, hit Outcome) error {
	for i, r := range part {
		if matched[i] {
			c.res.count(r.idx, hit)
			continue
		}
		if c.cfg.requireAll {
			return &RowError{Index: r.idx, Err: fmt.Errorf("%w: %v in %s", ErrMissingKey, r.kv, c.tbl.name)}
		}
		c.res.count(r.idx, Missing)
	}
	return nil
}
