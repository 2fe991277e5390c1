package bulk

import (
	"strconv"
	"strings"
)

// source is a chunk of rows rendered as a relation v(_b0, _b1, ...). MySQL
// has no such relation that keeps column types (see mysqlOps.stage).
type source struct {
	with string // SQLite: the WITH clause defining v
	from string // the relation, aliased v
	args []any
}

// relCol is the name of column i of the relation v that rows become.
func relCol(i int) string { return "_b" + strconv.Itoa(i) }

// relCols returns the names of the first n columns of v, each prefixed by
// prefix ("" or "v.").
func relCols(prefix string, n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = prefix + relCol(i)
	}
	return names
}

// vcols returns "v._b0, v._b1, ...", the first n columns of the source v.
func vcols(n int) string { return strings.Join(relCols("v.", n), ", ") }

// joinOn returns "t.k0 = v._b0 AND ...": the rows of the table t with the
// keys of v's first columns.
func (c *call) joinOn(key []string) string {
	on := make([]string, len(key))
	for i, k := range key {
		on[i] = "t." + c.qcol(k) + " = v." + relCol(i)
	}
	return strings.Join(on, " AND ")
}

// writeValues writes the rows of refs as "(ph, ph), (ph, ph), ..." with
// ph(n, col) the placeholder of bound value n (from 1) of column col, and
// returns the values.
func (c *call) writeValues(b *strings.Builder, refs []ref, cols []string, ph func(n int, col string) string) []any {
	n := 1
	args := make([]any, 0, len(refs)*len(cols))
	for ri, r := range refs {
		if ri > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i, col := range cols {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(ph(n, col))
			n++
			args = append(args, c.rt.get(r.s, col).Interface())
		}
		b.WriteByte(')')
	}
	return args
}

// useArrays reports whether rows bind as one PostgreSQL array per column.
func (c *call) useArrays(cols []string) bool { return c.ops.useArrays(c, cols) }

// qcol quotes a column by the name the catalog gives it: the mapper's name
// may differ in case, which PostgreSQL's quoted names do not forgive.
func (c *call) qcol(col string) string {
	if cc, ok := c.tbl.column(col); ok {
		col = cc.name
	}
	return c.d.quote(col)
}

// quoteCols quotes columns, each prefixed by prefix ("" or "t.").
func (c *call) quoteCols(prefix string, cols []string) string {
	q := make([]string, len(cols))
	for i, col := range cols {
		q[i] = prefix + c.qcol(col)
	}
	return strings.Join(q, ", ")
}
