package silentconflict

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers/internal/chain"
	"github.com/bulklint/bulklint/analyzers/internal/dbapi"
	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

// This file follows SQL kept in .sql files of named blocks (-- name:
// insert-user), as dotsql loads them, from a file the package embeds.

// pathDotsql is the import path of dotsql.
const pathDotsql = "github.com/qustavo/dotsql"

// dotsqlExec maps dotsql's methods that run a named query to the index of
// the name among their arguments.
var dotsqlExec = map[string]int{
	"Exec": 1, "ExecContext": 2,
}

// dotsqlWrite returns the ignore-conflict write a call of dotsql runs
// (dot.Exec(db, "insert-user", ...)), when the named query's text can be
// read: the DotSql was loaded with LoadFromString from a string or []byte
// the package embeds (//go:embed queries.sql), and the name is a constant.
func (c *checker) dotsqlWrite(call *ast.CallExpr) *write {
	fn := calleeFunc(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pathDotsql || fn.Signature().Recv() == nil {
		return nil
	}
	idx, ok := dotsqlExec[fn.Name()]
	if !ok || idx >= len(call.Args) {
		return nil
	}
	tv := c.pass.TypesInfo.Types[call.Args[idx]]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return nil
	}
	name := constant.StringVal(tv.Value)
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	load := c.dotsqlLoad(sel.X)
	if load == nil || len(load.Args) != 1 {
		return nil
	}
	src, file, ok := c.embedded(load.Args[0])
	if !ok {
		return nil
	}
	text, ok := namedBlocks(src)[name]
	if !ok || strings.Contains(text, "{{") {
		return nil // not there, or a template whose text is known at run time
	}
	w := c.sqlWrite(&write{name: dbapi.FuncName(fn)}, sqltext.Known(text))
	if w == nil {
		return nil
	}
	w.what += fmt.Sprintf(" (query %q of %s)", name, filepath.Base(file))
	w.related = []analysis.RelatedInformation{{Pos: load.Pos(), End: load.End(), Message: "queries loaded here from " + filepath.Base(file)}}
	return w
}

func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	fn, _ := info.Uses[sel.Sel].(*types.Func)
	return fn
}

// dotsqlLoad returns the call of dotsql.LoadFromString the DotSql e holds
// was made by: e is that call's result in a local variable written once
// (dot, err := dotsql.LoadFromString(q)), or a struct field or package
// variable whose every store is such a local or call.
func (c *checker) dotsqlLoad(e ast.Expr) *ast.CallExpr {
	for depth := 0; depth < 4; depth++ {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok {
			e = ast.Unparen(u.X)
		}
		if star, ok := e.(*ast.StarExpr); ok {
			e = ast.Unparen(star.X)
		}
		switch x := e.(type) {
		case *ast.CallExpr:
			if fn := typeFunc(c.pass.TypesInfo, x); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == pathDotsql && fn.Name() == "LoadFromString" {
				return x
			}
			return nil
		case *ast.Ident:
			if wr, ok := c.chains.Local(x); ok {
				if wr.Index > 0 {
					return nil
				}
				e = wr.Rhs
				continue
			}
		}
		v := chain.StoredVar(c.pass.TypesInfo, e)
		if v == nil {
			return nil
		}
		stored, ok := c.chains.Stored(v)
		if !ok || len(stored) != 1 {
			return nil
		}
		e = stored[0]
	}
	return nil
}

// typeFunc returns the function a call of a package function calls.
func typeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		fn, _ := info.Uses[f.Sel].(*types.Func)
		return fn
	case *ast.Ident:
		fn, _ := info.Uses[f].(*types.Func)
		return fn
	}
	return nil
}

// embedded returns the content of the file e, a package variable of type
// string or []byte (or string(v) of one), is embedded from by a
// //go:embed directive naming one file, and that file's path.
//
// The file is read with pass.ReadFile when the driver allows it, else from
// the package's directory: go/analysis lists no embedded files, but the go
// command counts them among the package's inputs, so a change to one makes
// go vet analyse the package again.
func (c *checker) embedded(e ast.Expr) ([]byte, string, bool) {
	e = ast.Unparen(e)
	if conv, ok := e.(*ast.CallExpr); ok && len(conv.Args) == 1 {
		if tv, ok := c.pass.TypesInfo.Types[conv.Fun]; ok && tv.IsType() {
			e = ast.Unparen(conv.Args[0])
		}
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil, "", false
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Pkg() != c.pass.Pkg || v.Parent() != v.Pkg().Scope() {
		return nil, "", false
	}
	if w := c.chains.Writes(v); w != nil {
		if w.Escaped || w.Partial {
			return nil, "", false
		}
		for _, wr := range w.List {
			if wr.Tok != token.VAR || wr.Rhs != nil {
				return nil, "", false // written by the program too
			}
		}
	}
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, spec := range gd.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok || len(vs.Names) != 1 || c.pass.TypesInfo.Defs[vs.Names[0]] != v || len(vs.Values) > 0 {
					continue
				}
				doc := vs.Doc
				if doc == nil && len(gd.Specs) == 1 {
					doc = gd.Doc
				}
				pattern, ok := embedPattern(doc)
				if !ok {
					return nil, "", false
				}
				name := filepath.Join(filepath.Dir(c.pass.Fset.File(f.FileStart).Name()), filepath.FromSlash(pattern))
				src, err := c.readFile(name)
				if err != nil {
					return nil, "", false
				}
				return src, name, true
			}
		}
	}
	return nil, "", false
}

// readFile reads a file of the package, through pass.ReadFile when the
// driver allows it.
func (c *checker) readFile(name string) ([]byte, error) {
	if c.pass.ReadFile != nil {
		if src, err := c.pass.ReadFile(name); err == nil {
			return src, nil
		}
	}
	return os.ReadFile(name)
}

// embedPattern returns the one file a //go:embed directive in doc names,
// when it names one file without a wildcard.
func embedPattern(doc *ast.CommentGroup) (string, bool) {
	if doc == nil {
		return "", false
	}
	var pattern string
	for _, cm := range doc.List {
		rest, ok := strings.CutPrefix(cm.Text, "//go:embed ")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if pattern != "" || len(f) != 1 || strings.ContainsAny(f[0], "*?[\"`") || strings.HasPrefix(f[0], "all:") {
			return "", false
		}
		pattern = f[0]
	}
	return pattern, pattern != "" && !strings.Contains(pattern, "..")
}

// namedBlocks splits a .sql file into its named queries as dotsql does:
// a line "-- name: insert-user" starts a block, which runs to the next
// one; blank lines are dropped and lines are trimmed.
func namedBlocks(src []byte) map[string]string {
	blocks := make(map[string]string)
	cur := ""
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if name, ok := blockName(line); ok {
			cur = name
			if _, ok := blocks[cur]; !ok {
				blocks[cur] = ""
			}
			continue
		}
		if cur == "" {
			continue
		}
		line = strings.Trim(line, " \t")
		if line == "" {
			continue
		}
		if blocks[cur] != "" {
			blocks[cur] += "\n"
		}
		blocks[cur] += line
	}
	return blocks
}

// blockName returns the name a "-- name: x" line gives its block.
func blockName(line string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimLeft(line, " \t"), "--")
	if !ok {
		return "", false
	}
	rest, ok = strings.CutPrefix(strings.TrimLeft(rest, " \t"), "name:")
	if !ok {
		return "", false
	}
	f := strings.Fields(rest)
	if len(f) == 0 {
		return "", false
	}
	return f[0], true
}
