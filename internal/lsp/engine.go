package lsp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// engine analyses the packages of the open files. It keeps the last full
// load (a snapshot) so that an edit re-checks only the edited package; see
// the package documentation for when it falls back to a full load.
type engine struct {
	suite []*analysis.Analyzer
	order []*analysis.Analyzer // suite and what it requires, requirements first
	dir   string               // where go/packages runs (the workspace root)
	env   []string             // nil: the server's environment
	tags  string               // -tags: build tags for go/packages, "" for none
	logf  func(format string, args ...any)

	snap *snapshot

	// Runs counts the analyses by kind, for tests and the benchmark.
	fullRuns, incrementalRuns int
}

// snapshot is the result of one full load and checker run.
type snapshot struct {
	fset     *token.FileSet
	roots    []*packages.Package
	owner    map[string]*packages.Package        // Go file of a root -> the root whose findings in it count
	rootsOf  map[string][]*packages.Package      // Go file -> every root that compiles it
	parsed   map[*packages.Package][]*token.File // files the last recheck of a root parsed
	asked    map[string]bool                     // files the load was asked about (found or not)
	contents map[string]string                   // overlay contents the load saw
	stamps   map[string]stamp                    // files of the main modules read from disk, and go.mod, go.sum
	deps     map[*packages.Package]map[string]bool
	facts    map[actionKey]*factSet // facts from a root's dependencies, per analyzer with facts
}

type actionKey struct {
	a   *analysis.Analyzer
	pkg *packages.Package
}

// finding is one diagnostic of one analyzer, positions in fset.
type finding struct {
	analyzer *analysis.Analyzer
	diag     analysis.Diagnostic
}

// result is what one analysis run found. Its positions are valid until the
// engine's next run, which may release the files of an incremental one.
type result struct {
	fset     *token.FileSet
	findings map[string][]finding // by file name
	covered  map[string]bool      // files whose findings are complete in this result
	paused   map[string]pause     // files whose package the analyzers skipped, by file name
	full     bool                 // a full load, not an incremental run
}

// pause says why a file has no findings: its package does not parse or
// type-check, and the analyzers skip such packages. Without it an editor
// would clear the file's findings as if they were fixed.
type pause struct {
	pos token.Pos // the first error, or the file's package clause
	msg string
}

// pauseFiles records in res that p, whose files are files, was not
// analysed because of an error at errPos (NoPos if unknown) saying errMsg.
func pauseFiles(res *result, s *snapshot, p *packages.Package, files []*ast.File, errPos token.Pos, errMsg string) {
	where := ""
	if errPos.IsValid() {
		pos := s.fset.Position(errPos)
		where = fmt.Sprintf(" (%s:%d:%d)", filepath.Base(pos.Filename), pos.Line, pos.Column)
	}
	msg := fmt.Sprintf("bulklint: no findings in package %s until it type-checks: %s%s", p.Name, errMsg, where)
	for _, f := range files {
		tf := s.fset.File(f.FileStart)
		if tf == nil || s.owner[tf.Name()] != p {
			continue
		}
		pos := f.Name.Pos()
		if errPos.IsValid() && s.fset.File(errPos) == tf {
			pos = errPos
		}
		res.paused[tf.Name()] = pause{pos, msg}
	}
}

// firstError returns the position and message of p's first error from
// the loader, NoPos if it names no line of p's syntax.
func firstError(fset *token.FileSet, p *packages.Package) (token.Pos, string) {
	e := p.Errors[0]
	// e.Pos is "file:line:col", "file:line" or empty.
	parts := strings.Split(e.Pos, ":")
	for len(parts) > 1 {
		if _, err := strconv.Atoi(parts[len(parts)-1]); err != nil {
			break
		}
		parts = parts[:len(parts)-1]
	}
	name := strings.Join(parts, ":")
	var line, col int
	fmt.Sscanf(strings.TrimPrefix(e.Pos, name), ":%d:%d", &line, &col)
	for _, f := range p.Syntax {
		tf := fset.File(f.FileStart)
		if tf == nil || tf.Name() != name || line < 1 || line > tf.LineCount() {
			continue
		}
		pos := tf.LineStart(line)
		if col > 1 && tf.Offset(pos)+col-1 <= tf.Size() {
			pos += token.Pos(col - 1)
		}
		return pos, e.Msg
	}
	return token.NoPos, e.Msg
}

// errNeedFull is returned by the incremental path when the edit changed
// something it cannot handle alone (imports, a dependency).
var errNeedFull = errors.New("edit needs a full load")

func newEngine(suite []*analysis.Analyzer, dir string, logf func(string, ...any)) *engine {
	suite = guard(suite)
	return &engine{suite: suite, order: topoOrder(suite), dir: dir, logf: logf}
}

// guard returns copies of the analyzers whose Run turns a panic into an
// error. The checker runs analyzers on goroutines of its own, where a panic
// would end the server; an editor must keep its server whatever code it
// shows. The analyzers they require are not copied: analyzers find their
// requirements' results in ResultOf by the original values.
func guard(suite []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(suite))
	for i, a := range suite {
		c := *a
		run := a.Run
		c.Run = func(pass *analysis.Pass) (v any, err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic on %s: %v", pass.Pkg.Path(), r)
				}
			}()
			return run(pass)
		}
		out[i] = &c
	}
	return out
}

// topoOrder lists the analyzers and everything they require, each after
// what it requires.
func topoOrder(suite []*analysis.Analyzer) []*analysis.Analyzer {
	var order []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		order = append(order, a)
	}
	for _, a := range suite {
		visit(a)
	}
	return order
}

// analyze analyses the packages of the open Go files (docs: file name ->
// unsaved content) after the edits of changed, and forceFull asks for a full
// load whatever changed.
func (e *engine) analyze(ctx context.Context, docs map[string][]byte, changed []string, forceFull bool) (*result, error) {
	if !forceFull && e.snap != nil {
		res, err := e.tryIncremental(ctx, docs, changed)
		if err == nil {
			e.incrementalRuns++
			return res, nil
		}
		if !errors.Is(err, errNeedFull) {
			return nil, err
		}
		e.logf("full load: %v", err)
	}
	res, err := e.full(ctx, docs)
	if err != nil {
		return nil, err
	}
	e.fullRuns++
	return res, nil
}

// tryIncremental re-checks the packages of the changed files alone, or
// returns an error wrapping errNeedFull when the snapshot cannot serve.
func (e *engine) tryIncremental(ctx context.Context, docs map[string][]byte, changed []string) (*result, error) {
	s := e.snap
	for name := range docs {
		if !s.asked[name] {
			return nil, fmt.Errorf("%w: %s was not loaded", errNeedFull, name)
		}
	}
	if name := s.changedOnDisk(docs); name != "" {
		return nil, fmt.Errorf("%w: %s changed on disk", errNeedFull, name)
	}
	var pkgs []*packages.Package
	for _, name := range changed {
		if filepath.Ext(name) != ".go" {
			return nil, fmt.Errorf("%w: %s changed", errNeedFull, filepath.Base(name))
		}
		// A file that the load found in no package has no roots.
		for _, p := range s.rootsOf[name] {
			if !slices.Contains(pkgs, p) {
				pkgs = append(pkgs, p)
			}
		}
	}
	// An unsaved edit in a dependency of the package to re-check changes
	// the types that package sees: only a full load can give them.
	for name, content := range docs {
		if old, ok := s.contents[name]; ok && old == string(content) {
			continue
		}
		for _, q := range s.rootsOf[name] {
			for _, p := range pkgs {
				if q != p && s.deps[p][q.ID] {
					return nil, fmt.Errorf("%w: %s, a dependency of %s, has unsaved changes", errNeedFull, q.ID, p.ID)
				}
			}
		}
	}
	res := &result{fset: s.fset, findings: map[string][]finding{}, covered: map[string]bool{}, paused: map[string]pause{}}
	for _, p := range pkgs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		start := time.Now()
		if err := e.recheck(ctx, p, docs, res); err != nil {
			return nil, err
		}
		e.logf("re-checked %s in %v", p.ID, time.Since(start).Round(time.Microsecond))
	}
	return res, nil
}

// full loads the packages of the open files with go/packages, their unsaved
// contents as overlays, and runs the suite with the checker.
func (e *engine) full(ctx context.Context, docs map[string][]byte) (*result, error) {
	start := time.Now()
	overlay := map[string][]byte{}
	var patterns []string
	asked := map[string]bool{}
	contents := map[string]string{}
	for name, content := range docs {
		asked[name] = true
		contents[name] = string(content)
		// Only Go files are overlaid: the go command reads go.mod from
		// disk, so an unsaved go.mod edit is seen once it is saved.
		if filepath.Ext(name) == ".go" {
			overlay[name] = content
			patterns = append(patterns, "file="+name)
		}
	}
	slices.Sort(patterns)
	res := &result{fset: token.NewFileSet(), findings: map[string][]finding{}, covered: map[string]bool{}, paused: map[string]pause{}, full: true}
	if len(patterns) == 0 {
		e.snap = nil
		return res, nil
	}
	cfg := &packages.Config{
		Mode:       packages.LoadAllSyntax | packages.NeedModule,
		Context:    ctx,
		Dir:        loadDir(patterns, e.dir),
		Env:        e.env,
		BuildFlags: buildFlags(e.tags),
		Fset:       res.fset,
		Overlay:    overlay,
		// Test variants double the work of a load: only when a test file
		// is open. Analyzers skip test files unless their -tests flag is
		// set, as in every front end.
		Tests: slices.ContainsFunc(patterns, func(p string) bool { return strings.HasSuffix(p, "_test.go") }),
	}
	roots, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading packages: %w", err)
	}
	loaded := time.Since(start)
	for _, p := range roots {
		for _, perr := range p.Errors {
			e.logf("%s: %v", p.PkgPath, perr)
		}
	}
	graph, err := checker.Analyze(e.suite, roots, &checker.Options{})
	if err != nil {
		return nil, fmt.Errorf("running analyzers: %w", err)
	}
	s := &snapshot{
		fset:     res.fset,
		roots:    roots,
		owner:    map[string]*packages.Package{},
		parsed:   map[*packages.Package][]*token.File{},
		rootsOf:  map[string][]*packages.Package{},
		asked:    asked,
		contents: contents,
		stamps:   map[string]stamp{},
		deps:     map[*packages.Package]map[string]bool{},
		facts:    map[actionKey]*factSet{},
	}
	actions := map[actionKey]*checker.Action{}
	for act := range graph.All() {
		actions[actionKey{act.Analyzer, act.Package}] = act
	}
	s.stampFiles(roots)
	for _, p := range roots {
		for _, name := range p.CompiledGoFiles {
			s.rootsOf[name] = append(s.rootsOf[name], p)
			// A file of package p is also compiled into its test variant
			// "p [p.test]" when test files are loaded: its findings count
			// from the plain package, those of a test file from the only
			// variant that has it.
			if o := s.owner[name]; o == nil || o.ID != o.PkgPath && p.ID == p.PkgPath {
				s.owner[name] = p
			}
			res.covered[name] = true
		}
		deps := map[string]bool{}
		var imports []*packages.Package
		for _, q := range p.Imports {
			imports = append(imports, q)
		}
		packages.Visit(imports, func(q *packages.Package) bool {
			if deps[q.ID] {
				return false
			}
			deps[q.ID] = true
			return true
		}, nil)
		s.deps[p] = deps
	}
	for _, p := range roots {
		if len(p.Errors) > 0 {
			pos, msg := firstError(s.fset, p)
			pauseFiles(res, s, p, p.Syntax, pos, msg)
		}
	}
	for _, act := range graph.Roots {
		if act.Err != nil {
			e.logf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
			continue
		}
		for _, d := range act.Diagnostics {
			addFinding(res, s, act.Package, act.Analyzer, d)
		}
	}
	for _, p := range roots {
		for _, a := range e.order {
			if len(a.FactTypes) > 0 {
				s.facts[actionKey{a, p}] = harvestFacts(actions[actionKey{a, p}])
			}
		}
	}
	release(roots)
	e.snap = s
	e.logf("full load of %d packages: load %v, total %v", len(roots), loaded.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	return res, nil
}

// dependents reports whether an open file other than name lies in a root
// package that depends on the package of name: its findings may change when
// name's package changes, which only a full load recomputes.
func (e *engine) dependents(name string, docs map[string][]byte) bool {
	s := e.snap
	if s == nil {
		return false
	}
	for other := range docs {
		for _, r := range s.rootsOf[other] {
			for _, p := range s.rootsOf[name] {
				if r != p && s.deps[r][p.ID] {
					return true
				}
			}
		}
	}
	return false
}

// addFinding records d, reported by a on root p, unless another root owns
// the file (the same finding from a test variant).
func addFinding(res *result, s *snapshot, p *packages.Package, a *analysis.Analyzer, d analysis.Diagnostic) {
	tf := res.fset.File(d.Pos)
	if tf == nil {
		return
	}
	name := tf.Name() // the file itself, not what a //line directive says
	if o := s.owner[name]; o != nil && o != p {
		return
	}
	if d.URL == "" {
		d.URL = a.URL
		if d.Category != "" && d.URL != "" {
			d.URL += "#" + d.Category
		}
	}
	res.findings[name] = append(res.findings[name], finding{a, d})
}

// recheck parses and type-checks package p again, unsaved contents from
// docs, importing the dependency packages of the snapshot, and runs the
// analyzers on it with the facts the snapshot computed for its
// dependencies.
func (e *engine) recheck(ctx context.Context, p *packages.Package, docs map[string][]byte, res *result) error {
	s := e.snap
	if len(p.CompiledGoFiles) != len(p.GoFiles) {
		return fmt.Errorf("%w: %s uses cgo", errNeedFull, p.PkgPath)
	}
	// The files the previous recheck of p parsed are no longer referenced:
	// its findings were converted to LSP positions when published, and a
	// file that differs from the snapshot is parsed again below. Removing
	// them keeps the file set from growing with every keystroke.
	for _, tf := range s.parsed[p] {
		s.fset.RemoveFile(tf)
	}
	s.parsed[p] = nil
	old := map[string]*ast.File{}
	for _, f := range p.Syntax {
		old[s.fset.File(f.FileStart).Name()] = f
	}
	var files []*ast.File
	var typeErrors []types.Error
	illTyped := false
	var errPos token.Pos // the first parse or type error
	errMsg := ""
	for _, name := range p.CompiledGoFiles {
		content, open := docs[name]
		f := old[name]
		if open && string(content) != s.contents[name] || f == nil {
			if !open {
				var err error
				if content, err = os.ReadFile(name); err != nil {
					return err
				}
			}
			var err error
			f, err = parser.ParseFile(s.fset, name, content, parser.ParseComments|parser.SkipObjectResolution)
			if f == nil {
				return fmt.Errorf("%w: parsing %s: %v", errNeedFull, name, err)
			}
			s.parsed[p] = append(s.parsed[p], s.fset.File(f.FileStart))
			if err != nil {
				illTyped = true
				if el, ok := err.(scanner.ErrorList); ok && len(el) > 0 && errMsg == "" {
					tf := s.fset.File(f.FileStart)
					errPos, errMsg = tf.Pos(min(el[0].Pos.Offset, tf.Size())), el[0].Msg
				}
			}
		}
		for _, spec := range f.Imports {
			path, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				continue // the parser reported it
			}
			if path != "C" && p.Imports[path] == nil {
				return fmt.Errorf("%w: %s imports %s, new to it", errNeedFull, filepath.Base(name), path)
			}
		}
		files = append(files, f)
		if s.owner[name] == p {
			res.covered[name] = true
		}
	}
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	conf := types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			if q := p.Imports[path]; q != nil && q.Types != nil {
				return q.Types, nil
			}
			return nil, fmt.Errorf("no package %q in the snapshot", path)
		}),
		Sizes: p.TypesSizes,
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				typeErrors = append(typeErrors, te)
			}
		},
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		conf.GoVersion = "go" + p.Module.GoVersion
	}
	pkg := types.NewPackage(p.PkgPath, p.Name)
	_ = types.NewChecker(&conf, s.fset, pkg, info).Files(files)
	if len(typeErrors) > 0 {
		illTyped = true
		if errMsg == "" {
			errPos, errMsg = typeErrors[0].Pos, typeErrors[0].Msg
		}
	}
	if illTyped {
		pauseFiles(res, s, p, files, errPos, errMsg)
	}

	var module *analysis.Module
	if p.Module != nil {
		module = &analysis.Module{Path: p.Module.Path, Version: p.Module.Version, GoVersion: p.Module.GoVersion}
	} else {
		module = &analysis.Module{}
	}
	results := map[*analysis.Analyzer]any{}
	for _, a := range e.order {
		if err := ctx.Err(); err != nil {
			return err
		}
		if illTyped && !a.RunDespiteErrors {
			continue
		}
		inputs := map[*analysis.Analyzer]any{}
		missing := false
		for _, r := range a.Requires {
			v, ok := results[r]
			if !ok {
				missing = true
			}
			inputs[r] = v
		}
		if missing {
			continue
		}
		facts := e.depFacts(a, p).clone()
		pass := &analysis.Pass{
			Analyzer:          a,
			Fset:              s.fset,
			Files:             files,
			OtherFiles:        p.OtherFiles,
			IgnoredFiles:      p.IgnoredFiles,
			Pkg:               pkg,
			TypesInfo:         info,
			TypesSizes:        p.TypesSizes,
			TypeErrors:        typeErrors,
			Module:            module,
			ResultOf:          inputs,
			ImportObjectFact:  facts.importObject,
			ImportPackageFact: facts.importPackage,
			ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
				facts.objects[objectFactKey{obj, reflect.TypeOf(fact)}] = fact
			},
			ExportPackageFact: func(fact analysis.Fact) {
				facts.packages[packageFactKey{pkg, reflect.TypeOf(fact)}] = fact
			},
			AllObjectFacts:  facts.allObjects,
			AllPackageFacts: facts.allPackages,
		}
		var diags []analysis.Diagnostic
		pass.Report = func(d analysis.Diagnostic) { diags = append(diags, d) }
		pass.ReadFile = readFileFunc(p, docs)
		v, err := runPass(a, pass)
		if err != nil {
			e.logf("%s on %s: %v", a.Name, p.PkgPath, err)
			continue
		}
		results[a] = v
		if slices.Contains(e.suite, a) {
			for _, d := range diags {
				addFinding(res, s, p, a, d)
			}
		}
	}
	return nil
}

// runPass runs one analyzer and turns a panic into an error: a bug in an
// analyzer must not take the editor's server down.
func runPass(a *analysis.Analyzer, pass *analysis.Pass) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return a.Run(pass)
}

// readFileFunc serves Pass.ReadFile: the package's own files only, unsaved
// contents first, as the checker's driver allows.
func readFileFunc(p *packages.Package, docs map[string][]byte) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if !slices.Contains(p.CompiledGoFiles, name) && !slices.Contains(p.OtherFiles, name) &&
			!slices.Contains(p.IgnoredFiles, name) && !slices.Contains(p.EmbedFiles, name) {
			return nil, fmt.Errorf("Pass.ReadFile: %s is not among the files of %s", name, p.PkgPath)
		}
		if content, ok := docs[name]; ok {
			return content, nil
		}
		return os.ReadFile(name)
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

type objectFactKey struct {
	obj types.Object
	typ reflect.Type
}

type packageFactKey struct {
	pkg *types.Package
	typ reflect.Type
}

// factSet is the facts one analyzer sees on one package.
type factSet struct {
	objects  map[objectFactKey]analysis.Fact
	packages map[packageFactKey]analysis.Fact
}

func (fs *factSet) clone() *factSet {
	c := &factSet{objects: map[objectFactKey]analysis.Fact{}, packages: map[packageFactKey]analysis.Fact{}}
	for k, v := range fs.objects {
		c.objects[k] = v
	}
	for k, v := range fs.packages {
		c.packages[k] = v
	}
	return c
}

func (fs *factSet) importObject(obj types.Object, ptr analysis.Fact) bool {
	if v, ok := fs.objects[objectFactKey{obj, reflect.TypeOf(ptr)}]; ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(v).Elem())
		return true
	}
	return false
}

func (fs *factSet) importPackage(pkg *types.Package, ptr analysis.Fact) bool {
	if v, ok := fs.packages[packageFactKey{pkg, reflect.TypeOf(ptr)}]; ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(v).Elem())
		return true
	}
	return false
}

func (fs *factSet) allObjects() []analysis.ObjectFact {
	var out []analysis.ObjectFact
	for k, v := range fs.objects {
		out = append(out, analysis.ObjectFact{Object: k.obj, Fact: v})
	}
	return out
}

func (fs *factSet) allPackages() []analysis.PackageFact {
	var out []analysis.PackageFact
	for k, v := range fs.packages {
		out = append(out, analysis.PackageFact{Package: k.pkg, Fact: v})
	}
	return out
}

// depFacts returns the facts of analyzer a from the dependencies of root p,
// harvested from the checker's actions at the full load (empty for an
// analyzer without facts).
func (e *engine) depFacts(a *analysis.Analyzer, p *packages.Package) *factSet {
	if fs := e.snap.facts[actionKey{a, p}]; fs != nil {
		return fs
	}
	return &factSet{objects: map[objectFactKey]analysis.Fact{}, packages: map[packageFactKey]analysis.Fact{}}
}

// harvestFacts returns the facts the checker computed for the dependencies
// of a root's action: the union of the facts each dependency's action of
// the same analyzer holds (each holds its own and those it inherited),
// those about objects filtered by the export rule. act may be nil (the
// checker did not run the analyzer on the root).
func harvestFacts(act *checker.Action) *factSet {
	fs := &factSet{objects: map[objectFactKey]analysis.Fact{}, packages: map[packageFactKey]analysis.Fact{}}
	if act == nil {
		return fs
	}
	for _, dep := range act.Deps {
		if dep.Package == act.Package || dep.Analyzer != act.Analyzer {
			continue
		}
		for _, f := range dep.AllObjectFacts() {
			if inExportData(f.Object, dep.Package.Types) {
				fs.objects[objectFactKey{f.Object, reflect.TypeOf(f.Fact)}] = f.Fact
			}
		}
		for _, f := range dep.AllPackageFacts() {
			fs.packages[packageFactKey{f.Package, reflect.TypeOf(f.Fact)}] = f.Fact
		}
	}
	return fs
}

// release drops what the snapshot no longer needs once the checker has run
// and the facts are harvested, so that it is not kept alive between
// keystrokes nor scanned by every collection: the syntax trees and
// types.Info of the dependencies, and the roots' types.Info (a recheck
// builds its own). The checker's action graph (every analyzer's result on
// every package: inspectors, SSA, control flow graphs) is already
// unreachable once full returns. What stays is each package's
// *types.Package, which a recheck imports and the facts' objects belong
// to, the roots' syntax trees, whose unchanged files a recheck reuses, and
// the file set, in which objects of the dependencies keep their positions.
func release(roots []*packages.Package) {
	isRoot := map[*packages.Package]bool{}
	for _, p := range roots {
		isRoot[p] = true
		p.TypesInfo = nil
	}
	packages.Visit(roots, nil, func(p *packages.Package) {
		if !isRoot[p] {
			p.Syntax = nil
			p.TypesInfo = nil
		}
	})
}

// stamp identifies a version of a file on disk.
type stamp struct {
	modTime time.Time
	size    int64
}

func stampOf(name string) stamp {
	fi, err := os.Stat(name)
	if err != nil {
		return stamp{} // gone: differs from any stamp of an existing file
	}
	return stamp{fi.ModTime(), fi.Size()}
}

// stampFiles records the disk versions of the files of the main modules'
// packages and of their go.mod and go.sum. Packages of the module cache and
// GOROOT do not change under a running server.
func (s *snapshot) stampFiles(roots []*packages.Package) {
	packages.Visit(roots, nil, func(p *packages.Package) {
		if p.Module == nil || !p.Module.Main {
			return
		}
		if mod := p.Module.GoMod; mod != "" {
			s.stamps[mod] = stampOf(mod)
			sum := filepath.Join(filepath.Dir(mod), "go.sum")
			s.stamps[sum] = stampOf(sum)
		}
		for _, name := range p.CompiledGoFiles {
			s.stamps[name] = stampOf(name)
		}
	})
}

// changedOnDisk returns a file the snapshot read that changed since,
// outside the editor (a git checkout, go get, a generator), or "". Open
// files are the editor's; a file open at load time and closed since counts
// as changed when its disk content differs from the text the load saw. A
// stat per file costs well under a millisecond for a few hundred files.
func (s *snapshot) changedOnDisk(docs map[string][]byte) string {
	for name, st := range s.stamps {
		if _, open := docs[name]; open {
			continue
		}
		if text, overlaid := s.contents[name]; overlaid {
			if disk, err := os.ReadFile(name); err != nil || string(disk) != text {
				return name
			}
			continue
		}
		if stampOf(name) != st {
			return name
		}
	}
	return ""
}

// inExportData reports whether a fact about obj, held by the action of
// package pkg, passes to the packages that import pkg. It is the rule the
// checker applies when a package inherits facts (an overapproximation of
// what compiler export data holds), so that an incremental pass sees the
// facts a full run's pass sees.
func inExportData(obj types.Object, pkg *types.Package) bool {
	switch obj := obj.(type) {
	case *types.Func:
		return obj.Exported() && obj.Pkg() == pkg || obj.Signature().Recv() != nil
	case *types.Var:
		return obj.IsField() || obj.Pkg() == pkg
	case *types.TypeName, *types.Const:
		return true
	}
	return false
}

// loadDir is where go/packages runs: the module root of the first open
// file, so that a workspace folder above the module (or above several
// modules joined by a go.work, which the go command finds from there)
// works; the workspace root when no go.mod is found.
func loadDir(patterns []string, root string) string {
	if len(patterns) == 0 {
		return root
	}
	dir := filepath.Dir(strings.TrimPrefix(patterns[0], "file="))
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return root
		}
		dir = parent
	}
}

// buildFlags are the go build flags that select tags.
func buildFlags(tags string) []string {
	if tags == "" {
		return nil
	}
	return []string{"-tags=" + tags}
}
