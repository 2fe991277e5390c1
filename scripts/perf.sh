#!/usr/bin/env bash
# perf.sh REPO_DIR [PATTERN]
#
# Measures what bulklint costs on a real module, against baselines that pay
# the same loading and SSA costs and analyse nothing:
#
#   ssaonly standalone          internal/ssaonly/cmd/ssaonly PATTERN
#   bulklint standalone         cmd/bulklint PATTERN
#   vet vetnoop cold            go vet -vettool=vetnoop PATTERN    (empty GOCACHE)
#   vet ssaonly cold            go vet -vettool=ssaonly PATTERN    (empty GOCACHE)
#   vet bulklint cold           go vet -vettool=bulklint PATTERN   (empty GOCACHE)
#   vet bulklint warm           the same again on that cache
#
# Each line gives wall time, user and system CPU, and peak RSS as GNU time
# reports it: the largest single process of the run (for go vet, the largest
# compile or vet tool process, not their sum). PATTERN defaults to ./... .
#
# Cold vet runs get an empty GOCACHE each under a scratch directory, so the
# shared build cache is not cleaned; the warm run repeats bulklint's on its
# cache. Standalone runs use the usual GOCACHE, warmed by go list -export
# first: the loader of a driver whose analyzers have no facts reads export
# data, and compiling it is not bulklint's cost. The scratch directory is
# removed on exit unless KEEP=1. Run `go mod download` in REPO_DIR first to
# keep network time out of the numbers.
set -euo pipefail

if [[ $# -lt 1 || ! -d $1 ]]; then
	echo "usage: $0 REPO_DIR [PATTERN]" >&2
	exit 2
fi
repo=$(cd "$1" && pwd)
pattern=${2:-./...}
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/bulklint-perf.XXXXXX")
if [[ ${KEEP:-0} != 1 ]]; then
	trap 'chmod -R u+w "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
fi

echo "building drivers into $scratch/bin" >&2
(cd "$root" && go build -o "$scratch/bin/" ./cmd/bulklint ./internal/ssaonly/cmd/ssaonly ./internal/vetnoop)

# measure NAME GOCACHE CMD...: runs CMD in repo, prints one line of results.
measure() {
	local name=$1 cache=$2
	shift 2
	local out=$scratch/$name.time log=$scratch/$name.log rc=0
	mkdir -p "$cache"
	(cd "$repo" && GOCACHE=$cache GOFLAGS="${GOFLAGS:-}" /usr/bin/time -v -o "$out" "$@" >"$log" 2>&1) || rc=$?
	awk -v name="$name" -v rc="$rc" -v lines="$(wc -l <"$log")" '
		/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); wall = (n == 3) ? p[1]*3600 + p[2]*60 + p[3] : p[1]*60 + p[2] }
		/User time/              { user = $NF }
		/System time/            { sys = $NF }
		/Maximum resident/       { rss = $NF / 1024 }
		END { printf "%-22s %8.1fs wall %8.1fs user %7.1fs sys %8.0f MiB peak RSS   exit %d, %d output lines\n", name, wall, user, sys, rss, rc, lines }
	' "$out"
}

bin=$scratch/bin
warm=$(go env GOCACHE)

(cd "$repo" && GOCACHE=$warm go list -deps -export "$pattern" >/dev/null)

echo "module $repo, pattern $pattern, $(nproc) CPUs, $(go version | cut -d' ' -f3)"
measure "ssaonly standalone" "$warm" "$bin/ssaonly" "$pattern"
measure "bulklint standalone" "$warm" "$bin/bulklint" "$pattern"
measure "vet vetnoop cold" "$scratch/cache-vetnoop" go vet -vettool="$bin/vetnoop" "$pattern"
measure "vet ssaonly cold" "$scratch/cache-ssaonly" go vet -vettool="$bin/ssaonly" "$pattern"
measure "vet bulklint cold" "$scratch/cache-bulklint" go vet -vettool="$bin/bulklint" "$pattern"
measure "vet bulklint warm" "$scratch/cache-bulklint" go vet -vettool="$bin/bulklint" "$pattern"
echo "logs: $scratch (set KEEP=1 to keep them)" >&2
