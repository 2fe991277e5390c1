package driver

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// testSuite returns two analyzers with their own flags, so that no test
// touches the flags of bulklint's shared analyzers.
func testSuite() ([]*analysis.Analyzer, *bool) {
	a := &analysis.Analyzer{Name: "a", Doc: "a"}
	b := &analysis.Analyzer{Name: "b", Doc: "b"}
	tests := a.Flags.Bool("tests", false, "also tests")
	return []*analysis.Analyzer{a, b}, tests
}

func names(as []*analysis.Analyzer) string {
	var s []string
	for _, a := range as {
		s = append(s, a.Name)
	}
	return strings.Join(s, ",")
}

func TestParseFlags(t *testing.T) {
	suite, tests := testSuite()
	var stderr bytes.Buffer
	cfg, err := parseFlags([]string{"-format=sarif", "-a.tests", "-test=false", "-baseline=b.json", "./x/...", "./y"}, suite, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.format != formatSARIF || cfg.baseline != "b.json" || cfg.tests || !*tests || names(cfg.analyzers) != "a,b" || strings.Join(cfg.patterns, " ") != "./x/... ./y" {
		t.Errorf("cfg = %+v, a.tests = %v", cfg, *tests)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-format=text", "-b=false", "."}, "a"},
		{[]string{"-format=text", "-b", "."}, "b"},
		{[]string{"-format=text", "-a=true", "-b=false", "."}, "a"},
	} {
		suite, _ := testSuite()
		cfg, err := parseFlags(tc.args, suite, &stderr)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(cfg.analyzers); got != tc.want {
			t.Errorf("%q runs %s, want %s", tc.args, got, tc.want)
		}
	}
}

func TestParseFlagsErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-format=xml", "."}, `invalid value "xml" for flag -format: want text, json or sarif`},
		{[]string{"-format=sarif"}, "no packages given"},
		{[]string{"-baseline-update", "."}, "-baseline-update needs -baseline=FILE"},
		{[]string{"-format=sarif", "-json", "."}, "-json conflicts with -format=sarif"},
		{[]string{"-format=text", "-a=false", "-b=false", "."}, "every analyzer is disabled"},
		{[]string{"-format=text", "-nosuch", "."}, "flag provided but not defined: -nosuch"},
	} {
		suite, _ := testSuite()
		var stderr bytes.Buffer
		_, err := parseFlags(tc.args, suite, &stderr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.args, err, tc.want)
		}
	}
}
