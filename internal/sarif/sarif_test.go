package sarif_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/analyzers/nplusone"
	"github.com/bulklint/bulklint/internal/findings"
	"github.com/bulklint/bulklint/internal/fingerprint"
	"github.com/bulklint/bulklint/internal/sarif"
)

// schemaFile is the official SARIF 2.1.0 schema (errata01), copied byte
// for byte from github.com/oasis-tcs/sarif-spec,
// sarif-2.1/schema/sarif-schema-2.1.0.json at commit e058381.
const schemaFile = "testdata/sarif-schema-2.1.0.json"

// Validate checks data, a SARIF log, against the official schema. The
// binary's test in cmd/bulklint validates real output the same way.
func validate(t *testing.T, data []byte) {
	t.Helper()
	if err := check(t, data); err != nil {
		t.Errorf("output does not match the SARIF 2.1.0 schema: %#v\n%s", err, data)
	}
}

func check(t *testing.T, data []byte) error {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	return sch.Validate(inst)
}

// TestSchemaRejects makes sure the validation has teeth: a column 0 and an
// unknown property are rejected.
func TestSchemaRejects(t *testing.T) {
	var buf bytes.Buffer
	if err := sarif.Write(&buf, sarif.Build(sample(), nil, sarif.Options{Root: "/repo"})); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct{ old, new string }{
		{`"startColumn": 13`, `"startColumn": 0`},
		{`"ruleIndex": 0`, `"ruleIndex": 0, "bogus": 1`},
		{`"version": "2.1.0"`, `"version": "2.0.0"`},
	} {
		data := bytes.Replace(buf.Bytes(), []byte(bad.old), []byte(bad.new), 1)
		if bytes.Equal(data, buf.Bytes()) {
			t.Fatalf("%s not in the output", bad.old)
		}
		if check(t, data) == nil {
			t.Errorf("schema accepts %s", bad.new)
		}
	}
}

func pos(path string, line, col, col16 int) findings.Position {
	return findings.Position{Filename: "/repo/" + path, Path: path, Line: line, Col: col, Col16: col16, Offset: line*100 + col}
}

var testAnalyzer = &analysis.Analyzer{
	Name: "nplusone",
	Doc:  nplusone.Analyzer.Doc,
	URL:  "https://pkg.go.dev/github.com/bulklint/bulklint/analyzers/nplusone",
}

func sample() []findings.Finding {
	return []findings.Finding{
		{
			Analyzer: "nplusone", Category: "query-in-loop", Message: "query in loop (loop at line 3)",
			URL: "https://pkg.go.dev/github.com/bulklint/bulklint/analyzers/nplusone#hdr-Categories", Package: "example.com/app [example.com/app.test]",
			Function: "Store.Import",
			Pos:      pos("dir with space/é.go", 4, 16, 13), End: pos("dir with space/é.go", 4, 30, 27),
			Related:     []findings.Related{{Pos: pos("dir with space/é.go", 3, 2, 2), End: pos("dir with space/é.go", 3, 5, 5), Message: "loop"}},
			Fixes:       []findings.Fix{{Message: "check the error", Edits: []findings.Edit{{Pos: pos("dir with space/é.go", 4, 3, 3), End: pos("dir with space/é.go", 4, 3, 3), New: "if _, err := "}}}},
			Fingerprint: "00112233445566778899aabbccddeeff",
		},
		{
			Analyzer: "nplusone", Category: "suppress-unused", Message: "unused suppression",
			Pos: findings.Position{Filename: "/elsewhere/x.go", Line: 1, Col: 1, Col16: 1}, Fingerprint: "ff",
		},
	}
}

func TestBuildValidates(t *testing.T) {
	var buf bytes.Buffer
	log := sarif.Build(sample(), []*analysis.Analyzer{testAnalyzer}, sarif.Options{Root: "/repo", Version: "v1.2.3", Errors: []error{errors.New("package x: broken")}})
	if err := sarif.Write(&buf, log); err != nil {
		t.Fatal(err)
	}
	validate(t, buf.Bytes())

	var got struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID               string
						ShortDescription struct{ Text string }
						HelpURI          string
					}
				}
			}
			Invocations        []struct{ ExecutionSuccessful bool }
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			ColumnKind         string
			Results            []struct {
				RuleID              string
				RuleIndex           int
				PartialFingerprints map[string]string
				Locations           []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string
							URIBaseID string `json:"uriBaseId"`
						}
						Region struct{ StartLine, StartColumn, EndLine, EndColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	run := got.Runs[0]
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	want := []string{"nplusone/query-in-loop", "nplusone/query-per-row", "nplusone/query-per-goroutine", "nplusone/query-per-node", "nplusone/dynamic-call-in-loop", "nplusone/suppress-unused"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("rules = %v, want %v", ids, want)
	}
	if r := run.Tool.Driver.Rules[0]; r.ShortDescription.Text != "a query per element of a loop." || !strings.HasSuffix(r.HelpURI, "#hdr-Categories") {
		t.Errorf("rule 0 = %+v", r)
	}
	if run.ColumnKind != "utf16CodeUnits" || run.OriginalURIBaseIDs["%SRCROOT%"].URI != "file:///repo/" || run.Invocations[0].ExecutionSuccessful {
		t.Errorf("run: columnKind %q, base %v, invocations %v", run.ColumnKind, run.OriginalURIBaseIDs, run.Invocations)
	}
	r0 := run.Results[0]
	loc := r0.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "dir%20with%20space/%C3%A9.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("artifact = %+v, want an escaped relative URI on %%SRCROOT%%", loc.ArtifactLocation)
	}
	if loc.Region.StartColumn != 13 || loc.Region.EndColumn != 27 || loc.Region.StartLine != 4 {
		t.Errorf("region = %+v, want UTF-16 columns 13 to 27 on line 4", loc.Region)
	}
	if r0.RuleIndex != 0 || r0.PartialFingerprints[fingerprint.Name] != "00112233445566778899aabbccddeeff" {
		t.Errorf("result 0: index %d, fingerprints %v", r0.RuleIndex, r0.PartialFingerprints)
	}
	r1 := run.Results[1]
	if r1.RuleIndex != 5 || r1.Locations[0].PhysicalLocation.ArtifactLocation.URI != "file:///elsewhere/x.go" || r1.Locations[0].PhysicalLocation.ArtifactLocation.URIBaseID != "" {
		t.Errorf("result outside the root: %+v", r1)
	}
}

func TestEmptyValidates(t *testing.T) {
	var buf bytes.Buffer
	if err := sarif.Write(&buf, sarif.Build(nil, nil, sarif.Options{Root: "/"})); err != nil {
		t.Fatal(err)
	}
	validate(t, buf.Bytes())
	if !bytes.Contains(buf.Bytes(), []byte(`"results": []`)) {
		t.Errorf("no results must be an empty list (a clean run), got:\n%s", buf.Bytes())
	}
}

func TestCategories(t *testing.T) {
	doc := "title\n\n# Categories\n\n  - one: first line\n    goes on.\n  - two: second.\n\nAfter the list.\n\n  - three: not in the section\n\n# Other\n\n  - four: elsewhere\n"
	got := sarif.Categories(doc)
	want := []sarif.Category{{"one", "first line goes on."}, {"two", "second."}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Categories = %+v, want %+v", got, want)
	}
	var names []string
	for _, c := range sarif.Categories(nplusone.Analyzer.Doc) {
		names = append(names, c.Name)
	}
	for _, c := range []string{nplusone.CategoryLoop, nplusone.CategoryRow, nplusone.CategoryGoroutine, nplusone.CategoryNode, nplusone.CategoryDynamic} {
		if !strings.Contains(strings.Join(names, " "), c) {
			t.Errorf("category %s of nplusone's doc not found in %v", c, names)
		}
	}
}

// TestPackageErrorNotification: a package that did not type-check is a
// notification located in its file relative to the root, with no absolute
// name in its text; an error without a position keeps its text.
func TestPackageErrorNotification(t *testing.T) {
	pe := findings.NewPackageError("/repo", "example.com/app/broken", packages.Error{Pos: "/repo/broken/broken.go:3:13", Msg: "cannot use \"x\" (untyped string constant) as int value"})
	var buf bytes.Buffer
	log := sarif.Build(nil, []*analysis.Analyzer{testAnalyzer}, sarif.Options{Root: "/repo", Errors: []error{pe, errors.New("nplusone on package p: failed")}})
	if err := sarif.Write(&buf, log); err != nil {
		t.Fatal(err)
	}
	validate(t, buf.Bytes())
	var got struct {
		Runs []struct {
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct {
					Level     string
					Message   struct{ Text string }
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI       string
								URIBaseID string `json:"uriBaseId"`
							}
							Region struct{ StartLine, StartColumn int }
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	inv := got.Runs[0].Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 2 {
		t.Fatalf("invocation %+v", inv)
	}
	n := inv.ToolExecutionNotifications[0]
	if n.Level != "error" || n.Message.Text != "package example.com/app/broken: "+pe.Msg || strings.Contains(n.Message.Text, "/repo") || len(n.Locations) != 1 {
		t.Fatalf("notification %+v", n)
	}
	loc := n.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "broken/broken.go" || loc.ArtifactLocation.URIBaseID != sarif.SrcRoot || loc.Region.StartLine != 3 || loc.Region.StartColumn != 13 {
		t.Errorf("location %+v", loc)
	}
	if n := inv.ToolExecutionNotifications[1]; n.Message.Text != "nplusone on package p: failed" || len(n.Locations) != 0 {
		t.Errorf("second notification %+v", n)
	}
}

// TestConfirmed: a finding confirmed at run time (bulklint -confirmed) is
// an error with the runtime properties; the others stay warnings; the log
// still validates.
func TestConfirmed(t *testing.T) {
	fs := sample()
	fs[0].Confirmed = &findings.Confirmation{Count: 4, Scopes: []string{"TestDaily"}}
	var buf bytes.Buffer
	if err := sarif.Write(&buf, sarif.Build(fs, nil, sarif.Options{Root: "/repo"})); err != nil {
		t.Fatal(err)
	}
	validate(t, buf.Bytes())
	var log sarif.Log
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	rs := log.Runs[0].Results
	if rs[0].Level != "error" || rs[0].Properties["runtimeCount"] != float64(4) || rs[0].Properties["runtimeConfirmed"] != true {
		t.Errorf("confirmed result: level %q, properties %v", rs[0].Level, rs[0].Properties)
	}
	for _, r := range rs[1:] {
		if r.Level != "warning" || r.Properties != nil {
			t.Errorf("unconfirmed result: level %q, properties %v", r.Level, r.Properties)
		}
	}
}
