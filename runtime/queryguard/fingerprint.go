package queryguard

import "strings"

// Fingerprint returns the shape of a SQL statement: the statement with
// every literal and placeholder ($1, ?, ?1, :name, @p1) replaced by ?,
// comments and layout dropped, ASCII letters lowercased, identifier quotes
// ("x", `x`) removed, and lists of values collapsed to (...): IN (...),
// VALUES (...), ANY(...) and ARRAY[...], whatever their length. Statements
// that differ only in their values, their lists' lengths, their dialect's
// placeholders or their layout have the same fingerprint:
//
//	SELECT * FROM "users" WHERE "users"."id" IN ($1,$2,$3)
//	select * from `users` where `users`.`id` in (?, ?)
//	// both: select * from users where users.id in (...)
//
// The tokenizer is tolerant: any input, SQL or not, gives a fingerprint
// (unterminated strings and comments run to the end; unbalanced
// parentheses are kept as they are), and Fingerprint of a fingerprint is
// itself.
func Fingerprint(query string) string {
	toks := tokenize(query)
	out, _, _ := collapse(toks, 0, "")
	return render(out)
}

type kind uint8

const (
	kWord  kind = iota // identifier or keyword, lowercased, unquoted
	kValue             // a literal or a placeholder: "?"
	kList              // a collapsed list: "..."
	kPunct             // operator or other punctuation
	kOpen              // "(" or "["
	kClose             // ")" or "]"
	kComma
)

type tok struct {
	k kind
	s string
}

var (
	valueTok = tok{kValue, "?"}
	listTok  = tok{kList, "..."}
	commaTok = tok{kComma, ","}
)

// signKeywords are the words after which "-1" is a negative number, not a
// subtraction.
var signKeywords = map[string]bool{
	"select": true, "where": true, "and": true, "or": true, "not": true, "then": true, "else": true,
	"when": true, "limit": true, "offset": true, "values": true, "by": true, "in": true, "set": true,
	"return": true, "returning": true, "between": true, "like": true, "is": true, "case": true,
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isIdent(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isOperator(c byte) bool { return strings.IndexByte("<>=!~*/%^&|#+-", c) >= 0 }

// tokenize splits s into tokens. It never fails: every byte ends up in a
// token or is skipped as layout or comment.
func tokenize(s string) []tok {
	toks := make([]tok, 0, len(s)/4+1)
	signAllowed := func() bool {
		if len(toks) == 0 {
			return true
		}
		switch last := toks[len(toks)-1]; last.k {
		case kPunct, kOpen, kComma:
			return true
		case kWord:
			return signKeywords[last.s]
		}
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return toks
			}
			i += j + 1
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			j := strings.Index(s[i+2:], "*/")
			if j < 0 {
				return toks
			}
			i += 2 + j + 2
		case c == '\'':
			i = skipQuoted(s, i+1, '\'', true)
			toks = append(toks, valueTok)
		case c == '"' || c == '`':
			j := skipQuoted(s, i+1, c, false)
			end := j
			if end > i+1 && s[end-1] == c {
				end--
			}
			toks = append(toks, quotedName(s[i+1:end], c))
			i = j
		case c == '$' && i+1 < len(s) && isDigit(s[i+1]):
			i += 2
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			toks = append(toks, valueTok)
		case c == '$':
			// A dollar-quoted string: $$...$$ or $tag$...$tag$.
			j := i + 1
			for j < len(s) && isIdent(s[j]) && s[j] != '$' {
				j++
			}
			if j < len(s) && s[j] == '$' {
				tag := s[i : j+1]
				end := strings.Index(s[j+1:], tag)
				if end < 0 {
					i = len(s)
				} else {
					i = j + 1 + end + len(tag)
				}
				toks = append(toks, valueTok)
				continue
			}
			toks = append(toks, tok{kPunct, "$"})
			i++
		case c == '?':
			i++
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			toks = append(toks, valueTok)
		case c == ':' && i+1 < len(s) && s[i+1] == ':':
			toks = append(toks, tok{kPunct, "::"})
			i += 2
		case (c == ':' || c == '@') && i+1 < len(s) && (isIdentStart(s[i+1]) || isDigit(s[i+1])):
			i++
			for i < len(s) && (isIdent(s[i]) || s[i] == '.') {
				i++
			}
			toks = append(toks, valueTok)
		case isDigit(c) || c == '.' && i+1 < len(s) && isDigit(s[i+1]):
			i = skipNumber(s, i)
			toks = append(toks, valueTok)
		case (c == '-' || c == '+') && i+1 < len(s) && (isDigit(s[i+1]) || s[i+1] == '.' && i+2 < len(s) && isDigit(s[i+2])) && signAllowed():
			i = skipNumber(s, i+1)
			toks = append(toks, valueTok)
		case (c == 'e' || c == 'E' || c == 'x' || c == 'X' || c == 'b' || c == 'B' || c == 'n' || c == 'N') && i+1 < len(s) && s[i+1] == '\'':
			// E'...', X'...', B'...', N'...': prefixed string literals.
			i = skipQuoted(s, i+2, '\'', true)
			toks = append(toks, valueTok)
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && isIdent(s[j]) {
				j++
			}
			toks = append(toks, tok{kWord, lower(s[i:j])})
			i = j
		case c == '(' || c == '[':
			toks = append(toks, tok{kOpen, s[i : i+1]})
			i++
		case c == ')' || c == ']':
			toks = append(toks, tok{kClose, s[i : i+1]})
			i++
		case c == ',':
			toks = append(toks, commaTok)
			i++
		case c == '.' && strings.HasPrefix(s[i:], "..."):
			toks = append(toks, listTok)
			i += 3
		case isOperator(c):
			j := i + 1
			for j < len(s) && isOperator(s[j]) &&
				!(s[j] == '-' && j+1 < len(s) && s[j+1] == '-') &&
				!(s[j] == '/' && j+1 < len(s) && s[j+1] == '*') &&
				!((s[j] == '-' || s[j] == '+') && j+1 < len(s) && (isDigit(s[j+1]) || s[j+1] == '.')) {
				j++
			}
			toks = append(toks, tok{kPunct, s[i:j]})
			i = j
		default:
			// ; . and anything else: one byte of punctuation. A byte of a
			// multi-byte rune is never here: those start identifiers.
			toks = append(toks, tok{kPunct, s[i : i+1]})
			i++
		}
	}
	return toks
}

// quotedName is the word of a quoted identifier: bare when it is a plain
// name ("users" is users), else quoted again, so that the fingerprint of a
// fingerprint is itself.
func quotedName(name string, q byte) tok {
	plain := name != "" && !isDigit(name[0])
	for i := 0; plain && i < len(name); i++ {
		plain = isIdent(name[i]) && name[i] != '$'
	}
	if plain {
		return tok{kWord, lower(name)}
	}
	return tok{kWord, string(q) + lower(name) + string(q)}
}

// skipQuoted returns the index after the quote that closes a quoted text
// starting at i (after the opening quote); a doubled quote stands for
// one, and so does a backslash-escaped one when backslash is set. An
// unterminated text runs to the end: len(s).
func skipQuoted(s string, i int, q byte, backslash bool) int {
	for i < len(s) {
		switch s[i] {
		case '\\':
			if backslash {
				i += 2
				continue
			}
		case q:
			if i+1 < len(s) && s[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return len(s)
}

// skipNumber returns the index after the number at s[i]: digits, a
// fraction, an exponent, or a hex, octal or binary literal.
func skipNumber(s string, i int) int {
	for i < len(s) {
		c := s[i]
		switch {
		case isDigit(c) || c == '.' || c == '_' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == 'x' || c == 'X' || c == 'o' || c == 'O':
			i++
		case (c == '+' || c == '-') && (s[i-1] == 'e' || s[i-1] == 'E'):
			i++
		default:
			return i
		}
	}
	return i
}

// lower lowercases ASCII letters only, so that the fingerprint of a
// fingerprint is itself whatever the text holds.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func closer(open string) string {
	if open == "[" {
		return "]"
	}
	return ")"
}

// collapse copies toks from i until the close token end (or the end of
// toks when end is ""), replacing each group of values with (...) and the
// rows after VALUES with nothing. It returns the tokens, the index after
// the close token, and whether it was found.
func collapse(toks []tok, i int, end string) ([]tok, int, bool) {
	var out []tok
	for i < len(toks) {
		t := toks[i]
		switch {
		case t.k == kClose && t.s == end:
			return out, i + 1, true
		case t.k == kOpen:
			values := len(out) > 0 && out[len(out)-1].k == kWord && out[len(out)-1].s == "values"
			var g []tok
			g, i = group(toks, i)
			if !values {
				out = append(out, g...)
				continue
			}
			// VALUES (row), (row), ...: one row stands for all.
			out = append(out, g...)
			simple, more := isList(g), false
			for i+1 < len(toks) && toks[i].k == kComma && (toks[i+1].k == kOpen || toks[i+1].k == kList) {
				more = true
				if toks[i+1].k == kList {
					simple = false // an earlier fingerprint's "(?, f()), ..."
					i += 2
					continue
				}
				var row []tok
				row, i = group(toks, i+1)
				simple = simple && isList(row)
			}
			if more && !simple {
				out = append(out, commaTok, listTok)
			}
		default:
			out = append(out, t)
			i++
		}
	}
	return out, i, false
}

// group returns the group that opens at toks[i], collapsed, and the index
// after it.
func group(toks []tok, i int) ([]tok, int) {
	open := toks[i]
	inner, next, closed := collapse(toks, i+1, closer(open.s))
	if closed && valueList(inner) {
		return []tok{open, listTok, {kClose, closer(open.s)}}, next
	}
	g := append([]tok{open}, inner...)
	if closed {
		g = append(g, tok{kClose, closer(open.s)})
	}
	return g, next
}

// isList reports whether g is a collapsed group: ( ... ).
func isList(g []tok) bool { return len(g) == 3 && g[1].k == kList }

// valueList reports whether inner, the collapsed content of a group, is a
// comma-separated list of values: literals, placeholders, collapsed
// groups, ARRAY[...], each possibly cast (::type, ::type[]).
func valueList(inner []tok) bool {
	if len(inner) == 0 {
		return false
	}
	for i := 0; ; {
		switch {
		case i < len(inner) && (inner[i].k == kValue || inner[i].k == kList):
			i++
		case i+3 < len(inner) && inner[i].k == kWord && inner[i].s == "array" && inner[i+1].k == kOpen && inner[i+2].k == kList:
			i += 4
		case i+2 < len(inner) && inner[i].k == kOpen && inner[i+1].k == kList:
			i += 3
		default:
			return false
		}
		// Casts: ::type, ::type[].
		for i+1 < len(inner) && inner[i].k == kPunct && inner[i].s == "::" && inner[i+1].k == kWord {
			i += 2
			for i+1 < len(inner) && inner[i].k == kOpen && inner[i].s == "[" && inner[i+1].k == kClose {
				i += 2
			}
		}
		if i == len(inner) {
			return true
		}
		if inner[i].k != kComma {
			return false
		}
		i++
	}
}

// render joins tokens with single spaces, except inside and before
// brackets, around dots and casts, and before commas.
func render(toks []tok) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && space(toks[i-1], t) {
			b.WriteByte(' ')
		}
		b.WriteString(t.s)
	}
	return b.String()
}

func space(prev, t tok) bool {
	switch {
	case prev.k == kPunct && prev.s == ".":
		return !(t.k == kWord || t.k == kValue || t.k == kPunct && t.s == "*")
	case prev.k == kPunct && prev.s == "::":
		return t.k != kWord
	case t.k == kPunct && (t.s == "." || t.s == "::"):
		return !(prev.k == kWord || prev.k == kValue || prev.k == kClose)
	case prev.k == kPunct && t.k == kPunct:
		// Two operators apart: ": ::" must not read back as ":::".
		return true
	case prev.k == kOpen:
		return false
	case t.k == kClose, t.k == kComma, t.k == kPunct && t.s == ";":
		return false
	case t.k == kOpen:
		// f(x), t(a, b), a[1]: no space after a name or a bracket.
		return !(prev.k == kWord && !signKeywords[prev.s] && prev.s != "from" && prev.s != "join" || prev.k == kClose)
	}
	return true
}
