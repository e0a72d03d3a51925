"""A hand-made clip of the evaluation set's manifest for the scorer's tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.vqd_manifest import Clip

_CLEAN = Clip(
    id="c",
    path=Path("clips/c.mp4"),
    scene="s",
    part="heldout",
    kind="clean",
    hard_negative=None,
    fault=None,
    severity=None,
    expected=None,
    onset_s=None,
    gap=None,
    gop_s=2.0,
    duration_s=20.0,
)


def clip(**changes: Any) -> Clip:
    """A clean 20 s clip with a keyframe every 2 s, changed where asked."""
    return replace(_CLEAN, path=Path(f"clips/{changes.get('id', _CLEAN.id)}.mp4"), **changes)
