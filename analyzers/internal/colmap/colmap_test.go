package colmap_test

import (
	"errors"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/bulklint/bulklint/analyzers/internal/colmap"
)

func names(t *testing.T, lib colmap.Library, typ string) []string {
	t.Helper()
	m, err := colmap.Of(lib, lookupType(t, typ))
	if err != nil {
		t.Fatal(err)
	}
	return m.Names()
}

// TestExamples pins down, in readable form, a few mappings that the
// comparison tests check against the libraries.
func TestExamples(t *testing.T) {
	tests := []struct {
		lib  colmap.Library
		typ  string
		want []string
	}{
		{colmap.SQLX, "WithNested", []string{
			"id", "home", "work", "null", "count", "when", "created",
			"home.city", "home.zip_code", "work.city", "work.zip_code",
			"null.string", "null.valid", "count.int64", "count.valid"}},
		{colmap.SQLX, "Prefixed", []string{"audit", "name", "base.id", "base.createdat", "base.updatedat", "audit.by", "audit.at"}},
		{colmap.GORM, "Prefixed", []string{"id", "created_at", "updated_at", "audit_by", "audit_at", "name"}},
		{colmap.Bun, "Prefixed", []string{"id", "created_at", "updated_at", "audit_by", "audit_at", "name"}},
		{colmap.Bun, "BunUser", []string{"id", "name", "profile_id", "tagged"}},
	}
	for _, tt := range tests {
		if got := names(t, tt.lib, tt.typ); !slices.Equal(got, tt.want) {
			t.Errorf("%v %s:\n got %q\nwant %q", tt.lib, tt.typ, got, tt.want)
		}
	}
}

// check type-checks src as package p (standard library imports only).
func check(t *testing.T, src string) *types.Package {
	t.Helper()
	return checkWith(t, importer.Default(), src)
}

// checkWith is check with a given importer, which caches imported packages.
func checkWith(t *testing.T, imp types.Importer, src string) *types.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Errors are tolerated for sources that test broken code: analyzers
	// see partly typed packages too.
	conf := types.Config{Importer: imp, Error: func(error) {}}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, nil)
	if err != nil && !strings.Contains(src, "undefined") {
		t.Fatal(err)
	}
	return pkg
}

func TestNotStruct(t *testing.T) {
	pkg := check(t, `package p
type I int
type PP **struct{ A int }
type G[T any] struct{ A T }
`)
	for _, typ := range []types.Type{
		nil,
		types.Typ[types.Int],
		pkg.Scope().Lookup("I").Type(),
		types.NewSlice(types.NewStruct(nil, nil)),
		types.NewInterfaceType(nil, nil),
	} {
		for _, lib := range []colmap.Library{colmap.SQLX, colmap.GORM, colmap.Bun} {
			if _, err := colmap.Of(lib, typ); !errors.Is(err, colmap.ErrNotStruct) {
				t.Errorf("Of(%v, %v) error = %v, want ErrNotStruct", lib, typ, err)
			}
		}
	}
	// Pointers to structs, even through a named pointer type, are followed.
	m, err := colmap.Of(colmap.SQLX, pkg.Scope().Lookup("PP").Type())
	if err != nil || !slices.Equal(m.Names(), []string{"a"}) {
		t.Errorf("Of(SQLX, PP) = %v, %v", m, err)
	}
	if _, err := colmap.Of(colmap.Library(0), types.NewStruct(nil, nil)); err == nil {
		t.Error("Of(Library(0)) succeeded")
	}
	if got := colmap.Library(9).String(); got != "Library(9)" {
		t.Errorf("Library(9).String() = %q", got)
	}
}

// TestGenericOrigin checks that a field of the generic declaration finds the
// column of an instantiation, as the analyzer may hold either.
func TestGenericOrigin(t *testing.T) {
	pkg, err := loadSelf()
	if err != nil {
		t.Fatal(err)
	}
	generic := pkg.Scope().Lookup("Pair").Type().Underlying().(*types.Struct)
	origKey := generic.Field(0)
	for _, typ := range []string{"PairIntString", "HasPair"} {
		for _, lib := range []colmap.Library{colmap.SQLX, colmap.GORM, colmap.Bun} {
			m, err := colmap.Of(lib, lookupType(t, typ))
			if err != nil {
				t.Fatal(err)
			}
			cols := m.ByField(origKey)
			if len(cols) != 1 || cols[0].Name != "k" {
				t.Errorf("%v %s: ByField(generic Key) = %v", lib, typ, cols)
			}
			if f := cols[0].Field(); f == origKey || f.Origin() != origKey {
				t.Errorf("%v %s: column field %v is not the instantiated field", lib, typ, f)
			}
		}
	}
	// Uninstantiated generic types map too; type-parameter fields are columns.
	m, err := colmap.Of(colmap.GORM, pkg.Scope().Lookup("Pair").Type())
	if err != nil || !slices.Equal(m.Names(), []string{"k", "val", "created"}) {
		t.Errorf("Of(GORM, Pair) = %v, %v", m.Names(), err)
	}
}

// TestSharedField checks that one field reached through two paths backs two
// columns, both returned by ByField.
func TestSharedField(t *testing.T) {
	m, err := colmap.Of(colmap.SQLX, lookupType(t, "WithNested"))
	if err != nil {
		t.Fatal(err)
	}
	city := lookupType(t, "Address").Underlying().(*types.Struct).Field(0)
	var got []string
	for _, c := range m.ByField(city) {
		got = append(got, c.Name+"="+c.FieldPath())
	}
	want := []string{"home.city=Home.City", "work.city=Work.City"}
	if !slices.Equal(got, want) {
		t.Errorf("ByField(City) = %q, want %q", got, want)
	}
	// Within returns the columns under a struct field.
	home := lookupType(t, "WithNested").Underlying().(*types.Struct).Field(1)
	got = nil
	for _, c := range m.Within(home) {
		got = append(got, c.Name)
	}
	if want := []string{"home", "home.city", "home.zip_code"}; !slices.Equal(got, want) {
		t.Errorf("Within(Home) = %q, want %q", got, want)
	}
	g, err := colmap.Of(colmap.GORM, lookupType(t, "Embeds"))
	if err != nil {
		t.Fatal(err)
	}
	baseField := lookupType(t, "Embeds").Underlying().(*types.Struct).Field(0)
	got = nil
	for _, c := range g.Within(baseField) {
		got = append(got, c.Name)
	}
	if want := []string{"id", "created_at", "updated_at"}; !slices.Equal(got, want) || len(g.ByField(baseField)) != 0 {
		t.Errorf("GORM Within(Base) = %q, want %q; ByField(Base) = %v", got, want, g.ByField(baseField))
	}
	// Unmapped fields have no column.
	plain := lookupType(t, "Plain").Underlying().(*types.Struct)
	if cols, _ := colmap.Of(colmap.SQLX, lookupType(t, "Plain")); len(cols.ByField(plain.Field(4))) != 0 {
		t.Error("unexported field has a column")
	}
	if c, ok := m.Column("nope"); ok {
		t.Errorf("Column(nope) = %v", c)
	}
}

// TestHuge checks the size bound: wide structs map, and types whose nested
// paths multiply stop with ErrTooLarge instead of running away.
func TestHuge(t *testing.T) {
	var b strings.Builder
	b.WriteString("package p\ntype Wide struct {\n")
	for i := range 5000 {
		b.WriteString("\tF")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(string(rune('a' + i%26)))
		b.WriteString(strings.TrimLeft(strings.Repeat("0", 1)+itoa(i), "0"))
		b.WriteString(" int\n")
	}
	b.WriteString("}\n")
	// T0 has two fields of type T1, which has two of type T2, and so on:
	// 2^16 nested paths for sqlx.
	for i := range 16 {
		b.WriteString("type T" + itoa(i) + " struct { A, B T" + itoa(i+1) + "; C int }\n")
	}
	b.WriteString("type T16 struct { X int }\n")
	// Embedding chains multiply too for gorm and bun.
	for i := range 16 {
		b.WriteString("type E" + itoa(i) + " struct { E" + itoa(i+1) + "; F" + itoa(i) + " struct{ E" + itoa(i+1) + " } `gorm:\"embedded\" bun:\"embed:f_\"` }\n")
	}
	b.WriteString("type E16 struct { X int }\n")
	pkg := check(t, b.String())

	for _, lib := range []colmap.Library{colmap.SQLX, colmap.GORM, colmap.Bun} {
		m, err := colmap.Of(lib, pkg.Scope().Lookup("Wide").Type())
		if err != nil || m.Len() != 5000 {
			t.Errorf("%v Wide: %d columns, %v", lib, m.Len(), err)
		}
	}
	if _, err := colmap.Of(colmap.SQLX, pkg.Scope().Lookup("T0").Type()); !errors.Is(err, colmap.ErrTooLarge) {
		t.Errorf("SQLX T0: error = %v, want ErrTooLarge", err)
	}
	for _, lib := range []colmap.Library{colmap.GORM, colmap.Bun} {
		if _, err := colmap.Of(lib, pkg.Scope().Lookup("E0").Type()); !errors.Is(err, colmap.ErrTooLarge) {
			t.Errorf("%v E0: error = %v, want ErrTooLarge", lib, err)
		}
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var d []byte
	for ; i > 0; i /= 10 {
		d = append([]byte{byte('0' + i%10)}, d...)
	}
	return string(d)
}

// TestCycles checks that self-referential types terminate for every library.
func TestCycles(t *testing.T) {
	pkg := check(t, `package p
type A struct { *A; B; ID int }
type B struct { *A; C *C }
type C struct { B `+"`gorm:\"embedded\" bun:\"embed:c_\"`"+`; Next *C }
type R[T any] struct { *R[T]; X T; Y *R[T] }
type RI = R[int]
type Bad struct { X undefined; Y [2]undefined; Z struct{ undefined } }
`)
	for _, name := range []string{"A", "B", "C", "R", "RI", "Bad"} {
		for _, lib := range []colmap.Library{colmap.SQLX, colmap.GORM, colmap.Bun} {
			if _, err := colmap.Of(lib, pkg.Scope().Lookup(name).Type()); err != nil {
				t.Errorf("%v %s: %v", lib, name, err)
			}
		}
	}
}
