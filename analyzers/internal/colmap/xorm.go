package colmap

import (
	"go/types"
	"reflect"
	"strings"

	"gorm.io/gorm/schema"
)

// xormKeywords are the words of an xorm tag that are not a column name:
// xorm's tag handlers and its SQL type names (xorm.io/xorm/tags and
// schemas.SqlTypes), upper case.
var xormKeywords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`- <- -> PK NULL NOT AUTOINCR DEFAULT CREATED UPDATED DELETED VERSION
		UTC LOCAL NOTNULL INDEX UNIQUE CACHE NOCACHE COMMENT EXTENDS UNSIGNED COLLATE JSON JSONB
		BIT TINYINT SMALLINT MEDIUMINT INT INTEGER BIGINT NUMBER ENUM SET CHAR VARCHAR VARCHAR2 NCHAR
		NVARCHAR TINYTEXT TEXT NTEXT CLOB MEDIUMTEXT LONGTEXT UUID UNIQUEIDENTIFIER SYSNAME DATE
		DATETIME SMALLDATETIME TIME TIMESTAMP TIMESTAMPZ YEAR DECIMAL NUMERIC MONEY SMALLMONEY REAL
		FLOAT DOUBLE BINARY VARBINARY TINYBLOB BLOB MEDIUMBLOB LONGBLOB BYTEA BOOL BOOLEAN SERIAL
		BIGSERIAL XML ARRAY`) {
		m[w] = true
	}
	return m
}()

// xormColumns mirrors xorm's tag parser (xorm.io/xorm/tags): exported
// fields, `xorm:"-"` skipped, `extends` flattened, the column named by a
// tag word that is no keyword (quoted or not), an int64 field named Id
// without tag the primary key.
func xormColumns(root *types.Struct) ([]Column, error) {
	var cols []Column
	n := 0
	var walk func(st *types.Struct, path []Step, depth int)
	walk = func(st *types.Struct, path []Step, depth int) {
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			if n++; n > maxFields {
				return
			}
			if !f.Exported() {
				continue
			}
			steps := appendStep(path, Step{Index: i, Field: f})
			tag := strings.TrimSpace(reflect.StructTag(st.Tag(i)).Get("xorm"))
			if tag == "-" {
				continue
			}
			col := Column{Path: steps, Updatable: true}
			extends := false
			for _, w := range splitXormTag(tag) {
				word, _, _ := strings.Cut(w, "(")
				up := strings.ToUpper(word)
				switch up {
				case "-":
					col.Path = nil
				case "<-", "CREATED", "DELETED", "VERSION":
					col.Updatable = false
				case "PK":
					col.PrimaryKey = true
				case "UPDATED":
					col.AutoUpdated = true
				case "EXTENDS":
					extends = true
				default:
					if !xormKeywords[strings.TrimPrefix(up, "UNSIGNED ")] && col.Name == "" && !isDefaultValue(tag, w) {
						col.Name = strings.Trim(w, "'")
					}
				}
			}
			if col.Path == nil {
				continue
			}
			if extends {
				if s, ok := derefAll(f.Type()).Underlying().(*types.Struct); ok && depth < 8 {
					walk(s, steps, depth+1)
				}
				continue
			}
			if col.Name == "" {
				col.Name = schema.NamingStrategy{}.ColumnName("", f.Name())
			}
			if tag == "" && strings.EqualFold(f.Name(), "id") {
				if b, ok := f.Type().Underlying().(*types.Basic); ok && b.Kind() == types.Int64 {
					col.PrimaryKey = true
				}
			}
			cols = append(cols, col)
		}
	}
	walk(root, nil, 0)
	if n > maxFields {
		return nil, ErrTooLarge
	}
	return cols, nil
}

// isDefaultValue reports whether word w of tag follows a bare DEFAULT,
// which makes it the default value, not a name.
func isDefaultValue(tag, w string) bool {
	words := splitXormTag(tag)
	for i := 1; i < len(words); i++ {
		if words[i] == w && strings.EqualFold(words[i-1], "default") {
			return true
		}
	}
	return false
}

// splitXormTag splits an xorm tag at spaces outside quotes and
// parentheses, as xorm's splitTag does.
func splitXormTag(tag string) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(tag); i++ {
		switch c := tag[i]; {
		case c == '\'':
			quoted = !quoted
		case c == '(' && !quoted:
			depth++
		case c == ')' && !quoted:
			depth--
		case c == ' ' && !quoted && depth == 0:
			if i > start {
				out = append(out, tag[start:i])
			}
			start = i + 1
		}
	}
	if start < len(tag) {
		out = append(out, tag[start:])
	}
	return out
}

// SameXormName reports whether two column names are the same under one of
// xorm's mappers: equal but for case and underscores (user_id, UserID and
// xorm SnakeMapper's user_i_d).
func SameXormName(a, b string) bool {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }
	return norm(a) == norm(b)
}
