package analyzerdoc

import "testing"

func TestExtract(t *testing.T) {
	src := `// Package x defines an Analyzer.
//
// # Analyzer x
//
// x: report things
//
// Body text.
//
//	code
package x
`
	got := Extract(src, "x")
	want := "report things\n\nBody text.\n\n\tcode"
	if got != want {
		t.Errorf("Extract = %q, want %q", got, want)
	}
}

func TestExtractMissingHeading(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Extract without heading did not panic")
		}
	}()
	Extract("// Package x.\npackage x\n", "x")
}
