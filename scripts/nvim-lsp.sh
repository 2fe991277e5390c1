#!/usr/bin/env bash
# scripts/nvim-lsp.sh checks `bulklint lsp` with a real LSP client: Neovim,
# headless. Neovim (0.7 or later: vim.lsp.start_client and
# vim.lsp.buf_attach_client) opens one Go file, attaches the server, waits
# for its diagnostics and prints them as "file:line:col: [source code]
# message"; the script then compares line, column and message with what
# `bulklint -json` reports for that file, and fails on any difference.
#
# It is not part of `go test` because nvim is not always installed
# (Debian: apt-get install neovim).
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

cat >"$work/check.lua" <<'LUA'
local bin, root = os.getenv('BULKLINT_BIN'), os.getenv('BULKLINT_ROOT')
local timeout = tonumber(os.getenv('BULKLINT_TIMEOUT') or '180')
local id = vim.lsp.start_client({ name = 'bulklint', cmd = { bin, 'lsp' }, root_dir = root })
if not id then
  io.stderr:write('nvim: could not start ' .. bin .. ' lsp\n')
  vim.cmd('cquit 1')
end
vim.lsp.buf_attach_client(0, id)
if not vim.wait(timeout * 1000, function() return #vim.diagnostic.get(0) > 0 end, 100) then
  io.stderr:write('nvim: no diagnostics within ' .. timeout .. 's\n')
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
vim.lsp.stop_client(id)
vim.cmd('qall!')
LUA

cd "$dir"
start=$(date +%s.%N)
BULKLINT_BIN=$bin BULKLINT_ROOT=$dir BULKLINT_OUT=$work/nvim.txt \
	nvim --headless --clean -c "luafile $work/check.lua" "$file" ||
	die "nvim failed (see above)"
echo "nvim-lsp.sh: Neovim $(nvim --version | head -1 | cut -d' ' -f2) got diagnostics for $file after $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s:"
sed 's/^/  /' "$work/nvim.txt"

# Columns: the server sends UTF-16 units and Neovim shows them as byte
# columns; the files compared here are ASCII on the flagged lines.
"$bin" -json ./... >"$work/bulklint.json" 2>/dev/null || true
jq -r --arg f "$dir/$file" '[.[][]? | arrays | .[] | select(.posn | startswith($f + ":"))] |
	unique_by(.posn + .message)[] | (.posn | ltrimstr($f + ":") | split(":")) as $p | "\($p[0]):\($p[1]): \(.message)"' \
	"$work/bulklint.json" | sort >"$work/want.txt"
sed 's/^[^:]*:\([0-9]*\):\([0-9]*\): \[[^]]*\] /\1:\2: /' "$work/nvim.txt" | sort >"$work/got.txt"
[[ -s $work/want.txt ]] || die "bulklint -json reports nothing in $file: nothing to compare"
if ! diff -u "$work/want.txt" "$work/got.txt"; then
	die "Neovim's diagnostics (+) differ from bulklint -json (-) for $file"
fi
echo "nvim-lsp.sh: ok: the $(wc -l <"$work/got.txt") diagnostics equal bulklint -json's for $file"
