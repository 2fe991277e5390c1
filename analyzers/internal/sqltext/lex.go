package sqltext

import "strings"

type tokKind uint8

const (
	tEOF    tokKind = iota
	tIdent          // unquoted word, keyword or name
	tQIdent         // quoted identifier; val has the quotes removed
	tString         // any string literal
	tNumber         // numeric literal
	tParam          // placeholder
	tPunct          // operator or punctuation; val is its text
	tHole           // an unknown fragment on its own
)

type token struct {
	kind tokKind
	val  string
	// partial reports a token that contains a hole, such as users_<hole>
	// or $<hole>, or a quoted name left unterminated.
	partial bool
	// clause reports, for a hole, that it follows a complete operand and
	// may therefore hide further clauses.
	clause bool
	// style and ordinal describe a placeholder.
	style   PlaceholderStyle
	ordinal int
	// end is the offset in the text just after the token.
	end int
	// unterminated reports a string literal or a quoted name that runs to
	// the end of the text.
	unterminated bool
}

// operand reports whether t ends an operand, so that a hole after it may be
// a trailing clause rather than an operand.
func (t token) operand() bool {
	switch t.kind {
	case tQIdent, tString, tNumber, tParam:
		return true
	case tIdent:
		return !expectsOperand[strings.ToLower(t.val)]
	case tPunct:
		return t.val == ")" || t.val == "]"
	}
	return false
}

// expectsOperand lists keywords after which a hole is an operand: a name,
// an expression or a list.
var expectsOperand = map[string]bool{
	"select": true, "insert": true, "update": true, "delete": true, "replace": true,
	"into": true, "from": true, "join": true, "on": true, "using": true, "where": true,
	"and": true, "or": true, "not": true, "set": true, "values": true, "value": true,
	"by": true, "in": true, "is": true, "like": true, "ilike": true, "between": true,
	"case": true, "when": true, "then": true, "else": true, "limit": true, "offset": true,
	"as": true, "returning": true, "having": true, "distinct": true, "union": true,
	"all": true, "exists": true, "with": true, "table": true,
	"conflict": true, "key": true, "do": true, "ignore": true, "only": true,
	"constraint": true, "row": true, "any": true, "some": true, "intersect": true,
	"except": true, "recursive": true, "materialized": true, "low_priority": true,
	"high_priority": true, "delayed": true, "quick": true,
}

// lexer splits statement text into tokens. It never fails: unterminated
// literals and comments run to the end of the text.
type lexer struct {
	src     string
	pos     int
	dialect Dialect
	toks    []token
	// codeHoles counts holes outside literals and comments.
	codeHoles int
	// versioned counts the open MySQL executable comments (/*! ... */),
	// whose text is code.
	versioned int
}

const holeByte = 0

func isIdentStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || '0' <= c && c <= '9' || c == '$'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func lex(src string, d Dialect) ([]token, int) {
	l := &lexer{src: src, dialect: d}
	for l.next() {
	}
	return l.toks, l.codeHoles
}

func (l *lexer) peekAt(i int) byte {
	if l.pos+i < len(l.src) {
		return l.src[l.pos+i]
	}
	return ' ' // blank: starts or continues nothing the lexer looks for
}

func (l *lexer) emit(t token) {
	t.end = l.pos
	if t.kind == tHole {
		l.codeHoles++
		t.clause = len(l.toks) == 0 || l.toks[len(l.toks)-1].operand()
	}
	if t.partial && strings.IndexByte(t.val, holeByte) >= 0 {
		l.codeHoles++
	}
	l.toks = append(l.toks, t)
}

// next lexes one token or skips one run of blanks or one comment. It
// returns false at the end of the text.
func (l *lexer) next() bool {
	if l.pos >= len(l.src) {
		return false
	}
	c := l.src[l.pos]
	switch {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
		l.pos++
	case c == holeByte:
		l.pos++
		if l.pos < len(l.src) && (isIdentChar(l.src[l.pos]) || l.src[l.pos] == holeByte) {
			l.word(l.pos-1, true)
			return true
		}
		l.emit(token{kind: tHole})
	case c == '-' && l.peekAt(1) == '-':
		l.lineComment()
	case c == '#' && l.dialect != Postgres:
		l.lineComment()
	case c == '/' && l.peekAt(1) == '*' && l.peekAt(2) == '!' && l.dialect != Postgres:
		// MySQL executable comment: /*!50717 IGNORE */ is code.
		l.pos += 3
		for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
			l.pos++
		}
		l.versioned++
	case c == '*' && l.peekAt(1) == '/' && l.versioned > 0:
		l.pos += 2
		l.versioned--
	case c == '/' && l.peekAt(1) == '*':
		l.blockComment()
	case c == '\'':
		l.str(l.pos, '\'', l.dialect != Postgres)
	case c == '"':
		// A name in PostgreSQL and SQLite, a string in MySQL unless
		// ANSI_QUOTES: either way, one token.
		l.quotedIdent('"', '"')
	case c == '`':
		l.quotedIdent('`', '`')
	case c == '[' && l.dialect != Postgres && l.bracketName():
		l.quotedIdent('[', ']')
	case isDigit(c) || c == '.' && isDigit(l.peekAt(1)):
		l.number()
	case c == '$':
		l.dollar()
	case c == '?':
		start := l.pos
		l.pos++
		for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
			l.pos++
		}
		t := token{kind: tParam, val: l.src[start:l.pos], style: Question}
		t.ordinal = atoi(l.src[start+1 : l.pos])
		l.emit(t)
	case c == ':' && l.peekAt(1) != ':' && (isIdentStart(l.peekAt(1)) || isDigit(l.peekAt(1)) || l.peekAt(1) == holeByte) && !l.afterColonOperand():
		l.namedParam(Colon)
	case c == '@' && (isIdentStart(l.peekAt(1)) || l.peekAt(1) == holeByte):
		l.namedParam(At)
	case isIdentStart(c):
		l.word(l.pos, false)
	default:
		l.punct()
	}
	return true
}

// afterColonOperand reports a ":" that is an array slice or similar
// (a[1:n]) rather than a :name placeholder: it directly follows a digit.
func (l *lexer) afterColonOperand() bool {
	return l.pos > 0 && isDigit(l.src[l.pos-1])
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || n > 1<<20 {
			return n
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func (l *lexer) lineComment() {
	for l.pos < len(l.src) && l.src[l.pos] != '\n' {
		l.pos++
	}
}

func (l *lexer) blockComment() {
	l.pos += 2
	depth := 1
	for l.pos < len(l.src) {
		switch {
		case l.src[l.pos] == '*' && l.peekAt(1) == '/':
			l.pos += 2
			depth--
			if depth == 0 {
				return
			}
		case l.dialect == Postgres && l.src[l.pos] == '/' && l.peekAt(1) == '*':
			l.pos += 2
			depth++
		default:
			l.pos++
		}
	}
}

// str lexes a string literal whose opening quote is at l.pos; start is where
// its prefix (E, N, X, B, U&) begins. With backslash escapes on, a string
// they would leave unterminated is read again without them.
func (l *lexer) str(start int, q byte, backslash bool) {
	open := l.pos
	end, ok := scanQuoted(l.src, open, q, q, backslash)
	if !ok && backslash {
		end, ok = scanQuoted(l.src, open, q, q, false)
	}
	l.pos = end
	val := l.src[start:end]
	l.emit(token{kind: tString, val: val, unterminated: !ok})
}

// scanQuoted returns the end of the literal opened at src[open] and whether
// it was terminated. A doubled closing quote stands for itself.
func scanQuoted(src string, open int, _, closeq byte, backslash bool) (int, bool) {
	i := open + 1
	for i < len(src) {
		c := src[i]
		switch {
		case backslash && c == '\\':
			i += 2
		case c == closeq:
			if i+1 < len(src) && src[i+1] == closeq {
				i += 2
				continue
			}
			return i + 1, true
		default:
			i++
		}
	}
	return len(src), false
}

// bracketName reports whether the "[" at l.pos opens a quoted name, as in
// SQLite and SQL Server, rather than a subscript.
func (l *lexer) bracketName() bool {
	if l.pos+1 >= len(l.src) {
		return false
	}
	if c := l.src[l.pos+1]; !isIdentStart(c) && c != ' ' && c != holeByte {
		return false
	}
	if len(l.toks) > 0 && l.toks[len(l.toks)-1].operand() {
		return false
	}
	rest := l.src[l.pos+1:]
	end := strings.IndexByte(rest, ']')
	return end > 0 && !strings.ContainsAny(rest[:end], "['\"")
}

func (l *lexer) quotedIdent(openq, closeq byte) {
	end, ok := scanQuoted(l.src, l.pos, openq, closeq, openq == '"' && l.dialect != Postgres)
	if !ok {
		end, ok = scanQuoted(l.src, l.pos, openq, closeq, false)
	}
	raw := l.src[l.pos:end]
	l.pos = end
	inner := raw[1:]
	if len(inner) > 0 && inner[len(inner)-1] == closeq {
		inner = inner[:len(inner)-1]
	}
	dbl := string([]byte{closeq, closeq})
	inner = strings.ReplaceAll(inner, dbl, dbl[:1])
	// An unterminated name is not known: it runs to the end of the text.
	t := token{kind: tQIdent, val: inner, partial: !ok || strings.IndexByte(inner, holeByte) >= 0, unterminated: !ok}
	l.emit(t)
}

func (l *lexer) number() {
	start := l.pos
	partial := false
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case isDigit(c) || c == '.' || c == '_' || isIdentStart(c) && c < 0x80:
			// Exponents and hexadecimal digits; the sign of an exponent
			// is taken below.
			if (c == 'e' || c == 'E') && l.pos+1 < len(l.src) && (l.src[l.pos+1] == '+' || l.src[l.pos+1] == '-') {
				l.pos++
			}
			l.pos++
		case c == holeByte:
			partial = true
			l.pos++
		default:
			l.emit(token{kind: tNumber, val: l.src[start:l.pos], partial: partial})
			return
		}
	}
	l.emit(token{kind: tNumber, val: l.src[start:l.pos], partial: partial})
}

// dollar lexes $1 placeholders, $name SQLite placeholders and
// $tag$...$tag$ dollar-quoted strings.
func (l *lexer) dollar() {
	start := l.pos
	i := l.pos + 1
	if i < len(l.src) && isDigit(l.src[i]) {
		for i < len(l.src) && isDigit(l.src[i]) {
			i++
		}
		partial := i < len(l.src) && l.src[i] == holeByte
		if partial {
			for i < len(l.src) && (isDigit(l.src[i]) || l.src[i] == holeByte) {
				i++
			}
		}
		l.pos = i
		l.emit(token{kind: tParam, val: l.src[start:i], style: Dollar, ordinal: atoi(l.src[start+1 : i]), partial: partial})
		return
	}
	if i < len(l.src) && l.src[i] == holeByte {
		// $%d: a numbered placeholder whose number is unknown.
		for i < len(l.src) && (isDigit(l.src[i]) || l.src[i] == holeByte) {
			i++
		}
		l.pos = i
		l.emit(token{kind: tParam, val: l.src[start:i], style: Dollar, partial: true})
		return
	}
	for i < len(l.src) && isIdentStart(l.src[i]) || i > start+1 && i < len(l.src) && isDigit(l.src[i]) {
		i++
	}
	if i < len(l.src) && l.src[i] == '$' {
		tag := l.src[start : i+1]
		body := i + 1
		end := strings.Index(l.src[body:], tag)
		if end < 0 {
			l.pos = len(l.src)
		} else {
			l.pos = body + end + len(tag)
		}
		l.emit(token{kind: tString, val: l.src[start:l.pos]})
		return
	}
	if i > start+1 {
		l.pos = i
		l.emit(token{kind: tParam, val: l.src[start:i], style: DollarName})
		return
	}
	l.pos++
	l.emit(token{kind: tPunct, val: "$"})
}

func (l *lexer) namedParam(style PlaceholderStyle) {
	start := l.pos
	i := l.pos + 1
	partial := false
	for i < len(l.src) && (isIdentChar(l.src[i]) || l.src[i] == holeByte) {
		if l.src[i] == holeByte {
			partial = true
		}
		i++
	}
	l.pos = i
	l.emit(token{kind: tParam, val: l.src[start:i], style: style, partial: partial})
}

// word lexes an identifier or keyword starting at start, or a prefixed
// string literal (E'..', N'..', X'..', B'..', U&'..'). withHole reports that
// the word begins with a hole.
func (l *lexer) word(start int, withHole bool) {
	i := l.pos
	partial := withHole
	for i < len(l.src) && (isIdentChar(l.src[i]) || l.src[i] == holeByte) {
		if l.src[i] == holeByte {
			partial = true
		}
		i++
	}
	w := l.src[start:i]
	if !partial && i < len(l.src) {
		switch {
		case l.src[i] == '\'' && len(w) == 1 && strings.ContainsAny(w, "eEnNxXbB"):
			l.pos = i
			l.str(start, '\'', w == "e" || w == "E" || l.dialect != Postgres)
			return
		case (w == "u" || w == "U") && l.src[i] == '&' && i+1 < len(l.src) && l.src[i+1] == '\'':
			l.pos = i + 1
			l.str(start, '\'', false)
			return
		case w[0] == '_' && l.src[i] == '\'' && l.dialect != Postgres:
			// MySQL charset introducer: _utf8mb4'text'.
			l.pos = i
			l.str(start, '\'', true)
			return
		}
	}
	l.pos = i
	l.emit(token{kind: tIdent, val: w, partial: partial})
}

var multiPunct = [...]string{"->>", "::", "<=", ">=", "<>", "!=", ":=", "||", "->", "=>", "@@"}

func (l *lexer) punct() {
	rest := l.src[l.pos:]
	for _, p := range multiPunct {
		if strings.HasPrefix(rest, p) {
			l.pos += len(p)
			l.emit(token{kind: tPunct, val: p})
			return
		}
	}
	l.pos++
	l.emit(token{kind: tPunct, val: rest[:1]})
}
