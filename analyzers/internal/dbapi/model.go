package dbapi

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/types/typeutil"
)

// Kind says what a database call does.
type Kind uint8

const (
	None       Kind = iota
	Query           // runs a statement and returns rows
	QueryRow        // runs a statement and returns at most one row
	Exec            // runs a statement that returns no rows
	Prepare         // prepares a statement (a round trip)
	Begin           // starts a transaction
	BatchQueue      // queues a statement in a batch: no round trip
	BatchSend       // sends a queued batch: one round trip for many statements
	Copy            // bulk copy (COPY FROM): one round trip for many rows
	Batched         // rewrites a query to take many keys at once (sqlx.In): no round trip
)

var kindNames = [...]string{"none", "query", "query-row", "exec", "prepare", "begin", "batch-queue", "batch-send", "copy", "batched"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// RoundTrip reports whether a call of this kind talks to the database once
// per call.
func (k Kind) RoundTrip() bool {
	switch k {
	case Query, QueryRow, Exec, Prepare, Begin, BatchSend, Copy:
		return true
	}
	return false
}

// Verb is what an ORM or builder call does to the rows, when the call itself
// says so; VerbFromSQL means it depends on the SQL text.
type Verb uint8

const (
	VerbNone    Verb = iota
	VerbFromSQL      // depends on the SQL text the call runs
	VerbSelect
	VerbInsert
	VerbUpdate
	VerbSave // writes the whole row: insert or update
	VerbDelete
)

var verbNames = [...]string{"none", "sql", "select", "insert", "update", "save", "delete"}

func (v Verb) String() string {
	if int(v) < len(verbNames) {
		return verbNames[v]
	}
	return fmt.Sprintf("Verb(%d)", v)
}

// Entry is one row of the table: a function or method that runs a statement.
// Recv is the receiver's type name without package or pointer, empty for a
// package-level function; Name "*" matches every method of Recv (used for
// interfaces named by the user).
type Entry struct {
	Pkg, Recv, Name string
	Kind            Kind
	Verb            Verb
}

func (e Entry) key() string { return e.Pkg + "\x00" + e.Recv + "\x00" + e.Name }

// ParseEntry parses a user's name of a function that runs a query:
// "example.com/store.Load", "example.com/store.Store.User" (a method; the
// receiver written without '*') or "example.com/store.Querier.*" (every
// method of a type). The entry's kind is Query.
func ParseEntry(s string) (Entry, error) {
	slash := strings.LastIndex(s, "/")
	dot := strings.Index(s[slash+1:], ".")
	if s == "" || dot < 0 {
		return Entry{}, fmt.Errorf("%q is not a qualified name: want importpath.Func, importpath.Type.Method or importpath.Type.*", s)
	}
	pkg, rest := s[:slash+1+dot], s[slash+1+dot+1:]
	e := Entry{Pkg: pkg, Kind: Query, Verb: VerbFromSQL}
	if recv, name, ok := strings.Cut(rest, "."); ok {
		e.Recv, e.Name = strings.TrimPrefix(recv, "*"), name
	} else {
		e.Name = rest
	}
	if !token(e.Name) && e.Name != "*" || e.Recv != "" && !token(e.Recv) {
		return Entry{}, fmt.Errorf("%q is not a qualified name: want importpath.Func, importpath.Type.Method or importpath.Type.*", s)
	}
	return e, nil
}

func token(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// Model is an immutable table of database entry points.
type Model struct {
	entries map[string]Entry
	byName  map[string][]Entry // method entries by method name, for interface matching
}

// New returns the built-in model plus the given extra entries.
func New(extra ...Entry) *Model {
	m := &Model{entries: make(map[string]Entry), byName: make(map[string][]Entry)}
	for _, e := range append(builtinTable(), extra...) {
		m.entries[e.key()] = e
		if e.Recv != "" && e.Name != "*" {
			m.byName[e.Name] = append(m.byName[e.Name], e)
		}
	}
	return m
}

// Call describes one call of a table entry.
type Call struct {
	Func  *types.Func
	Entry Entry
	// Interface is set when the call matched through an interface method
	// of identical signature rather than by name.
	Interface bool
	// Indices of the call's arguments, -1 when absent: the SQL text, the
	// destination of a scan, the value a gorm write saves, and the first
	// bind argument.
	SQL, Dest, Value, Args int
}

// Name is the callee as written in diagnostics: (*sqlx.DB).GetContext,
// sqlx.In, (pgx.Tx).Query.
func (c Call) Name() string { return FuncName(c.Func) }

// FuncName formats a function the way diagnostics name it, qualified by
// package name: (*sqlx.DB).GetContext, sqlx.Get.
func FuncName(fn *types.Func) string {
	qual := func(p *types.Package) string { return p.Name() }
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		if fn.Pkg() == nil {
			return fn.Name()
		}
		return fn.Pkg().Name() + "." + fn.Name()
	}
	return "(" + types.TypeString(sig.Recv().Type(), qual) + ")." + fn.Name()
}

// Matcher matches calls for one package under analysis. It caches the
// signatures of the table's interface candidates; it is not safe for
// concurrent use, and is meant to live for one analysis pass.
// A Matcher is safe for concurrent use: bulklint's analyzers share one per
// package.
type Matcher struct {
	m    *Model
	info *types.Info
	pkg  *types.Package

	importsOnce sync.Once
	imports     map[string]*types.Package // transitive imports by path, built lazily

	mu   sync.Mutex
	sigs map[string]*types.Signature // entry key -> signature (nil: not found)
}

// Matcher returns a matcher for the package pkg with type information info.
func (m *Model) Matcher(pkg *types.Package, info *types.Info) *Matcher {
	return &Matcher{m: m, pkg: pkg, info: info, sigs: make(map[string]*types.Signature)}
}

// Imports reports whether the package imports, directly or indirectly, one
// of the given import paths.
func (mt *Matcher) Imports(paths ...string) bool {
	imp := mt.transitive()
	for _, p := range paths {
		if _, ok := imp[p]; ok {
			return true
		}
	}
	return false
}

// ImportsUnder reports whether the package imports, directly or
// indirectly, a package whose path is one of prefixes or, for a prefix
// ending in a slash, starts with it.
func (mt *Matcher) ImportsUnder(prefixes ...string) bool {
	for path := range mt.transitive() {
		for _, p := range prefixes {
			if Under(path, p) {
				return true
			}
		}
	}
	return false
}

// Under reports whether the import path path is prefix or, for a prefix
// ending in a slash, starts with it: "github.com/pressly/goose/" covers
// goose's major versions and packages.
func Under(path, prefix string) bool {
	return path == strings.TrimSuffix(prefix, "/") || strings.HasSuffix(prefix, "/") && strings.HasPrefix(path, prefix)
}

func (mt *Matcher) transitive() map[string]*types.Package {
	mt.importsOnce.Do(func() {
		mt.imports = make(map[string]*types.Package)
		var visit func(p *types.Package)
		visit = func(p *types.Package) {
			for _, q := range p.Imports() {
				if _, ok := mt.imports[q.Path()]; !ok {
					mt.imports[q.Path()] = q
					visit(q)
				}
			}
		}
		mt.imports[mt.pkg.Path()] = mt.pkg
		visit(mt.pkg)
	})
	return mt.imports
}

// Lookup returns the entry of the function fn, matched by its resolved
// identity (import path, receiver type name, name).
func (m *Model) Lookup(fn *types.Func) (Entry, bool) {
	if fn == nil || fn.Pkg() == nil {
		return Entry{}, false
	}
	fn = fn.Origin()
	recv := RecvName(fn)
	if e, ok := m.entries[Entry{Pkg: fn.Pkg().Path(), Recv: recv, Name: fn.Name()}.key()]; ok {
		return e, true
	}
	if recv != "" {
		if e, ok := m.entries[Entry{Pkg: fn.Pkg().Path(), Recv: recv, Name: "*"}.key()]; ok {
			e.Name = fn.Name()
			return e, true
		}
	}
	return Entry{}, false
}

// RecvName is the name of fn's receiver type without pointer, or "" for a
// function, or a method of an unnamed interface.
func RecvName(fn *types.Func) string {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return ""
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		return t.Obj().Name()
	case *types.Interface:
		// A method of an embedded interface keeps the interface it was
		// declared in as receiver; nothing to name here.
		return ""
	}
	return ""
}

// Match reports whether fn is a database entry point for this package:
// a table entry, or an interface method with the name and signature of a
// table method whose package this package imports.
func (mt *Matcher) Match(fn *types.Func) (Call, bool) {
	if fn == nil {
		return Call{}, false
	}
	fn = fn.Origin()
	if e, ok := mt.m.Lookup(fn); ok {
		return mt.call(fn, e, false), true
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) {
		return Call{}, false
	}
	if !speaksSQL(sig) {
		return Call{}, false
	}
	for _, e := range mt.m.byName[fn.Name()] {
		if esig := mt.signature(e); esig != nil && types.Identical(esig, sig) {
			e.Kind, e.Verb = mt.m.entries[e.key()].Kind, mt.m.entries[e.key()].Verb
			return mt.call(fn, e, true), true
		}
	}
	return Call{}, false
}

// speaksSQL reports whether an interface method's signature could only
// belong to a database API: it takes a string (SQL text) or mentions a type
// of one of the table's libraries (*sql.Rows, sql.Result, pgx.Rows,
// *gorm.DB). A builder finisher such as bun's Count(ctx) (int, error) has
// neither, and an application interface with that signature is not taken
// for a query.
func speaksSQL(sig *types.Signature) bool {
	roots := RootPaths()
	var mentions func(t types.Type) bool
	mentions = func(t types.Type) bool {
		switch t := types.Unalias(t).(type) {
		case *types.Basic:
			return t.Info()&types.IsString != 0
		case *types.Pointer:
			return mentions(t.Elem())
		case *types.Slice:
			return mentions(t.Elem())
		case *types.Named:
			obj := t.Obj()
			return obj.Pkg() != nil && slices.Contains(roots, obj.Pkg().Path())
		}
		return false
	}
	for _, tup := range []*types.Tuple{sig.Params(), sig.Results()} {
		for v := range tup.Variables() {
			if mentions(v.Type()) {
				return true
			}
		}
	}
	return false
}

// MatchCall matches the callee of a call expression.
func (mt *Matcher) MatchCall(call *ast.CallExpr) (Call, bool) {
	fn, _ := typeutil.Callee(mt.info, call).(*types.Func)
	return mt.Match(fn)
}

// PreparedSQLArg returns the index of the SQL text argument of call when
// call prepares a statement (db.PrepareContext(ctx, q), tx.Preparex(q)),
// or -1.
func (mt *Matcher) PreparedSQLArg(call *ast.CallExpr) int {
	m, ok := mt.MatchCall(call)
	if !ok || m.Entry.Kind != Prepare || m.SQL < 0 || m.SQL >= len(call.Args) {
		return -1
	}
	return m.SQL
}

// signature finds the signature of a table method among the packages that
// the package under analysis imports.
func (mt *Matcher) signature(e Entry) *types.Signature {
	k := e.key()
	mt.mu.Lock()
	defer mt.mu.Unlock()
	if sig, ok := mt.sigs[k]; ok {
		return sig
	}
	var sig *types.Signature
	if p := mt.transitive()[e.Pkg]; p != nil {
		if tn, ok := p.Scope().Lookup(e.Recv).(*types.TypeName); ok {
			obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), false, p, e.Name)
			if f, ok := obj.(*types.Func); ok {
				sig, _ = f.Type().(*types.Signature)
			}
		}
	}
	mt.sigs[k] = sig
	return sig
}

// call fills the argument indices from the signature: the SQL text is the
// first string parameter of a call that runs SQL text, or the parameter
// named query or sql (sqlx's Get and Select run SQL text too, but gorm's
// Update takes a column name), the destination is
// the first parameter named dest or out, the written value the first named
// value or values (gorm), and bind arguments are the variadic parameter or
// what follows the SQL text.
func (mt *Matcher) call(fn *types.Func, e Entry, viaInterface bool) Call {
	c := Call{Func: fn, Entry: e, Interface: viaInterface, SQL: -1, Dest: -1, Value: -1, Args: -1}
	sig := fn.Type().(*types.Signature)
	params := sig.Params()
	for i := 0; i < params.Len(); i++ {
		p := params.At(i)
		switch {
		case c.SQL < 0 && isString(p.Type()) && (e.Verb == VerbFromSQL || p.Name() == "query" || p.Name() == "sql"):
			c.SQL = i
		case c.Dest < 0 && (p.Name() == "dest" || p.Name() == "out"):
			c.Dest = i
		case c.Value < 0 && (p.Name() == "value" || p.Name() == "values"):
			c.Value = i
		}
	}
	if sig.Variadic() {
		c.Args = params.Len() - 1
	} else if c.SQL >= 0 && c.SQL+1 < params.Len() {
		c.Args = c.SQL + 1
	}
	return c
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.String
}

// Lazy builds a Model once, on first use: an analyzer's extra entries come
// from its flags, which are parsed after the Analyzer is made. The zero
// value builds the built-in table; one Lazy belongs to one Analyzer value,
// and Get is safe for the concurrent passes of a driver.
type Lazy struct {
	// Extra, if set, returns the entries added to the built-in table. The
	// first Get calls it, once: after the driver has parsed the flags.
	Extra func() []Entry

	once sync.Once
	m    *Model
}

// Get returns the model, building it on the first call.
func (l *Lazy) Get() *Model {
	l.once.Do(func() {
		var extra []Entry
		if l.Extra != nil {
			extra = l.Extra()
		}
		l.m = New(extra...)
	})
	return l.m
}
