package sqltext

import "strings"

// KeyedRead is a SELECT that reads one row by one key column, nothing else:
//
//	SELECT a, b, c FROM t [alias] WHERE k = $1 [LIMIT 1]
//
// the shape a loop of single-row reads has, and the one a load of many keys
// at once replaces.
type KeyedRead struct {
	Columns []string // the selected columns, unqualified, as written
	Table   Name
	Key     string // the key column of the WHERE clause
}

// ParseKeyedRead recognises a KeyedRead in fully known text s. Anything
// more (a second condition, a join, an expression or * in the select list,
// ORDER BY, a column alias, a comment, a second statement, a hole) is not
// one: ok is false.
func ParseKeyedRead(s string) (kr KeyedRead, ok bool) {
	if strings.Contains(s, Hole) {
		return KeyedRead{}, false
	}
	toks, holes := lex(s, AnyDialect)
	if holes != 0 {
		return KeyedRead{}, false
	}
	p := &parser{toks: toks}
	if !p.acceptKw("select") {
		return KeyedRead{}, false
	}
	var qual []string // qualifiers used in the select list
	name := func() (q, n string, ok bool) {
		t := p.peek()
		if !isName(t) || t.partial || t.unterminated || t.kind == tIdent && keyword[strings.ToLower(t.val)] {
			return "", "", false
		}
		p.advance()
		if !isPunct(p.peek(), ".") {
			return "", t.val, true
		}
		p.advance()
		u := p.peek()
		if !isName(u) || u.partial || u.unterminated {
			return "", "", false
		}
		p.advance()
		return t.val, u.val, true
	}
	for {
		q, n, ok := name()
		if !ok {
			return KeyedRead{}, false
		}
		if q != "" {
			qual = append(qual, q)
		}
		kr.Columns = append(kr.Columns, n)
		if !isPunct(p.peek(), ",") {
			break
		}
		p.advance()
	}
	if !p.acceptKw("from") {
		return KeyedRead{}, false
	}
	kr.Table = p.tableName()
	if !kr.Table.Known {
		return KeyedRead{}, false
	}
	kr.Table.Alias = p.alias()
	if !p.acceptKw("where") {
		return KeyedRead{}, false
	}
	q, key, ok := name()
	if !ok || !isPunct(p.peek(), "=") {
		return KeyedRead{}, false
	}
	p.advance()
	if t := p.peek(); t.kind != tParam || t.partial {
		return KeyedRead{}, false
	}
	p.advance()
	if q != "" {
		qual = append(qual, q)
	}
	kr.Key = key
	if p.acceptKw("limit") {
		if t := p.peek(); t.kind != tNumber || t.val != "1" {
			return KeyedRead{}, false
		}
		p.advance()
	}
	if isPunct(p.peek(), ";") {
		p.advance()
	}
	if p.peek().kind != tEOF {
		return KeyedRead{}, false
	}
	for _, q := range qual {
		if !strings.EqualFold(q, kr.Table.Name) && !strings.EqualFold(q, kr.Table.Alias) {
			return KeyedRead{}, false
		}
	}
	return kr, true
}

// keyword holds the words that end a select list or a condition rather
// than name a column.
var keyword = map[string]bool{
	"select": true, "from": true, "where": true, "and": true, "or": true,
	"not": true, "distinct": true, "all": true, "as": true, "limit": true,
	"order": true, "group": true, "having": true, "join": true, "union": true,
	"case": true, "null": true, "exists": true, "in": true, "is": true,
}
