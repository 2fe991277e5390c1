#!/usr/bin/env bash
# scripts/readme.sh runs the commands README.md shows, as a reader would,
# and fails if one does not do what the README says.
#
# Each line of a ```sh block is a command (a line that starts with # is a
# comment), run with bash at the root of a copy of this checkout, in order
# (-fix and -baseline write files), with the module proxy off (the module
# cache must hold what `go test ./...` needed), GOBIN on PATH so that
# `go install ./cmd/bulklint` provides `bulklint`. A command must exit
# with the status its trailing comment names ("exit 3"), else 0. A ```text
# block that follows a ```sh block (prose between, no other block) is the
# output, standard error then standard output, of that block's first
# command; when it ends with go
# run's "exit status N" line, that command must exit 1, as go run does.
#
# Commands in the skip list below are not run, each for the reason given.
#
# Usage: scripts/readme.sh [README]   (default: README.md of this checkout)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readme=${1:-$root/README.md}
die() {
	echo "readme.sh: $*" >&2
	exit 1
}

declare -A skip=(
	["go test ./..."]=".ci/run runs it before this script"
)

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/repo" "$work/bin"
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done |
	xargs -0 cp --parents -t "$work/repo")

export GOBIN=$work/bin PATH=$work/bin:$PATH GOPROXY=off GOWORK=off GOFLAGS=

# Parse README into records: (cmd, the command) and (out, "N<tab>file":
# the output of command number N).
tab=$'\t'
n=0
fence=""
first=""
prev_close=""
declare -a kinds=() items=()
while IFS= read -r line || [[ -n $line ]]; do
	if [[ -z $fence ]]; then
		case $line in
		'```sh') fence=sh first="" ;;
		'```text')
			fence=text
			n=$((n + 1))
			: >"$work/out.$n"
			# Only after a sh block.
			[[ ${kinds[-1]:-} == cmd ]] && [[ $prev_close == sh ]] || fence=ignore
			[[ $fence == text ]] && kinds+=(out) items+=("$first$tab$work/out.$n")
			;;
		'```'*) fence=ignore ;;
		esac
		continue
	fi
	if [[ $line == '```' ]]; then
		prev_close=$fence
		fence=""
		continue
	fi
	case $fence in
	sh)
		[[ -z ${line// /} || $line == '#'* ]] && continue
		kinds+=(cmd) items+=("$line")
		[[ -n $first ]] || first=${#items[@]}
		;;
	text) printf '%s\n' "$line" >>"$work/out.$n" ;;
	esac
done <"$readme"

# Which commands have an output block: index of command -> file.
declare -A want_out=()
for i in "${!kinds[@]}"; do
	if [[ ${kinds[$i]} == out ]]; then
		want_out[${items[$i]%%"$tab"*}]=${items[$i]#*"$tab"}
	fi
done

cd "$work/repo"
ran=0
for i in "${!kinds[@]}"; do
	[[ ${kinds[$i]} == cmd ]] || continue
	line=${items[$i]}
	cmd=$(sed 's/[[:space:]]*#.*$//' <<<"$line")
	if [[ -n ${skip[$cmd]+x} ]]; then
		echo "readme.sh: skipped: $cmd (${skip[$cmd]})"
		continue
	fi
	want=0
	if [[ $line =~ \#.*exit\ ([0-9]+) ]]; then
		want=${BASH_REMATCH[1]}
	fi
	out=${want_out[$((i + 1))]:-}
	if [[ -n $out ]] && tail -n1 "$out" | grep -q '^exit status [0-9]*$'; then
		want=1
	fi
	code=0
	bash -c "$cmd" >"$work/stdout" 2>"$work/stderr" || code=$?
	if ((code != want)); then
		cat "$work/stderr" "$work/stdout" >&2
		die "$cmd: exit status $code, README says $want"
	fi
	if [[ -n $out ]] && ! diff -u --label README --label "$cmd" "$out" <(cat "$work/stderr" "$work/stdout") >&2; then
		die "$cmd: output differs from README's (-README +actual)"
	fi
	echo "readme.sh: ok: $cmd (exit $code)"
	ran=$((ran + 1))
done
((ran > 0)) || die "no command found in $readme"
