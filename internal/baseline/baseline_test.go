package baseline

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func entry(file, fp string) Entry {
	return Entry{Analyzer: "nplusone", Category: "query-in-loop", File: file, Function: "F", Message: "query in loop (loop at line N)", Fingerprint: fp}
}

func TestUnmatchedMultiset(t *testing.T) {
	b := New([]Entry{entry("a.go", "aa"), entry("a.go", "aa"), entry("b.go", "bb")})
	got := b.Unmatched([]string{"aa", "cc", "aa", "bb", "aa", "bb"})
	// Two "aa" entries cover two findings, the third is new; one "bb"
	// covers one; "cc" is new.
	if want := []int{1, 4, 5}; !reflect.DeepEqual(got, want) {
		t.Errorf("Unmatched = %v, want %v", got, want)
	}
	if got := New(nil).Unmatched([]string{"x"}); !reflect.DeepEqual(got, []int{0}) {
		t.Errorf("empty baseline: Unmatched = %v, want [0]", got)
	}
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "baseline.json")
	in := []Entry{entry("z.go", "22"), entry("a.go", "11"), entry("a.go", "00")}
	if err := Write(path, New(in)); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(path)
	// Order of the input does not matter: the file is sorted.
	if err := Write(path, New([]Entry{in[1], in[2], in[0]})); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(path)
	if !bytes.Equal(first, second) {
		t.Errorf("baseline depends on input order:\n%s\n%s", first, second)
	}
	b, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	var fps []string
	for _, e := range b.Findings {
		fps = append(fps, e.File+":"+e.Fingerprint)
	}
	if want := []string{"a.go:00", "a.go:11", "z.go:22"}; !reflect.DeepEqual(fps, want) {
		t.Errorf("read back %v, want %v", fps, want)
	}
	if !strings.Contains(string(first), "\n  \"findings\": [\n    {\n      \"analyzer\": \"nplusone\",") {
		t.Errorf("file is not indented one field per line:\n%s", first)
	}
	if _, err := os.Stat(path + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary file left behind: %v", err)
	}
	empty := New(nil).Marshal()
	if !bytes.Contains(empty, []byte(`"findings": []`)) {
		t.Errorf("empty baseline = %s, want an empty list, not null", empty)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.json")
	if _, err := Read(missing); !errors.Is(err, ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: err = %v, want ErrNotExist naming the file", err)
	}
	for _, tc := range []struct{ name, content, want string }{
		{"syntax.json", "{\n  \"version\": 1,\n  \"findings\": [\n    {,\n", "syntax.json:4: not a baseline file"},
		{"list.json", `[{"fingerprint": "x"}]`, "not a baseline file"},
		{"unknown.json", `{"version": 1, "findings": [], "extra": 1}`, `unknown field "extra"`},
		{"version.json", `{"version": 2, "findings": []}`, "version 2, want 1"},
		{"nofp.json", `{"version": 1, "findings": [{"analyzer": "nplusone", "file": "a.go"}]}`, "finding 1 (nplusone in a.go) has no fingerprint"},
		{"trailing.json", `{"version": 1, "findings": []} {}`, "data after the JSON object"},
		{"empty.json", ``, "not a baseline file"},
	} {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Read(path)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: err = %v, want one naming the file and containing %q", tc.name, err, tc.want)
		}
	}
}
