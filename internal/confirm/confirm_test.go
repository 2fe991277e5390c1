package confirm

import (
	"strings"
	"testing"

	"github.com/bulklint/bulklint/internal/findings"
	"github.com/bulklint/bulklint/internal/observation"
)

func TestApply(t *testing.T) {
	root := "/repo"
	pos := func(line int) findings.Position {
		return findings.Position{Filename: "/repo/app/app.go", Path: "app/app.go", Line: line, Col: 3}
	}
	fs := []findings.Finding{
		{Analyzer: "nplusone", Category: "query-in-loop", Package: "example.com/app", Pos: pos(10), End: pos(11), Message: "query in loop: a"},
		{Analyzer: "nplusone", Category: "query-in-loop", Package: "example.com/app", Pos: pos(20), End: pos(20), Message: "query in loop: b"},
		{Analyzer: "silentconflict", Package: "example.com/app", Pos: pos(30), End: pos(30), Message: "ignored conflict"},
	}
	frame := func(file string, line int) observation.Frame {
		return observation.Frame{Func: "example.com/app.F", Package: "example.com/app", File: file, Line: line}
	}
	files := []observation.File{
		{Version: 1, Scope: "TestA", NPlusOne: []observation.Group{
			// Through line 11 of the first finding's call, recorded in
			// another checkout.
			{Fingerprint: "select ?", Query: "SELECT 1", Count: 4, LoopAt: 1,
				Stack: []observation.Frame{frame("/ci/work/store/store.go", 5), frame("/ci/work/app/app.go", 11)}},
			// Line 30 holds a finding of another analyzer only.
			{Fingerprint: "select * from t where id = ?", Query: "SELECT * FROM t WHERE id = $1", Count: 3, LoopAt: 0,
				Loop: &observation.Frame{File: "/repo/app/app.go", Line: 29}, Stack: []observation.Frame{frame("/repo/app/app.go", 30)}},
		}},
		{Version: 1, Scope: "TestB", NPlusOne: []observation.Group{
			{Fingerprint: "select ?", Query: "SELECT 1", Count: 7, LoopAt: -1,
				Stack: []observation.Frame{frame("/repo/app/app.go", 10)}},
		}},
	}
	out := Apply(fs, files, root)
	if len(out) != 4 {
		t.Fatalf("want 3 findings and 1 runtime-only, got %d: %+v", len(out), out)
	}
	if c := out[0].Confirmed; c == nil || c.Count != 7 || strings.Join(c.Scopes, ",") != "TestA,TestB" {
		t.Errorf("first finding: confirmed %+v, want 7 runs in TestA and TestB", c)
	}
	// Sorted by position: the runtime-only finding, at column 1 of line
	// 30, comes before silentconflict's.
	if out[1].Confirmed != nil || out[3].Analyzer != "silentconflict" || out[3].Confirmed != nil {
		t.Errorf("unobserved findings confirmed: %+v, %+v", out[1], out[3])
	}
	rt := out[2]
	if rt.Analyzer != "queryguard" || rt.Category != Category || rt.Pos.Line != 30 || rt.Pos.Path != "app/app.go" ||
		rt.Confirmed == nil || rt.Confirmed.Count != 3 || rt.Fingerprint == "" ||
		!strings.Contains(rt.Message, "SELECT * FROM t WHERE id = $1 runs once per element (loop at line 29); load them at once with bulk.Load") {
		t.Errorf("runtime-only finding: %+v", rt)
	}
}
