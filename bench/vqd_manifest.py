"""The labelled clip set as `python -m bench.vqd_set` writes it: `manifest.json` beside `clips/`.

Only the fields the scorer needs are read; the rest of a clip (its life, seed, bit-rate) is
the generator's record and stays in the manifest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST_VERSION = 1
PARTS = ("tune", "heldout")


@dataclass(frozen=True, slots=True)
class Clip:
    id: str
    path: Path  # the clip's file, resolved against the manifest's folder
    scene: str
    part: str  # "tune" | "heldout"
    kind: str  # "clean" | "hard_negative" | "fault"
    hard_negative: str | None
    fault: str | None
    severity: str | None
    expected: str | None  # a CheckName value, or None for clean footage
    onset_s: float | None  # the fault is on from this time
    gap: tuple[float, float | None] | None  # signal loss: no packets in [start, end)
    gop_s: float
    duration_s: float


def clip_from_entry(entry: dict[str, Any], folder: Path) -> Clip:
    gap = entry.get("gap")
    return Clip(
        id=str(entry["id"]),
        path=folder / str(entry["file"]),
        scene=str(entry["scene"]),
        part=str(entry["part"]),
        kind=str(entry["kind"]),
        hard_negative=entry.get("hard_negative"),
        fault=entry.get("fault"),
        severity=entry.get("severity"),
        expected=entry.get("expected"),
        onset_s=None if entry.get("onset_s") is None else float(entry["onset_s"]),
        gap=None if gap is None else (float(gap[0]), None if gap[1] is None else float(gap[1])),
        gop_s=float(entry["gop_s"]),
        duration_s=float(entry["duration_s"]),
    )


def load_clips(set_dir: Path) -> list[Clip]:
    """Every clip of the set's manifest; refuses a manifest of another version."""
    path = set_dir / "manifest.json"
    if not path.exists():
        raise SystemExit(f"no {path}: make the set first (python -m bench.vqd_set)")
    manifest = json.loads(path.read_text())
    if manifest.get("version") != MANIFEST_VERSION:
        raise ValueError(f"{set_dir}/manifest.json: version {manifest.get('version')!r}, not 1")
    return [clip_from_entry(entry, set_dir) for entry in manifest["clips"]]


def generator_of(set_dir: Path) -> dict[str, Any]:
    """The generator's own record (its commit, its sources), copied into the results."""
    generator: dict[str, Any] = json.loads((set_dir / "manifest.json").read_text())["generator"]
    return generator


def select_part(clips: list[Clip], part: str) -> list[Clip]:
    return clips if part == "both" else [c for c in clips if c.part == part]
