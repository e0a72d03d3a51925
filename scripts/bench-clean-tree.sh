#!/usr/bin/env bash
# `make bench` measures one commit: refuse a tree with uncommitted changes (results under
# bench/results excepted, they are the benchmarks' own output) unless ALLOW_DIRTY=1, whose
# figures then go to var/bench-dirty/ (bench/provenance.py), never to bench/results.
set -euo pipefail
cd "$(dirname "$0")/.."
changes="$(git status --porcelain -- . ':(exclude)bench/results')"
if [[ -z "$changes" ]]; then
    echo "make bench: measuring commit $(git rev-parse --short HEAD)" >&2
    exit 0
fi
if [[ "${ALLOW_DIRTY:-0}" == 1 ]]; then
    echo "make bench: ALLOW_DIRTY=1: uncommitted changes, results go to var/bench-dirty/" >&2
    exit 0
fi
echo "make bench: the tree has uncommitted changes; figures must belong to one commit:" >&2
echo "$changes" | head -n 20 >&2
echo "Commit (or remove) them, or run ALLOW_DIRTY=1 make bench (results to var/bench-dirty/)." >&2
exit 1
