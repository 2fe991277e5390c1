package colmap_test

import (
	"database/sql"
	"fmt"
	"go/importer"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bulklint/bulklint/analyzers/internal/colmap"
)

// A generated model: structs S0..Sn, each field either a leaf or a reference
// to a later struct (so the types are finite and acyclic).
type genField struct {
	name string
	kind string // "int", "string", "*string", "time", "bytes", or "S<j>", "*S<j>"
	emb  bool
	tag  string
}

var (
	genNames = []string{"ID", "Id", "Name", "UserID", "HTMLBody", "APIKey", "Email", "X", "CreatedAt", "Addr2"}
	genTags  = [][]string{
		{"", "", `db:"-"`, `db:"x"`, `db:"name"`, `db:",omitempty"`, `db:"id"`},
		{"", "", `gorm:"-"`, `gorm:"column:x"`, `gorm:"primaryKey"`, `gorm:"embedded"`, `gorm:"embedded;embeddedPrefix:p_"`, `gorm:"->"`, `gorm:"<-:create"`, `gorm:"column:id"`, `gorm:"-:all"`, `gorm:"type:text"`, `gorm:"serializer:json"`, `gorm:"<-:update;column:name"`},
		{"", "", `bun:"-"`, `bun:"x"`, `bun:",pk"`, `bun:"embed:e_"`, `bun:"id"`, `bun:",scanonly"`, `bun:",skipupdate"`, `bun:"name,pk"`, `bun:",column:c,skipupdate"`, `bun:"embed:"`},
	}
)

var genLeaves = []string{"int", "string", "*string", "time", "bytes", "null", "strs", "*time"}

func genModel(r *rand.Rand) [][]genField {
	n := 1 + r.IntN(4)
	structs := make([][]genField, n)
	for i := range n {
		used := map[string]bool{}
		for range 1 + r.IntN(5) {
			var f genField
			switch k := r.IntN(10); {
			case k < 5 || i == n-1:
				f.kind = genLeaves[r.IntN(len(genLeaves))]
				f.name = genNames[r.IntN(len(genNames))]
			default:
				j := i + 1 + r.IntN(n-i-1)
				f.kind = fmt.Sprintf("S%d", j)
				if r.IntN(3) == 0 {
					f.kind = "*" + f.kind
				}
				f.emb = r.IntN(2) == 0
				f.name = genNames[r.IntN(len(genNames))]
				if f.emb {
					f.name = fmt.Sprintf("S%d", j)
				}
			}
			if used[f.name] {
				continue
			}
			used[f.name] = true
			var tags []string
			for _, pool := range genTags {
				if tag := pool[r.IntN(len(pool))]; tag != "" {
					tags = append(tags, tag)
				}
			}
			f.tag = strings.Join(tags, " ")
			structs[i] = append(structs[i], f)
		}
	}
	return structs
}

func genSource(structs [][]genField) string {
	var b strings.Builder
	b.WriteString("package p\nimport (\"database/sql\"; \"time\")\nvar _ time.Time\nvar _ sql.NullString\n")
	for i, fs := range structs {
		fmt.Fprintf(&b, "type S%d struct {\n", i)
		for _, f := range fs {
			typ := map[string]string{"time": "time.Time", "*time": "*time.Time", "bytes": "[]byte", "null": "sql.NullString", "strs": "[]string"}[f.kind]
			if typ == "" {
				typ = f.kind
			}
			if f.emb {
				fmt.Fprintf(&b, "\t%s `%s`\n", typ, f.tag)
			} else {
				fmt.Fprintf(&b, "\t%s %s `%s`\n", f.name, typ, f.tag)
			}
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// genReflect builds the same types at run time with reflect.StructOf.
func genReflect(structs [][]genField) (rt reflect.Type, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("StructOf: %v", r)
		}
	}()
	types := make([]reflect.Type, len(structs))
	for i := len(structs) - 1; i >= 0; i-- {
		var fields []reflect.StructField
		for _, f := range structs[i] {
			var ft reflect.Type
			switch k := strings.TrimPrefix(f.kind, "*"); k {
			case "int":
				ft = reflect.TypeFor[int]()
			case "string":
				ft = reflect.TypeFor[string]()
			case "time":
				ft = reflect.TypeFor[time.Time]()
			case "bytes":
				ft = reflect.TypeFor[[]byte]()
			case "null":
				ft = reflect.TypeFor[sql.NullString]()
			case "strs":
				ft = reflect.TypeFor[[]string]()
			default:
				var j int
				fmt.Sscanf(k, "S%d", &j)
				ft = types[j]
			}
			if strings.HasPrefix(f.kind, "*") {
				ft = reflect.PointerTo(ft)
			}
			fields = append(fields, reflect.StructField{Name: f.name, Type: ft, Tag: reflect.StructTag(f.tag), Anonymous: f.emb})
		}
		types[i] = reflect.StructOf(fields)
	}
	return types[0], nil
}

// TestRandomModels compares colmap with the three libraries on generated
// struct types: the same declarations type-checked from source and built
// with reflect.StructOf.
func TestRandomModels(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	compared := map[colmap.Library]int{}
	imp := importer.Default()
	for i := range 2000 {
		structs := genModel(r)
		src := genSource(structs)
		rt, err := genReflect(structs)
		if err != nil {
			continue // anonymous fields StructOf cannot build
		}
		pkg := checkWith(t, imp, src)
		typ := pkg.Scope().Lookup("S0").Type()
		v := reflect.New(rt).Elem().Interface()
		libs := []struct {
			lib colmap.Library
			run func() ([]col, error)
		}{
			{colmap.SQLX, func() ([]col, error) { return sqlxRuntime(v), nil }},
			{colmap.GORM, func() (c []col, err error) {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("gorm panicked: %v", r)
					}
				}()
				return gormRuntime(v)
			}},
			{colmap.Bun, func() ([]col, error) { return bunRuntime(v) }},
		}
		for _, l := range libs {
			want, err := l.run()
			if err != nil {
				continue // the library rejects the type
			}
			m, err := colmap.Of(l.lib, typ)
			if err != nil {
				t.Errorf("case %d %v: %v", i, l.lib, err)
				continue
			}
			var got []col
			for _, c := range m.Columns() {
				got = append(got, col{Name: c.Name, Index: fmt.Sprint(c.Index()), FieldPath: c.FieldPath(), PK: c.PrimaryKey, Updatable: c.Updatable})
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("case %d %v:\n%s\nstatic:  %v\nruntime: %v", i, l.lib, src, got, want)
			}
			compared[l.lib]++
		}
	}
	t.Logf("compared: %v", compared)
	for _, lib := range []colmap.Library{colmap.SQLX, colmap.GORM, colmap.Bun} {
		if compared[lib] < 500 {
			t.Errorf("%v: only %d generated models compared", lib, compared[lib])
		}
	}
}
