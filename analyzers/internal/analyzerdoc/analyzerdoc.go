// Package analyzerdoc extracts an Analyzer's Doc from the package comment
// of its doc.go, so that godoc, Analyzer.Doc and `bulklint help NAME` share
// one text.
//
// It follows the convention of golang.org/x/tools/go/analysis/passes (whose
// own helper is internal there): the comment has a "# Analyzer NAME"
// heading, followed by a line "NAME: title" and the body.
package analyzerdoc

import (
	"fmt"
	"strings"
)

// Extract returns the Doc of the analyzer called name from the source of a
// doc.go file: the title (without "NAME: ") on the first line, then the
// text below it. It panics if the heading is missing: that is a mistake in
// bulklint's own source, caught by every test of the analyzer.
func Extract(src, name string) string {
	var lines []string
	for _, line := range strings.Split(src, "\n") {
		if !strings.HasPrefix(line, "//") {
			break
		}
		line = strings.TrimPrefix(line, "//")
		line = strings.TrimPrefix(line, " ")
		lines = append(lines, line)
	}
	text := strings.Join(lines, "\n")
	heading := "# Analyzer " + name + "\n\n"
	i := strings.Index(text, heading)
	if i < 0 {
		panic(fmt.Sprintf("analyzerdoc: doc.go of %s has no %q heading", name, strings.TrimSpace(heading)))
	}
	text = text[i+len(heading):]
	text = strings.TrimPrefix(text, name+": ")
	return strings.TrimSpace(text)
}
