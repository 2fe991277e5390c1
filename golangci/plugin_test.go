package golangci_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/bulklint/bulklint/analyzers"
	_ "github.com/bulklint/bulklint/golangci"
)

// Findings of each plugin with no settings on testdata/src, as
// "file:line: category". The finding at line 55 carries //nolint:nplusone,
// which the plugins leave to golangci-lint; the one at line 47 carries
// //bulklint:ignore, which the analyzer applies.
var defaults = map[string][]string{
	"nplusone":       {"shop/shop.go:24: query-in-loop", "shop/shop.go:55: query-in-loop"},
	"silentconflict": {"shop/shop.go:33: conflict-error-ignored"},
	"missingfields":  {"shop/shop.go:40: update-misses-fields"},
}

const runnerRun = "plugintest/runner.Runner.Run"

// TestPlugins checks that every analyzer of the suite is a plugin under its
// own name, asks for type information, and builds one new analyzer value.
func TestPlugins(t *testing.T) {
	for _, shared := range analyzers.Suite() {
		t.Run(shared.Name, func(t *testing.T) {
			p := newPlugin(t, shared.Name, nil)
			if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
				t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
			}
			as, err := p.BuildAnalyzers()
			if err != nil {
				t.Fatalf("BuildAnalyzers: %v", err)
			}
			if len(as) != 1 || as[0].Name != shared.Name {
				t.Fatalf("BuildAnalyzers() = %v, want one analyzer named %s", names(as), shared.Name)
			}
			if as[0] == shared {
				t.Errorf("BuildAnalyzers returned the suite's shared value")
			}
			// golangci-lint applies //nolint itself.
			if f := as[0].Flags.Lookup("nolint"); f == nil || f.Value.String() != "false" {
				t.Errorf("flag nolint = %v, want false", f)
			}
			if _, ok := defaults[shared.Name]; !ok {
				t.Errorf("no expected findings for %s in this test: add them to defaults", shared.Name)
			}
		})
	}
}

// TestDefaults runs each plugin without settings, and with an empty
// settings mapping, on the fixture.
func TestDefaults(t *testing.T) {
	for name, want := range defaults {
		for _, settings := range []any{nil, map[string]any{}} {
			t.Run(fmt.Sprintf("%s/%v", name, settings), func(t *testing.T) {
				a := build(t, name, settings)
				if got := findings(t, a); !slices.Equal(got, want) {
					t.Errorf("findings:\n got %q\nwant %q", got, want)
				}
			})
		}
	}
}

// TestSettings checks that settings reach the analyzers' flags: each one
// changes what is reported on the fixture. Numbers come as int from
// golangci-lint's YAML decoder and as float64 from JSON; both work.
func TestSettings(t *testing.T) {
	tests := []struct {
		name     string
		settings map[string]any
		extra    []string // findings added to the defaults
	}{
		{"nplusone", map[string]any{"tests": true}, []string{"shop/shop_test.go:13: query-in-loop"}},
		{"silentconflict", map[string]any{"tests": true}, []string{"shop/shop_test.go:18: conflict-error-ignored"}},
		{"missingfields", map[string]any{"tests": true}, []string{"shop/shop_test.go:24: update-misses-fields"}},
		{"nplusone", map[string]any{"fixedset": 2}, []string{"shop/shop.go:63: query-in-loop"}},
		{"nplusone", map[string]any{"fixedset": float64(2)}, []string{"shop/shop.go:63: query-in-loop"}},
		{"nplusone", map[string]any{"funcs": []any{runnerRun}}, []string{"shop/shop.go:71: query-in-loop"}},
		{"nplusone", map[string]any{"funcs": runnerRun}, []string{"shop/shop.go:71: query-in-loop"}},
		{"nplusone", map[string]any{"tests": false, "fixedset": 8, "funcs": []any{}}, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%v", tt.name, tt.settings), func(t *testing.T) {
			want := slices.Sorted(slices.Values(append(slices.Clone(defaults[tt.name]), tt.extra...)))
			if got := findings(t, build(t, tt.name, tt.settings)); !slices.Equal(got, want) {
				t.Errorf("findings:\n got %q\nwant %q", got, want)
			}
		})
	}
}

// TestSettingsErrors checks that a bad configuration fails when the plugin
// is created, with a message that names the plugin and the setting.
func TestSettingsErrors(t *testing.T) {
	tests := []struct {
		name     string
		settings any
		want     string
	}{
		{"nplusone", map[string]any{"test": true},
			`nplusone: unknown setting "test"; known settings: dynamic, fixedset, funcs, ifaces, startup, tests`},
		{"nplusone", map[string]any{"tests": true, "x": 1, "Funcs": "a.B"},
			`nplusone: unknown settings "Funcs", "x"; known settings: dynamic, fixedset, funcs, ifaces, startup, tests`},
		{"silentconflict", map[string]any{"dynamic": true},
			`silentconflict: unknown setting "dynamic"; known settings: tests`},
		{"missingfields", map[string]any{"tests": "yes"},
			`missingfields: setting "tests": want true or false, got "yes"`},
		{"nplusone", map[string]any{"fixedset": 1.5},
			`nplusone: setting "fixedset": want an integer, got 1.5`},
		{"nplusone", map[string]any{"fixedset": "3"},
			`nplusone: setting "fixedset": want a number, got "3"`},
		{"nplusone", map[string]any{"funcs": 3},
			`nplusone: setting "funcs": want a string or a list of strings, got 3`},
		{"nplusone", map[string]any{"funcs": []any{runnerRun, true}},
			`nplusone: setting "funcs": element 1: want a string, got true`},
		{"nplusone", map[string]any{"funcs": "nodot"},
			`nplusone: setting "funcs": `},
		{"nplusone", map[string]any{"nolint": true},
			`nplusone: setting "nolint" cannot be set in golangci-lint, which needs it false: golangci-lint applies //nolint directives itself`},
		{"nplusone", []any{"tests"},
			`nplusone: settings must map setting names to values, got ["tests"]`},
		{"nplusone", "tests",
			`nplusone: settings must map setting names to values, got "tests"`},
		{"nplusone", map[any]any{"tests": true},
			`nplusone: encoding settings: `},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%v", tt.name, tt.settings), func(t *testing.T) {
			newPlugin, err := register.GetPlugin(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			p, err := newPlugin(tt.settings)
			if err == nil {
				t.Fatalf("no error; plugin %v", p)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error:\n got %s\nwant %s...", err, tt.want)
			}
		})
	}
}

// TestInstancesIndependent checks that settings of one plugin instance
// reach neither another instance nor the suite's shared analyzers, whatever
// the order the instances are created and run in.
func TestInstancesIndependent(t *testing.T) {
	configured := build(t, "nplusone", map[string]any{"tests": true, "fixedset": 2, "funcs": []any{runnerRun}})
	plain := build(t, "nplusone", nil)
	all := []string{
		"shop/shop.go:24: query-in-loop",
		"shop/shop.go:55: query-in-loop",
		"shop/shop.go:63: query-in-loop",
		"shop/shop.go:71: query-in-loop",
		"shop/shop_test.go:13: query-in-loop",
	}
	runs := []struct {
		a    *analysis.Analyzer
		want []string
	}{
		{plain, defaults["nplusone"]},
		{configured, all},
		{plain, defaults["nplusone"]},
	}
	for i, r := range runs {
		if got := findings(t, r.a); !slices.Equal(got, r.want) {
			t.Errorf("run %d: findings:\n got %q\nwant %q", i, got, r.want)
		}
	}

	// Both at once, in two concurrent analyses of the same packages.
	var mu sync.Mutex
	var wg sync.WaitGroup
	got := map[*analysis.Analyzer][]string{}
	for _, a := range []*analysis.Analyzer{plain, configured} {
		wg.Go(func() {
			f := findings(t, a)
			mu.Lock()
			got[a] = f
			mu.Unlock()
		})
	}
	wg.Wait()
	if !slices.Equal(got[plain], defaults["nplusone"]) || !slices.Equal(got[configured], all) {
		t.Errorf("concurrent runs: plain %q, configured %q", got[plain], got[configured])
	}

	for _, shared := range analyzers.Suite() {
		shared.Flags.VisitAll(func(f *flag.Flag) {
			if f.Value.String() != f.DefValue {
				t.Errorf("suite's %s: flag %s = %q, want its default %q", shared.Name, f.Name, f.Value, f.DefValue)
			}
		})
	}
}

func newPlugin(t *testing.T, name string, settings any) register.LinterPlugin {
	t.Helper()
	newPlugin, err := register.GetPlugin(name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		t.Fatalf("%s plugin with settings %v: %v", name, settings, err)
	}
	return p
}

// build returns the analyzer of a new instance of plugin name.
func build(t *testing.T, name string, settings any) *analysis.Analyzer {
	t.Helper()
	as, err := newPlugin(t, name, settings).BuildAnalyzers()
	if err != nil {
		t.Fatalf("%s: BuildAnalyzers: %v", name, err)
	}
	if len(as) != 1 {
		t.Fatalf("%s: BuildAnalyzers returned %d analyzers", name, len(as))
	}
	return as[0]
}

// TestNoRelated checks that the plugins report no related positions, which
// golangci-lint would turn into issues of their own that //nolint on the
// finding does not cover, while the suite's analyzers do report them on the
// same fixture (so the test would see them).
func TestNoRelated(t *testing.T) {
	pkgs, err := fixture()
	if err != nil {
		t.Fatal(err)
	}
	for _, shared := range analyzers.NewSuite() {
		t.Run(shared.Name, func(t *testing.T) {
			count := func(a *analysis.Analyzer) (diags, related int) {
				g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
				if err != nil {
					t.Fatal(err)
				}
				for act := range g.All() {
					if act.IsRoot && act.Analyzer == a {
						for _, d := range act.Diagnostics {
							diags++
							related += len(d.Related)
						}
					}
				}
				return diags, related
			}
			if diags, related := count(build(t, shared.Name, nil)); diags == 0 || related != 0 {
				t.Errorf("plugin: %d diagnostics with %d related positions, want some with none", diags, related)
			}
			if shared.Name == "silentconflict" {
				return // its fixture finding has no related position
			}
			if _, related := count(shared); related == 0 {
				t.Errorf("the suite's analyzer reports no related positions on the fixture: the test checks nothing")
			}
		})
	}
}

// fixture loads testdata/src, with its tests, once per test binary. The
// fixture imports only the standard library, so loading needs no network.
var fixture = sync.OnceValues(func() ([]*packages.Package, error) {
	dir, err := filepath.Abs(filepath.Join("testdata", "src"))
	if err != nil {
		return nil, err
	}
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Dir:   dir,
		Tests: true,
		Env:   append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, err
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})
	if len(errs) > 0 {
		return nil, fmt.Errorf("loading %s: %s", dir, strings.Join(errs, "; "))
	}
	return pkgs, nil
})

// findings runs a on the fixture, as golangci-lint does (facts from
// dependencies included), and returns its diagnostics as sorted
// "file:line: category" strings, relative to testdata/src. A file loaded
// twice (a package and its test variant) counts once.
func findings(t *testing.T, a *analysis.Analyzer) []string {
	t.Helper()
	pkgs, err := fixture()
	if err != nil {
		t.Fatal(err)
	}
	g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := filepath.Abs(filepath.Join("testdata", "src"))
	seen := map[string]bool{}
	var out []string
	for act := range g.All() {
		if !act.IsRoot || act.Analyzer != a {
			continue
		}
		if act.Err != nil {
			t.Errorf("%s on %s: %v", a.Name, act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			rel, err := filepath.Rel(dir, pos.Filename)
			if err != nil {
				rel = pos.Filename
			}
			s := fmt.Sprintf("%s:%d: %s", filepath.ToSlash(rel), pos.Line, d.Category)
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	slices.Sort(out)
	return out
}

func names(as []*analysis.Analyzer) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}
