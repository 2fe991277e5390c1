package sqlsource

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

// Text built in steps: a strings.Builder or bytes.Buffer written to, a
// string grown with += (or q = q + x), a []string of parts grown with
// append and joined with strings.Join. Each write is a piece; a piece
// written under a condition, or in a loop whose length is not known, is
// conditional. A loop over a known list of names (a local or unexported
// package []string literal of constants) is unrolled, its key and value
// bound for the pieces of each turn and for the conditions of ifs in it
// that compare the key with constants or len(list).

// stepKind is what a variable built in steps is.
type stepKind uint8

const (
	stepBuilder stepKind = iota + 1 // strings.Builder, bytes.Buffer, or a pointer to one
	stepString                      // a string grown with += or q = q + x
	stepList                        // a []string grown with append
)

// piece is one write into a variable built in steps.
type piece struct {
	pos  token.Pos
	text sqltext.Text
	cond bool
	// trim, when set, is a suffix cut from the text so far (q =
	// strings.TrimSuffix(q, ", ")) instead of text to append.
	trim string
	// loop is the end of the outermost loop (within the walked block)
	// the piece is written in, or token.NoPos.
	loop token.Pos
	// loopStart is that loop's start.
	loopStart token.Pos
}

// steps is how one variable is built; ok is false when some use of it
// is not understood, and its text is then unknown.
type steps struct {
	ok     bool
	kind   stepKind
	pieces []piece
}

// maxPieces bounds the pieces of one variable (unrolled loops over long
// lists): more make its text unknown.
const maxPieces = 1024

// binding is what a variable of an unrolled loop holds in one turn.
type binding struct {
	text sqltext.Text   // the value of a range over names
	num  constant.Value // the key, an int
}

type env map[*types.Var]binding

// stepKindOf returns how a variable of type t can be built in steps, or 0.
func stepKindOf(t types.Type) stepKind {
	if t == nil {
		return 0
	}
	if isString(t) {
		return stepString
	}
	if sl, ok := t.Underlying().(*types.Slice); ok && isString(sl.Elem()) {
		return stepList
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return 0
	}
	switch path, name := n.Obj().Pkg().Path(), n.Obj().Name(); {
	case path == "strings" && name == "Builder", path == "bytes" && name == "Buffer":
		return stepBuilder
	}
	return 0
}

// stepsOf returns how the local variable v is built, walking the block
// that declares it; memoized.
func (s *Source) stepsOf(v *types.Var, depth int) *steps {
	if depth > maxDepth {
		return &steps{}
	}
	s.mu.Lock()
	st, ok := s.steps[v]
	s.mu.Unlock()
	if ok {
		return st
	}
	st = &steps{kind: stepKindOf(v.Type())}
	if st.kind != 0 {
		if list := s.declBlock(v); list != nil {
			w := &walker{s: s, v: v, st: st, depth: depth, ok: true}
			w.stmts(list, false, nil, token.NoPos, token.NoPos)
			st.ok = w.ok && w.declared && len(st.pieces) <= maxPieces
		}
	}
	s.mu.Lock()
	if s.steps == nil {
		s.steps = make(map[*types.Var]*steps)
	}
	s.steps[v] = st
	s.mu.Unlock()
	return st
}

// declBlock returns the statements of the innermost block that holds the
// declaration of v.
func (s *Source) declBlock(v *types.Var) []ast.Stmt {
	var list []ast.Stmt
	for _, f := range s.files {
		if f.Pos() > v.Pos() || v.Pos() >= f.End() {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil || n.Pos() > v.Pos() || v.Pos() >= n.End() {
				return false
			}
			switch n := n.(type) {
			case *ast.BlockStmt:
				list = n.List
			case *ast.CaseClause:
				list = n.Body
			case *ast.CommClause:
				list = n.Body
			}
			return true
		})
	}
	return list
}

// read returns the text of v read at pos (the position of the read),
// and the text with every piece, each once (see [Source.Union]).
func (st *steps) read(pos token.Pos, sep string) (text, every sqltext.Text) {
	if !st.ok || len(st.pieces) == 0 || st.pieces[0].pos >= pos {
		return sqltext.Unknown(), sqltext.Unknown()
	}
	for _, p := range st.pieces {
		if p.loop.IsValid() && p.loopStart <= pos && pos < p.loop {
			// Read in a loop that writes it, before or after the
			// read: each turn sees more.
			return sqltext.Unknown(), sqltext.Unknown()
		}
	}
	var parts, all []sqltext.Text
	first := true
	for _, p := range st.pieces {
		if p.pos >= pos {
			continue // written after the read
		}
		if p.trim != "" {
			all = []sqltext.Text{trimSuffix(sqltext.Join(all...), p.trim)}
			t := sqltext.Join(parts...)
			tt := trimSuffix(t, p.trim)
			if p.cond && !equal(t, tt) {
				tt = sqltext.Join(tt, sqltext.Unknown()) // cut or not
			}
			parts = []sqltext.Text{tt}
			continue
		}
		if sep != "" && len(all) > 0 {
			all = append(all, sqltext.Known(sep))
		}
		all = append(all, p.text)
		switch {
		case p.cond:
			parts = append(parts, sqltext.Unknown())
		case sep != "" && !first:
			parts = append(parts, sqltext.Known(sep), p.text)
		default:
			parts = append(parts, p.text)
		}
		if !p.cond {
			first = false
		}
	}
	// In a joined list, a conditional element (a hole) stands for
	// itself and the separator before or after it.
	return capped(sqltext.Join(parts...)), capped(sqltext.Join(all...))
}

// trimSuffix cuts suffix off t when t ends with a known segment that
// ends with it; a text that ends with a hole keeps it.
func trimSuffix(t sqltext.Text, suffix string) sqltext.Text {
	if len(t) == 0 {
		return t
	}
	last := t[len(t)-1]
	if !last.Known {
		return t
	}
	out := append(sqltext.Text(nil), t[:len(t)-1]...)
	switch {
	case strings.HasSuffix(last.Text, suffix):
		last.Text = strings.TrimSuffix(last.Text, suffix)
	case len(t) > 1 && strings.HasSuffix(suffix, last.Text):
		// The suffix may reach into the hole before.
		return sqltext.Join(out, sqltext.Unknown())
	}
	return sqltext.Join(out, sqltext.Text{last})
}

// walker walks the statements of the block that declares v.
type walker struct {
	s        *Source
	v        *types.Var
	st       *steps
	depth    int
	ok       bool
	declared bool
}

func (w *walker) add(pos token.Pos, t sqltext.Text, cond bool, loopStart, loopEnd token.Pos) {
	if len(w.st.pieces) >= maxPieces {
		w.ok = false
		return
	}
	w.st.pieces = append(w.st.pieces, piece{pos: pos, text: t, cond: cond, loop: loopEnd, loopStart: loopStart})
}

func (w *walker) stmts(list []ast.Stmt, cond bool, e env, ls, le token.Pos) {
	for _, st := range list {
		if !w.ok {
			return
		}
		w.stmt(st, cond, e, ls, le)
	}
}

// stmt records the pieces st writes; cond says whether st runs under a
// condition, ls and le are the outermost loop it is in.
func (w *walker) stmt(st ast.Stmt, cond bool, e env, ls, le token.Pos) {
	inLoop := func(n ast.Node) (token.Pos, token.Pos) {
		if le.IsValid() {
			return ls, le
		}
		return n.Pos(), n.End()
	}
	switch st := st.(type) {
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok {
			w.check(st)
			return
		}
		for _, spec := range gd.Specs {
			vs, ok := spec.(*ast.ValueSpec)
			if !ok {
				continue
			}
			for i, name := range vs.Names {
				if w.s.info.Defs[name] != w.v {
					continue
				}
				if cond {
					w.ok = false
					return
				}
				w.declared = true
				if len(vs.Values) == len(vs.Names) {
					w.init(st.Pos(), vs.Values[i], e)
				} else if len(vs.Values) != 0 {
					w.ok = false
				}
			}
			for _, val := range vs.Values {
				w.check(val)
			}
		}
	case *ast.AssignStmt:
		w.assign(st, cond, e, ls, le)
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(st.X).(*ast.CallExpr); ok && w.write(call, cond, e, ls, le) {
			return
		}
		w.check(st)
	case *ast.BlockStmt:
		w.stmts(st.List, cond, e, ls, le)
	case *ast.LabeledStmt:
		w.stmt(st.Stmt, cond, e, ls, le)
	case *ast.IfStmt:
		if st.Init != nil {
			w.stmt(st.Init, cond, e, ls, le)
		}
		w.check(st.Cond)
		if taken, ok := evalBool(w.s, st.Cond, e, w.depth); ok {
			if taken {
				w.stmts(st.Body.List, cond, e, ls, le)
			} else if st.Else != nil {
				w.stmt(st.Else, cond, e, ls, le)
			}
			return
		}
		w.stmts(st.Body.List, true, e, ls, le)
		if st.Else != nil {
			w.stmt(st.Else, true, e, ls, le)
		}
	case *ast.ForStmt:
		if st.Init != nil {
			w.stmt(st.Init, cond, e, ls, le)
		}
		w.check(st.Cond)
		s2, e2 := inLoop(st)
		if st.Post != nil {
			w.stmt(st.Post, true, e, s2, e2)
		}
		w.stmts(st.Body.List, true, e, s2, e2)
	case *ast.RangeStmt:
		if !w.is(st.X) || w.st.kind == stepBuilder {
			w.check(st.X) // ranging over a list or a string reads it
		}
		s2, e2 := inLoop(st)
		if names, key, val, ok := w.unrollable(st); ok {
			for i, n := range names {
				e2env := env{}
				for k, b := range e {
					e2env[k] = b
				}
				if key != nil {
					e2env[key] = binding{num: constant.MakeInt64(int64(i))}
				}
				if val != nil {
					e2env[val] = binding{text: n}
				}
				w.stmts(st.Body.List, cond, e2env, s2, e2)
				if !w.ok {
					return
				}
			}
			return
		}
		w.stmts(st.Body.List, true, e, s2, e2)
	case *ast.SwitchStmt:
		if st.Init != nil {
			w.stmt(st.Init, cond, e, ls, le)
		}
		w.check(st.Tag)
		for _, cc := range st.Body.List {
			if cc, ok := cc.(*ast.CaseClause); ok {
				for _, x := range cc.List {
					w.check(x)
				}
				w.stmts(cc.Body, true, e, ls, le)
			}
		}
	case *ast.TypeSwitchStmt:
		if st.Init != nil {
			w.stmt(st.Init, cond, e, ls, le)
		}
		w.check(st.Assign)
		for _, cc := range st.Body.List {
			if cc, ok := cc.(*ast.CaseClause); ok {
				w.stmts(cc.Body, true, e, ls, le)
			}
		}
	case *ast.SelectStmt:
		for _, cc := range st.Body.List {
			if cc, ok := cc.(*ast.CommClause); ok {
				if cc.Comm != nil {
					w.check(cc.Comm)
				}
				w.stmts(cc.Body, true, e, ls, le)
			}
		}
	default:
		w.check(st)
	}
}

// unrollable reports whether rs ranges over a known list of names with
// a body that always runs to its end, and returns the names and the
// key and value variables.
func (w *walker) unrollable(rs *ast.RangeStmt) ([]sqltext.Text, *types.Var, *types.Var, bool) {
	if rs.Tok != token.DEFINE {
		return nil, nil, nil, false
	}
	if w.is(rs.X) {
		return nil, nil, nil, false
	}
	names, ok := w.s.nameList(rs.X, w.depth)
	if !ok {
		return nil, nil, nil, false
	}
	jumps := false
	ast.Inspect(rs.Body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.BranchStmt, *ast.ReturnStmt, *ast.FuncLit:
			jumps = true
		}
		return !jumps
	})
	if jumps {
		return nil, nil, nil, false
	}
	var key, val *types.Var
	if id, ok := rs.Key.(*ast.Ident); ok {
		key, _ = w.s.info.Defs[id].(*types.Var)
	}
	if id, ok := rs.Value.(*ast.Ident); ok {
		val, _ = w.s.info.Defs[id].(*types.Var)
	}
	return names, key, val, true
}

// nameList returns the elements of e when it is a list of constant
// strings: a []string literal, a local variable built only from
// constants, in straight code, and read only by ranging over it, len and
// strings.Join, or an unexported package variable written once with a
// literal and never changed in its package.
func (s *Source) nameList(e ast.Expr, depth int) ([]sqltext.Text, bool) {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		v, _ := s.info.Uses[id].(*types.Var)
		if v == nil || v.IsField() || v.Exported() || v.Pkg() == nil {
			return nil, false
		}
		if v.Parent() != v.Pkg().Scope() {
			st := s.stepsOf(v, depth+1)
			if !st.ok || st.kind != stepList || len(st.pieces) == 0 {
				return nil, false
			}
			var out []sqltext.Text
			for _, p := range st.pieces {
				if p.cond || p.trim != "" || !p.text.IsKnown() || p.pos > id.Pos() {
					return nil, false
				}
				out = append(out, p.text)
			}
			return out, true
		}
		wr, ok := s.chains.Writes(v).Once()
		if !ok || wr.Tok != token.VAR || wr.Index >= 0 {
			return nil, false
		}
		e = ast.Unparen(wr.Rhs)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok || stepKindOf(s.info.TypeOf(lit)) != stepList {
		return nil, false
	}
	var out []sqltext.Text
	for _, el := range lit.Elts {
		tv, ok := s.info.Types[el]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return nil, false
		}
		out = append(out, sqltext.Known(constant.StringVal(tv.Value)))
	}
	return out, len(out) > 0 && len(out) <= maxPieces
}

// init records the value v is declared with.
func (w *walker) init(pos token.Pos, val ast.Expr, e env) {
	val = ast.Unparen(val)
	switch w.st.kind {
	case stepString:
		w.add(pos, w.pieceText(val, e), false, token.NoPos, token.NoPos)
	case stepList:
		switch x := val.(type) {
		case *ast.CompositeLit:
			for _, el := range x.Elts {
				if _, kv := el.(*ast.KeyValueExpr); kv {
					w.ok = false
					return
				}
				w.add(pos, w.pieceText(el, e), false, token.NoPos, token.NoPos)
			}
		case *ast.CallExpr:
			if !w.isBuiltin(x, "make") || len(x.Args) < 2 {
				w.ok = false
				return
			}
			if tv, ok := w.s.info.Types[x.Args[1]]; !ok || tv.Value == nil || constant.Sign(tv.Value) != 0 {
				w.ok = false // make([]string, n): n empty strings
			}
		case *ast.Ident:
			if x.Name != "nil" {
				w.ok = false
			}
		default:
			w.ok = false
		}
	case stepBuilder:
		if u, ok := val.(*ast.UnaryExpr); ok && u.Op == token.AND {
			val = ast.Unparen(u.X)
		}
		switch x := val.(type) {
		case *ast.CompositeLit:
			if len(x.Elts) != 0 {
				w.ok = false
			}
		case *ast.CallExpr:
			fn := w.s.calleeFunc(x)
			switch {
			case w.isBuiltin(x, "new"):
			case isFunc(fn, "bytes", "NewBufferString") && len(x.Args) == 1:
				w.add(pos, w.pieceText(x.Args[0], e), false, token.NoPos, token.NoPos)
			case isFunc(fn, "bytes", "NewBuffer") && len(x.Args) == 1:
				if id, ok := ast.Unparen(x.Args[0]).(*ast.Ident); ok && id.Name == "nil" {
					break
				}
				w.add(pos, w.pieceText(x.Args[0], e), false, token.NoPos, token.NoPos)
			default:
				w.ok = false
			}
		default:
			w.ok = false
		}
	}
}

func (w *walker) isBuiltin(call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := w.s.info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

func isFunc(fn *types.Func, pkg, name string) bool {
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == pkg && fn.Name() == name
}

// is reports whether e refers to v.
func (w *walker) is(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	id, ok := e.(*ast.Ident)
	return ok && (w.s.info.Uses[id] == w.v || w.s.info.Defs[id] == w.v)
}

// assign records an assignment that defines or grows v, and checks any
// other.
func (w *walker) assign(as *ast.AssignStmt, cond bool, e env, ls, le token.Pos) {
	mine := -1
	for i, l := range as.Lhs {
		if w.is(l) {
			mine = i
		}
	}
	if mine < 0 {
		for _, l := range as.Lhs {
			if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok && w.is(ix.X) {
				w.ok = false // parts[i] = x
				return
			}
		}
		w.check(as)
		return
	}
	if len(as.Lhs) != len(as.Rhs) {
		w.ok = false
		return
	}
	rhs := ast.Unparen(as.Rhs[mine])
	for i, r := range as.Rhs {
		if i != mine {
			w.check(r)
		}
	}
	if as.Tok == token.DEFINE && w.s.info.Defs[ast.Unparen(as.Lhs[mine]).(*ast.Ident)] == w.v {
		if cond {
			w.ok = false
			return
		}
		w.declared = true
		w.init(as.Pos(), rhs, e)
		return
	}
	if !w.declared {
		w.ok = false
		return
	}
	switch {
	case as.Tok == token.ADD_ASSIGN && w.st.kind == stepString:
		w.check(rhs)
		w.add(as.Pos(), w.pieceText(rhs, e), cond, ls, le)
	case as.Tok == token.ASSIGN && w.st.kind == stepString:
		if tail, ok := w.selfConcat(rhs); ok {
			for _, x := range tail {
				w.check(x)
			}
			var ts []sqltext.Text
			for _, x := range tail {
				ts = append(ts, w.pieceText(x, e))
			}
			w.add(as.Pos(), sqltext.Join(ts...), cond, ls, le)
			return
		}
		if call, ok := rhs.(*ast.CallExpr); ok && len(call.Args) == 2 && w.is(call.Args[0]) &&
			isFunc(w.s.calleeFunc(call), "strings", "TrimSuffix") {
			if suffix, ok := constString(w.s.info, call.Args[1]); ok && suffix != "" {
				w.add(as.Pos(), nil, cond, ls, le)
				if w.ok {
					w.st.pieces[len(w.st.pieces)-1].trim = suffix
				}
				return
			}
		}
		w.ok = false
	case as.Tok == token.ASSIGN && w.st.kind == stepList:
		call, ok := rhs.(*ast.CallExpr)
		if !ok || !w.isBuiltin(call, "append") || len(call.Args) == 0 || !w.is(call.Args[0]) || call.Ellipsis.IsValid() {
			w.ok = false
			return
		}
		for _, x := range call.Args[1:] {
			w.check(x)
			w.add(as.Pos(), w.pieceText(x, e), cond, ls, le)
		}
	default:
		w.ok = false
	}
}

// selfConcat returns x, y, ... when rhs is v + x + y + ...
func (w *walker) selfConcat(rhs ast.Expr) ([]ast.Expr, bool) {
	var tail []ast.Expr
	for {
		b, ok := ast.Unparen(rhs).(*ast.BinaryExpr)
		if !ok || b.Op != token.ADD {
			break
		}
		tail = append([]ast.Expr{b.Y}, tail...)
		rhs = b.X
	}
	return tail, len(tail) > 0 && w.is(rhs)
}

// write records a call that writes into a builder v: its methods
// WriteString, WriteByte, WriteRune and Write, and fmt.Fprintf and
// fmt.Fprint given it.
func (w *walker) write(call *ast.CallExpr, cond bool, e env, ls, le token.Pos) bool {
	if w.st.kind != stepBuilder {
		return false
	}
	fn := w.s.calleeFunc(call)
	if fn == nil {
		return false
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && w.is(sel.X) && fn.Signature().Recv() != nil {
		var t sqltext.Text
		switch fn.Name() {
		case "WriteString", "Write":
			if len(call.Args) != 1 {
				return false
			}
			w.check(call.Args[0])
			t = w.pieceText(call.Args[0], e)
		case "WriteByte", "WriteRune":
			if len(call.Args) != 1 {
				return false
			}
			w.check(call.Args[0])
			t = sqltext.Unknown()
			if tv, ok := w.s.info.Types[call.Args[0]]; ok && tv.Value != nil {
				if r, ok := constant.Int64Val(tv.Value); ok && r >= 0 && r < 0x110000 {
					t = sqltext.Known(string(rune(r)))
				}
			}
		case "Grow":
			w.check(call.Args[0])
			return true
		default:
			return false
		}
		w.add(call.Pos(), t, cond, ls, le)
		return true
	}
	if fn.Pkg() == nil || fn.Pkg().Path() != "fmt" || len(call.Args) < 2 || !w.is(call.Args[0]) {
		return false
	}
	for _, a := range call.Args[1:] {
		w.check(a)
	}
	switch fn.Name() {
	case "Fprintf":
		args := call.Args[2:]
		if call.Ellipsis.IsValid() {
			args = nil
		}
		t := expand(w.pieceText(call.Args[1], e), func(i int, verb byte) sqltext.Text {
			if i >= len(args) {
				return sqltext.Unknown()
			}
			return w.verbText(args[i], verb, e)
		})
		w.add(call.Pos(), t, cond, ls, le)
	case "Fprint":
		if len(call.Args) != 2 || call.Ellipsis.IsValid() || !isString(w.s.info.TypeOf(call.Args[1])) {
			w.add(call.Pos(), sqltext.Unknown(), cond, ls, le)
			return true
		}
		w.add(call.Pos(), w.pieceText(call.Args[1], e), cond, ls, le)
	default:
		w.add(call.Pos(), sqltext.Unknown(), cond, ls, le)
	}
	return true
}

// check makes v's text unknown if n uses v other than by reading it
// (String, Len, Cap, Bytes of a builder; the value of a string; len or
// strings.Join of a list) or mentions it in a function literal.
func (w *walker) check(n ast.Node) {
	if n == nil || !w.ok {
		return
	}
	parents := map[ast.Node]ast.Node{}
	var stack []ast.Node
	ast.Inspect(n, func(x ast.Node) bool {
		if x == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if len(stack) > 0 {
			parents[x] = stack[len(stack)-1]
		}
		stack = append(stack, x)
		id, ok := x.(*ast.Ident)
		if !ok || w.s.info.Uses[id] != w.v {
			return true
		}
		for _, p := range stack {
			if _, lit := p.(*ast.FuncLit); lit {
				w.ok = false
			}
		}
		if !w.reads(id, parents) {
			w.ok = false
		}
		return true
	})
}

// reads reports whether the use id of v only reads its text.
func (w *walker) reads(id *ast.Ident, parents map[ast.Node]ast.Node) bool {
	p := parents[id]
	for {
		pe, ok := p.(*ast.ParenExpr)
		if !ok {
			break
		}
		p = parents[pe]
	}
	switch w.st.kind {
	case stepString:
		switch p := p.(type) {
		case *ast.UnaryExpr:
			return p.Op != token.AND
		case *ast.SelectorExpr:
			return false // a method, maybe with a pointer receiver
		}
		return true
	case stepBuilder:
		sel, ok := p.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		switch sel.Sel.Name {
		case "String", "Len", "Cap", "Bytes":
			_, isCall := parents[sel].(*ast.CallExpr)
			return isCall
		}
		return false
	case stepList:
		if rs, ok := p.(*ast.RangeStmt); ok {
			return ast.Unparen(rs.X) == id
		}
		call, ok := p.(*ast.CallExpr)
		if !ok {
			return false
		}
		if w.isBuiltin(call, "len") {
			return true
		}
		return isFunc(w.s.calleeFunc(call), "strings", "Join") && len(call.Args) == 2 && ast.Unparen(call.Args[0]) == id
	}
	return false
}

// pieceText is Text with the variables of unrolled loops bound.
func (w *walker) pieceText(x ast.Expr, e env) sqltext.Text {
	x = ast.Unparen(x)
	{
		switch x := x.(type) {
		case *ast.Ident:
			if v, ok := w.s.info.Uses[x].(*types.Var); ok {
				if b, ok := e[v]; ok && b.text != nil {
					return b.text
				}
			}
		case *ast.BinaryExpr:
			if x.Op == token.ADD && isString(w.s.info.TypeOf(x)) {
				return capped(sqltext.Join(w.pieceText(x.X, e), w.pieceText(x.Y, e)))
			}
		case *ast.CallExpr:
			fn := w.s.calleeFunc(x)
			switch {
			case isFunc(fn, "fmt", "Sprintf") && len(x.Args) > 0:
				args := x.Args[1:]
				if x.Ellipsis.IsValid() {
					args = nil
				}
				return expand(w.pieceText(x.Args[0], e), func(i int, verb byte) sqltext.Text {
					if i >= len(args) {
						return sqltext.Unknown()
					}
					return w.verbText(args[i], verb, e)
				})
			case isFunc(fn, "strconv", "Itoa") && len(x.Args) == 1:
				if n, ok := evalInt(w.s, x.Args[0], e, w.depth); ok {
					return sqltext.Known(n.ExactString())
				}
				return sqltext.Unknown()
			}
		}
	}
	if tv, ok := w.s.info.Types[x]; ok && !tv.IsType() && tv.Value == nil {
		if call, ok := x.(*ast.CallExpr); ok && len(call.Args) == 1 {
			if ft, ok := w.s.info.Types[call.Fun]; ok && ft.IsType() {
				return w.pieceText(call.Args[0], e) // []byte("..."), string(x)
			}
		}
	}
	return w.s.text(x, w.depth+1)
}

// verbText is the text of a fmt verb's argument, with bound variables.
func (w *walker) verbText(arg ast.Expr, verb byte, e env) sqltext.Text {
	switch verb {
	case 's', 'v':
		if isString(w.s.info.TypeOf(arg)) {
			return w.pieceText(arg, e)
		}
	case 'd':
		if n, ok := evalInt(w.s, arg, e, w.depth); ok {
			return sqltext.Known(n.ExactString())
		}
	}
	return sqltext.Unknown()
}

// evalInt returns the value of an integer expression made of constants,
// bound keys, len of a known list, + and -.
func evalInt(s *Source, x ast.Expr, e env, depth int) (constant.Value, bool) {
	x = ast.Unparen(x)
	if tv, ok := s.info.Types[x]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.Int {
			return tv.Value, true
		}
		return nil, false
	}
	switch x := x.(type) {
	case *ast.Ident:
		if v, ok := s.info.Uses[x].(*types.Var); ok {
			if b, ok := e[v]; ok && b.num != nil {
				return b.num, true
			}
		}
	case *ast.BinaryExpr:
		if x.Op != token.ADD && x.Op != token.SUB {
			return nil, false
		}
		a, ok1 := evalInt(s, x.X, e, depth)
		b, ok2 := evalInt(s, x.Y, e, depth)
		if ok1 && ok2 {
			return constant.BinaryOp(a, x.Op, b), true
		}
	case *ast.CallExpr:
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok && len(x.Args) == 1 {
			if b, ok := s.info.Uses[id].(*types.Builtin); ok && b.Name() == "len" {
				if names, ok := s.nameList(x.Args[0], depth+1); ok {
					return constant.MakeInt64(int64(len(names))), true
				}
			}
		}
	}
	return nil, false
}

// evalBool returns the value of a condition that compares known
// integers (see evalInt), with !, && and ||.
func evalBool(s *Source, x ast.Expr, e env, depth int) (bool, bool) {
	if len(e) == 0 {
		return false, false
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			b, ok := evalBool(s, x.X, e, depth)
			return !b, ok
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND, token.LOR:
			a, ok1 := evalBool(s, x.X, e, depth)
			b, ok2 := evalBool(s, x.Y, e, depth)
			if !ok1 || !ok2 {
				return false, false
			}
			if x.Op == token.LAND {
				return a && b, true
			}
			return a || b, true
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			a, ok1 := evalInt(s, x.X, e, depth)
			b, ok2 := evalInt(s, x.Y, e, depth)
			if ok1 && ok2 {
				return constant.Compare(a, x.Op, b), true
			}
		}
	}
	return false, false
}

func constString(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// stepVar returns the local variable e names when its type can be built
// in steps.
func (s *Source) stepVar(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := s.info.Uses[id].(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() == nil || v.Parent() == v.Pkg().Scope() || v.IsField() || stepKindOf(v.Type()) == 0 {
		return nil
	}
	return v
}

// built returns the text and the every-piece text of e when e reads a
// variable built in steps: b.String(), string(b.Bytes()), a string
// grown with +=, strings.Join(parts, sep), strings.TrimSuffix of one of
// those. ok is false for any other expression.
func (s *Source) built(e ast.Expr, depth int) (text, every sqltext.Text, ok bool) {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v := s.stepVar(x)
		if v == nil || stepKindOf(v.Type()) != stepString || s.single(x) != nil {
			return nil, nil, false
		}
		text, every = s.stepsOf(v, depth).read(x.Pos(), "")
		return text, every, true
	case *ast.CallExpr:
		if tv, ok := s.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 && isString(tv.Type) {
			return s.built(x.Args[0], depth) // string(b.Bytes())
		}
		fn := s.calleeFunc(x)
		if fn == nil {
			return nil, nil, false
		}
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && fn.Signature().Recv() != nil && len(x.Args) == 0 &&
			(fn.Name() == "String" || fn.Name() == "Bytes") {
			v := s.stepVar(sel.X)
			if v == nil || stepKindOf(v.Type()) != stepBuilder {
				return nil, nil, false
			}
			text, every = s.stepsOf(v, depth).read(x.Pos(), "")
			return text, every, true
		}
		switch {
		case isFunc(fn, "strings", "Join") && len(x.Args) == 2:
			sep, ok := constString(s.info, x.Args[1])
			if !ok {
				return nil, nil, false
			}
			if names, ok := s.nameList(x.Args[0], depth); ok {
				var parts []sqltext.Text
				for i, n := range names {
					if i > 0 {
						parts = append(parts, sqltext.Known(sep))
					}
					parts = append(parts, n)
				}
				t := sqltext.Join(parts...)
				return t, t, true
			}
			v := s.stepVar(x.Args[0])
			if v == nil || stepKindOf(v.Type()) != stepList {
				return nil, nil, false
			}
			text, every = s.stepsOf(v, depth).read(x.Pos(), sep)
			return text, every, true
		case isFunc(fn, "strings", "TrimSuffix") && len(x.Args) == 2:
			suffix, ok := constString(s.info, x.Args[1])
			if !ok {
				return nil, nil, false
			}
			t, ev, ok := s.built(x.Args[0], depth)
			if !ok {
				t, ev = s.text(x.Args[0], depth+1), s.union(x.Args[0], depth+1)
			}
			return trimSuffix(t, suffix), trimSuffix(ev, suffix), true
		}
	}
	return nil, nil, false
}

// Union returns every piece of text e may evaluate to, each once, in
// order: for text built in steps, the pieces written under a condition
// are there as if every branch were taken, and those written in a loop
// as if it ran once (once per name, for a loop over a known list of
// names). It is no text that runs, but it holds every name a statement
// may mention: a SET list built with branches and loops parses, from
// it, to every column it may assign. Elsewhere it is Text.
func (s *Source) Union(e ast.Expr) sqltext.Text {
	return s.union(e, 0)
}

func (s *Source) union(e ast.Expr, depth int) sqltext.Text {
	if e == nil || depth > maxDepth {
		return sqltext.Unknown()
	}
	if _, every, ok := s.built(e, depth+1); ok {
		return every
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if x.Op == token.ADD && isString(s.info.TypeOf(x)) && s.info.Types[x].Value == nil {
			return capped(sqltext.Join(s.union(x.X, depth+1), s.union(x.Y, depth+1)))
		}
	case *ast.Ident:
		if d := s.single(x); d != nil && d.index < 0 {
			return s.union(d.rhs, depth+1)
		}
	case *ast.CallExpr:
		if isFunc(s.calleeFunc(x), "fmt", "Sprintf") && len(x.Args) > 0 && !x.Ellipsis.IsValid() {
			args := x.Args[1:]
			return expand(s.union(x.Args[0], depth+1), func(i int, verb byte) sqltext.Text {
				if i >= len(args) {
					return sqltext.Unknown()
				}
				if verb != 's' && verb != 'v' || !isString(s.info.TypeOf(args[i])) {
					return s.verbText(args[i], verb, depth+1)
				}
				return s.union(args[i], depth+1)
			})
		}
	}
	return s.text(e, depth)
}
