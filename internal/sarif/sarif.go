// Package sarif writes bulklint's findings as a SARIF 2.1.0 log, the
// format GitHub code scanning (github/codeql-action/upload-sarif) and
// other code-review tools import.
//
// The log types are written here, not taken from a library: bulklint emits
// a small, fixed subset of SARIF (one run, rules, results with locations,
// related locations, fixes and fingerprints), the few Go SARIF libraries
// model the whole standard with pointers everywhere, and the test in this
// package validates the output against the official OASIS schema
// (testdata/sarif-schema-2.1.0.json, errata01), which is what matters.
//
// Choices a consumer can rely on:
//
//   - One rule per analyzer category, id "analyzer/category"
//     ("nplusone/query-in-loop"): the categories listed in each analyzer's
//     "# Categories" doc section, then any other category that occurs.
//     shortDescription is the category's line from that section,
//     fullDescription and help (which GitHub requires) the analyzer's
//     whole doc, helpUri the diagnostic's URL.
//   - Artifact URIs are relative to the repository root, with uriBaseId
//     %SRCROOT%, which originalUriBaseIds maps to the root as a file URI.
//     Files outside the root get an absolute file URI.
//   - Columns count UTF-16 code units (columnKind utf16CodeUnits, SARIF's
//     default); endColumn is exclusive, like go/analysis's End.
//   - partialFingerprints holds fingerprint.Name, the key baselines use.
//   - A finding confirmed at run time (bulklint -confirmed) has level
//     "error" instead of "warning", and the result properties
//     runtimeConfirmed (true), runtimeCount (the most runs in one scope)
//     and runtimeScopes (the scopes' names).
package sarif

import (
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/internal/findings"
	"github.com/bulklint/bulklint/internal/fingerprint"
)

// SchemaURI is the $schema of the log: the OASIS 2.1.0 schema, errata01.
const SchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// SrcRoot is the uriBaseId of every artifact under the repository root.
const SrcRoot = "%SRCROOT%"

// Log is a SARIF log file.
type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

// Run is one invocation of bulklint.
type Run struct {
	Tool               Tool                        `json:"tool"`
	Invocations        []Invocation                `json:"invocations,omitempty"`
	OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            []Result                    `json:"results"`
	ColumnKind         string                      `json:"columnKind"`
}

// Tool describes bulklint.
type Tool struct {
	Driver ToolComponent `json:"driver"`
}

// ToolComponent is the driver: name, version and rules.
type ToolComponent struct {
	Name           string                `json:"name"`
	Version        string                `json:"version,omitempty"`
	InformationURI string                `json:"informationUri,omitempty"`
	Rules          []ReportingDescriptor `json:"rules,omitempty"`
}

// ReportingDescriptor is a rule.
type ReportingDescriptor struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     *Message       `json:"shortDescription,omitempty"`
	FullDescription      *Message       `json:"fullDescription,omitempty"`
	HelpURI              string         `json:"helpUri,omitempty"`
	Help                 *Message       `json:"help,omitempty"`
	DefaultConfiguration *Configuration `json:"defaultConfiguration,omitempty"`
	Properties           *Properties    `json:"properties,omitempty"`
}

// Configuration is a rule's default configuration.
type Configuration struct {
	Level string `json:"level"`
}

// Properties is a property bag; bulklint sets tags only.
type Properties struct {
	Tags []string `json:"tags,omitempty"`
}

// Message is a message or multiformatMessageString with plain text.
type Message struct {
	Text string `json:"text"`
}

// Invocation records whether the run succeeded and why not.
type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

// Notification is an error of the run (a package that failed to load),
// located in its file when it has a position.
type Notification struct {
	Level     string     `json:"level"`
	Message   Message    `json:"message"`
	Locations []Location `json:"locations,omitempty"`
}

// Result is one finding.
type Result struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             Message           `json:"message"`
	Locations           []Location        `json:"locations"`
	RelatedLocations    []Location        `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []Fix             `json:"fixes,omitempty"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

// Location is a place in a file, with a message for related locations.
type Location struct {
	ID               int               `json:"id,omitempty"`
	PhysicalLocation PhysicalLocation  `json:"physicalLocation"`
	LogicalLocations []LogicalLocation `json:"logicalLocations,omitempty"`
	Message          *Message          `json:"message,omitempty"`
}

// PhysicalLocation is a file and a region in it.
type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           *Region          `json:"region,omitempty"`
}

// LogicalLocation names the function a result is in.
type LogicalLocation struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
	Kind               string `json:"kind,omitempty"`
}

// ArtifactLocation is a file, relative to UriBaseID when that is set.
type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// Region is a span of text: 1-based lines, 1-based UTF-16 columns, end
// exclusive.
type Region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// Fix is a suggested fix.
type Fix struct {
	Description     *Message         `json:"description,omitempty"`
	ArtifactChanges []ArtifactChange `json:"artifactChanges"`
}

// ArtifactChange is the edits of a fix in one file.
type ArtifactChange struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Replacements     []Replacement    `json:"replacements"`
}

// Replacement replaces a region with new text.
type Replacement struct {
	DeletedRegion   Region           `json:"deletedRegion"`
	InsertedContent *ArtifactContent `json:"insertedContent,omitempty"`
}

// ArtifactContent is inserted text.
type ArtifactContent struct {
	Text string `json:"text"`
}

// Options describe the run.
type Options struct {
	Root    string  // absolute repository root that relative URIs start from
	Version string  // bulklint's version, "" if unknown
	Errors  []error // errors of the run, reported as notifications
}

// Build returns the SARIF log of fs, found by analyzers.
func Build(fs []findings.Finding, analyzers []*analysis.Analyzer, opts Options) *Log {
	rules, index := buildRules(fs, analyzers)
	run := Run{
		Tool: Tool{Driver: ToolComponent{
			Name:           "bulklint",
			Version:        opts.Version,
			InformationURI: "https://pkg.go.dev/github.com/bulklint/bulklint",
			Rules:          rules,
		}},
		Invocations: []Invocation{{ExecutionSuccessful: len(opts.Errors) == 0}},
		OriginalURIBaseIDs: map[string]ArtifactLocation{
			SrcRoot: {URI: dirURI(opts.Root)},
		},
		Results:    []Result{},
		ColumnKind: "utf16CodeUnits",
	}
	for _, err := range opts.Errors {
		n := Notification{Level: "error", Message: Message{Text: err.Error()}}
		// A package error's file is a location relative to the root, not
		// an absolute name in the text.
		var pe *findings.PackageError
		if errors.As(err, &pe) && pe.Pos.IsValid() {
			n.Message.Text = "package " + pe.Package + ": " + pe.Msg
			n.Locations = []Location{{PhysicalLocation: physical(pe.Pos, findings.Position{})}}
		}
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications, n)
	}
	for i := range fs {
		f := &fs[i]
		id := f.RuleID()
		r := Result{
			RuleID:              id,
			RuleIndex:           index[id],
			Level:               "warning",
			Message:             Message{Text: f.Message},
			Locations:           []Location{{PhysicalLocation: physical(f.Pos, f.End)}},
			PartialFingerprints: map[string]string{fingerprint.Name: f.Fingerprint},
		}
		if f.Function != "" {
			r.Locations[0].LogicalLocations = []LogicalLocation{{
				Name:               f.Function,
				FullyQualifiedName: pkgPath(f.Package) + "." + f.Function,
				Kind:               "function",
			}}
		}
		for j, rel := range f.Related {
			r.RelatedLocations = append(r.RelatedLocations, Location{
				ID:               j + 1,
				PhysicalLocation: physical(rel.Pos, rel.End),
				Message:          &Message{Text: rel.Message},
			})
		}
		for _, fix := range f.Fixes {
			r.Fixes = append(r.Fixes, buildFix(fix))
		}
		if c := f.Confirmed; c != nil {
			// Seen at run time: no longer a may, a did.
			r.Level = "error"
			r.Properties = map[string]any{
				"runtimeConfirmed": true,
				"runtimeCount":     c.Count,
				"runtimeScopes":    c.Scopes,
			}
		}
		run.Results = append(run.Results, r)
	}
	return &Log{Schema: SchemaURI, Version: "2.1.0", Runs: []Run{run}}
}

// Write writes log as indented JSON.
func Write(w io.Writer, log *Log) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}

func buildRules(fs []findings.Finding, analyzers []*analysis.Analyzer) ([]ReportingDescriptor, map[string]int) {
	var rules []ReportingDescriptor
	index := make(map[string]int)
	byName := make(map[string]*analysis.Analyzer)
	add := func(a *analysis.Analyzer, category, short, helpURI string) {
		id := a.Name
		if category != "" {
			id += "/" + category
		}
		if _, ok := index[id]; ok {
			return
		}
		title, _, _ := strings.Cut(a.Doc, "\n")
		index[id] = len(rules)
		rules = append(rules, ReportingDescriptor{
			ID:                   id,
			Name:                 cmp.Or(category, a.Name),
			ShortDescription:     &Message{Text: cmp.Or(short, title, id)},
			FullDescription:      &Message{Text: cmp.Or(a.Doc, id)},
			HelpURI:              cmp.Or(helpURI, a.URL),
			Help:                 &Message{Text: cmp.Or(a.Doc, id)},
			DefaultConfiguration: &Configuration{Level: "warning"},
			Properties:           &Properties{Tags: []string{"database", a.Name}},
		})
	}
	for _, a := range analyzers {
		byName[a.Name] = a
		for _, c := range Categories(a.Doc) {
			add(a, c.Name, c.Text, categoryURL(a, fs, c.Name))
		}
	}
	for i := range fs {
		f := &fs[i]
		a := byName[f.Analyzer]
		if a == nil { // not in the suite given: describe it from the finding
			a = &analysis.Analyzer{Name: f.Analyzer, URL: f.URL}
			byName[f.Analyzer] = a
		}
		add(a, f.Category, "", f.URL)
	}
	return rules, index
}

// categoryURL is the URL of the first finding of the category, so a rule's
// helpUri is what its diagnostics link to, or the analyzer's URL.
func categoryURL(a *analysis.Analyzer, fs []findings.Finding, category string) string {
	for i := range fs {
		if fs[i].Analyzer == a.Name && fs[i].Category == category && fs[i].URL != "" {
			return fs[i].URL
		}
	}
	return a.URL
}

// A Category is one entry of an analyzer doc's "# Categories" section.
type Category struct {
	Name string // "query-in-loop"
	Text string // its description, joined onto one line
}

// Categories parses the "# Categories" section of an analyzer's Doc: a
// list of "  - name: text" items, whose text may continue on indented
// lines, up to the next heading. A doc without the section has none.
func Categories(doc string) []Category {
	var out []Category
	in := false
	for _, line := range strings.Split(doc, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(line, "# ") {
			in = trimmed == "# Categories"
			continue
		}
		if !in || trimmed == "" {
			continue
		}
		if item, ok := strings.CutPrefix(trimmed, "- "); ok {
			name, text, ok := strings.Cut(item, ": ")
			if ok && !strings.ContainsAny(name, " \t") {
				out = append(out, Category{Name: name, Text: text})
				continue
			}
		}
		if len(out) > 0 && (line[0] == ' ' || line[0] == '\t') {
			out[len(out)-1].Text += " " + trimmed
			continue
		}
		// A paragraph after the list ends it.
		in = false
	}
	return out
}

func physical(pos, end findings.Position) PhysicalLocation {
	loc := PhysicalLocation{ArtifactLocation: artifact(pos)}
	if pos.IsValid() {
		loc.Region = region(pos, end)
	}
	return loc
}

func region(pos, end findings.Position) *Region {
	r := &Region{StartLine: pos.Line, StartColumn: pos.Col16}
	if end.IsValid() && end.Filename == pos.Filename && end.Offset >= pos.Offset {
		r.EndLine, r.EndColumn = end.Line, end.Col16
	}
	return r
}

func artifact(p findings.Position) ArtifactLocation {
	if p.Path != "" {
		return ArtifactLocation{URI: (&url.URL{Path: p.Path}).String(), URIBaseID: SrcRoot}
	}
	return ArtifactLocation{URI: fileURI(p.Filename)}
}

func buildFix(fix findings.Fix) Fix {
	out := Fix{Description: &Message{Text: fix.Message}}
	byFile := make(map[string]int)
	for _, e := range fix.Edits {
		i, ok := byFile[e.Pos.Filename]
		if !ok {
			i = len(out.ArtifactChanges)
			byFile[e.Pos.Filename] = i
			out.ArtifactChanges = append(out.ArtifactChanges, ArtifactChange{ArtifactLocation: artifact(e.Pos)})
		}
		rep := Replacement{DeletedRegion: Region{
			StartLine: e.Pos.Line, StartColumn: e.Pos.Col16,
			EndLine: e.End.Line, EndColumn: e.End.Col16,
		}}
		if e.New != "" {
			rep.InsertedContent = &ArtifactContent{Text: e.New}
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, rep)
	}
	return out
}

// fileURI is the file URI of an absolute file name; a Windows name
// (C:\x) becomes file:///C:/x.
func fileURI(name string) string {
	path := filepath.ToSlash(name)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// dirURI is the file URI of dir with a trailing slash, as SARIF requires
// of a base URI.
func dirURI(dir string) string {
	return strings.TrimSuffix(fileURI(dir), "/") + "/"
}

// pkgPath is the import path in a package ID: "p" in "p [p.test]".
func pkgPath(id string) string {
	path, _, _ := strings.Cut(id, " ")
	return path
}
