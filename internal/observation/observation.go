// Package observation is the file format in which runtime/queryguard
// writes the N+1 queries a scope saw (when BULKLINT_GUARD_OUT names a
// directory) and bulklint -confirmed reads them. It holds types and a
// reader only, so that neither side depends on the other.
package observation

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Version is the format's version; a file of another version is refused.
const Version = 1

// A File is what one scope (a test, a request, a job) saw: its N+1
// queries, allowed ones included.
type File struct {
	Version  int     `json:"version"`
	Scope    string  `json:"scope"` // "TestDaily", "GET /orders", a job's name
	Kind     string  `json:"kind"`  // "test", "request" or "scope"
	NPlusOne []Group `json:"nplusone"`
}

// A Group is one statement shape run Count times from one call path.
type Group struct {
	Fingerprint string  `json:"fingerprint"`
	Query       string  `json:"query"` // one statement as it ran
	Count       int     `json:"count"`
	DurationNS  int64   `json:"duration_ns"`
	Allowed     bool    `json:"allowed,omitempty"`
	Stack       []Frame `json:"stack"`             // user code only: the call site first, then its callers
	LoopAt      int     `json:"loop_at"`           // index in Stack of the first frame inside a loop, -1 if none found
	Loop        *Frame  `json:"loop,omitempty"`    // that loop's for statement
	Batched     bool    `json:"batched,omitempty"` // counted once per call of a batching library (runtime/bulk)
}

// A Frame is a position in the program's source.
type Frame struct {
	Func    string `json:"func"`    // "github.com/x/app/store.(*Store).Customer"
	Package string `json:"package"` // "github.com/x/app/store"
	File    string `json:"file"`    // absolute, as the binary recorded it
	Line    int    `json:"line"`
}

// Read reads the observation file at path, or every *.json file in it if
// it is a directory.
func Read(path string) ([]File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	names := []string{path}
	if st.IsDir() {
		names, err = filepath.Glob(filepath.Join(path, "*.json"))
		if err != nil {
			return nil, err
		}
		slices.Sort(names)
	}
	var out []File
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var f File
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if f.Version != Version {
			return nil, fmt.Errorf("%s: observation format version %d, want %d", name, f.Version, Version)
		}
		out = append(out, f)
	}
	return out, nil
}

// Write writes f as a new file in dir, named after its scope.
func Write(dir string, f File) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	data, err := json.MarshalIndent(f, "", "\t")
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, "queryguard-"+sanitize(f.Scope)+"-*.json")
	if err != nil {
		return "", err
	}
	_, err = tmp.Write(append(data, '\n'))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	return tmp.Name(), err
}

func sanitize(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}

// Fix names the runtime/bulk call that replaces a statement run once per
// element, by the first word of its fingerprint.
func Fix(fingerprint string) string {
	verb, _, _ := strings.Cut(fingerprint, " ")
	switch verb {
	case "insert":
		return "insert them at once with bulk.Insert"
	case "update":
		return "update them at once with bulk.Update"
	case "delete":
		return "delete them at once with bulk.Delete"
	}
	return "load them at once with bulk.Load"
}
