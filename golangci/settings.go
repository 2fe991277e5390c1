package golangci

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// fixed holds the flags the plugin sets itself, with their values and why
// a user cannot set them. golangci-lint applies //nolint directives itself
// (and its nolintlint reports those that matched no issue), so the
// analyzers must leave them to it.
var fixed = map[string]struct{ value, why string }{
	"nolint": {"false", "golangci-lint applies //nolint directives itself"},
}

// apply sets a's flags from the plugin settings golangci-lint passes: nil
// when the configuration has no settings, otherwise what its YAML decoder
// produced (a map[string]any of bools, numbers, strings and lists).
//
// Settings go through JSON first, as in register.DecodeSettings, so that the
// checks below see one representation whatever decoder built them.
func apply(a *analysis.Analyzer, settings any) error {
	for name, f := range fixed {
		if a.Flags.Lookup(name) == nil {
			continue // an analyzer without the flag has nothing to turn off
		}
		if err := a.Flags.Set(name, f.value); err != nil {
			return fmt.Errorf("%s: setting flag %s=%s: %w", a.Name, name, f.value, err)
		}
	}
	if settings == nil {
		return nil
	}
	data, err := json.Marshal(settings)
	if err != nil {
		return fmt.Errorf("%s: encoding settings: %w", a.Name, err)
	}
	if string(data) == "null" {
		return nil
	}
	var values map[string]json.RawMessage
	if err := json.Unmarshal(data, &values); err != nil {
		return fmt.Errorf("%s: settings must map setting names to values, got %s", a.Name, brief(data))
	}

	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names)

	var unknown []string
	for _, name := range names {
		if f, ok := fixed[name]; ok && a.Flags.Lookup(name) != nil {
			return fmt.Errorf("%s: setting %q cannot be set in golangci-lint, which needs it %s: %s", a.Name, name, f.value, f.why)
		}
		if a.Flags.Lookup(name) == nil {
			unknown = append(unknown, strconv.Quote(name))
		}
	}
	if len(unknown) > 0 {
		word := "setting"
		if len(unknown) > 1 {
			word = "settings"
		}
		return fmt.Errorf("%s: unknown %s %s; known settings: %s", a.Name, word, strings.Join(unknown, ", "), known(a))
	}

	for _, name := range names {
		f := a.Flags.Lookup(name)
		args, err := flagArgs(f, values[name])
		if err != nil {
			return fmt.Errorf("%s: setting %q: %w", a.Name, name, err)
		}
		for _, arg := range args {
			if err := a.Flags.Set(name, arg); err != nil {
				return fmt.Errorf("%s: setting %q: %w", a.Name, name, err)
			}
		}
	}
	return nil
}

// flagArgs turns the JSON value of a setting into the command-line
// arguments of flag f: one argument, or one per element of a list for flags
// whose value is not a single bool, number or string. The kind of the flag
// is read from flag.Getter, which the standard flag values implement.
func flagArgs(f *flag.Flag, raw json.RawMessage) ([]string, error) {
	var kind any // nil: a flag.Value of the analyzer's own, set from strings
	if g, ok := f.Value.(flag.Getter); ok {
		kind = g.Get()
	}
	switch kind.(type) {
	case bool:
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return nil, fmt.Errorf("want true or false, got %s", brief(raw))
		}
		return []string{strconv.FormatBool(b)}, nil
	case int, int64, uint, uint64:
		n, err := number(raw)
		if err != nil {
			return nil, err
		}
		if _, err := strconv.ParseInt(n.String(), 10, 64); err != nil {
			return nil, fmt.Errorf("want an integer, got %s", n)
		}
		return []string{n.String()}, nil
	case float64:
		n, err := number(raw)
		if err != nil {
			return nil, err
		}
		return []string{n.String()}, nil
	case string:
		s, err := str(raw)
		if err != nil {
			return nil, err
		}
		return []string{s}, nil
	case nil:
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
			var list []json.RawMessage
			if err := json.Unmarshal(raw, &list); err != nil {
				return nil, fmt.Errorf("want a string or a list of strings, got %s", brief(raw))
			}
			args := make([]string, 0, len(list))
			for i, elem := range list {
				s, err := str(elem)
				if err != nil {
					return nil, fmt.Errorf("element %d: %w", i, err)
				}
				args = append(args, s)
			}
			return args, nil
		}
		s, err := str(raw)
		if err != nil {
			return nil, fmt.Errorf("want a string or a list of strings, got %s", brief(raw))
		}
		return []string{s}, nil
	default:
		// A standard flag kind this package does not map (a time.Duration,
		// say): take its command-line form as a string.
		s, err := str(raw)
		if err != nil {
			return nil, err
		}
		return []string{s}, nil
	}
}

func number(raw json.RawMessage) (json.Number, error) {
	var n json.Number
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err == nil {
		if n, ok := v.(json.Number); ok {
			return n, nil
		}
	}
	return n, fmt.Errorf("want a number, got %s", brief(raw))
}

func str(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("want a string, got %s", brief(raw))
	}
	return s, nil
}

// known lists the names of a's flags that are settings, for error messages.
func known(a *analysis.Analyzer) string {
	var names []string
	a.Flags.VisitAll(func(f *flag.Flag) {
		if _, ok := fixed[f.Name]; !ok {
			names = append(names, f.Name)
		}
	})
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// brief shows a JSON value in an error message, cut if long.
func brief(raw []byte) string {
	const max = 60
	s := string(bytes.TrimSpace(raw))
	if len(s) > max {
		s = s[:max] + "..."
	}
	return s
}
