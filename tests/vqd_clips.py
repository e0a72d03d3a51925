"""Tiny labelled clips for the accuracy scorer's tests: real H.264 in MP4, encoded with PyAV.

A textured gray picture with sensor noise and a moving block (so a clean camera is alive),
320x180 at 10 fps with a keyframe every 2 s; faults switched on at ONSET_S. The manifest is
the one `python -m bench.vqd_set` writes, with only the fields the scorer reads filled in
for real.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np
import numpy.typing as npt

WIDTH, HEIGHT, FPS, GOP_S = 320, 180, 10, 2.0
ONSET_S = 6.0
Picture = npt.NDArray[np.uint8]


def scene(rng: np.random.Generator) -> Picture:
    """A gray gradient under coarse texture: edges enough to look sharp."""
    gradient = np.linspace(60, 190, WIDTH, dtype=np.float32)[None, :].repeat(HEIGHT, 0)
    blocks = rng.integers(-40, 40, (HEIGHT // 10, WIDTH // 10)).astype(np.float32)
    texture = np.kron(blocks, np.ones((10, 10), np.float32))
    return np.clip(gradient + texture, 0, 255).astype(np.uint8)


def frames(
    fault: str | None, seconds: float, seed: int, onset_s: float = ONSET_S
) -> Iterator[Picture]:
    rng = np.random.default_rng(seed)
    base, held = scene(rng), None
    for i in range(int(seconds * FPS)):
        t = i / FPS
        gray = base.astype(np.int16) + rng.normal(0, 3, base.shape).astype(np.int16)
        x = int(20 + 10 * t) % (WIDTH - 30)
        gray[80:110, x : x + 30] = 230  # a passer-by
        picture = np.clip(gray, 0, 255).astype(np.uint8)
        if fault is not None and t >= onset_s:
            if fault == "black":
                picture = np.full_like(picture, 4)
            elif fault == "freeze":
                held = picture if held is None else held
                picture = held
        yield np.repeat(picture[:, :, None], 3, axis=2)


def encode(path: Path, pictures: Iterator[Picture], keep: Callable[[float], bool]) -> None:
    """H.264 (x264, no B-frames, fixed GOP) in MP4; packets whose time `keep` refuses are
    never written, as if the camera had sent nothing then."""
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        gop = str(int(GOP_S * FPS))
        stream.options = {"g": gop, "keyint_min": gop, "sc_threshold": "0", "bf": "0"}
        for i, picture in enumerate(pictures):
            frame = av.VideoFrame.from_ndarray(picture, format="bgr24")
            frame.pts = i
            _mux(out, stream.encode(frame), keep)
        _mux(out, stream.encode(None), keep)


def _mux(out: Any, packets: list[av.Packet[Any]], keep: Callable[[float], bool]) -> None:
    for packet in packets:
        if packet.pts is None or keep(float(packet.pts * packet.time_base)):
            out.mux(packet)


@dataclass(frozen=True)
class Spec:
    id: str
    part: str
    kind: str
    fault: str | None = None
    expected: str | None = None
    gap: tuple[float, float | None] | None = None
    seconds: float = 20.0
    seed: int = 1
    onset_s: float = ONSET_S


def clip_entry(spec: Spec) -> dict[str, Any]:
    faulted = spec.kind == "fault"
    onset = spec.gap[0] if spec.gap else spec.onset_s
    return {
        "id": spec.id,
        "file": f"clips/{spec.id}.mp4",
        "scene": f"gradient-{spec.seed}",
        "part": spec.part,
        "kind": spec.kind,
        "hard_negative": "static_scene" if spec.kind == "hard_negative" else None,
        "fault": spec.fault,
        "severity": "high" if faulted else None,
        "expected": spec.expected,
        "onset_s": onset if faulted else None,
        "gap": list(spec.gap) if spec.gap else None,
        "fps": FPS,
        "gop_s": GOP_S,
        "bitrate_kbps": None,
        "width": WIDTH,
        "height": HEIGHT,
        "duration_s": spec.seconds,
        "life": {},
        "seed": spec.seed,
    }


def outside(gap: tuple[float, float | None] | None) -> Callable[[float], bool]:
    """Whether a packet at time t is sent: not while the signal is lost."""

    def sent(t: float) -> bool:
        return gap is None or not (gap[0] <= t and (gap[1] is None or t < gap[1]))

    return sent


def write_set(folder: Path, specs: list[Spec]) -> Path:
    (folder / "clips").mkdir(parents=True, exist_ok=True)
    for spec in specs:
        gap = spec.gap
        picture_fault = None if gap else spec.fault
        encode(
            folder / "clips" / f"{spec.id}.mp4",
            frames(picture_fault, spec.seconds, spec.seed, spec.onset_s),
            keep=outside(gap),
        )
    manifest = {
        "version": 1,
        "generator": {"name": "tests/vqd_clips.py"},
        "scenes": [
            {"name": f"gradient-{s.seed}", "source": "synthetic", "part": s.part} for s in specs
        ],
        "clips": [clip_entry(s) for s in specs],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return folder


SMALL_SET = [
    Spec("clean-1", "heldout", "clean", seed=1),
    Spec("black-1", "heldout", "fault", fault="black", expected="dark", seed=2),
    Spec("freeze-1", "heldout", "fault", fault="freeze", expected="frozen", seed=3),
    Spec(
        "loss-1",
        "heldout",
        "fault",
        fault="signal_loss",
        expected="signal_loss",
        gap=(8.0, None),
        seconds=12.0,
        seed=4,
    ),
    Spec(
        "loss-2",
        "tune",
        "fault",
        fault="signal_loss",
        expected="signal_loss",
        gap=(6.0, 14.0),
        seed=5,
    ),
    Spec("clean-2", "tune", "clean", seed=6),
]
