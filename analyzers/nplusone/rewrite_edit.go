package nplusone

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
)

// The edits of the load fix: the keys and the load before the loop, the
// lookup in place of the read, the imports, fresh names.

// text returns the source text of n.
func (c *checker) text(n ast.Node) string {
	f := c.pass.Fset.File(n.Pos())
	if f == nil {
		return ""
	}
	src, err := c.pass.ReadFile(f.Name())
	if err != nil {
		return ""
	}
	start, end := f.Offset(n.Pos()), f.Offset(n.End())
	if start < 0 || end > len(src) || start > end {
		return ""
	}
	return string(src[start:end])
}

// buildFix writes the edits of the rewrite at s.
func (c *checker) buildFix(s *site) (*analysis.SuggestedFix, string) {
	info := c.pass.TypesInfo
	tf := c.pass.Fset.File(s.rs.Pos())
	var file *ast.File
	for _, f := range c.pass.Files {
		if f.FileStart <= s.rs.Pos() && s.rs.Pos() < f.FileEnd {
			file = f
		}
	}
	if tf == nil || file == nil {
		return nil, "the loop's file is not known"
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil {
		return nil, "the loop's file cannot be read"
	}
	path, _ := astutil.PathEnclosingInterval(file, s.rs.Pos(), s.rs.End())
	var fnNode ast.Node
	for i, n := range path {
		if i > 0 && path[i-1] == s.rs {
			if ls, ok := n.(*ast.LabeledStmt); ok {
				s.start = ls
			}
		}
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			if fnNode == nil {
				fnNode = n
			}
		}
	}
	if fnNode == nil {
		return nil, "the loop is not in a function"
	}
	im := &imports{c: c, file: file, at: []token.Pos{s.rs.Pos(), s.call.Pos()}}
	// The package that loads, and the error a key no row has gives.
	runtime, bulkName, notFound := "bulk", "", ""
	switch {
	case s.lib == "gorm":
		runtime = "bulkgorm"
		bulkName = im.name(pathBulkGorm, runtime)
		notFound = im.name(dbapi.PathGorm, "gorm") + ".ErrRecordNotFound"
	case s.lib == "bun":
		runtime = "bulkbun"
		bulkName = im.name(pathBulkBun, runtime)
		notFound = im.name(dbapi.PathSQL, "sql") + ".ErrNoRows"
	default:
		bulkName = im.name(dbapi.PathBulk, runtime)
		notFound = im.name(dbapi.PathSQL, "sql") + ".ErrNoRows"
	}
	ctxText := ""
	if s.lib == "gorm" {
		ctxText = "-" // the handle carries it
	} else if s.ctx != nil {
		ctxText = c.text(s.ctx)
	} else if name := im.name("context", "context"); name != "" {
		ctxText = name + ".Background()"
	}
	qual := func(p *types.Package) string {
		if p == c.pass.Pkg {
			return ""
		}
		return im.name(p.Path(), p.Name())
	}
	if s.getter != nil {
		if q := qual(s.getter.Pkg()); q != "" {
			s.handle = q + "." + s.getter.Name() + "()"
		} else {
			s.handle = s.getter.Name() + "()"
		}
	}
	if s.load != nil && s.lib == "gorm" && s.ctx != nil {
		// The helper's chain is h.WithContext(ctx).
		s.handle += ".WithContext(" + c.text(s.ctx) + ")"
	}
	rowType := types.TypeString(s.row, qual)
	keyType := types.TypeString(info.TypeOf(s.key), qual)
	if bulkName == "" || strings.HasPrefix(notFound, ".") || ctxText == "" || im.failed {
		return nil, "a package the fix needs is shadowed or its name taken"
	}

	// Fresh names: used nowhere in the function, not declared around it.
	used := map[string]bool{}
	ast.Inspect(fnNode, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			used[id.Name] = true
		}
		return true
	})
	scope := c.scopeAt(file, s.rs.Pos())
	fresh := func(base string) string {
		name := base
		for i := 2; used[name] || scope != nil && lookup(scope, name, s.rs.Pos()) != nil; i++ {
			name = fmt.Sprintf("%s%d", base, i)
		}
		used[name] = true
		return name
	}
	base := lowerCamel(s.table)
	mapName := fresh(base)
	keyName := fresh(strings.TrimSuffix(base, "s") + keySuffix(s.col))
	errName := "err"
	if s.deliver {
		errName = fresh("loadErr") // read in the loop: a name of its own
	} else if scope != nil && scope.Lookup("err") != nil && scope.Lookup("err").Pos() > s.rs.Pos() {
		errName = fresh("loadErr") // declared later in the block: := here would clash
	} else if obj := lookup(scope, "err", s.rs.Pos()); obj != nil {
		if v, ok := obj.(*types.Var); !ok || !isError(v.Type()) || c.usedAfter(v, fnNode, s.rs.End()) {
			errName = fresh("loadErr")
		}
	}

	ind := indentOf(src, tf.Offset(s.start.Pos()))
	var b strings.Builder
	// The keys, in the loop's order, with the loop's own variables.
	var rangeHead string
	if _, ok := innerIndex(s.key); ok || s.rs.Value == nil {
		rangeHead = c.text(s.rs.Key)
	} else {
		rangeHead = "_, " + c.text(s.rs.Value)
	}
	fmt.Fprintf(&b, "%s := make([]%s, 0, len(%s))\n", keyName, keyType, c.text(s.rs.X))
	fmt.Fprintf(&b, "%sfor %s := range %s {\n", ind, rangeHead, c.text(s.rs.X))
	fmt.Fprintf(&b, "%s\t%s = append(%s, %s)\n", ind, keyName, keyName, c.text(s.key))
	fmt.Fprintf(&b, "%s}\n", ind)
	switch runtime {
	case "bulkgorm":
		fmt.Fprintf(&b, "%s%s, %s := %s.Load[%s](%s, %q, %s)\n", ind, mapName, errName, bulkName, rowType, s.handle, s.col, keyName)
	case "bulkbun":
		fmt.Fprintf(&b, "%s%s, %s := %s.Load[%s](%s, %s, %q, %s)\n", ind, mapName, errName, bulkName, rowType, ctxText, s.handle, s.col, keyName)
	default:
		opt := ""
		if s.col != "id" {
			opt = fmt.Sprintf(", %s.Key(%q)", bulkName, s.col)
		}
		fmt.Fprintf(&b, "%s%s, %s := %s.Load[%s](%s, %s, %q, %s%s)\n", ind, mapName, errName, bulkName, rowType, ctxText, s.handle, s.table, keyName, opt)
	}
	if !s.deliver {
		fmt.Fprintf(&b, "%sif %s != nil {\n", ind, errName)
		fmt.Fprintf(&b, "%s\t%s\n", ind, c.movedReturn(s.ret, s.errObj, errName, src, tf))
		fmt.Fprintf(&b, "%s}\n", ind)
	}
	b.WriteString(ind)
	edits := []analysis.TextEdit{{Pos: s.start.Pos(), End: s.start.Pos(), NewText: []byte(b.String())}}

	// The read becomes a lookup that fails as the read did on a key no
	// row has.
	sind := indentOf(src, tf.Offset(s.stmt.Pos()))
	errLHS := c.text(s.stmt.Lhs[len(s.stmt.Lhs)-1])
	key := c.text(s.key)
	avoid := map[string]bool{errLHS: true}
	for _, l := range s.stmt.Lhs {
		avoid[c.text(l)] = true
	}
	local := func(base string) string {
		name := base
		for i := 2; avoid[name] || used[name]; i++ {
			name = fmt.Sprintf("%s%d", base, i)
		}
		avoid[name] = true
		return name
	}
	ok := local("ok")
	b.Reset()
	// Under deliver, the lookup goes in if loadErr == nil.
	first, in := notFound, sind
	if s.deliver {
		first, in = errName, sind+"\t"
	}
	// The first line gives the read's results for a key no row has (or,
	// when every element gets the load's error, that error); the lookup
	// sets them for a key found. A row no one uses is not looked up: its
	// var c T goes.
	dest, value := s.dest(), c.text(s.stmt.Lhs[0])
	row, set := "_", errLHS+" = nil"
	switch {
	case dest != nil && s.unused:
		fmt.Fprintf(&b, "%s %s %s\n", errLHS, s.stmt.Tok, first)
		start, end := tf.Offset(s.decl.Pos()), tf.Offset(s.decl.End())
		for start > 0 && (src[start-1] == ' ' || src[start-1] == '\t') {
			start--
		}
		if end < len(src) && src[end] == '\n' {
			end++
		}
		edits = append(edits, analysis.TextEdit{Pos: tf.Pos(start), End: tf.Pos(end)})
	case dest != nil:
		row = local("row")
		fmt.Fprintf(&b, "%s %s %s\n", errLHS, s.stmt.Tok, first)
		set = fmt.Sprintf("%s, %s = %s, nil", c.text(dest), errLHS, row)
	case value == "_": // only whether it was found counts
		fmt.Fprintf(&b, "%s %s %s\n", errLHS, s.stmt.Tok, first)
	case s.load.Pointer:
		row = local("row")
		fmt.Fprintf(&b, "%s, %s %s (*%s)(nil), %s\n", value, errLHS, s.stmt.Tok, rowType, first)
		set = fmt.Sprintf("%s, %s = &%s, nil", value, errLHS, row)
	default:
		fmt.Fprintf(&b, "%s, %s %s %s[%s], %s\n", value, errLHS, s.stmt.Tok, mapName, key, first)
	}
	var lookup strings.Builder
	fmt.Fprintf(&lookup, "%sif %s, %s := %s[%s]; %s {\n", in, row, ok, mapName, key, ok)
	fmt.Fprintf(&lookup, "%s\t%s\n", in, set)
	fmt.Fprintf(&lookup, "%s}", in)
	if s.deliver {
		fmt.Fprintf(&b, "%sif %s == nil {\n", sind, errName)
		fmt.Fprintf(&b, "%s\t%s = %s\n", sind, errLHS, notFound)
		fmt.Fprintf(&b, "%s\n%s}", lookup.String(), sind)
	} else {
		b.WriteString(lookup.String())
	}
	if s.ifStmt != nil {
		// if err := read; cond { becomes the lookup, then if cond {.
		b.WriteString("\n" + sind + "if ")
		edits = append(edits, analysis.TextEdit{Pos: s.ifStmt.Pos(), End: s.ifStmt.Cond.Pos(), NewText: []byte(b.String())})
	} else {
		edits = append(edits, analysis.TextEdit{Pos: s.stmt.Pos(), End: s.stmt.End(), NewText: []byte(b.String())})
	}
	dropped, drop := c.droppedImport(file, s, im)
	im.skip = dropped
	edits = append(edits, im.edits()...)
	edits = append(edits, drop...)
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("load all %s at once with %s.Load", s.table, runtime),
		TextEdits: edits,
	}, ""
}

// innerIndex returns the index expression x[i] a key is read through.
func innerIndex(key ast.Expr) (*ast.IndexExpr, bool) {
	e := ast.Unparen(key)
	for {
		switch x := e.(type) {
		case *ast.SelectorExpr:
			e = ast.Unparen(x.X)
		case *ast.IndexExpr:
			return x, true
		default:
			return nil, false
		}
	}
}

// movedReturn is the text of ret with the loop's error variable renamed,
// its continuation lines one level less indented.
func (c *checker) movedReturn(ret *ast.ReturnStmt, errObj types.Object, errName string, src []byte, tf *token.File) string {
	start, end := tf.Offset(ret.Pos()), tf.Offset(ret.End())
	var b strings.Builder
	last := start
	ast.Inspect(ret, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == errObj {
			off := tf.Offset(id.Pos())
			b.Write(src[last:off])
			b.WriteString(errName)
			last = tf.Offset(id.End())
		}
		return true
	})
	b.Write(src[last:end])
	return strings.ReplaceAll(b.String(), "\n\t", "\n")
}

// usedAfter reports whether v is mentioned in fn after pos.
func (c *checker) usedAfter(v *types.Var, fn ast.Node, pos token.Pos) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Pos() >= pos && c.pass.TypesInfo.ObjectOf(id) == v {
			found = true
		}
		return !found
	})
	return found
}

// scopeAt returns the innermost scope of file around pos.
func (c *checker) scopeAt(file *ast.File, pos token.Pos) *types.Scope {
	s := c.pass.TypesInfo.Scopes[file]
	if s == nil {
		return nil
	}
	return s.Innermost(pos)
}

func lookup(s *types.Scope, name string, pos token.Pos) types.Object {
	if s == nil {
		return nil
	}
	_, obj := s.LookupParent(name, pos)
	return obj
}

// indentOf returns the white space at the start of the line of off.
func indentOf(src []byte, off int) string {
	start := off
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// lowerCamel turns a table name into a Go name: order_items, orderItems.
func lowerCamel(table string) string {
	var b strings.Builder
	up := false
	for _, r := range table {
		switch {
		case r == '_' || r == '-' || r == ' ':
			up = b.Len() > 0
		case unicode.IsLetter(r) || unicode.IsDigit(r) && b.Len() > 0:
			if up {
				r = unicode.ToUpper(r)
			} else if b.Len() == 0 {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
			up = false
		}
	}
	if b.Len() == 0 || token.Lookup(b.String()).IsKeyword() {
		return "rows"
	}
	return b.String()
}

// keySuffix names the keys by their column: IDs for id, Emails for email.
func keySuffix(col string) string {
	if col == "id" {
		return "IDs"
	}
	k := lowerCamel(col)
	return strings.ToUpper(k[:1]) + k[1:] + "s"
}

// imports finds the name a file uses for a package, and adds the import
// when the file has none and the name is free where it is used.
type imports struct {
	c      *checker
	file   *ast.File
	at     []token.Pos // where the names are used
	add    []string    // paths to add
	failed bool
	skip   *ast.ImportSpec // deleted by the fix: no import goes next to it
	used   map[string]bool // paths the fix names
}

func (im *imports) name(path, def string) string {
	if im.used == nil {
		im.used = map[string]bool{}
	}
	im.used[path] = true
	for _, spec := range im.file.Imports {
		if strings.Trim(spec.Path.Value, "`\"") != path {
			continue
		}
		obj := im.c.pass.TypesInfo.Implicits[spec]
		if spec.Name != nil {
			obj = im.c.pass.TypesInfo.Defs[spec.Name]
		}
		pn, ok := obj.(*types.PkgName)
		if !ok || pn.Name() == "_" || pn.Name() == "." {
			continue
		}
		if im.free(pn.Name(), pn) {
			return pn.Name()
		}
		im.failed = true
		return ""
	}
	if !im.free(def, nil) {
		im.failed = true
		return ""
	}
	if !slices.Contains(im.add, path) {
		im.add = append(im.add, path)
	}
	return def
}

// free reports whether name resolves to want (nil: to nothing) wherever
// the fix uses it.
func (im *imports) free(name string, want types.Object) bool {
	for _, pos := range im.at {
		if lookup(im.c.scopeAt(im.file, pos), name, pos) != want {
			return false
		}
	}
	return true
}

// edits adds the imports to the file's import declaration: a standard
// library package among the standard ones, another among the others, each
// in its sorted place, so that gofmt's sorting keeps the groups.
func (im *imports) edits() []analysis.TextEdit {
	if len(im.add) == 0 {
		return nil
	}
	slices.Sort(im.add)
	std := func(path string) bool { return !strings.Contains(strings.Split(path, "/")[0], ".") }
	var decl *ast.GenDecl
	for _, d := range im.file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			decl = gd
			break
		}
	}
	var lines []string
	for _, p := range im.add {
		lines = append(lines, fmt.Sprintf("%q", p))
	}
	if decl == nil {
		return []analysis.TextEdit{{Pos: im.file.Name.End(), End: im.file.Name.End(), NewText: []byte("\n\nimport (\n\t" + strings.Join(lines, "\n\t") + "\n)")}}
	}
	if !decl.Lparen.IsValid() {
		all := append([]string{im.c.text(decl.Specs[0])}, lines...)
		return []analysis.TextEdit{{Pos: decl.Pos(), End: decl.End(), NewText: []byte("import (\n\t" + strings.Join(all, "\n\t") + "\n)")}}
	}
	var edits []analysis.TextEdit
	for _, p := range im.add {
		// Before the first import of its kind that sorts after it, else
		// after the last of its kind: where gofmt would keep it.
		var before, after ast.Spec
		for _, spec := range decl.Specs {
			is, ok := spec.(*ast.ImportSpec)
			if !ok || is == im.skip {
				continue
			}
			if path := strings.Trim(is.Path.Value, "`\""); std(path) == std(p) {
				if before == nil && path > p {
					before = spec
				}
				after = spec
			}
		}
		if before != nil {
			edits = append(edits, analysis.TextEdit{Pos: before.Pos(), End: before.Pos(), NewText: []byte(fmt.Sprintf("%q\n\t", p))})
		} else if after != nil {
			edits = append(edits, analysis.TextEdit{Pos: after.End(), End: after.End(), NewText: []byte(fmt.Sprintf("\n\t%q", p))})
		} else if std(p) {
			edits = append(edits, analysis.TextEdit{Pos: decl.Lparen + 1, End: decl.Lparen + 1, NewText: []byte(fmt.Sprintf("\n\t%q\n", p))})
		} else {
			edits = append(edits, analysis.TextEdit{Pos: decl.Rparen, End: decl.Rparen, NewText: []byte(fmt.Sprintf("\n\t%q\n", p))})
		}
	}
	return edits
}

// droppedImport deletes the import of a package the file used only in
// the read the rewrite removes: the helper's package
// (clients.GetClientByUUID), which the lookup no longer calls.
func (c *checker) droppedImport(file *ast.File, s *site, im *imports) (*ast.ImportSpec, []analysis.TextEdit) {
	info := c.pass.TypesInfo
	sel, ok := ast.Unparen(s.call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	pn, ok := info.Uses[identOrNil(sel.X)].(*types.PkgName)
	if !ok || im.used[pn.Imported().Path()] {
		return nil, nil // the rewrite names the package itself
	}
	// The read goes, but for its key, whose text the rewrite keeps.
	removed := func(pos token.Pos) bool {
		return s.call.Pos() <= pos && pos < s.call.End() && !(s.key.Pos() <= pos && pos < s.key.End())
	}
	for id, obj := range info.Uses {
		if obj == pn && file.FileStart <= id.Pos() && id.Pos() < file.FileEnd && !removed(id.Pos()) {
			return nil, nil
		}
	}
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for _, spec := range gd.Specs {
			is := spec.(*ast.ImportSpec)
			obj := info.Implicits[is]
			if is.Name != nil {
				obj = info.Defs[is.Name]
			}
			if obj != pn {
				continue
			}
			if !gd.Lparen.IsValid() {
				return is, []analysis.TextEdit{{Pos: gd.Pos(), End: gd.End()}}
			}
			// From the spec to the next line's indentation: an import
			// added before or after it does not overlap.
			tf := c.pass.Fset.File(is.Pos())
			src, err := c.pass.ReadFile(tf.Name())
			if err != nil {
				return nil, nil
			}
			start, end := tf.Offset(is.Pos()), tf.Offset(is.End())
			for end < len(src) && src[end] != '\n' {
				end++
			}
			for end < len(src) && (src[end] == '\n' || src[end] == ' ' || src[end] == '\t') && end < tf.Offset(gd.Rparen) {
				end++
				if src[end-1] == '\n' {
					for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
						end++
					}
					break
				}
			}
			return is, []analysis.TextEdit{{Pos: tf.Pos(start), End: tf.Pos(end)}}
		}
	}
	return nil, nil
}
