package bulk

import (
	"bytes"
	"cmp"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx/reflectx"
)

var (
	scannerType = reflect.TypeFor[sql.Scanner]()
	valuerType  = reflect.TypeFor[driver.Valuer]()
	timeType    = reflect.TypeFor[time.Time]()
)

// rowType is the column mapping of a row struct, through sqlx's reflectx.
type rowType struct {
	elem   reflect.Type // the slice element type: S or *S
	strct  reflect.Type
	ptr    bool
	cols   []string // mapped columns in field order
	fields map[string]*reflectx.FieldInfo
	// validates: the row type or a pointer to it has Validate() error.
	validates bool
}

// leaf reports whether a field is one column rather than a struct of them.
func leaf(fi *reflectx.FieldInfo) bool {
	t := fi.Field.Type
	if len(fi.Children) == 0 || t == timeType {
		return true
	}
	return t.Implements(valuerType) || reflect.PointerTo(t).Implements(scannerType)
}

func newRowType(m *reflectx.Mapper, elem reflect.Type) (*rowType, error) {
	rt := &rowType{elem: elem, strct: elem, fields: map[string]*reflectx.FieldInfo{}}
	if elem.Kind() == reflect.Pointer {
		rt.ptr, rt.strct = true, elem.Elem()
	}
	if rt.strct.Kind() != reflect.Struct || rt.strct == timeType {
		return nil, fmt.Errorf("%w: %v: want a struct or a pointer to a struct", ErrRowType, elem)
	}
	sm := m.TypeMap(rt.strct)
	for _, fi := range sm.Index {
		// A field of a nested struct has a dotted path; a column whose
		// name has a dot in it (db:"a.b") is a path of its own name.
		if fi.Path == "" || fi.Path != fi.Name || !leaf(fi) {
			continue
		}
		if !fi.Field.IsExported() && !fi.Embedded {
			continue
		}
		if _, dup := rt.fields[fi.Path]; dup {
			continue
		}
		rt.fields[fi.Path] = fi
		rt.cols = append(rt.cols, fi.Path)
	}
	if len(rt.cols) == 0 {
		return nil, fmt.Errorf("%w: %v maps no column", ErrRowType, elem)
	}
	rt.validates = reflect.PointerTo(rt.strct).Implements(reflect.TypeFor[interface{ Validate() error }]())
	return rt, nil
}

func (rt *rowType) has(col string) bool { _, ok := rt.fields[col]; return ok }

// row returns the struct value of element v (addressable when it can be),
// or ErrNilRow.
func (rt *rowType) row(v reflect.Value) (reflect.Value, error) {
	if rt.ptr {
		if v.IsNil() {
			return reflect.Value{}, ErrNilRow
		}
		return v.Elem(), nil
	}
	return v, nil
}

// get reads a column's field; a nil embedded pointer reads as the zero value.
func (rt *rowType) get(s reflect.Value, col string) reflect.Value {
	return reflectx.FieldByIndexesReadOnly(s, rt.fields[col].Index)
}

// indexes returns the field index paths of cols, looked up once per
// statement shape rather than once per value.
func (rt *rowType) indexes(cols []string) [][]int {
	idx := make([][]int, len(cols))
	for i, col := range cols {
		idx[i] = rt.fields[col].Index
	}
	return idx
}

// appendRow appends the values of the fields at idx of the struct s.
func appendRow(args []any, s reflect.Value, idx [][]int) []any {
	for _, ix := range idx {
		if len(ix) == 1 {
			args = append(args, s.Field(ix[0]).Interface())
		} else {
			args = append(args, reflectx.FieldByIndexesReadOnly(s, ix).Interface())
		}
	}
	return args
}

// set writes a column's field, allocating nil embedded pointers.
func (rt *rowType) set(s reflect.Value, col string, v reflect.Value) {
	reflectx.FieldByIndexes(s, rt.fields[col].Index).Set(v)
}

func (rt *rowType) fieldType(col string) reflect.Type { return rt.fields[col].Field.Type }

// driverValue converts a Go value to the driver value it binds as, so values
// from the input and values scanned back compare equal.
func driverValue(v any) (driver.Value, error) {
	return driver.DefaultParameterConverter.ConvertValue(v)
}

// keyOf encodes driver values into a comparable string, length-prefixed so
// that no two different tuples collide. Strings and []byte encode alike.
func keyOf(vals []driver.Value) string {
	var arr [64]byte
	return string(appendKey(arr[:0], vals))
}

// appendKey appends keyOf(vals) to b.
func appendKey(b []byte, vals []driver.Value) []byte {
	for _, v := range vals {
		switch x := v.(type) {
		case nil:
			b = append(b, "n;"...)
		case int64:
			b = strconv.AppendInt(append(b, 'i'), x, 10)
			b = append(b, ';')
		case float64:
			b = strconv.AppendFloat(append(b, 'f'), x, 'g', -1, 64)
			b = append(b, ';')
		case bool:
			b = strconv.AppendBool(append(b, 'b'), x)
			b = append(b, ';')
		case string:
			b = strconv.AppendInt(append(b, 's'), int64(len(x)), 10)
			b = append(append(b, ':'), x...)
		case []byte:
			b = strconv.AppendInt(append(b, 's'), int64(len(x)), 10)
			b = append(append(b, ':'), x...)
		case time.Time:
			b = x.UTC().AppendFormat(append(b, 't'), time.RFC3339Nano)
			b = append(b, ';')
		default:
			b = fmt.Appendf(b, "?%T:%v;", x, x)
		}
	}
	return b
}

// plainKey reports whether values of t are converted to driver values by
// their kind alone (no Valuer method) as a signed integer or a string, so
// that appendPlainKey encodes them.
func plainKey(t reflect.Type) bool {
	if t.Implements(valuerType) || reflect.PointerTo(t).Implements(valuerType) {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.String:
		return true
	}
	return false
}

// appendPlainKey appends keyOf of the driver value of v, whose type is
// plainKey, without boxing it: an int64 or a string.
func appendPlainKey(b []byte, v reflect.Value) []byte {
	if v.Kind() == reflect.String {
		x := v.String()
		b = strconv.AppendInt(append(b, 's'), int64(len(x)), 10)
		return append(append(b, ':'), x...)
	}
	b = strconv.AppendInt(append(b, 'i'), v.Int(), 10)
	return append(b, ';')
}

// compareValues orders driver values of one column: the order every call
// sorts rows by key in, so concurrent calls lock rows in the same order.
func compareValues(a, b driver.Value) int {
	switch x := a.(type) {
	case int64:
		if y, ok := b.(int64); ok {
			return cmp.Compare(x, y)
		}
	case float64:
		if y, ok := b.(float64); ok {
			return cmp.Compare(x, y)
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y)
		}
	case []byte:
		if y, ok := b.([]byte); ok {
			return bytes.Compare(x, y)
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y)
		}
	case bool:
		if y, ok := b.(bool); ok {
			return cmp.Compare(strconv.FormatBool(x), strconv.FormatBool(y))
		}
	}
	return strings.Compare(fmt.Sprintf("%T%v", a, a), fmt.Sprintf("%T%v", b, b))
}
