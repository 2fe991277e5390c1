package dbapi_test

import (
	"go/ast"
	"go/token"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/fixturetest"
)

var wantRE = regexp.MustCompile(`// db:([a-z-]+)`)

// TestMatchFixture matches every call of the fixture package against the
// comment on its line: "db:KIND" for a database call of that kind, nothing
// for a call that must not match.
func TestMatchFixture(t *testing.T) {
	pkg := loadCalls(t)
	mt := dbapi.New().Matcher(pkg.Types, pkg.TypesInfo)
	matched := 0
	for _, f := range pkg.Syntax {
		want := map[int]string{} // line -> kind
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if m := wantRE.FindStringSubmatch(c.Text); m != nil {
					want[pkg.Fset.Position(c.Pos()).Line] = m[1]
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			line := pkg.Fset.Position(call.Pos()).Line
			c, ok := mt.MatchCall(call)
			// Only the outermost call of a line carries the comment: a
			// chain's inner calls (Where, Model, RunWith) must not match.
			isLast := roleOf(f, pkg.Fset, call) == outermost
			switch {
			case ok && !isLast:
				t.Errorf("line %d: inner call %s matched as %v", line, c.Name(), c.Entry.Kind)
			case ok && want[line] != c.Entry.Kind.String():
				t.Errorf("line %d: %s matched as %v, want %q", line, c.Name(), c.Entry.Kind, want[line])
			case !ok && isLast && want[line] != "":
				t.Errorf("line %d: call did not match, want %s", line, want[line])
			case ok:
				matched++
			}
			return true
		})
	}
	if matched < 30 {
		t.Errorf("only %d calls matched; the fixture has more", matched)
	}
}

type role int

const (
	outermost role = iota // the call a trailing comment speaks of
	chained               // a call in the receiver chain of another (Where in db.Where().Find())
	argument              // a call passed as argument to another
)

// roleOf says how call stands among the calls that start on its line.
func roleOf(f *ast.File, fset *token.FileSet, call *ast.CallExpr) role {
	line := fset.Position(call.Pos()).Line
	r := outermost
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || c == call || c.Pos() > call.Pos() || c.End() < call.End() || fset.Position(c.Pos()).Line != line {
			return true
		}
		for _, a := range c.Args {
			if a.Pos() <= call.Pos() && a.End() >= call.End() {
				r = argument
				return false
			}
		}
		if r == outermost {
			r = chained
		}
		return true
	})
	return r
}

func TestParseEntry(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want dbapi.Entry
		err  bool
	}{
		{in: "example.com/store.Load", want: dbapi.Entry{Pkg: "example.com/store", Name: "Load"}},
		{in: "example.com/store.Store.User", want: dbapi.Entry{Pkg: "example.com/store", Recv: "Store", Name: "User"}},
		{in: "example.com/store.*Store.User", want: dbapi.Entry{Pkg: "example.com/store", Recv: "Store", Name: "User"}},
		{in: "example.com/a.b/store.Querier.*", want: dbapi.Entry{Pkg: "example.com/a.b/store", Recv: "Querier", Name: "*"}},
		{in: "store.Load", want: dbapi.Entry{Pkg: "store", Name: "Load"}},
		{in: "", err: true},
		{in: "example.com/store", err: true},
		{in: "example.com/store.Load-It", err: true},
		{in: "example.com/store.", err: true},
	} {
		got, err := dbapi.ParseEntry(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("ParseEntry(%q) error = %v, want error %v", tc.in, err, tc.err)
			continue
		}
		if err != nil {
			if !strings.Contains(err.Error(), "qualified name") {
				t.Errorf("ParseEntry(%q) error %q does not say what is wanted", tc.in, err)
			}
			continue
		}
		tc.want.Kind, tc.want.Verb = dbapi.Query, dbapi.VerbFromSQL
		if got != tc.want {
			t.Errorf("ParseEntry(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

// TestArgumentIndices checks where the model finds the SQL text, the
// destination and the bind arguments of a few calls.
func TestArgumentIndices(t *testing.T) {
	pkg := loadCalls(t)
	mt := dbapi.New().Matcher(pkg.Types, pkg.TypesInfo)
	want := map[string][3]int{ // name -> SQL, Dest, Args
		"(*sql.DB).QueryContext":   {1, -1, 2},
		"(*sqlx.DB).GetContext":    {2, 1, 3},
		"(*sqlx.DB).Select":        {1, 0, 2},
		"(*gorm.DB).First":         {-1, 0, 1},
		"(*gorm.DB).Exec":          {0, -1, 1},
		"(*pgxpool.Pool).QueryRow": {1, -1, 2},
	}
	seen := map[string]bool{}
	for _, f := range pkg.Syntax {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			c, ok := mt.MatchCall(call)
			if !ok {
				return true
			}
			w, ok := want[c.Name()]
			if !ok || seen[c.Name()] {
				return true
			}
			seen[c.Name()] = true
			if got := [3]int{c.SQL, c.Dest, c.Args}; got != w {
				t.Errorf("%s: SQL, Dest, Args = %v, want %v", c.Name(), got, w)
			}
			return true
		})
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("no call of %s in the fixture", name)
		}
	}
}

// loadCalls loads the fixture package of database calls with types and
// syntax.
func loadCalls(t *testing.T) *packages.Package {
	t.Helper()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedSyntax | packages.NeedImports | packages.NeedDeps,
		Dir:  fixturetest.Dir(t),
		Env:  append(fixturetest.Env(), "GOFLAGS=-mod=mod"),
	}
	pkgs, err := packages.Load(cfg, "fixtures/dbapi/calls")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("load: %v", err)
	}
	return pkgs[0]
}

// TestLazy checks that a Lazy builds its model once, with the entries
// Extra returns, and from concurrent callers.
func TestLazy(t *testing.T) {
	extra, err := dbapi.ParseEntry("example.com/store.Load")
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	l := dbapi.Lazy{Extra: func() []dbapi.Entry { calls++; return []dbapi.Entry{extra} }}
	models := make(chan *dbapi.Model, 8)
	for range 8 {
		go func() { models <- l.Get() }()
	}
	first := <-models
	for range 7 {
		if m := <-models; m != first {
			t.Fatal("concurrent Get built more than one model")
		}
	}
	if l.Get() != first {
		t.Error("a later Get built a new model")
	}
	if calls != 1 {
		t.Errorf("Extra called %d times, want 1", calls)
	}
}
