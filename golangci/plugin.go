// Package golangci makes bulklint's analyzers golangci-lint v2 module
// plugins. A custom golangci-lint binary that imports this package (see
// `golangci-lint custom` and .custom-gcl.yml, or scripts/golangci.sh) can
// enable them like any other linter:
//
//	linters:
//	  enable: [nplusone, silentconflict, missingfields]
//	  settings:
//	    custom:
//	      nplusone:
//	        type: module
//	        settings:
//	          tests: true
//	          funcs: [example.com/app/db.Runner.Run]
//
// # One plugin per analyzer
//
// golangci-lint turns each registered plugin into one linter named after the
// plugin, and everything a user writes refers to linter names: enable and
// disable lists, //nolint:<linter>, exclusion rules, the linter shown next to
// each issue. The package therefore registers one plugin per analyzer of
// [analyzers.Suite], under the analyzer's own name, so that //nolint:nplusone
// and `enable: [nplusone]` mean what they mean in the bulklint binary. A
// single "bulklint" plugin would make one linter whose issues are prefixed
// with the analyzer name and could only be silenced all together.
//
// The list of analyzers is not repeated here: registration walks
// [analyzers.Suite] and each plugin instance takes its analyzer from
// [analyzers.NewSuite], so an analyzer added to the suite becomes a plugin
// with nothing to change in this package.
//
// # Settings are the analyzer's flags
//
// A plugin's settings are a mapping from the analyzer's flag names to
// values: nplusone takes tests, dynamic, fixedset and funcs, the
// -nplusone.<flag> flags of the bulklint binary except nolint (see
// Suppression). Names, defaults and validation therefore live in one place,
// the analyzer's flag.Values; this package only turns YAML values into flag
// strings. Decoding is strict, like
// [register.DecodeSettings] with unknown fields disallowed: an unknown key is
// an error that names it and lists the known ones, and a value of the wrong
// type (a string for a boolean, 1.5 for an integer) is an error rather than a
// silent default. A list sets the flag once per element, as repeating the
// flag on the command line does (funcs accumulates).
//
// Every plugin instance builds new analyzer values and sets flags on those,
// never on the shared values of [analyzers.Suite]: two instances, or a
// plugin and the bulklint binary's code in one process, cannot see each
// other's settings.
//
// # Load mode
//
// The analyzers need type information, and they follow queries through
// helpers in other packages by analysis facts, so the plugins ask for
// [register.LoadModeTypesInfo]. golangci-lint then type-checks from source
// and runs the analyzers on dependencies too, to compute their facts.
//
// # Suppression
//
// golangci-lint applies //nolint directives itself, and its nolintlint
// reports those that matched no issue. The analyzers' own nolint handling
// (their -nolint flag) is therefore turned off in every plugin instance, and
// cannot be turned on from the settings: if the analyzers dropped the
// findings a //nolint:nplusone names, golangci-lint would never see them and
// nolintlint would call the directive unused. //bulklint:ignore nplusone --
// reason is still applied by the analyzers, as in every front end.
//
// # No related positions
//
// golangci-lint turns each related position of a diagnostic into an issue
// of its own, "nplusone(related information): loop" at the loop's line.
// //nolint:nplusone on the finding's line does not cover that issue, so a
// silenced finding would still fail the run from the line of its loop, and
// a loop with four queries in it would be reported four more times. The
// plugins therefore report diagnostics without related positions. Nothing
// is lost that the message does not say: it names the lines ("loop at line
// 66", "changed at line 51", "once per row of ... at line 18").
//
// Registration happens in init because that is the only entry point of the
// plugin API: golangci-lint's custom build adds a blank import of this
// package to its main package, and looks plugins up by name in
// [register.GetPlugin].
package golangci

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers"
)

func init() {
	for _, a := range analyzers.Suite() {
		name := a.Name
		register.Plugin(name, func(settings any) (register.LinterPlugin, error) {
			return newPlugin(name, settings)
		})
	}
}

// plugin is one configured instance of one analyzer.
type plugin struct {
	analyzer *analysis.Analyzer
}

var _ register.LinterPlugin = (*plugin)(nil)

// newPlugin builds a new analyzer named name and applies settings to its
// flags. Settings are checked here, so that a bad configuration fails when
// golangci-lint loads it, before any package is analysed.
func newPlugin(name string, settings any) (*plugin, error) {
	a := newAnalyzer(name)
	if a == nil {
		return nil, fmt.Errorf("bulklint: no analyzer named %q in the suite", name)
	}
	if err := apply(a, settings); err != nil {
		return nil, err
	}
	dropRelated(a)
	return &plugin{analyzer: a}, nil
}

// dropRelated makes a report its diagnostics without related positions
// (see the package doc). It wraps Run with a copy of the pass whose Report
// clears Related; the copy shares everything else, facts included.
func dropRelated(a *analysis.Analyzer) {
	run := a.Run
	a.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		p.Report = func(d analysis.Diagnostic) {
			d.Related = nil
			pass.Report(d)
		}
		return run(&p)
	}
}

// newAnalyzer returns a new value of the suite's analyzer named name, with
// flags of its own, or nil if there is none.
func newAnalyzer(name string) *analysis.Analyzer {
	for _, a := range analyzers.NewSuite() {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// BuildAnalyzers returns the instance's analyzer: one per plugin, so that
// golangci-lint's linter name is the analyzer name and issue texts carry no
// prefix.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{p.analyzer}, nil
}

// GetLoadMode asks for type information: the analyzers resolve calls to
// *types.Func and exchange facts across packages.
func (p *plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
