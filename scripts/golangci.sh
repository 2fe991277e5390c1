#!/usr/bin/env bash
# scripts/golangci.sh builds a golangci-lint v2 that includes bulklint's
# analyzers as module plugins (package golangci), then checks that it reports
# on examples/ exactly what the bulklint binary reports, and that
# //nolint:nplusone silences one linter on a line and only that one.
#
# It does by hand what `golangci-lint custom` does, from the Go module proxy
# alone (custom clones golangci-lint's git repository): golangci-lint's
# module source from `go mod download`, a file in cmd/golangci-lint that
# blank-imports the plugin package, a replace of github.com/bulklint/bulklint
# by this checkout, `go mod tidy` in that copy only, `go build`.
#
# The binary is cached in ${XDG_CACHE_HOME:-$HOME/.cache}/bulklint under a
# key made of the golangci-lint version, the Go version, the build steps, the
# repository's go.mod and go.sum, and every source file of this module that
# the plugin compiles in; a re-run with nothing changed skips the build. The
# three most recently used builds are kept.
#
# Usage: scripts/golangci.sh            build (or reuse) and check
#        scripts/golangci.sh -build     build (or reuse) and print the binary's path
# Environment: GOLANGCI_LINT_VERSION overrides the version in .custom-gcl.yml.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-check}
case $mode in
check | -build) ;;
*)
	echo "usage: $0 [-build]" >&2
	exit 2
	;;
esac

die() {
	echo "golangci.sh: $*" >&2
	exit 1
}
command -v go >/dev/null || die "go is not on PATH"
command -v jq >/dev/null || die "jq is not on PATH (used to compare JSON findings)"

version=${GOLANGCI_LINT_VERSION:-$(sed -n 's/^version:[[:space:]]*\([^[:space:]#]*\).*/\1/p' "$root/.custom-gcl.yml")}
[[ $version == v2.* ]] || die "golangci-lint version ${version:-(none)} from .custom-gcl.yml is not a v2 version"

export GOWORK=off

# The cache key: everything that goes into the binary from this checkout,
# and the build recipe (the text of build below, not the checks after it).
plugin_files=$(cd "$root" && go list -deps -f '{{if and .Module (eq .Module.Path "github.com/bulklint/bulklint")}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}
{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}
{{end}}{{end}}' ./golangci | sort -u)
[[ -n $plugin_files ]] || die "go list found no source for ./golangci"
key=$({
	echo "$version"
	go version
	sed -n '/^build() {/,/^}/p' "${BASH_SOURCE[0]}"
	sha256sum "$root/go.mod" "$root/go.sum" $plugin_files | sed "s| $root/| |"
} | sha256sum | cut -c1-16)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/bulklint
bin=$cache/golangci-lint-$version-$key

work=$(mktemp -d "${TMPDIR:-/tmp}/bulklint-golangci.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

build() {
	local start=$SECONDS src mod=github.com/golangci/golangci-lint/v2
	echo "golangci.sh: building golangci-lint $version with bulklint (key $key)" >&2
	src=$(cd "$work" && go mod download -json "$mod@$version" | jq -r '.Dir // empty')
	[[ -d $src ]] || die "go mod download $mod@$version gave no source directory"
	cp -R "$src" "$work/golangci-lint"
	chmod -R u+w "$work/golangci-lint"
	cd "$work/golangci-lint"
	cat >cmd/golangci-lint/bulklint.go <<-'EOF'
		package main

		// bulklint's analyzers as module plugins, added by scripts/golangci.sh.
		import _ "github.com/bulklint/bulklint/golangci"
	EOF
	go mod edit -require=github.com/bulklint/bulklint@v0.0.0-00010101000000-000000000000 \
		-replace=github.com/bulklint/bulklint="$root"
	go mod tidy >"$work/tidy.log" 2>&1 || {
		cat "$work/tidy.log" >&2
		die "go mod tidy failed in the copy of golangci-lint $version"
	}
	local tidied=$SECONDS
	mkdir -p "$cache"
	go build -trimpath -o "$bin.tmp" \
		-ldflags "-s -w -X main.version=${version#v}-bulklint-$key" ./cmd/golangci-lint
	mv "$bin.tmp" "$bin"
	cd "$root"
	echo "golangci.sh: built $bin in $((SECONDS - start)) s (download and tidy $((tidied - start)) s, go build $((SECONDS - tidied)) s)" >&2
}

if [[ -x $bin ]]; then
	echo "golangci.sh: using cached $bin" >&2
	touch "$bin"
else
	build
fi
# Keep the three most recently used builds (52 MB each) and their caches.
find "$cache" -maxdepth 1 -name 'golangci-lint-v*' ! -name '*.tmp' -printf '%T@ %f\n' |
	sort -rn | tail -n +4 | while read -r _ old; do
	rm -rf "${cache:?}/$old" "$cache/lint-cache-${old##*-}"
done
if [[ $mode == -build ]]; then
	echo "$bin"
	exit 0
fi

# Findings as sorted lines "path:line:col linter: text", paths relative to
# the module root given as $1. Related positions are left out: the plugins
# report none (golangci-lint would make each an issue of its own, which
# //nolint on the finding does not silence; see package golangci), so any
# "(related information)" issue from golangci-lint is a difference.
golangci_findings() { # root json
	jq -r --arg root "$1/" '(.Issues // [])[] |
		"\(.Pos.Filename | ltrimstr($root)):\(.Pos.Line):\(.Pos.Column) \(.FromLinter): \(.Text)"' "$2" | sort
}
standalone_findings() { # root json
	jq -r --arg root "$1/" '
		def pos: capture("^(?<file>.*):(?<line>[0-9]+):(?<col>[0-9]+)$");
		to_entries[].value | to_entries[] | .key as $linter | .value[] |
		(.posn | pos) as $p |
		"\($p.file | ltrimstr($root)):\($p.line):\($p.col) \($linter): \(.message)"' "$2" | sort
}

# run_golangci dir json [flag...]: lint ./examples/... of the module in dir
# with the committed example configuration.
run_golangci() {
	local rc=0 dir=$1 json=$2
	shift 2
	(cd "$dir" && GOLANGCI_LINT_CACHE="$cache/lint-cache-$key" "$bin" run \
		--config "$dir/examples/.golangci.yml" --path-mode=abs --show-stats=false \
		--output.text.path=stderr --output.json.path="$json" "$@" ./examples/...) 2>"$work/golangci.log" || rc=$?
	# 0: no issues, 1: issues found; anything else is a failure to run.
	if ((rc > 1)) || [[ ! -s $json ]]; then
		cat "$work/golangci.log" >&2
		die "golangci-lint exited with status $rc"
	fi
}

check_same() { # label want got
	if ! diff -u --label "$2" --label "$3" "$work/$2" "$work/$3" >"$work/diff"; then
		echo "golangci.sh: FAIL: $1" >&2
		cat "$work/diff" >&2
		exit 1
	fi
}

cd "$root"
go run ./cmd/bulklint -json ./examples/... >"$work/standalone.json" ||
	die "go run ./cmd/bulklint -json ./examples/... failed"
standalone_findings "$root" "$work/standalone.json" >"$work/bulklint.txt"
[[ -s $work/bulklint.txt ]] || die "the bulklint binary reports nothing on examples/: nothing to compare"

run_golangci "$root" "$work/golangci.json"
golangci_findings "$root" "$work/golangci.json" >"$work/golangci-lint.txt"
check_same "golangci-lint's findings on examples/ differ from the bulklint binary's" bulklint.txt golangci-lint.txt
echo "golangci.sh: ok: golangci-lint and bulklint agree on $(wc -l <"$work/golangci-lint.txt") findings in examples/"
sed 's/^/  /' "$work/golangci-lint.txt"

# //nolint:nplusone on an nplusone finding, in a copy of examples/ (with this
# module's go.mod and go.sum, and the runtime and internal packages the
# examples and their tests import, so that it builds alone): that finding goes,
# every other finding stays, and nolintlint finds the directive used. The
# finding is one that shares its line with another linter's, if there is
# one, to show that the comment silences nplusone only.
cp "$work/golangci-lint.txt" "$work/main.txt"
target=
while read -r finding; do
	at=${finding%% *}
	if grep -v ' nplusone: ' "$work/main.txt" | grep -qF "${at%:*}:"; then
		target=$finding
		break
	fi
done < <(grep ' nplusone: ' "$work/main.txt")
[[ -n $target ]] || target=$(grep -m1 ' nplusone: ' "$work/main.txt" || true)
[[ -n $target ]] || die "no nplusone finding in examples/ to suppress"
file=${target%%:*}
line=$(cut -d: -f2 <<<"$target")
copy=$work/nolint
mkdir -p "$copy"
cp "$root/go.mod" "$root/go.sum" "$copy/"
cp -R "$root/examples" "$root/runtime" "$root/internal" "$copy/"
sed -i "${line}s|\$| //nolint:nplusone|" "$copy/$file"
run_golangci "$copy" "$work/nolint.json" --enable=nolintlint
golangci_findings "$copy" "$work/nolint.json" >"$work/with-nolint.txt"
grep -vxF "$target" "$work/main.txt" >"$work/expected.txt" || true
check_same "//nolint:nplusone at $file:$line did not remove exactly that finding (or nolintlint reported it)" expected.txt with-nolint.txt
echo "golangci.sh: ok: //nolint:nplusone at $file:$line removes that finding, keeps $(wc -l <"$work/with-nolint.txt") others, and nolintlint finds it used"
