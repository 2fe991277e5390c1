package colmap

import "strings"

// bunTag mirrors bun's internal/tagparser.Tag, which bun does not export.
type bunTag struct {
	name    string
	options map[string][]string
}

func (t bunTag) isZero() bool { return t.name == "" && t.options == nil }

func (t bunTag) has(name string) bool {
	_, ok := t.options[name]
	return ok
}

func (t bunTag) option(name string) (string, bool) {
	if vs, ok := t.options[name]; ok {
		return vs[len(vs)-1], true
	}
	return "", false
}

// parseBunTag mirrors tagparser.Parse: `name,opt,key:value,key:"quoted"`,
// with parentheses kept inside values.
func parseBunTag(s string) bunTag {
	if s == "" {
		return bunTag{}
	}
	p := bunTagParser{s: s}
	for p.i < len(p.s) {
		p.parseKeyValue()
		if p.peek() == ',' {
			p.i++
		}
	}
	return p.tag
}

type bunTagParser struct {
	s        string
	i        int
	tag      bunTag
	seenName bool
}

func (p *bunTagParser) setName(name string) {
	if p.seenName {
		p.addOption(name, "")
		return
	}
	p.seenName = true
	p.tag.name = name
}

func (p *bunTagParser) addOption(key, value string) {
	p.seenName = true
	if key == "" {
		return
	}
	if p.tag.options == nil {
		p.tag.options = make(map[string][]string)
	}
	p.tag.options[key] = append(p.tag.options[key], value)
}

func (p *bunTagParser) parseKeyValue() {
	start := p.i
	for p.i < len(p.s) {
		switch c := p.read(); c {
		case ',':
			p.setName(p.s[start : p.i-1])
			return
		case ':':
			key := p.s[start : p.i-1]
			p.addOption(key, p.parseValue())
			return
		case '"':
			p.setName(p.parseQuotedValue())
			return
		}
	}
	p.setName(p.s[start:p.i])
}

func (p *bunTagParser) parseValue() string {
	start := p.i
	for p.i < len(p.s) {
		switch c := p.read(); c {
		case '"':
			return p.parseQuotedValue()
		case ',':
			return p.s[start : p.i-1]
		case '(':
			p.skipPairs('(', ')')
		}
	}
	if p.i == start {
		return ""
	}
	return p.s[start:p.i]
}

func (p *bunTagParser) parseQuotedValue() string {
	// bun reads p.s[p.i+i-1], which is out of range when the quote is
	// the next byte and p.i is 0; guard it rather than panic.
	if i := strings.IndexByte(p.s[p.i:], '"'); i >= 0 && (p.i+i == 0 || p.s[p.i+i-1] != '\\') {
		s := p.s[p.i : p.i+i]
		p.i += i + 1
		return s
	}
	var b []byte
	for p.i < len(p.s) {
		switch c := p.read(); c {
		case '\\':
			b = append(b, p.read())
		case '"':
			return string(b)
		default:
			b = append(b, c)
		}
	}
	return ""
}

func (p *bunTagParser) skipPairs(start, end byte) {
	lvl := 0
	for p.i < len(p.s) {
		switch c := p.read(); c {
		case '"':
			_ = p.parseQuotedValue()
		case start:
			lvl++
		case end:
			if lvl == 0 {
				return
			}
			lvl--
		}
	}
}

func (p *bunTagParser) read() byte {
	if p.i >= len(p.s) {
		return 0
	}
	c := p.s[p.i]
	p.i++
	return c
}

func (p *bunTagParser) peek() byte {
	if p.i >= len(p.s) {
		return 0
	}
	return p.s[p.i]
}
