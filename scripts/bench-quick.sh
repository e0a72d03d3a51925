#!/usr/bin/env bash
# `make bench-quick`: every benchmark run small, into a temporary directory (never
# bench/results), failing on a crash or a missing results file. CI runs it; the figures say
# nothing (a busy machine, tiny samples): it only shows every benchmark still runs end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
out="$(mktemp -d -t bench-quick.XXXXXX)"
trap 'rm -rf "$out"' EXIT
started=$SECONDS

run() {  # run NAME: `python -m bench.NAME --quick --out $out`, then its .json and .md exist
    local name=$1 began=$SECONDS
    echo "bench-quick: $name" >&2
    if ! "$python" -m "bench.$name" --quick --out "$out" >"$out/$name.log" 2>&1; then
        tail -n 40 "$out/$name.log" >&2
        echo "bench-quick: bench.$name failed (log above)" >&2
        exit 1
    fi
    for suffix in json md; do
        if [[ ! -s "$out/$name.$suffix" ]]; then
            echo "bench-quick: bench.$name wrote no $name.$suffix" >&2
            exit 1
        fi
    done
    echo "bench-quick: $name ok in $((SECONDS - began)) s" >&2
}

# bench.vqd_accuracy writes to bench/results until it takes --out; never let a smoke run
# overwrite the committed figures.
if "$python" -m bench.vqd_accuracy --help 2>/dev/null | grep -q -- '--out'; then
    run vqd_accuracy
else
    echo "bench-quick: vqd_accuracy skipped: it has no --out option yet" >&2
fi
for name in vqd_speed vqd_latency ingest hub attacks; do  # ingest runs bench.takeover
    run "$name"
done
echo "bench-quick: all benchmarks ran in $((SECONDS - started)) s" >&2
