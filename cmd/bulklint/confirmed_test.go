package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/bulklint/bulklint/analyzers"
)

// TestConfirmed runs the example application's tests with the query guard
// writing what it saw (BULKLINT_GUARD_OUT), then bulklint -confirmed on the
// application, in every output format: the report loop's N+1 is confirmed
// with its count, the import loop's (no test runs it) is not, and the
// seeding loop in test code, which bulklint does not analyse, is listed as
// a runtime-n-plus-one finding.
func TestConfirmed(t *testing.T) {
	if !slices.ContainsFunc(analyzers.Suite(), func(a *analysis.Analyzer) bool { return a.Name == "nplusone" }) {
		t.Skip("nplusone not in suite yet")
	}
	bin := build(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	obs := t.TempDir()
	cmd := exec.Command("go", "test", "-count=1", "-run", "^(TestDailyNPlusOne|TestDailyLoadedIsClean|TestSeedOneByOne)$", "./examples/shop/report")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "BULKLINT_GUARD_OUT="+obs)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test ./examples/shop/report: %v\n%s", err, out)
	}
	written, _ := filepath.Glob(filepath.Join(obs, "*.json"))
	if len(written) != 2 {
		t.Fatalf("want the observations of 2 scopes with an N+1, got %q", written)
	}
	reportLine := lineOf(t, filepath.Join(root, "examples", "shop", "report", "report.go"), "s.Customer(ctx, o.CustomerID)")
	seedLine := lineOf(t, filepath.Join(root, "examples", "shop", "report", "report_test.go"), `s.DB.ExecContext(guard.Context(), "INSERT INTO orders`)

	t.Run("text", func(t *testing.T) {
		stdout, stderr, code := runBulklint(t, bin, root, "-format=text", "-confirmed="+obs, "./examples/...")
		if code != 3 {
			t.Fatalf("exit %d, want 3\n%s", code, stderr)
		}
		t.Logf("output:\n%s", stdout)
		for _, re := range []string{
			`(?m)^examples/shop/report/report.go:` + itoa(reportLine) + `:\d+: query per row: .* \[confirmed at run time: up to 4 runs in TestDailyNPlusOne\]$`,
			`(?m)^examples/shop/store/store.go:\d+:\d+: query in loop: [^[]*bulk.Insert$`,
			`(?m)^examples/shop/report/report_test.go:` + itoa(seedLine) + `:1: query per element at run time: INSERT INTO orders \(customer_id, total_cents\) VALUES \(\$1, \$2\) runs once per element \(loop at line \d+\); insert them at once with bulk.Insert \[confirmed at run time: up to 3 runs in TestSeedOneByOne\]$`,
		} {
			if !regexp.MustCompile(re).MatchString(stdout) {
				t.Errorf("no line matches %s", re)
			}
		}
	})

	t.Run("json", func(t *testing.T) {
		stdout, stderr, code := runBulklint(t, bin, root, "-format=json", "-confirmed="+obs, "./examples/...")
		if code != 3 {
			t.Fatalf("exit %d, want 3\n%s", code, stderr)
		}
		var tree map[string]map[string][]struct {
			Category  string
			Posn      string
			Confirmed *struct {
				Count  int
				Scopes []string
			}
		}
		if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, byAnalyzer := range tree {
			for name, diags := range byAnalyzer {
				for _, d := range diags {
					if name != "nplusone" && name != "queryguard" {
						continue
					}
					s := name + " " + d.Category + " " + filepath.Base(d.Posn[:strings.Index(d.Posn, ".go:")+3])
					if d.Confirmed != nil {
						s += " confirmed " + itoa(d.Confirmed.Count) + " " + strings.Join(d.Confirmed.Scopes, ",")
					}
					got = append(got, s)
				}
			}
		}
		slices.Sort(got)
		want := []string{
			"nplusone query-in-loop store.go",
			"nplusone query-per-row report.go confirmed 4 TestDailyNPlusOne",
			"queryguard runtime-n-plus-one report_test.go confirmed 3 TestSeedOneByOne",
		}
		if !slices.Equal(got, want) {
			t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("sarif", func(t *testing.T) {
		log := sarifOf(t, bin, root, 3, "-confirmed="+obs, "./examples/...")
		var got []string
		for _, r := range log.Runs[0].Results {
			if !strings.HasPrefix(r.RuleID, "nplusone/") && !strings.HasPrefix(r.RuleID, "queryguard/") {
				continue
			}
			s := r.RuleID + " " + r.Level
			if c, ok := r.Properties["runtimeCount"]; ok {
				s += " " + strings.TrimSuffix(strings.TrimSuffix(jsonText(c), "\n"), ".0")
			}
			got = append(got, s)
			if rule := log.Runs[0].Tool.Driver.Rules[r.RuleIndex].ID; rule != r.RuleID {
				t.Errorf("result %s points at rule %s", r.RuleID, rule)
			}
		}
		slices.Sort(got)
		want := []string{
			"nplusone/query-in-loop warning",
			"nplusone/query-per-row error 4",
			"queryguard/runtime-n-plus-one error 3",
		}
		if !slices.Equal(got, want) {
			t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

func itoa(n int) string { return jsonText(n) }

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
