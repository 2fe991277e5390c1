package colmap_test

import (
	"fmt"
	"go/types"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx/reflectx"
	bunschema "github.com/uptrace/bun/schema"
	gormschema "gorm.io/gorm/schema"

	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/analyzers/internal/colmap"
)

// runtimeCase names a type declared in types_test.go and holds a value of it
// for the libraries' run-time mappers.
type runtimeCase struct {
	name   string
	value  any
	noGorm string // why gorm's schema.Parse cannot take the type, if it cannot
	noBun  string
}

const gormRel = "gorm parses the struct field as a relationship and fails without a foreign key"

var runtimeCases = []runtimeCase{
	{name: "Plain", value: Plain{}},
	{name: "Tagged", value: Tagged{}},
	{name: "Embeds", value: Embeds{}},
	{name: "EmbedsPtr", value: EmbedsPtr{}},
	{name: "Prefixed", value: Prefixed{}},
	{name: "Collide", value: Collide{}},
	{name: "Deep", value: Deep{}},
	{name: "WithNested", value: WithNested{}, noGorm: gormRel},
	{name: "GormUser", value: GormUser{}},
	{name: "Node", value: Node{}, noGorm: gormRel},
	{name: "MutualA", value: MutualA{}, noGorm: gormRel},
	{name: "SelfEmbed", value: SelfEmbed{}, noGorm: "gorm recurses without end on an embedding cycle"},
	{name: "PairIntString", value: PairIntString{}},
	{name: "HasPair", value: HasPair{}},
	{name: "WithLabel", value: WithLabel{}},
	{name: "BunUser", value: BunUser{}, noGorm: gormRel},
	{name: "Ambiguous", value: Ambiguous{}},
	{name: "IDOnly", value: IDOnly{}},
	{name: "Empty", value: Empty{}},
	{name: "EmbedsEmpty", value: EmbedsEmpty{}},
	{name: "Address", value: Address{}},
	{name: "Audit", value: Audit{}},
	{name: "NullEmbed", value: NullEmbed{}},
	{name: "TimeEmbed", value: TimeEmbed{}},
	{name: "PtrPrefixed", value: PtrPrefixed{}},
	{name: "TagCollide", value: TagCollide{}},
	{name: "AmbigTagged", value: AmbigTagged{}},
	{name: "PKs", value: PKs{}},
	{name: "NotPK", value: NotPK{}},
	{name: "EmbedsLower", value: EmbedsLower{}},
	{name: "DeepEmbed", value: DeepEmbed{}},
	{name: "PKOuter", value: PKOuter{}},
	{name: "EmbeddedValuer", value: EmbeddedValuer{}},
	{name: "Odd", value: Odd{}, noGorm: "gorm rejects fields of unsupported types"},
}

// loadSelf type-checks this test package from source, so that colmap sees
// the very struct types the run-time mappers see.
var loadSelf = sync.OnceValues(func() (*types.Package, error) {
	cfg := &packages.Config{
		Mode:  packages.NeedName | packages.NeedTypes | packages.NeedImports,
		Tests: true,
	}
	pkgs, err := packages.Load(cfg, "github.com/bulklint/bulklint/analyzers/internal/colmap")
	if err != nil {
		return nil, err
	}
	for _, p := range pkgs {
		if p.Name == "colmap_test" {
			if len(p.Errors) > 0 {
				return nil, fmt.Errorf("loading %s: %v", p.ID, p.Errors)
			}
			return p.Types, nil
		}
	}
	return nil, fmt.Errorf("package colmap_test not found among %d packages", len(pkgs))
})

func lookupType(t *testing.T, name string) types.Type {
	t.Helper()
	pkg, err := loadSelf()
	if err != nil {
		t.Fatal(err)
	}
	obj := pkg.Scope().Lookup(name)
	if obj == nil {
		t.Fatalf("type %s not found in %s", name, pkg.Path())
	}
	return obj.Type()
}

// col is the comparable description of one column.
type col struct {
	Name      string
	Index     string
	FieldPath string
	PK        bool
	Updatable bool
}

func (c col) String() string {
	return fmt.Sprintf("%s[%s %s pk=%v upd=%v]", c.Name, c.Index, c.FieldPath, c.PK, c.Updatable)
}

func staticColumns(t *testing.T, lib colmap.Library, name string) []col {
	t.Helper()
	m, err := colmap.Of(lib, lookupType(t, name))
	if err != nil {
		t.Fatalf("colmap.Of(%v, %s): %v", lib, name, err)
	}
	var out []col
	for _, c := range m.Columns() {
		out = append(out, col{
			Name:      c.Name,
			Index:     fmt.Sprint(c.Index()),
			FieldPath: c.FieldPath(),
			PK:        c.PrimaryKey,
			Updatable: c.Updatable,
		})
		// Every column is found again through its field and its name.
		found := false
		for _, b := range m.ByField(c.Field()) {
			found = found || b.Name == c.Name
		}
		if !found {
			t.Errorf("%v %s: ByField(%s) misses column %s", lib, name, c.FieldPath(), c.Name)
		}
		if b, ok := m.Column(c.Name); !ok || b.Name != c.Name {
			t.Errorf("%v %s: Column(%q) = %v, %v", lib, name, c.Name, b, ok)
		}
	}
	return out
}

// fieldPath spells the Go field names along index, following pointers.
func fieldPath(t reflect.Type, index []int) string {
	var names []string
	for _, i := range index {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		f := t.Field(i)
		names = append(names, f.Name)
		t = f.Type
	}
	return strings.Join(names, ".")
}

func sqlxRuntime(v any) []col {
	rt := reflect.TypeOf(v)
	sm := reflectx.NewMapperFunc("db", strings.ToLower).TypeMap(rt)
	var out []col
	for _, fi := range sm.Index {
		if sm.Names[fi.Path] != fi {
			continue
		}
		out = append(out, col{
			Name:      fi.Path,
			Index:     fmt.Sprint(fi.Index),
			FieldPath: fieldPath(rt, fi.Index),
			Updatable: true,
		})
	}
	return out
}

func gormRuntime(v any) ([]col, error) {
	rt := reflect.TypeOf(v)
	s, err := gormschema.Parse(v, &sync.Map{}, gormschema.NamingStrategy{})
	if err != nil {
		return nil, err
	}
	var out []col
	for _, name := range s.DBNames {
		f := s.FieldsByDBName[name]
		if !(f.Creatable || f.Updatable || f.Readable) {
			continue
		}
		// gorm encodes a step through a pointer as -index-1.
		idx := make([]int, len(f.StructField.Index))
		for i, x := range f.StructField.Index {
			if x < 0 {
				x = -x - 1
			}
			idx[i] = x
		}
		out = append(out, col{
			Name:      name,
			Index:     fmt.Sprint(idx),
			FieldPath: fieldPath(rt, idx),
			PK:        f.PrimaryKey,
			Updatable: f.Updatable,
		})
	}
	return out, nil
}

func bunRuntime(v any) (out []col, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bun panicked: %v", r)
		}
	}()
	rt := reflect.TypeOf(v)
	table := bunschema.NewNopQueryGen().Dialect().Tables().Get(rt)
	for _, f := range table.Fields {
		out = append(out, col{
			Name:      f.Name,
			Index:     fmt.Sprint(f.Index),
			FieldPath: fieldPath(rt, f.Index),
			PK:        f.IsPK,
			Updatable: !f.Tag.HasOption("skipupdate"),
		})
	}
	return out, nil
}

func compare(t *testing.T, static, runtime []col) {
	t.Helper()
	if fmt.Sprint(static) == fmt.Sprint(runtime) {
		return
	}
	t.Errorf("columns differ\nstatic:  %v\nruntime: %v", static, runtime)
}

func TestSQLXMatchesReflectx(t *testing.T) {
	for _, c := range runtimeCases {
		t.Run(c.name, func(t *testing.T) {
			compare(t, staticColumns(t, colmap.SQLX, c.name), sqlxRuntime(c.value))
		})
	}
}

func TestGORMMatchesSchemaParse(t *testing.T) {
	for _, c := range runtimeCases {
		t.Run(c.name, func(t *testing.T) {
			if c.noGorm != "" {
				t.Skip(c.noGorm)
			}
			want, err := gormRuntime(c.value)
			if err != nil {
				t.Fatalf("gorm schema.Parse: %v", err)
			}
			compare(t, staticColumns(t, colmap.GORM, c.name), want)
		})
	}
}

func TestBunMatchesTable(t *testing.T) {
	for _, c := range runtimeCases {
		t.Run(c.name, func(t *testing.T) {
			if c.noBun != "" {
				t.Skip(c.noBun)
			}
			want, err := bunRuntime(c.value)
			if err != nil {
				t.Fatal(err)
			}
			compare(t, staticColumns(t, colmap.Bun, c.name), want)
		})
	}
}
