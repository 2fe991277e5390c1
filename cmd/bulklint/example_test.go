package main_test

import (
	"encoding/json"
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// TestExampleApplication runs the first command of README.md, the
// standalone binary on examples/..., with -json, and checks that each
// analyzer reports the mistake planted for it, and nothing else.
func TestExampleApplication(t *testing.T) {
	bin := build(t)
	cmd := exec.Command(bin, "-json", "./examples/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bulklint -json ./examples/...: %v\n%s", err, out)
	}
	// -json prints {"pkg": {"analyzer": [diagnostics]}}, or an error object.
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(out, &tree); err != nil {
		t.Fatalf("decoding -json output: %v\n%s", err, out)
	}
	var got []string
	for pkg, byAnalyzer := range tree {
		for name, raw := range byAnalyzer {
			var diags []struct {
				Posn     string `json:"posn"`
				Category string `json:"category"`
				Message  string `json:"message"`
			}
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Fatalf("%s %s: %v: %s", pkg, name, err, raw)
			}
			for _, d := range diags {
				file := d.Posn[strings.LastIndex(d.Posn, "examples/"):]
				file = file[:strings.Index(file, ":")]
				got = append(got, name+" "+d.Category+" "+file)
			}
		}
	}
	sort.Strings(got)
	want := []string{
		"missingfields update-misses-fields examples/shop/store/store.go",
		"nplusone query-in-loop examples/shop/store/store.go",
		"nplusone query-per-row examples/shop/report/report.go",
		"silentconflict conflict-error-ignored examples/shop/store/store.go",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings on examples/...:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
