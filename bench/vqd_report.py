"""The accuracy results as markdown: what a sceptical reader reads first. Pure."""

from __future__ import annotations

from typing import Any

from bench.provenance import summary_line
from bench.vqd_metrics import NONE, SEVERITIES, UNKNOWN

DASH = "\N{EN DASH}"  # between the ends of an interval, as print has it
NO_FIGURE = "-"
HELD_OUT = "heldout"
METHOD = (
    "How it was scored: each clip is read as the gateway reads a camera, keyframes only; the "
    "first keyframe is the first look (not scored) and the first one no check fails becomes "
    "the reference view; every later keyframe is one sample, checked with the gateway's "
    "defaults. A sample before the fault's onset is clean footage, from the onset on a faulted "
    "sample of the clip's fault; hard-negative clips are clean throughout. Left out: a "
    "freeze's first sample after onset (the held picture first seen, unlike the one before, so "
    "nothing could call it frozen yet). Signal loss is judged once a second from the packet "
    "timeline with the gateway's timeouts; a tick within the signal timeout after a gap began, "
    "or after packets return but before a keyframe does, is left out. Alerts replay the "
    "gateway's debounce on every check's verdicts (unknown neither raises nor clears); a false "
    "alert is one raised at a clean time, clean time being clean samples times the keyframe "
    "interval; a detection delay runs from the onset to the expected check's first alert."
)
TUNING_NOTE = (
    "The checks' thresholds may have been tuned on this part: its figures are for comparison, "
    "the targets are judged on the held-out part."
)


def pct(cell: dict[str, Any] | None) -> str:
    """A share with its interval and counts: "97 % (91 to 99) 58/60", an en dash for "to"."""
    if cell is None or cell["value"] is None:
        return NO_FIGURE
    low, high = cell["ci95"]
    share = f"{100 * cell['value']:.0f} % ({100 * low:.0f}{DASH}{100 * high:.0f})"
    return f"{share} {cell['k']}/{cell['n']}"


def per_1k(cell: dict[str, Any]) -> str:
    if cell["value"] is None:
        return NO_FIGURE
    low, high = cell["ci95"]
    return f"{cell['value']:.2f} ({low:.2f}{DASH}{high:.2f}) {cell['k']}/{cell['n']}"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def markdown(results: dict[str, Any]) -> str:
    set_info = results["set"]
    lines = [
        "# Video-quality checks: accuracy on the labelled clip set",
        "",
        summary_line(results),
        f"Set {set_info['path']} ({slice_name(set_info)}part {set_info['part']}), "
        f"{results['elapsed_s']} s. "
        "Shares with their 95 % Wilson interval and counts; false alarms per 1,000 clean samples. "
        "Targets are the issue's, judged on the held-out part (the tuning part is shown for "
        "comparison); a recall is judged on its point estimate.",
        "",
        METHOD,
    ]
    for part, summary in results["parts"].items():
        lines += ["", *part_section(part, summary)]
    return "\n".join(lines) + "\n"


def slice_name(set_info: dict[str, Any]) -> str:
    cut = set_info["generator"].get("slice")
    name = cut.get("name") if isinstance(cut, dict) else cut  # the generator writes its Slice
    return f"the {name} slice, " if name else ""


def part_section(part: str, s: dict[str, Any]) -> list[str]:
    lines = [
        f"## Part: {part}",
        "",
        f"{s['clips']} clips; {s['clean_samples']:,} clean and {s['faulted_samples']:,} faulted "
        f"picture samples ({s['unreferenced_samples']} judged with no reference view yet, "
        f"{s['excluded_samples']} left out); "
        f"{s['clean_ticks']:,} clean and {s['faulted_ticks']:,} faulted signal-loss ticks of 1 s.",
        "",
        *([] if part == HELD_OUT else [TUNING_NOTE, ""]),
        *targets_table(s["targets"]),
        "",
        *recall_table(s),
        "",
        "### Which checks failed (picture samples)",
        "",
        *confusion_table(s["confusion"]),
        "",
        "### Signal loss, per 1 s tick of the packet timeline",
        "",
        *confusion_table(s["signal_loss_ticks"]),
        "",
        *alert_section(s["alerts"]),
    ]
    return lines


def targets_table(targets: list[dict[str, Any]]) -> list[str]:
    rows = [
        [t["name"], t["target"], _target_figure(t), "met" if t["met"] else "NOT met"]
        for t in targets
    ]
    return ["### Targets", "", *table(["target", "needed", "figure", ""], rows)]


def _target_figure(target: dict[str, Any]) -> str:
    share = target.get("share")
    if share is None or share["value"] is None:
        return _figure(target["value"])
    return pct(share) if target["name"].startswith("recall") else per_1k(share)


def _figure(value: object) -> str:
    if value is None:
        return "no data"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _seconds(value: float | None) -> str:
    return NO_FIGURE if value is None else f"{value:.1f}"


def recall_table(s: dict[str, Any]) -> list[str]:
    recall, alarms, precision = s["recall"], s["false_alarms_per_1k"], s["precision"]
    checks = sorted({*recall, *precision})
    ungraded = any("ungraded" in recall.get(c, {}) for c in checks)
    severities = [*SEVERITIES, *(["ungraded"] if ungraded else [])]
    rows = []
    for check in checks:
        cells = [pct(recall.get(check, {}).get(sev)) for sev in severities]
        alarm = alarms.get(check) or alarms.get(f"{check} (per 1,000 clean ticks)")
        rows.append(
            [check, *cells, pct(precision.get(check)), per_1k(alarm) if alarm else NO_FIGURE]
        )
    rows.append(["any check", *["" for _ in severities], "", per_1k(alarms["any"])])
    header = [
        "check",
        *[f"recall {sev}" for sev in severities],
        "precision",
        "false alarms /1k clean",
    ]
    note = "Signal loss: recall and false alarms per 1 s tick of the packet timeline (see JSON)."
    return ["### Recall, precision, false alarms", "", *table(header, rows), "", note]


def confusion_table(conf: dict[str, dict[str, int]]) -> list[str]:
    checks = sorted({c for row in conf.values() for c in row} - {"samples", NONE, UNKNOWN})
    columns = [*checks, NONE, UNKNOWN]
    rows = [
        [key, str(row["samples"]), *[str(row.get(c, "")) for c in columns]]
        for key, row in conf.items()
    ]
    return table(["row", "samples", *columns], rows)


def alert_section(alerts: dict[str, Any]) -> list[str]:
    clean, plain = alerts["clean_footage"], alerts["clean_clips"]
    lines = [
        "### After the debounce",
        "",
        f"False alerts on clean footage: {clean['false_alerts']} in "
        f"{clean['clean_camera_days']} camera-days = {clean['per_camera_day']} per camera-day "
        f"(by check: {clean['by_check'] or 'none'}). Plain clean clips alerting: "
        f"{plain['alerting']} of {plain['clips']}.",
        "",
    ]
    rows = [
        [
            key,
            str(d["clips"]),
            str(d["never_alerted"]),
            _seconds(d["median_s"]),
            _seconds(d["p90_s"]),
        ]
        for key, d in alerts["detection_delay"].items()
    ]
    lines += table(["fault", "clips", "never alerted", "median delay s", "p90 delay s"], rows)
    rows = [
        [
            kind,
            str(h["clips"]),
            str(h["alerting"]),
            ", ".join(f"{c} {n}" for c, n in h["checks"].items()),
        ]
        for kind, h in alerts["hard_negatives"].items()
    ]
    lines += ["", "Hard negatives (target: no clip alerting):", ""]
    lines += table(["kind", "clips", "clips alerting", "alerts by check"], rows)
    return lines
