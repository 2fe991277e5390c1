package sqltext

import (
	"slices"
	"strings"
)

// Hole marks an unknown fragment in statement text given to [Parse]. It is a
// NUL byte, which no SQL text of interest contains.
const Hole = "\x00"

// Segment is one piece of partly known statement text.
type Segment struct {
	// Text is the SQL text of a known segment; it is ignored for an
	// unknown one.
	Text string
	// Known reports whether Text is the segment's text. An unknown segment
	// stands for text only known at run time.
	Known bool
}

// Text is statement text made of known and unknown segments, in order.
// Adjacent unknown segments count as one hole.
type Text []Segment

// Known returns a Text made of one known segment.
func Known(s string) Text { return Text{{Text: s, Known: true}} }

// Unknown returns a Text made of one unknown segment.
func Unknown() Text { return Text{{}} }

// Join returns the concatenation of texts, merging adjacent segments of the
// same kind.
func Join(texts ...Text) Text {
	var out Text
	for _, t := range texts {
		for _, s := range t {
			if !s.Known {
				s.Text = ""
			}
			if n := len(out); n > 0 && out[n-1].Known == s.Known {
				out[n-1].Text += s.Text
				continue
			}
			if s.Known && s.Text == "" {
				continue
			}
			out = append(out, s)
		}
	}
	return out
}

// IsKnown reports whether the whole text is known.
func (t Text) IsKnown() bool {
	for _, s := range t {
		if !s.Known {
			return false
		}
	}
	return true
}

// String returns the text for [Parse], with each unknown segment replaced by
// [Hole].
func (t Text) String() string { return t.render(Hole) }

// Display returns the text for messages, with each unknown segment shown
// as "…".
func (t Text) Display() string { return t.render("…") }

func (t Text) render(hole string) string {
	var b strings.Builder
	for i, s := range t {
		if s.Known {
			b.WriteString(s.Text)
		} else if i == 0 || t[i-1].Known {
			b.WriteString(hole)
		}
	}
	return b.String()
}

// Dialect selects the lexical rules where SQL dialects disagree. The zero
// value accepts all three dialects; see the package documentation.
type Dialect uint8

const (
	AnyDialect Dialect = iota // PostgreSQL, MySQL or SQLite, not known which
	Postgres
	MySQL // MySQL and MariaDB
	SQLite
)

func (d Dialect) String() string {
	switch d {
	case Postgres:
		return "postgres"
	case MySQL:
		return "mysql"
	case SQLite:
		return "sqlite"
	}
	return "any"
}

// Verb is the kind of a statement.
type Verb uint8

const (
	VerbUnknown Verb = iota // the leading keyword is unknown (a hole) or missing
	VerbSelect
	VerbInsert
	VerbUpdate
	VerbDelete
	VerbReplace // MySQL and SQLite REPLACE INTO
	VerbOther   // any other statement: DDL, SET, EXPLAIN, CALL...
	// VerbNone is fully known text that holds no statement: only
	// whitespace, comments and semicolons ("", ";;"). Running it makes
	// no round trip worth counting.
	VerbNone
)

func (v Verb) String() string {
	switch v {
	case VerbSelect:
		return "select"
	case VerbInsert:
		return "insert"
	case VerbUpdate:
		return "update"
	case VerbDelete:
		return "delete"
	case VerbReplace:
		return "replace"
	case VerbOther:
		return "other"
	case VerbNone:
		return "none"
	}
	return "unknown"
}

// Conflict is what a write does with a row that conflicts with an existing
// one on a unique key.
type Conflict uint8

const (
	ConflictUnknown    Conflict = iota // the text that decides it is unknown
	ConflictNone                       // no conflict clause: the statement fails
	ConflictDoNothing                  // ON CONFLICT ... DO NOTHING
	ConflictIgnore                     // INSERT IGNORE, INSERT OR IGNORE, UPDATE IGNORE
	ConflictNoopUpdate                 // an update part that changes nothing (id = id)
	ConflictUpdate                     // ON CONFLICT DO UPDATE, ON DUPLICATE KEY UPDATE
	ConflictReplace                    // REPLACE INTO, INSERT OR REPLACE: delete, then insert
)

func (c Conflict) String() string {
	switch c {
	case ConflictNone:
		return "none"
	case ConflictDoNothing:
		return "do nothing"
	case ConflictIgnore:
		return "ignore"
	case ConflictNoopUpdate:
		return "no-op update"
	case ConflictUpdate:
		return "update"
	case ConflictReplace:
		return "replace"
	}
	return "unknown"
}

// Silent reports whether a conflicting row is skipped without an error and
// without a change: DO NOTHING, IGNORE and no-op updates. Such writes report
// the skip only through their row count (or RETURNING rows).
func (c Conflict) Silent() bool {
	return c == ConflictDoNothing || c == ConflictIgnore || c == ConflictNoopUpdate
}

// Presence tells whether a clause is in a statement.
type Presence uint8

const (
	PresenceUnknown Presence = iota
	Absent
	Present
)

func (p Presence) String() string {
	switch p {
	case Absent:
		return "absent"
	case Present:
		return "present"
	}
	return "unknown"
}

// PlaceholderStyle is a set of placeholder syntaxes.
type PlaceholderStyle uint8

const (
	Dollar     PlaceholderStyle = 1 << iota // $1 (PostgreSQL)
	Question                                // ? and ?1 (MySQL, SQLite)
	Colon                                   // :name (sqlx named queries, SQLite)
	At                                      // @name (SQLite, pgx named arguments)
	DollarName                              // $name (SQLite)
)

func (s PlaceholderStyle) String() string {
	if s == 0 {
		return "none"
	}
	var parts []string
	for _, p := range [...]struct {
		s    PlaceholderStyle
		name string
	}{{Dollar, "$1"}, {Question, "?"}, {Colon, ":name"}, {At, "@name"}, {DollarName, "$name"}} {
		if s&p.s != 0 {
			parts = append(parts, p.name)
		}
	}
	return strings.Join(parts, "|")
}

// Name is a possibly schema-qualified table name.
type Name struct {
	Schema string // qualifier, "" if none; "db.schema" for three parts
	Name   string
	Alias  string // alias given in the statement, "" if none
	// Known reports whether Name is known; when false, Schema and Name are
	// empty.
	Known bool
}

func (n Name) String() string {
	if !n.Known {
		return "?"
	}
	if n.Schema != "" {
		return n.Schema + "." + n.Name
	}
	return n.Name
}

// Columns is a list of column names.
type Columns struct {
	// Names holds the columns that are known, in order.
	Names []string
	// Known reports whether Names is the complete list. An INSERT without
	// a column list has Known set and no Names: it writes every column in
	// table order.
	Known bool
}

// Has reports whether name (compared without regard to case) is in Names.
func (c Columns) Has(name string) bool {
	for _, n := range c.Names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// Source tells where the rows of an INSERT or REPLACE come from.
type Source uint8

const (
	// SourceUnknown: not an INSERT or REPLACE, or its source is not known
	// (a hole, unreadable text).
	SourceUnknown Source = iota
	// SourceValues: the statement sends its rows (VALUES, DEFAULT VALUES,
	// MySQL's SET).
	SourceValues
	// SourceQuery: the rows come from a query (INSERT ... SELECT, TABLE,
	// WITH ... SELECT, a parenthesized query).
	SourceQuery
)

func (s Source) String() string {
	switch s {
	case SourceValues:
		return "values"
	case SourceQuery:
		return "query"
	}
	return "unknown"
}

// Count is a number that may be unknown.
type Count struct {
	N     int
	Known bool
}

// Placeholders describes the placeholders of a statement.
type Placeholders struct {
	Styles PlaceholderStyle // every style seen
	Count  int              // occurrences; $1 used twice counts twice
	Max    int              // highest ordinal of $N or ?N, 0 if none
	// Names lists the names of :name, @name and $name placeholders as
	// written, without their sigil (squirrel's :1 and @p1 give 1 and p1),
	// each once, in order of first use; names with a hole are left out.
	Names []string
	// Known reports whether Count and Max cover the whole statement: no
	// unknown fragment outside literals could add placeholders.
	Known bool
}

// Statement describes one SQL statement. Fields that do not apply to the
// verb keep their zero value or say Absent (Returning of a SELECT).
type Statement struct {
	Verb Verb
	// With reports a leading WITH clause (common table expressions).
	With bool
	// Table is the written table: the INSERT, UPDATE or DELETE target, or
	// the first table of a SELECT's FROM.
	Table Name
	// Columns are the columns an INSERT or REPLACE writes, from its column
	// list or from MySQL's INSERT ... SET.
	Columns Columns
	// Set are the columns assigned by an UPDATE, or by the update part of
	// an upsert (ON CONFLICT DO UPDATE SET, ON DUPLICATE KEY UPDATE).
	Set Columns
	// ConflictTarget holds the columns of ON CONFLICT (...): Known with
	// no Names for a clause without a target, not Known for ON CONSTRAINT,
	// an expression target or a statement without ON CONFLICT.
	// With several SQLite clauses, Set and ConflictTarget are the first's.
	ConflictTarget Columns
	// Arbiter holds the columns of the only key whose conflicts an INSERT
	// takes without an error: ConflictTarget, when the statement has one
	// ON CONFLICT clause, with a column target, no modifier that takes
	// conflicts on other keys (IGNORE, OR IGNORE, OR REPLACE) and no
	// unknown text that could add a clause. A conflict on any other key
	// fails the statement. Not Known otherwise: no target (every key),
	// ON CONSTRAINT or an expression target (columns not in the text),
	// MySQL's ON DUPLICATE KEY UPDATE (every key), several clauses.
	Arbiter Columns
	// Conflict is the conflict behaviour of an INSERT, REPLACE or UPDATE;
	// ConflictNone for SELECT, DELETE and other statements, and
	// ConflictUnknown when the verb is.
	Conflict Conflict
	// Returning tells whether the statement has RETURNING.
	Returning Presence
	// Rows is the number of rows an INSERT's VALUES list inserts; 1 for
	// INSERT ... SET and DEFAULT VALUES. Unknown for INSERT ... SELECT.
	Rows Count
	// Source tells whether an INSERT or REPLACE sends its rows or reads
	// them with a query.
	Source       Source
	Placeholders Placeholders
	// Multiple reports text after the first top-level ";": further
	// statements, which are not classified.
	Multiple bool
}

// Parse classifies the statement text s, accepting any dialect. Unknown
// fragments of s are marked with [Hole].
func Parse(s string) Statement { return AnyDialect.Parse(s) }

// ParseText classifies partly known statement text, accepting any dialect.
func ParseText(t Text) Statement { return AnyDialect.Parse(t.String()) }

// Parse classifies the statement text s with the lexical rules of d.
func (d Dialect) Parse(s string) Statement {
	toks, holes := lex(s, d)
	st := Statement{}
	st.Placeholders = placeholders(toks, holes)
	p := &parser{toks: toks, blank: blank(toks, s)}
	p.cut(&st)
	p.statement(&st)
	return st
}

// blank reports whether s is fully known and its tokens are only
// semicolons: no statement at all.
func blank(toks []token, s string) bool {
	if strings.IndexByte(s, holeByte) >= 0 {
		return false
	}
	for _, t := range toks {
		if !isPunct(t, ";") {
			return false
		}
	}
	return true
}

func placeholders(toks []token, holes int) Placeholders {
	ph := Placeholders{Known: holes == 0}
	for _, t := range toks {
		if t.kind != tParam {
			continue
		}
		ph.Styles |= t.style
		ph.Count++
		if t.ordinal > ph.Max {
			ph.Max = t.ordinal
		}
		if t.style&(Colon|At|DollarName) != 0 && !t.partial {
			if name := t.val[1:]; !slices.Contains(ph.Names, name) {
				ph.Names = append(ph.Names, name)
			}
		}
	}
	return ph
}
