package sqltext

import "strings"

// parser is a light recursive scanner over the tokens of one statement. It
// reads the few clauses the classifier needs and skips everything else, so
// it accepts any text; what it cannot read ends up unknown.
type parser struct {
	toks []token
	pos  int
	// blank reports fully known text with no statement in it.
	blank bool
	// tailHole reports a hole at the top level that may hide further
	// clauses (see token.clause).
	tailHole bool
	// conflictSeen reports that a conflict clause already decided the
	// conflict behaviour.
	conflictSeen bool
	// clauses counts the conflict clauses read (ON CONFLICT, ON DUPLICATE
	// KEY UPDATE).
	clauses int
}

var eof = token{kind: tEOF}

func (p *parser) peekN(n int) token {
	if i := p.pos + n; i < len(p.toks) {
		return p.toks[i]
	}
	return eof
}

func (p *parser) peek() token { return p.peekN(0) }

func (p *parser) advance() {
	if p.pos < len(p.toks) {
		p.pos++
	}
}

func isKw(t token, kw string) bool {
	return t.kind == tIdent && !t.partial && strings.EqualFold(t.val, kw)
}

func isPunct(t token, v string) bool { return t.kind == tPunct && t.val == v }

// acceptKw advances past the keyword kw if it comes next.
func (p *parser) acceptKw(kw string) bool {
	if isKw(p.peek(), kw) {
		p.advance()
		return true
	}
	return false
}

// skipGroup advances past the balanced parenthesised group that starts at
// the current "(" (or to the end of the text if it is not closed) and
// reports whether it was closed.
func (p *parser) skipGroup() bool {
	depth := 0
	for p.pos < len(p.toks) {
		t := p.toks[p.pos]
		p.pos++
		switch {
		case isPunct(t, "("):
			depth++
		case isPunct(t, ")"):
			depth--
			if depth <= 0 {
				return true
			}
		}
	}
	return false
}

// cut drops everything after the first top-level ";" and records whether
// anything but blanks followed it.
func (p *parser) cut(st *Statement) {
	depth := 0
	for i, t := range p.toks {
		switch {
		case isPunct(t, "("):
			depth++
		case isPunct(t, ")"):
			if depth > 0 {
				depth--
			}
		case isPunct(t, ";") && depth == 0:
			for _, rest := range p.toks[i+1:] {
				if !isPunct(rest, ";") {
					st.Multiple = true
					break
				}
			}
			p.toks = p.toks[:i]
			return
		}
	}
}

func (p *parser) statement(st *Statement) {
	for isPunct(p.peek(), "(") {
		p.advance()
	}
	if isKw(p.peek(), "with") {
		st.With = true
		p.advance()
		p.skipWith()
	}
	t := p.peek()
	switch {
	case isKw(t, "select"):
		p.selectStmt(st)
	case isKw(t, "insert"):
		p.insert(st, VerbInsert)
	case isKw(t, "replace"):
		p.insert(st, VerbReplace)
	case isKw(t, "update"):
		p.update(st)
	case isKw(t, "delete"):
		p.delete(st)
	case t.kind == tEOF && p.blank:
		st.Verb = VerbNone
	case t.kind == tIdent && !t.partial && !st.With:
		st.Verb = VerbOther
		st.Conflict = ConflictNone
		st.Returning = Absent
	default:
		// A hole, a partial word, nothing at all, or a WITH clause
		// whose statement could not be found.
		st.Verb = VerbUnknown
	}
}

// skipWith advances past the common table expressions of a WITH clause, to
// the first top-level verb keyword.
func (p *parser) skipWith() {
	for {
		t := p.peek()
		switch {
		case t.kind == tEOF:
			return
		case isPunct(t, "("):
			p.skipGroup()
			continue
		case isKw(t, "select") || isKw(t, "insert") || isKw(t, "update") ||
			isKw(t, "delete") || isKw(t, "replace"):
			return
		}
		p.advance()
	}
}

// isName reports whether t can be (a part of) a name. Keywords are names
// too: the scanner knows from the position when a name is expected.
func isName(t token) bool { return t.kind == tIdent || t.kind == tQIdent }

// tableName reads a possibly qualified table name.
func (p *parser) tableName() Name {
	if t := p.peek(); !isName(t) && t.kind != tHole {
		return Name{}
	}
	var parts []string
	known := true
	for {
		t := p.peek()
		if !isName(t) && t.kind != tHole {
			known = false
			break
		}
		if t.partial || t.kind == tHole {
			known = false
		}
		parts = append(parts, t.val)
		p.advance()
		if !isPunct(p.peek(), ".") {
			break
		}
		p.advance()
	}
	if isPunct(p.peek(), "*") { // PostgreSQL: UPDATE parent * (inheritance)
		p.advance()
	}
	if !known || len(parts) == 0 {
		return Name{}
	}
	n := Name{Name: parts[len(parts)-1], Known: true}
	n.Schema = strings.Join(parts[:len(parts)-1], ".")
	return n
}

// notAlias lists keywords that may follow a table name and are no alias.
var notAlias = map[string]bool{
	"set": true, "where": true, "values": true, "value": true, "select": true,
	"default": true, "using": true, "returning": true, "partition": true,
	"join": true, "inner": true, "left": true, "right": true, "cross": true,
	"natural": true, "full": true, "straight_join": true, "on": true,
	"order": true, "limit": true, "with": true, "overriding": true,
	"use": true, "force": true, "ignore": true, "from": true, "table": true,
	"group": true, "having": true, "window": true, "union": true,
	"intersect": true, "except": true, "for": true, "lock": true, "indexed": true,
	"not": true, "offset": true, "fetch": true, "into": true,
}

// alias reads an optional table alias.
func (p *parser) alias() string {
	if p.acceptKw("as") {
		t := p.peek()
		if isName(t) && !t.partial {
			p.advance()
			return t.val
		}
		return ""
	}
	t := p.peek()
	if t.kind == tQIdent && !t.partial || t.kind == tIdent && !t.partial && !notAlias[strings.ToLower(t.val)] {
		p.advance()
		return t.val
	}
	return ""
}

// modifiers reads the keywords between INSERT, UPDATE or DELETE and the
// table and returns the conflict behaviour they set.
func (p *parser) modifiers(c Conflict) Conflict {
	for {
		t := p.peek()
		switch {
		case isKw(t, "low_priority"), isKw(t, "delayed"), isKw(t, "high_priority"), isKw(t, "quick"):
			p.advance()
		case isKw(t, "ignore"):
			p.advance()
			c = ConflictIgnore
		case isKw(t, "or"):
			p.advance()
			switch t := p.peek(); {
			case isKw(t, "ignore"):
				c = ConflictIgnore
			case isKw(t, "replace"):
				c = ConflictReplace
			case isKw(t, "abort"), isKw(t, "fail"), isKw(t, "rollback"):
				c = ConflictNone
			default:
				c = ConflictUnknown
			}
			p.advance()
		case t.kind == tHole && !isKw(p.peekN(1), "into") && !isKw(p.peekN(1), "from"):
			// INSERT <hole> INTO: the hole may be IGNORE.
			return c
		case t.kind == tHole:
			p.advance()
			c = ConflictUnknown
		default:
			return c
		}
	}
}

func (p *parser) insert(st *Statement, verb Verb) {
	st.Verb = verb
	p.advance()
	conflict := ConflictNone
	if verb == VerbReplace {
		conflict = ConflictReplace
	}
	conflict = p.modifiers(conflict)
	modifier := conflict
	p.acceptKw("into")
	st.Table = p.tableName()
	st.Table.Alias = p.alias()
	if p.acceptKw("partition") && isPunct(p.peek(), "(") {
		p.skipGroup()
	}
	listed := false
	if isPunct(p.peek(), "(") && !startsQuery(p.peekN(1)) {
		st.Columns = p.columnList()
		listed = true
	}
	if p.acceptKw("overriding") {
		p.advance() // SYSTEM or USER
		p.acceptKw("value")
	}
	switch t := p.peek(); {
	case isKw(t, "values") || isKw(t, "value"):
		p.advance()
		st.Rows = p.rows()
		st.Source = SourceValues
	case isKw(t, "default") && isKw(p.peekN(1), "values"):
		p.advance()
		p.advance()
		st.Rows = Count{N: 1, Known: true}
		st.Source = SourceValues
	case isKw(t, "set") && !listed:
		p.advance()
		cols, _ := p.assignments(st, false)
		st.Columns = cols
		st.Rows = Count{N: 1, Known: true}
		st.Source = SourceValues
		listed = true
	case startsQuery(t) || isPunct(t, "("):
		// INSERT ... SELECT: the row count is only known at run time.
		st.Source = SourceQuery
	default:
		// A hole for the source, something unreadable, or the end of
		// the text: the rows and the clauses after them are unknown.
		if t.kind == tHole {
			p.advance()
		}
		p.tailHole = true
		if !listed || t.kind == tEOF {
			st.Conflict = ConflictUnknown
			st.Returning = PresenceUnknown
			return
		}
	}
	if !listed {
		st.Columns = Columns{Known: true}
	}
	p.tail(st, conflict, true)
	if modifier == ConflictNone && p.clauses == 1 && !p.tailHole &&
		st.ConflictTarget.Known && len(st.ConflictTarget.Names) > 0 {
		st.Arbiter = st.ConflictTarget
	}
}

// startsQuery reports whether t begins a query used as an INSERT source.
func startsQuery(t token) bool {
	return isKw(t, "select") || isKw(t, "with") || isKw(t, "values") || isKw(t, "table")
}

// columnList reads a parenthesised list of column names.
func (p *parser) columnList() Columns {
	cols := Columns{Known: true}
	p.advance() // (
	for {
		t := p.peek()
		switch {
		case t.kind == tEOF:
			cols.Known = false
			return cols
		case isPunct(t, ")"):
			p.advance()
			return cols
		case isPunct(t, ","):
			p.advance()
			continue
		case isName(t) && !t.partial && !isPunct(p.peekN(1), "(") && !isPunct(p.peekN(1), "."):
			cols.Names = append(cols.Names, t.val)
			p.advance()
		case isName(t) && !t.partial && isPunct(p.peekN(1), ".") && isName(p.peekN(2)) && !p.peekN(2).partial:
			// t.col
			cols.Names = append(cols.Names, p.peekN(2).val)
			p.advance()
			p.advance()
			p.advance()
		case isPunct(t, "("):
			cols.Known = false
			p.skipGroup()
			continue
		default:
			// A hole, an expression (a conflict target such as
			// lower(email)) or something unreadable.
			cols.Known = false
			p.advance()
		}
		// Anything after a name up to the next "," (COLLATE, ASC) is
		// skipped; the name is what counts.
		for t := p.peek(); t.kind != tEOF && !isPunct(t, ",") && !isPunct(t, ")"); t = p.peek() {
			if t.kind == tHole {
				cols.Known = false
			}
			if isPunct(t, "(") {
				p.skipGroup()
				continue
			}
			p.advance()
		}
	}
}

// rows counts the rows of a VALUES list; the VALUES keyword is read.
func (p *parser) rows() Count {
	n := 0
	known := true
	for {
		p.acceptKw("row")
		t := p.peek()
		switch {
		case isPunct(t, "("):
			if !p.skipGroup() {
				known = false
			}
			n++
		case t.kind == tHole:
			p.advance()
			known = false
			if t.clause {
				p.tailHole = true
			}
		default:
			return Count{N: n, Known: false}
		}
		t = p.peek()
		if isPunct(t, ",") {
			p.advance()
			continue
		}
		if t.kind == tHole {
			// (..) <hole>: more rows, or a trailing clause.
			known = false
		}
		return Count{N: n, Known: known && n > 0}
	}
}

// tail reads what follows the body of a statement: conflict clauses (if
// upsert) and RETURNING. conflict is the behaviour set by the modifiers.
func (p *parser) tail(st *Statement, conflict Conflict, upsert bool) {
	st.Returning = Absent
	returning := false
	for !returning {
		t := p.peek()
		switch {
		case t.kind == tEOF:
			goto done
		case t.kind == tHole:
			if t.clause {
				p.tailHole = true
			}
			p.advance()
		case isPunct(t, "("):
			p.skipGroup()
		case upsert && isKw(t, "on") && isKw(p.peekN(1), "conflict"):
			p.advance()
			p.advance()
			p.clauses++
			c := p.onConflict(st)
			if !p.conflictSeen {
				conflict = c
				p.conflictSeen = true
			}
		case upsert && isKw(t, "on") && isKw(p.peekN(1), "duplicate") && isKw(p.peekN(2), "key") && isKw(p.peekN(3), "update"):
			for range 4 {
				p.advance()
			}
			p.clauses++
			cols, kinds := p.assignments(st, true)
			st.Set = cols
			if !p.conflictSeen {
				conflict = upsertConflict(cols, kinds)
				p.conflictSeen = true
			}
		case isKw(t, "returning"):
			returning = true
		default:
			p.advance()
		}
	}
done:
	switch {
	case returning:
		st.Returning = Present
	case p.tailHole:
		st.Returning = PresenceUnknown
	}
	if upsert && p.tailHole && !p.conflictSeen && conflict == ConflictNone {
		conflict = ConflictUnknown
	}
	st.Conflict = conflict
}

// onConflict reads an ON CONFLICT clause after its two keywords.
func (p *parser) onConflict(st *Statement) Conflict {
	target := Columns{Known: true}
	switch {
	case isPunct(p.peek(), "("):
		target = p.columnList()
	case isKw(p.peek(), "on") && isKw(p.peekN(1), "constraint"):
		p.advance()
		p.advance()
		p.advance() // the constraint name
		target = Columns{}
	}
	// Skip the target's WHERE predicate.
	for t := p.peek(); !isKw(t, "do"); t = p.peek() {
		switch {
		case t.kind == tEOF, t.kind == tHole && t.clause:
			p.tailHole = true
			return ConflictUnknown
		case isPunct(t, "("):
			p.skipGroup()
		default:
			p.advance()
		}
	}
	p.advance() // DO
	if !p.conflictSeen {
		st.ConflictTarget = target
	}
	switch t := p.peek(); {
	case isKw(t, "nothing"):
		p.advance()
		return ConflictDoNothing
	case isKw(t, "update"):
		p.advance()
		if !p.acceptKw("set") {
			return ConflictUnknown
		}
		cols, kinds := p.assignments(st, true)
		if !p.conflictSeen {
			st.Set = cols
		}
		return upsertConflict(cols, kinds)
	}
	if p.peek().kind == tHole {
		p.advance()
	}
	return ConflictUnknown
}

// effect is what one assignment of an upsert's update part does.
type effect uint8

const (
	effectUpdate effect = iota
	effectNoop
	effectMaybe // depends on unknown text
)

// upsertConflict combines the effects of the assignments of an update part.
func upsertConflict(cols Columns, kinds []effect) Conflict {
	maybe := !cols.Known || len(kinds) == 0
	for _, k := range kinds {
		switch k {
		case effectUpdate:
			return ConflictUpdate
		case effectMaybe:
			maybe = true
		}
	}
	if maybe {
		return ConflictUnknown
	}
	return ConflictNoopUpdate
}

// terminates reports whether t ends a SET list.
func terminates(t token) bool {
	if t.kind == tEOF || isPunct(t, ")") {
		return true
	}
	for _, kw := range [...]string{"where", "from", "returning", "on", "order", "limit"} {
		if isKw(t, kw) {
			return true
		}
	}
	return false
}

// assignments reads a SET list (after SET or ON DUPLICATE KEY UPDATE) and
// returns its columns and, if upsert, the effect of each assignment.
func (p *parser) assignments(st *Statement, upsert bool) (Columns, []effect) {
	cols := Columns{Known: true}
	var kinds []effect
	for {
		t := p.peek()
		var names []string
		switch {
		case t.kind == tHole:
			// Unknown assignments.
			p.advance()
			cols.Known = false
			if t.clause {
				p.tailHole = true
			}
			if isPunct(p.peek(), ",") {
				p.advance()
				continue
			}
			return cols, kinds
		case isPunct(t, "("):
			// PostgreSQL: SET (a, b) = (...).
			list := p.columnList()
			names = list.Names
			if !list.Known {
				cols.Known = false
			}
		case isName(t) && !terminates(t):
			known := true
			for {
				t := p.peek()
				if t.partial || t.kind == tHole {
					known = false
				}
				p.advance()
				if !isPunct(p.peek(), ".") {
					names = []string{t.val}
					break
				}
				p.advance()
			}
			if !known {
				names = nil
				cols.Known = false
			}
			for isPunct(p.peek(), "[") { // a[1] = ...
				for t := p.peek(); t.kind != tEOF && !isPunct(t, "]"); t = p.peek() {
					p.advance()
				}
				p.advance()
			}
		default:
			if len(kinds) == 0 {
				cols.Known = false
			}
			return cols, kinds
		}
		if !isPunct(p.peek(), "=") {
			cols.Known = false
			return cols, kinds
		}
		p.advance()
		expr := p.expr()
		cols.Names = append(cols.Names, names...)
		e := effectUpdate
		if upsert && len(names) == 1 {
			e = noop(names[0], expr, st)
		}
		for _, t := range expr {
			if t.kind == tHole && t.clause {
				// a = ? <hole>: more assignments may follow.
				cols.Known = false
				p.tailHole = true
			}
		}
		if len(names) != 1 {
			e = effectUpdate
		}
		kinds = append(kinds, e)
		if !isPunct(p.peek(), ",") {
			return cols, kinds
		}
		p.advance()
	}
}

// expr returns the tokens of one expression, up to a top-level "," or
// the end of the SET list.
func (p *parser) expr() []token {
	start := p.pos
	depth := 0
	for {
		t := p.peek()
		switch {
		case t.kind == tEOF:
			return p.toks[start:p.pos]
		case isPunct(t, "("):
			depth++
		case isPunct(t, ")"):
			if depth == 0 {
				return p.toks[start:p.pos]
			}
			depth--
		case depth == 0 && (isPunct(t, ",") || terminates(t)):
			return p.toks[start:p.pos]
		}
		p.advance()
	}
}

// noop tells whether assigning expr to col in an upsert's update part
// leaves the conflicting row as it was.
func noop(col string, expr []token, st *Statement) effect {
	for _, t := range expr {
		if t.kind == tHole || t.partial {
			return effectMaybe
		}
	}
	same := func(t token, name string) bool { return isName(t) && strings.EqualFold(t.val, name) }
	switch len(expr) {
	case 1:
		if same(expr[0], col) {
			return effectNoop
		}
	case 3:
		if !isPunct(expr[1], ".") || !same(expr[2], col) {
			break
		}
		q := expr[0]
		if st.Table.Known && (same(q, st.Table.Name) || st.Table.Alias != "" && same(q, st.Table.Alias)) {
			return effectNoop
		}
		if same(q, "excluded") {
			switch {
			case !st.ConflictTarget.Known || len(st.ConflictTarget.Names) == 0:
				// ON CONSTRAINT, or SQLite's clause without a target:
				// the conflicting key is not in the text.
				return effectMaybe
			case st.ConflictTarget.Has(col):
				return effectNoop
			}
		}
	case 4:
		// MySQL: id = LAST_INSERT_ID(id) sets the id LastInsertId reports
		// and changes nothing.
		if same(expr[0], "last_insert_id") && isPunct(expr[1], "(") && same(expr[2], col) && isPunct(expr[3], ")") {
			return effectNoop
		}
	}
	return effectUpdate
}

func (p *parser) update(st *Statement) {
	st.Verb = VerbUpdate
	p.advance()
	conflict := p.modifiers(ConflictNone)
	p.acceptKw("only")
	st.Table = p.tableName()
	st.Table.Alias = p.alias()
	for t := p.peek(); !isKw(t, "set"); t = p.peek() {
		switch {
		case t.kind == tEOF:
			st.Set = Columns{}
			st.Conflict = conflict
			st.Returning = PresenceUnknown
			return
		case isPunct(t, "("):
			p.skipGroup()
		default:
			p.advance()
		}
	}
	p.advance()
	st.Set, _ = p.assignments(st, false)
	p.tail(st, conflict, false)
}

func (p *parser) delete(st *Statement) {
	st.Verb = VerbDelete
	p.advance()
	p.modifiers(ConflictNone)
	if p.acceptKw("from") {
		p.acceptKw("only")
	}
	st.Table = p.tableName()
	st.Table.Alias = p.alias()
	p.tail(st, ConflictNone, false)
}

func (p *parser) selectStmt(st *Statement) {
	st.Verb = VerbSelect
	st.Conflict = ConflictNone
	st.Returning = Absent
	for t := p.peek(); t.kind != tEOF; t = p.peek() {
		if isPunct(t, "(") {
			p.skipGroup()
			continue
		}
		p.advance()
		if isKw(t, "from") {
			st.Table = p.tableName()
			st.Table.Alias = p.alias()
			return
		}
	}
}
