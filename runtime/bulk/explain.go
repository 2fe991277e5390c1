package bulk

import (
	"fmt"
	"strings"
)

// lastSource is the chunk of rows a statement bound last: the rows and the
// columns of the relation source rendered.
type lastSource struct {
	refs []ref
	cols []string
}

// explainData words a PostgreSQL data exception (SQLSTATE class 22, such as
// invalid input syntax for an integer) in the caller's terms. The server
// names neither the column nor the row of a value bound in an array, so
// once the call has rolled back, each column of the failed chunk is cast
// again on its own and the bad value found by halving the rows: a few
// queries, on the error path only.
func (c *call) explainData(q Querier, err error) error {
	code, ok := pgState(err)
	src := c.lastSrc
	if !ok || !strings.HasPrefix(code, "22") || c.d != Postgres || len(src.refs) == 0 || !c.useArrays(src.cols) || c.ctx.Err() != nil {
		return err
	}
	fails := func(col string, refs []ref) bool {
		var n int
		return q.QueryRowxContext(c.ctx, "SELECT cardinality($1::"+c.pgType(col)+"[])", c.column(refs, col)).Scan(&n) != nil
	}
	for _, col := range src.cols {
		refs := src.refs
		if !fails(col, refs) {
			continue
		}
		for len(refs) > 1 {
			half := refs[:len(refs)/2]
			if fails(col, half) {
				refs = half
			} else {
				refs = refs[len(half):]
			}
		}
		return &RowError{Index: refs[0].idx, Err: fmt.Errorf("bulk: column %s of %s: %w", col, c.tbl.name, err)}
	}
	return err
}
