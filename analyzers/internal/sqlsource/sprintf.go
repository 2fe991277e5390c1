package sqlsource

import (
	"go/ast"
	"go/constant"
	"strings"

	"github.com/bulklint/bulklint/analyzers/internal/sqltext"
)

// sprintf returns the text of a fmt.Sprintf call. Each verb becomes a hole,
// except plain %s and %v of a string argument (its text) and %d of a
// constant integer.
func (s *Source) sprintf(call *ast.CallExpr, depth int) sqltext.Text {
	format := s.text(call.Args[0], depth)
	args := call.Args[1:]
	if call.Ellipsis.IsValid() {
		args = nil
	}
	return expand(format, func(i int, verb byte) sqltext.Text {
		if i >= len(args) {
			return sqltext.Unknown()
		}
		return s.verbText(args[i], verb, depth)
	})
}

// expand returns the text a format produces, %% being a percent sign and
// each verb the text arg returns for it. arg is only asked about plain
// verbs (no flags, width, precision or argument index) while every earlier
// verb consumed exactly one argument; other verbs are holes.
func expand(format sqltext.Text, arg func(i int, verb byte) sqltext.Text) sqltext.Text {
	argi := 0
	inOrder := true
	var out []sqltext.Text
	for _, seg := range format {
		if !seg.Known {
			// An unknown piece of format may hold verbs.
			inOrder = false
			out = append(out, sqltext.Unknown())
			continue
		}
		f := seg.Text
		for {
			i := strings.IndexByte(f, '%')
			if i < 0 {
				out = append(out, sqltext.Known(f))
				break
			}
			out = append(out, sqltext.Known(f[:i]))
			n, verb, plain, explicit := scanVerb(f[i+1:])
			f = f[i+1+n:]
			if verb == '%' && plain {
				out = append(out, sqltext.Known("%"))
				continue
			}
			if explicit {
				inOrder = false
			}
			if inOrder && plain && verb != 0 {
				out = append(out, arg(argi, verb))
			} else {
				out = append(out, sqltext.Unknown())
			}
			argi++
			if verb == 0 {
				break
			}
		}
	}
	return sqltext.Join(out...)
}

// scanVerb reads the verb after a "%" in f and returns its length, the verb
// byte (0 if f ends first), whether it had no flags, width or precision,
// and whether it used an explicit argument index or "*".
func scanVerb(f string) (n int, verb byte, plain, explicit bool) {
	plain = true
	for n < len(f) {
		c := f[n]
		n++
		switch {
		case c == '[' || c == '*':
			explicit = true
			plain = false
		case strings.IndexByte("+-# 0123456789.]", c) >= 0:
			plain = false
		default:
			return n, c, plain, explicit
		}
	}
	return n, 0, plain, explicit
}

func (s *Source) verbText(arg ast.Expr, verb byte, depth int) sqltext.Text {
	switch verb {
	case 's', 'v':
		if t := s.info.TypeOf(arg); t != nil && isString(t) {
			return s.text(arg, depth)
		}
	case 'd':
		if tv, ok := s.info.Types[arg]; ok && tv.Value != nil && tv.Value.Kind() == constant.Int {
			return sqltext.Known(tv.Value.ExactString())
		}
	}
	return sqltext.Unknown()
}
