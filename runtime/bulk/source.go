package bulk

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx/reflectx"
)

// relCol is the name of column i of the relation v that rows become.
func relCol(i int) string { return "_b" + strconv.Itoa(i) }

// useArrays reports whether rows bind as one PostgreSQL array per column.
func (c *call) useArrays(cols []string) bool {
	if c.d != Postgres || !c.info.pgx {
		return false
	}
	for _, col := range cols {
		cc, _ := c.tbl.column(col)
		if strings.HasSuffix(cc.pgType, "]") {
			return false // unnest would flatten array columns
		}
		if t := c.rt.fieldType(col); t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8 {
			return false
		}
	}
	return true
}

// column returns one column of refs as a slice of its field type: a
// PostgreSQL array once bound through pgx.
func (c *call) column(refs []ref, col string) any {
	idx := c.rt.fields[col].Index
	arr := reflect.MakeSlice(reflect.SliceOf(c.rt.fieldType(col)), len(refs), len(refs))
	if len(idx) == 1 {
		for i, r := range refs {
			arr.Index(i).Set(r.s.Field(idx[0]))
		}
	} else {
		for i, r := range refs {
			arr.Index(i).Set(reflectx.FieldByIndexesReadOnly(r.s, idx))
		}
	}
	return arr.Interface()
}

func (c *call) pgType(col string) string {
	cc, _ := c.tbl.column(col)
	return cc.pgType
}

// source returns a chunk's rows as the relation v(_b0, _b1, ...) and its
// bound values, numbered from $1. With ordinal and arrays, v has one more
// column, _b<len(cols)>, the 1-based position of the row in refs, and each
// array is bound through a subquery (see below).
func (c *call) source(refs []ref, cols []string, ordinal bool) source {
	const startParam = 1
	c.lastSrc = lastSource{refs: refs, cols: cols}
	var b strings.Builder
	var src source
	names := make([]string, len(cols))
	for i := range cols {
		names[i] = relCol(i)
	}
	switch {
	case c.useArrays(cols):
		b.WriteString("unnest(")
		for i, col := range cols {
			src.args = append(src.args, c.column(refs, col))
			if i > 0 {
				b.WriteString(", ")
			}
			arr := c.d.ph(startParam+i) + "::" + c.pgType(col) + "[]"
			if ordinal {
				// A subquery hides the array's length from the planner,
				// which otherwise, knowing it, may hash the whole table
				// rather than look each row up by its key.
				arr = "(SELECT " + arr + ")"
			}
			b.WriteString(arr)
		}
		b.WriteString(")")
		if ordinal {
			// v's row number: the input row a returned row came from.
			b.WriteString(" WITH ORDINALITY")
			names = append(names, relCol(len(cols)))
		}
		b.WriteString(" AS v(" + strings.Join(names, ", ") + ")")
		src.from = b.String()
		return src
	case c.d == Postgres:
		b.WriteString("(VALUES ")
	case c.d == SQLite:
		b.WriteString("WITH v(" + strings.Join(names, ", ") + ") AS (VALUES ")
	}
	n := startParam
	src.args = make([]any, 0, len(refs)*len(cols))
	for ri, r := range refs {
		switch {
		case ri == 0:
		default:
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i, col := range cols {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.d.ph(n))
			n++
			if c.d == Postgres {
				b.WriteString("::" + c.pgType(col))
			}
			src.args = append(src.args, c.rt.get(r.s, col).Interface())
		}
		b.WriteByte(')')
	}
	switch c.d {
	case Postgres:
		b.WriteString(") AS v(" + strings.Join(names, ", ") + ")")
		src.from = b.String()
	case SQLite:
		b.WriteString(")")
		src.with, src.from = b.String(), "v"
	}
	return src
}

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

// source is a chunk of rows rendered as a relation v(_b0, _b1, ...). MySQL
// has no such relation that keeps column types (see stageMySQL).
type source struct {
	with string // SQLite: the WITH clause defining v
	from string // the relation, aliased v
	args []any
}
