package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// fenced returns the contents of the fenced blocks of language lang in the
// Markdown file name.
func fenced(t *testing.T, name, lang string) []string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, m := range regexp.MustCompile("(?ms)^```"+regexp.QuoteMeta(lang)+"\n(.*?)^```$").FindAllSubmatch(data, -1) {
		blocks = append(blocks, string(m[1]))
	}
	return blocks
}

// TestEditorDocs checks that the Neovim configurations docs/editors.md
// shows are the files scripts/nvim-lsp.sh runs, and that its VS Code
// settings are those of the extension it names (zsol.vscode-glspc 0.2.0,
// whose package.json declares glspc.server.command a string and
// glspc.server.commandArguments and glspc.server.languageId arrays of
// strings, the last non-empty).
func TestEditorDocs(t *testing.T) {
	doc := filepath.Join("..", "..", "docs", "editors.md")
	lua := fenced(t, doc, "lua")
	files, err := filepath.Glob(filepath.Join("..", "..", "docs", "editors", "nvim-*.lua"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no docs/editors/nvim-*.lua: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(lua, string(data)) {
			t.Errorf("docs/editors.md does not show %s as it is", filepath.Base(f))
		}
	}
	if len(lua) != len(files) {
		t.Errorf("docs/editors.md shows %d Lua blocks, docs/editors has %d files: each block must be a file nvim-lsp.sh runs", len(lua), len(files))
	}

	blocks := fenced(t, doc, "json")
	if len(blocks) != 1 {
		t.Fatalf("docs/editors.md: %d JSON blocks, want the VS Code settings only", len(blocks))
	}
	var settings map[string]any
	if err := json.Unmarshal([]byte(blocks[0]), &settings); err != nil {
		t.Fatalf("VS Code settings: %v\n%s", err, blocks[0])
	}
	strs := func(v any) bool {
		a, ok := v.([]any)
		for _, e := range a {
			if _, isStr := e.(string); !isStr {
				return false
			}
		}
		return ok
	}
	for key, v := range settings {
		var ok bool
		switch key {
		case "glspc.server.command":
			s, isStr := v.(string)
			ok = isStr && s == "bulklint"
		case "glspc.server.commandArguments":
			ok = strs(v) && len(v.([]any)) == 1 && v.([]any)[0] == "lsp"
		case "glspc.server.languageId":
			ok = strs(v) && slices.Contains(v.([]any), any("go"))
		default:
			t.Errorf("VS Code setting %s is not one of zsol.vscode-glspc's", key)
			continue
		}
		if !ok {
			t.Errorf("VS Code setting %s = %v: wrong type or value", key, v)
		}
	}
	if len(settings) != 3 {
		t.Errorf("VS Code settings: %d keys, want command, commandArguments and languageId", len(settings))
	}
}
