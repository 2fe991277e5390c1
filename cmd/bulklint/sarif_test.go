package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// storeGo queries once per id, on a line that holds non-ASCII text before
// the query, so that UTF-16 and byte columns differ.
const storeGo = `// Package store deletes users one by one.
package store

import (
	"context"
	"database/sql"
)

// Purge deletes users one query per id.
func Purge(ctx context.Context, db *sql.DB, ids []int64) error {
	for _, id := range ids {
		/* é🙂 */ if _, err := db.ExecContext(ctx, "DELETE FROM users WHERE id = $1", id); err != nil {
			return err
		}
	}
	return nil
}
`

// storeTestGo queries per id in a test file: nplusone reports it only with
// -nplusone.tests.
const storeTestGo = `package store

import (
	"context"
	"database/sql"
	"testing"
)

func seed(t *testing.T, db *sql.DB, ids []int64) {
	for _, id := range ids {
		if _, err := db.ExecContext(context.Background(), "INSERT INTO users (id) VALUES ($1)", id); err != nil {
			t.Fatal(err)
		}
	}
}
`

// writeModule writes files (slash-separated paths to contents) into a new
// temporary directory that holds module example.com/app, which imports the
// standard library only, so that loading it needs no network.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/app\n\ngo 1.26\n"
	for name, content := range files {
		writeSource(t, filepath.Join(dir, filepath.FromSlash(name)), content)
	}
	return dir
}

func writeSource(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runBulklint runs bin with args in dir and returns its output and exit code.
func runBulklint(t *testing.T, bin, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s %q: %v", bin, args, err)
	}
	return out.String(), errOut.String(), code
}

// sarifLog is the part of a SARIF log the tests read.
type sarifLog struct {
	Runs []struct {
		OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
		Tool               struct {
			Driver struct{ Rules []struct{ ID string } }
		}
		Results []struct {
			RuleID              string
			RuleIndex           int
			Level               string
			Properties          map[string]any
			Message             struct{ Text string }
			PartialFingerprints map[string]string
			Locations           []sarifLocation
			RelatedLocations    []sarifLocation
		}
	}
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI       string
			URIBaseID string `json:"uriBaseId"`
		}
		Region struct{ StartLine, StartColumn, EndLine, EndColumn int }
	}
	Message struct{ Text string }
}

// sarifOf runs bin -format=sarif in dir, validates the output against the
// official SARIF 2.1.0 schema and decodes it.
func sarifOf(t *testing.T, bin, dir string, wantCode int, args ...string) *sarifLog {
	t.Helper()
	out, stderr, code := runBulklint(t, bin, dir, append([]string{"-format=sarif"}, args...)...)
	if code != wantCode {
		t.Fatalf("exit code %d, want %d\nstderr:\n%s", code, wantCode, stderr)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(filepath.Join("..", "..", "internal", "sarif", "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("output does not match the SARIF 2.1.0 schema: %#v\n%s", err, out)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	return &log
}

// TestSARIF runs bulklint -format=sarif on a temporary module and checks
// what code scanning relies on: schema-valid output, URIs relative to the
// root, UTF-16 columns, and fingerprints that do not move with the lines.
func TestSARIF(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, map[string]string{"store/store.go": storeGo, "store/store_test.go": storeTestGo})

	log := sarifOf(t, bin, dir, 3, "./...")
	run := log.Runs[0]
	if len(run.Results) != 1 {
		t.Fatalf("got %d results, want 1: %+v", len(run.Results), run.Results)
	}
	res := run.Results[0]
	if res.RuleID != "nplusone/query-in-loop" || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
		t.Errorf("ruleId %q, ruleIndex %d", res.RuleID, res.RuleIndex)
	}
	loc := res.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "store/store.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("artifactLocation = %+v, want store/store.go on %%SRCROOT%%", loc.ArtifactLocation)
	}
	rootURI := (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String()
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != rootURI {
		t.Errorf("%%SRCROOT%% = %q, want %q", got, rootURI)
	}

	line := strings.Split(storeGo, "\n")[loc.Region.StartLine-1]
	i := strings.Index(line, "db.ExecContext")
	if i < 0 {
		t.Fatalf("finding on line %d %q, want the query's line", loc.Region.StartLine, line)
	}
	col16 := len(utf16.Encode([]rune(line[:i]))) + 1
	if loc.Region.StartColumn != col16 || col16 == i+1 {
		t.Errorf("startColumn = %d, want %d in UTF-16 code units (byte column %d)", loc.Region.StartColumn, col16, i+1)
	}
	if loc.Region.EndLine != loc.Region.StartLine || loc.Region.EndColumn <= loc.Region.StartColumn {
		t.Errorf("region = %+v: want the end of the call on the same line", loc.Region)
	}
	if len(res.RelatedLocations) != 1 || res.RelatedLocations[0].Message.Text != "loop" || res.RelatedLocations[0].PhysicalLocation.Region.StartLine != loc.Region.StartLine-1 {
		t.Errorf("relatedLocations = %+v, want the loop on the line above", res.RelatedLocations)
	}
	fp := res.PartialFingerprints["bulklintFingerprint/v1"]
	if len(fp) != 32 {
		t.Errorf("partialFingerprints = %v", res.PartialFingerprints)
	}

	// A comment and a blank line added at the top move the finding down
	// two lines and keep its fingerprint.
	writeSource(t, filepath.Join(dir, "store", "store.go"), "// Copyright notice added later.\n\n"+storeGo)
	moved := sarifOf(t, bin, dir, 3, "./...").Runs[0].Results[0]
	if got := moved.Locations[0].PhysicalLocation.Region.StartLine; got != loc.Region.StartLine+2 {
		t.Errorf("after two lines added above: line %d, want %d", got, loc.Region.StartLine+2)
	}
	if got := moved.PartialFingerprints["bulklintFingerprint/v1"]; got != fp {
		t.Errorf("fingerprint changed from %s to %s when lines were added above", fp, got)
	}

	// Analyzer flags work in this mode: -nplusone.tests reports the loop
	// in the test file, -test=false drops test files, -nplusone=false the
	// analyzer (a clean run exits 0 with an empty, valid log).
	if n := len(sarifOf(t, bin, dir, 3, "-nplusone.tests", "./...").Runs[0].Results); n != 2 {
		t.Errorf("-nplusone.tests: %d results, want 2", n)
	}
	if n := len(sarifOf(t, bin, dir, 3, "-nplusone.tests", "-test=false", "./...").Runs[0].Results); n != 1 {
		t.Errorf("-nplusone.tests -test=false: %d results, want 1", n)
	}
	if n := len(sarifOf(t, bin, dir, 0, "-nplusone=false", "./...").Runs[0].Results); n != 0 {
		t.Errorf("-nplusone=false: %d results, want 0", n)
	}
}

// TestDriverFormats checks text and JSON output and the exit code of a
// package that does not type-check.
func TestDriverFormats(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, map[string]string{"store/store.go": storeGo})

	out, stderr, code := runBulklint(t, bin, dir, "-format=text", "./...")
	want := "store/store.go:12:29: query in loop: (*sql.DB).ExecContext runs once per element of ids (loop at line 11)"
	if code != 3 || !strings.HasPrefix(out, want) || !strings.Contains(out, "\nstore/store.go:11:2: \tloop\n") {
		t.Errorf("-format=text: exit %d, output:\n%s\nwant it to start with %q (byte columns, relative path)\nstderr: %s", code, out, want, stderr)
	}

	out, _, code = runBulklint(t, bin, dir, "-format=json", "./...")
	var tree map[string]map[string][]struct {
		Posn, Message, Category, Fingerprint string
	}
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("-format=json: %v\n%s", err, out)
	}
	diags := tree["example.com/app/store"]["nplusone"]
	if code != 3 || len(diags) != 1 || diags[0].Category != "query-in-loop" || !strings.HasSuffix(diags[0].Posn, filepath.Join("store", "store.go")+":12:29") || len(diags[0].Fingerprint) != 32 {
		t.Errorf("-format=json: exit %d, %+v", code, tree)
	}

	writeSource(t, filepath.Join(dir, "broken", "broken.go"), "package broken\n\nvar X int = \"not an int\"\n")
	// A package that imports it: its analyzers fail for want of the
	// broken package's facts, which is not worth a line per analyzer.
	writeSource(t, filepath.Join(dir, "user", "user.go"), "package user\n\nimport \"example.com/app/broken\"\n\nvar Y = broken.X\n")
	out, stderr, code = runBulklint(t, bin, dir, "-format=sarif", "./...")
	if code != 1 || !strings.Contains(stderr, "package example.com/app/broken") || strings.Contains(stderr, "failed prerequisites") {
		t.Errorf("type error: exit %d, stderr:\n%s\nwant exit 1, the package named, and no failed prerequisites of its importer", code, stderr)
	}
	// In SARIF the error is a notification located in broken.go, relative
	// to the root, with no absolute file name in its text.
	if !strings.Contains(out, `"uri": "broken/broken.go"`) || strings.Contains(out, filepath.Join(dir, "broken")) {
		t.Errorf("type error in SARIF: want a notification located at broken/broken.go and no absolute path:\n%s", out)
	}

	_, stderr, code = runBulklint(t, bin, dir, "-format=yaml", "./...")
	if code != 2 || !strings.Contains(stderr, `invalid value "yaml" for flag -format: want text, json or sarif`) {
		t.Errorf("-format=yaml: exit %d, stderr:\n%s", code, stderr)
	}
}

// TestJSONTestVariant checks that -json, like -format=json, prints a
// finding once when its package has a test variant: the package and its
// test variant both report it.
func TestJSONTestVariant(t *testing.T) {
	bin := build(t)
	dir := writeModule(t, map[string]string{
		"store/store.go":      storeGo,
		"store/store_test.go": "package store\n\nimport \"testing\"\n\nfunc TestNothing(t *testing.T) {}\n",
	})
	for _, flag := range []string{"-json", "-format=json"} {
		out, _, _ := runBulklint(t, bin, dir, flag, "./...")
		var tree map[string]map[string][]struct{ Posn string }
		if err := json.Unmarshal([]byte(out), &tree); err != nil {
			t.Fatalf("%s: %v\n%s", flag, err, out)
		}
		n := 0
		for _, byAnalyzer := range tree {
			n += len(byAnalyzer["nplusone"])
		}
		if n != 1 {
			t.Errorf("%s: %d nplusone findings, want 1:\n%s", flag, n, out)
		}
	}
}
