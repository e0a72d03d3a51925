"""Where a benchmark's figures came from: the commit, the date and the machine.

Every results file carries `provenance()`. Figures from a tree with uncommitted changes say
nothing about any commit, so `results_dir()` sends them to `var/bench-dirty/` instead of
`bench/results/`: the committed results are always those of a clean commit.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
DIRTY_RESULTS = REPO / "var" / "bench-dirty"


def git(*args: str) -> str:
    run = subprocess.run(["git", *args], capture_output=True, text=True, check=True, cwd=REPO)
    return run.stdout.strip()


def tree_is_clean() -> bool:
    # Results under bench/results are the benchmark's own output, not a change to the code.
    changes = git("status", "--porcelain", "--", ".", ":(exclude)bench/results")
    return not changes


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return 0.0


def provenance() -> dict[str, Any]:
    """The commit (clean or not, said apart), the date and the machine of this run."""
    clean = tree_is_clean()
    return {
        "commit": git("rev-parse", "HEAD"),
        "clean": clean,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_model": cpu_model(),
            "cores": len(os.sched_getaffinity(0)),
            "memory_gib": memory_gib(),
            "kernel": platform.release(),
            "arch": platform.machine(),
            "python": platform.python_version(),
        },
    }


def summary_line(meta: dict[str, Any]) -> str:
    """One line for a markdown report: commit, date, machine."""
    m = meta["machine"]
    state = "" if meta["clean"] else " (uncommitted changes)"
    return (
        f"Commit {meta['commit'][:12]}{state}, {meta['date']}; {m['cpu_model']}, "
        f"{m['cores']} cores, {m['memory_gib']} GiB, Linux {m['kernel']}."
    )


def results_dir(meta: dict[str, Any]) -> Path:
    """bench/results at a clean commit; var/bench-dirty (never committed) otherwise."""
    if meta["clean"]:
        return RESULTS
    print(
        "the tree has uncommitted changes: results go to var/bench-dirty/, not bench/results/",
        file=sys.stderr,
    )
    DIRTY_RESULTS.mkdir(parents=True, exist_ok=True)
    return DIRTY_RESULTS


def add_output_argument(parser: argparse.ArgumentParser) -> None:
    """`--out DIR`: write the results there instead (`make bench-quick` gives a temporary one)."""
    parser.add_argument(
        "--out", type=Path, help="write the results here, not to bench/results (or var/bench-dirty)"
    )


def write_results(
    name: str, report: dict[str, Any], markdown: str, out: Path | None = None
) -> Path:
    """`name`.json and `name`.md into `out`, or where `results_dir` says; the folder used."""
    folder = out if out is not None else results_dir(report["provenance"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
    (folder / f"{name}.md").write_text(markdown)
    print(f"results: {folder / name}.json and .md", file=sys.stderr)
    return folder
