#!/usr/bin/env bash
# scripts/nvim-lsp.sh checks `bulklint lsp` with a real LSP client: Neovim,
# headless, configured by exactly the files docs/editors.md shows
# (docs/editors/nvim-VERSION.lua, each one the installed Neovim is recent
# enough for). Neovim loads the configuration, then opens one Go file, which
# starts and attaches the server as in an editor; it waits for the
# diagnostics and prints them as "file:line:col: [source code] message".
# The script then compares line, column and message with what
# `bulklint -json` reports for that file, and fails on any difference.
#
# It is not part of `go test` because nvim is not always installed
# (Debian 12: apt-get install neovim gives 0.7). .ci/run runs it where nvim
# is on PATH.
#
# Usage: scripts/nvim-lsp.sh [MODULE_DIR FILE]
#   default: this repository's examples/shop/store/store.go
# Environment: BULKLINT (a bulklint binary; built from this checkout if
#   unset), BULKLINT_TIMEOUT (seconds to wait for diagnostics, default 180).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
die() {
	echo "nvim-lsp.sh: $*" >&2
	exit 1
}
command -v nvim >/dev/null || die "nvim is not on PATH"
command -v jq >/dev/null || die "jq is not on PATH"
dir=${1:-$root}
file=${2:-examples/shop/store/store.go}
dir=$(cd "$dir" && pwd)
[[ -f $dir/$file ]] || die "no file $file in $dir"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=${BULKLINT:-}
if [[ -z $bin ]]; then
	(cd "$root" && go build -o "$work/bulklint" ./cmd/bulklint) || die "go build ./cmd/bulklint failed"
	bin=$work/bulklint
fi
# The documented configurations start `bulklint` from PATH.
mkdir -p "$work/bin"
ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$work/bin/bulklint"

# Run after the configuration and the file are loaded: wait for the
# diagnostics the configuration's client received, write them, stop.
cat >"$work/check.lua" <<'LUA'
local timeout = tonumber(os.getenv('BULKLINT_TIMEOUT') or '180')
local clients = vim.lsp.get_clients or vim.lsp.get_active_clients
if not vim.wait(timeout * 1000, function() return #vim.diagnostic.get(0) > 0 end, 100) then
  local names = {}
  for _, c in pairs(clients()) do table.insert(names, c.name) end
  io.stderr:write('nvim: no diagnostics within ' .. timeout .. 's; clients: ' .. table.concat(names, ', ') .. '\n')
  vim.cmd('cquit 1')
end
local diags = vim.diagnostic.get(0)
table.sort(diags, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
local out = io.open(os.getenv('BULKLINT_OUT'), 'w')
for _, d in ipairs(diags) do
  out:write(string.format('%s:%d:%d: [%s %s] %s\n', vim.fn.expand('%:.'), d.lnum + 1, d.col + 1,
    d.source or '', d.code or '', d.message))
end
out:close()
for _, c in pairs(clients()) do c.stop() end
vim.cmd('qall!')
LUA

cd "$dir"
# Columns: the server sends UTF-16 units and Neovim shows them as byte
# columns; the files compared here are ASCII on the flagged lines.
"$bin" -json ./... >"$work/bulklint.json" 2>/dev/null || true
jq -r --arg f "$dir/$file" '[.[][]? | arrays | .[] | select(.posn | startswith($f + ":"))] |
	unique_by(.posn + .message)[] | (.posn | ltrimstr($f + ":") | split(":")) as $p | "\($p[0]):\($p[1]): \(.message)"' \
	"$work/bulklint.json" | sort >"$work/want.txt"
[[ -s $work/want.txt ]] || die "bulklint -json reports nothing in $file: nothing to compare"

# "NVIM v0.7.2" -> 0007; a configuration for 0.11 needs at least 0011.
version=$(nvim --version | head -1 | sed -n 's/^NVIM v\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
[[ -n $version ]] || die "cannot read the version of $(command -v nvim)"
have=$(printf '%02d%02d' $version)
ran=0
for config in "$root"/docs/editors/nvim-*.lua; do
	need=$(basename "$config" .lua | sed 's/^nvim-//' | awk -F. '{printf "%02d%02d", $1, $2}')
	if ((10#$need > 10#$have)); then
		echo "nvim-lsp.sh: skipping $(basename "$config"): Neovim $(nvim --version | head -1 | cut -d' ' -f2) is older"
		continue
	fi
	start=$(date +%s.%N)
	PATH=$work/bin:$PATH BULKLINT_OUT=$work/nvim.txt \
		nvim --headless --clean --cmd "luafile $config" -c "luafile $work/check.lua" "$file" ||
		die "nvim failed with $(basename "$config") (see above)"
	echo "nvim-lsp.sh: Neovim $(nvim --version | head -1 | cut -d' ' -f2) with docs/editors/$(basename "$config") got diagnostics for $file after $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s:"
	sed 's/^/  /' "$work/nvim.txt"
	sed 's/^[^:]*:\([0-9]*\):\([0-9]*\): \[[^]]*\] /\1:\2: /' "$work/nvim.txt" | sort >"$work/got.txt"
	if ! diff -u "$work/want.txt" "$work/got.txt"; then
		die "Neovim's diagnostics (+) differ from bulklint -json (-) for $file"
	fi
	echo "nvim-lsp.sh: ok: the $(wc -l <"$work/got.txt") diagnostics equal bulklint -json's for $file"
	ran=$((ran + 1))
done
((ran > 0)) || die "no configuration in docs/editors/ is for Neovim $(nvim --version | head -1 | cut -d' ' -f2)"
