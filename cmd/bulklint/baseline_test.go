package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// archiveGo adds a second query per element, in a new function.
const archiveGo = `
// Archive marks users archived one query per id.
func Archive(ctx context.Context, db *sql.DB, ids []int64) error {
	for _, id := range ids {
		if _, err := db.ExecContext(ctx, "UPDATE users SET archived = true WHERE id = $1", id); err != nil {
			return err
		}
	}
	return nil
}
`

// findingLines returns the lines of text output that start a finding (not
// the tab-indented related positions).
func findingLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l != "" && !strings.Contains(l, ": \t") {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestBaseline adopts bulklint on a module with one finding: the baseline
// records it, edits that move it are still covered, a new query per
// element is the only finding reported.
func TestBaseline(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, map[string]string{"store/store.go": storeGo})
	base := filepath.Join(dir, ".bulklint-baseline.json")

	out, stderr, code := runBulklint(t, bin, dir, "-baseline=.bulklint-baseline.json", "./...")
	if code != 0 || out != "" || !strings.Contains(stderr, "recorded 1 finding(s) in baseline .bulklint-baseline.json") {
		t.Fatalf("first run: exit %d, stdout %q, stderr %q; want 0, nothing, 1 recorded", code, out, stderr)
	}
	first, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Version  int
		Findings []struct{ Analyzer, Category, File, Function, Message, Fingerprint string }
	}
	if err := json.Unmarshal(first, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Findings) != 1 {
		t.Fatalf("baseline holds %d findings, want 1:\n%s", len(file.Findings), first)
	}
	e := file.Findings[0]
	if e.Analyzer != "nplusone" || e.Category != "query-in-loop" || e.File != "store/store.go" || e.Function != "Purge" ||
		!strings.Contains(e.Message, "(loop at line N)") || len(e.Fingerprint) != 32 {
		t.Errorf("baseline entry = %+v", e)
	}

	// The baseline covers the finding, also after lines are added above
	// it; the file is left alone.
	src := strings.Replace(storeGo, "// Purge deletes", "// Added comment.\n\n// Purge deletes", 1)
	src = strings.Replace(src, "import (\n", "import (\n\t\"errors\"\n", 1) + "\nvar errNone = errors.New(\"none\")\n"
	writeSource(t, filepath.Join(dir, "store", "store.go"), src)
	out, stderr, code = runBulklint(t, bin, dir, "-baseline=.bulklint-baseline.json", "./...")
	if code != 0 || out != "" {
		t.Errorf("after lines moved: exit %d, output:\n%s\nstderr: %s\nwant exit 0 and nothing", code, out, stderr)
	}
	if again, _ := os.ReadFile(base); string(again) != string(first) {
		t.Errorf("baseline rewritten by a run without -baseline-update")
	}

	// A new query per element is reported, alone.
	writeSource(t, filepath.Join(dir, "store", "store.go"), src+archiveGo)
	out, stderr, code = runBulklint(t, bin, dir, "-baseline=.bulklint-baseline.json", "./...")
	lines := findingLines(out)
	if code != 3 || len(lines) != 1 || !strings.Contains(lines[0], "query in loop") || !strings.Contains(lines[0], "once per element of ids") {
		t.Fatalf("new query: exit %d, findings %q\nstderr: %s\nwant exit 3 and one query in loop", code, lines, stderr)
	}
	archiveLine := 1 + strings.Count((src + archiveGo)[:strings.Index(src+archiveGo, `"UPDATE users`)], "\n")
	if !strings.HasPrefix(lines[0], "store/store.go:"+strconv.Itoa(archiveLine)+":") {
		t.Errorf("new finding %q, want it at store/store.go:%d (Archive)", lines[0], archiveLine)
	}
	if !strings.Contains(stderr, "1 finding(s) covered by baseline") {
		t.Errorf("stderr %q does not say how many the baseline covered", stderr)
	}

	// Baselines combine with -format.
	out, _, code = runBulklint(t, bin, dir, "-baseline=.bulklint-baseline.json", "-format=sarif", "./...")
	if code != 3 || strings.Count(out, `"ruleId": "nplusone/query-in-loop"`) != 1 {
		t.Errorf("-format=sarif with a baseline: exit %d, want 3 and one result:\n%s", code, out)
	}

	// -baseline-update accepts both; then the run is clean.
	_, stderr, code = runBulklint(t, bin, dir, "-baseline=.bulklint-baseline.json", "-baseline-update", "./...")
	if code != 0 || !strings.Contains(stderr, "recorded 2 finding(s)") {
		t.Errorf("-baseline-update: exit %d, stderr %q", code, stderr)
	}
	if out, _, code = runBulklint(t, bin, dir, "-baseline=.bulklint-baseline.json", "./..."); code != 0 || out != "" {
		t.Errorf("after -baseline-update: exit %d, output %q", code, out)
	}

	// A malformed baseline is an error that names the file.
	writeSource(t, base, "{\"version\": 1, \"findings\": [\n")
	_, stderr, code = runBulklint(t, bin, dir, "-baseline=.bulklint-baseline.json", "./...")
	if code != 1 || !strings.Contains(stderr, "baseline .bulklint-baseline.json") || !strings.Contains(stderr, "not a baseline file") {
		t.Errorf("malformed baseline: exit %d, stderr %q; want 1 and the file named", code, stderr)
	}
}
