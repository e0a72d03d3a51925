"""The report of `python -m bench.attacks`: figures across runs, the commit, the Markdown."""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from bench.provenance import summary_line

Tally = Counter[str]


def across_runs(runs: list[dict[str, Any]], target_p99_ms: float) -> dict[str, Any]:
    """Median and spread (min, max) of each latency figure over the runs; counts summed."""
    figures = {
        q: {
            "median": round(statistics.median(r["latency_ms"][q] for r in runs), 1),
            "min": min(r["latency_ms"][q] for r in runs),
            "max": max(r["latency_ms"][q] for r in runs),
        }
        for q in ("p50", "p95", "p99", "max")
    }
    answers: Tally = sum((Counter(r["answers"]) for r in runs), Counter())
    failures: Tally = sum((Counter(r["failures"]) for r in runs), Counter())
    return {
        "latency_ms": figures,
        "target_met_every_run": all(r["latency_ms"]["p99"] < target_p99_ms for r in runs),
        "probes": sum(r["probes"] for r in runs),
        "probe_failures": dict(failures),
        "server_cpu_cores_median": round(statistics.median(r["server_cpu_cores"] for r in runs), 2),
        "attacker_cpu_cores_median": round(
            statistics.median(r["attacker_cpu_cores"] for r in runs), 2
        ),
        "answers": dict(sorted(answers.items())),
        "runs": runs,
    }


def markdown(report: dict[str, Any]) -> str:
    yes = {True: "yes", False: "NO"}
    lines = [
        "# Health under attack (`python -m bench.attacks`)",
        "",
        summary_line(report["provenance"]),
        "",
        f"{report['runs']} runs of "
        f"{report['duration_s']:g} s an attack, a fresh server each. `/healthz` every 50 ms from "
        "its own process; the server, the attacker and the prober share this machine's cores "
        f"(load average before an attack: {load(report)}).",
        "",
        "Latency in ms: the median over the runs, (min to max) across them. Target met: p99 under "
        f"{report['target_p99_ms']:g} ms in every run.",
        "",
        "| attack | answers/s | p50 | p95 | p99 | max | probes / failed | CPU: server, attacker "
        "| target met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, result in report["attacks"].items():
        f = result["latency_ms"]
        cells = [f"{f[q]['median']} ({f[q]['min']} to {f[q]['max']})" for q in f]
        failed = sum(result["probe_failures"].values())
        lines.append(
            f"| {name}: {result['attack']} | {rate(report, result)} | {' | '.join(cells)} "
            f"| {result['probes']} / {failed} "
            f"| {result['server_cpu_cores_median']}, {result['attacker_cpu_cores_median']} cores "
            f"| {yes[result['target_met_every_run']]} |"
        )
    lines += ["", "## What the server answered (all runs), and when health was slow", ""]
    for name, result in report["attacks"].items():
        answers = "; ".join(f"{k}: {v}" for k, v in result["answers"].items()) or "nothing asked"
        slowest = ", ".join(
            f"{s['ms']} ms at {s['at_s']} s" for s in (r["slowest"][-1] for r in result["runs"])
        )
        windows = " | ".join(
            ", ".join(str(ms) for ms in r["p99_ms_by_window"].values()) for r in result["runs"]
        )
        expected = f" (expected: {result['expected']})" if result["expected"] else ""
        lines.append(
            f"- **{name}**{expected}: {answers}. Slowest probe of each run: {slowest}; "
            f"p99 ms of each 5 s, run by run: {windows}."
        )
    return "\n".join(lines) + "\n"


def load(report: dict[str, Any]) -> str:
    loads = [r["load_before"] for a in report["attacks"].values() for r in a["runs"]]
    return f"{min(loads):.1f} to {max(loads):.1f}"


def rate(report: dict[str, Any], result: dict[str, Any]) -> int:
    """The server's answers (and connections closed) a second, over all runs."""
    answers: int = sum(result["answers"].values())
    return round(answers / (report["runs"] * report["duration_s"]))
