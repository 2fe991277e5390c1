package nplusone

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// Code that runs once (migrations, start-up bootstrap and seeding, a
// command-line tool's main) is not worth batching: a statement per table,
// per version or per seeded row runs once per deployment. What the
// analyzer takes for such code is listed in the doc, section "Code that
// runs once"; -startup reports it as any other code.

// migrationPkgs are the import paths (or their prefixes, ending in /) of
// migration libraries: a function of theirs, a function that calls one,
// and a function handed to one (a registered migration) run once.
var migrationPkgs = []string{
	"github.com/golang-migrate/migrate/",
	"github.com/pressly/goose/",
	"github.com/go-gormigrate/gormigrate/",
	"src.techknowlogick.com/xormigrate",
	"xorm.io/xorm/migrate",
	"ariga.io/atlas/",
}

// migrationMethods are the schema-syncing methods of ORMs: gorm's
// AutoMigrate and Migrator, xorm's Sync and Sync2.
var migrationMethods = map[string][]string{
	dbapi.PathGorm + ".DB":          {"AutoMigrate", "Migrator"},
	"github.com/jinzhu/gorm.DB":     {"AutoMigrate"},
	dbapi.PathXorm + ".Engine":      {"Sync", "Sync2", "SyncWithOptions"},
	dbapi.PathXorm + ".Session":     {"Sync", "Sync2"},
	dbapi.PathXorm + ".EngineGroup": {"Sync", "Sync2"},
}

// migrationORMs are the import paths of migrationMethods.
var migrationORMs = []string{dbapi.PathGorm, "github.com/jinzhu/gorm", dbapi.PathXorm}

// startupWords are the words of a package path or name that say it runs
// once: migrations, seeding, bootstrap.
var startupWords = map[string]bool{
	"migrate": true, "migrates": true, "migration": true, "migrations": true,
	"migrator": true, "migrators": true,
	"seed": true, "seeds": true, "seeder": true, "seeders": true, "seeding": true,
	"bootstrap": true, "bootstrapping": true,
}

func isMigrationPkg(path string) bool {
	for _, p := range migrationPkgs {
		if dbapi.Under(path, p) {
			return true
		}
	}
	return false
}

// isMigrationAPI reports whether fn belongs to a migration library or is
// an ORM's schema-syncing method.
func isMigrationAPI(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if isMigrationPkg(fn.Pkg().Path()) {
		return true
	}
	for _, name := range migrationMethods[fn.Pkg().Path()+"."+dbapi.RecvName(fn)] {
		if fn.Name() == name {
			return true
		}
	}
	return false
}

// startupPath reports whether a package's path below its module, or its
// name, holds a word of startupWords.
func startupPath(path, module, name string) bool {
	if module != "" && (path == module || strings.HasPrefix(path, module+"/")) {
		path = strings.TrimPrefix(path[len(module):], "/")
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(path+"/"+name), func(r rune) bool {
		return !('a' <= r && r <= 'z')
	}) {
		if startupWords[w] {
			return true
		}
	}
	return false
}

// startup is what of the package runs once.
type startup struct {
	pkg   bool                  // the whole package: its path or name says so
	funcs map[*types.Func]bool  // functions that run once
	lits  map[*ast.FuncLit]bool // literals registered as migrations
}

// findStartup computes the package's run-once code: the whole package
// when its path or name says so; functions that call a migration API or
// are handed to one; in package main, main, init and the functions only
// they call, directly or not.
func (c *checker) findStartup() {
	s := &startup{funcs: make(map[*types.Func]bool), lits: make(map[*ast.FuncLit]bool)}
	c.startup = s
	info := c.pass.TypesInfo
	mod := ""
	if c.pass.Module != nil {
		mod = c.pass.Module.Path
	}
	s.pkg = isMigrationPkg(c.pass.Pkg.Path()) || startupPath(c.pass.Pkg.Path(), mod, c.pass.Pkg.Name())

	register := func(e ast.Expr) {
		switch x := ast.Unparen(e).(type) {
		case *ast.FuncLit:
			s.lits[x] = true
		case *ast.Ident, *ast.SelectorExpr:
			if fn, ok := typeutil.Callee(info, &ast.CallExpr{Fun: x}).(*types.Func); ok && fn.Pkg() == c.pass.Pkg {
				s.funcs[fn] = true
			}
		}
	}
	// Only a package that imports a migration library or an ORM that
	// syncs schemas can register or call run-once code of theirs.
	if !c.mt.ImportsUnder(migrationPkgs...) && !c.mt.Imports(migrationORMs...) {
		if c.pass.Pkg.Name() == "main" {
			c.mainOnly(s)
		}
		return
	}
	inspectFiles(c.pass.Files, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.CallExpr:
			// goose.AddMigrationContext(up, down)
			if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && fn.Pkg() != nil && isMigrationPkg(fn.Pkg().Path()) {
				for _, a := range n.Args {
					register(a)
				}
			}
		case *ast.CompositeLit:
			// gormigrate.Migration{Migrate: func(tx *gorm.DB) error {...}}
			if named := namedOf(info.TypeOf(n)); named != nil && named.Obj().Pkg() != nil && isMigrationPkg(named.Obj().Pkg().Path()) {
				for _, elt := range n.Elts {
					if kv, ok := elt.(*ast.KeyValueExpr); ok {
						register(kv.Value)
					} else {
						register(elt)
					}
				}
			}
		}
	})
	for _, d := range c.funcDecls() {
		fd, fn := d.decl, d.fn
		if isMigrationAPI(fn) {
			s.funcs[fn] = true
			continue
		}
		for _, call := range c.callsRun(fd) {
			if callee, ok := typeutil.Callee(info, call).(*types.Func); ok && isMigrationAPI(callee) {
				s.funcs[fn] = true
				break
			}
		}
	}
	if c.pass.Pkg.Name() == "main" {
		c.mainOnly(s)
	}
}

// mainOnly adds to s.funcs, in package main, main and init and the
// functions that only they call, directly or through each other: called
// from where they run, never used as a value (a handler, a command's
// action) nor called from a literal that is only created.
func (c *checker) mainOnly(s *startup) {
	info := c.pass.TypesInfo
	type use struct {
		from *types.Func // the caller, nil for any other use
	}
	uses := make(map[*types.Func][]use)
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			var caller *types.Func
			called := make(map[*ast.Ident]bool) // names of functions called where d runs
			if ok && fd.Body != nil {
				caller, _ = info.Defs[fd.Name].(*types.Func)
				for _, call := range c.callsRun(fd) {
					switch fun := ast.Unparen(call.Fun).(type) {
					case *ast.Ident:
						called[fun] = true
					case *ast.SelectorExpr:
						called[fun.Sel] = true
					}
				}
			}
			ast.Inspect(d, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if !ok {
					return true
				}
				if fn, _ := info.Uses[id].(*types.Func); fn != nil && fn.Pkg() == c.pass.Pkg {
					if called[id] && caller != nil {
						uses[fn] = append(uses[fn], use{from: caller})
					} else {
						uses[fn] = append(uses[fn], use{})
					}
				}
				return true
			})
		}
	}
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && (fd.Name.Name == "main" || fd.Name.Name == "init") {
				if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
					s.funcs[fn] = true
				}
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for fn, us := range uses {
			if s.funcs[fn] || len(us) == 0 {
				continue
			}
			all := true
			for _, u := range us {
				if u.from == nil || !s.funcs[u.from] {
					all = false
					break
				}
			}
			if all {
				s.funcs[fn] = true
				changed = true
			}
		}
	}
}

func namedOf(t types.Type) *types.Named {
	if t == nil {
		return nil
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// runsOnce reports whether the call at the top of stack, in fd, is in
// code that runs once: anywhere in a run-once package, in a registered
// migration literal around it, or, unless a literal that is only created
// (a handler) comes first, in fd itself.
func (c *checker) runsOnce(stack []frame, fd *ast.FuncDecl) bool {
	s := c.startup
	if s.pkg {
		return true
	}
	for i := len(stack) - 1; i >= 0; i-- {
		if lit, ok := stack[i].node.(*ast.FuncLit); ok {
			if s.lits[lit] {
				return true
			}
			if !stack[i].runs {
				return false
			}
		}
	}
	fn, _ := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	return fn != nil && s.funcs[fn]
}
