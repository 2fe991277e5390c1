package sqltext

import (
	"strings"
)

// Words returns the unquoted words of t (keywords and names), upper-cased,
// in order, outside literals, quoted names and comments; words with a hole
// in them are left out. Analyzers choose the words of a message with it
// (INSERT IGNORE or INSERT OR IGNORE, ON CONFLICT or ON DUPLICATE KEY) once
// [Parse] has classified the statement.
func Words(t Text) []string {
	toks, _ := lex(t.String(), AnyDialect)
	var out []string
	for _, tok := range toks {
		if tok.kind == tIdent && !tok.partial {
			out = append(out, strings.ToUpper(tok.val))
		}
	}
	return out
}

// SetListEnd returns the offset in s just after the last assignment of the
// SET list of an UPDATE statement: before a FROM, WHERE, RETURNING, ORDER
// or LIMIT outside parentheses, or at the end of the statement. ok is false
// when s has no SET list, has a comment, an unterminated literal or a
// second statement, or holds a hole. A fix that adds assignments inserts
// them there.
func SetListEnd(s string) (off int, ok bool) {
	if strings.Contains(s, "--") || strings.Contains(s, "/*") || strings.Contains(s, "#") || strings.Contains(s, Hole) {
		return 0, false
	}
	toks, _ := lex(s, AnyDialect)
	depth, inSet, lastEnd := 0, false, -1
	for i, t := range toks {
		if t.unterminated {
			return 0, false
		}
		switch {
		case t.kind == tPunct && t.val == "(":
			depth++
			continue // the end of a call's name stays the end
		case t.kind == tPunct && t.val == ")":
			depth--
		case t.kind == tPunct && t.val == ";":
			if i != len(toks)-1 || !inSet {
				return 0, false
			}
			return lastEnd, lastEnd > 0
		case t.kind == tIdent && depth == 0:
			switch strings.ToUpper(t.val) {
			case "SET":
				if inSet {
					return 0, false
				}
				inSet = true
			case "FROM", "WHERE", "RETURNING", "ORDER", "LIMIT":
				if inSet {
					return lastEnd, lastEnd > 0
				}
			}
		}
		lastEnd = t.end
	}
	if !inSet {
		return 0, false
	}
	return lastEnd, lastEnd > 0
}
