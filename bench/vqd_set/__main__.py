"""`python -m bench.vqd_set [--out var/vqd-set] [--slice ci|full] [--workers N] [--size 640x360]`

Renders the labelled camera clips of the evaluation set and writes `manifest.json` beside them.
Incremental: a clip whose parameters hash is unchanged (`clips/<id>.hash`) is not rendered again.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.vqd_set import faults as fx
from bench.vqd_set import plan as planning
from bench.vqd_set.clip import ClipSpec
from bench.vqd_set.encoding import PRESET, VBV_BUFFER_S
from bench.vqd_set.life import MAX_DRIFT, MAX_SHAKE, MAX_ZOOM
from bench.vqd_set.render import one_thread, render_clip
from bench.vqd_set.sources import CI_SCENES, SCENES, SceneSource, available, install_hint

GENERATOR_VERSION = 2  # bump when rendering changes in a way the parameters do not show
PROGRESS_EVERY = 20  # clips


def stale(spec: ClipSpec, out: Path) -> bool:
    hash_file = out / "clips" / f"{spec.id}.hash"
    clip = out / "clips" / f"{spec.id}.mp4"
    fresh = spec.params_hash(GENERATOR_VERSION)
    return not (clip.is_file() and hash_file.is_file() and hash_file.read_text() == fresh)


def generator_params(cut: planning.Slice, size: tuple[int, int]) -> dict[str, Any]:
    return {
        "name": "bench.vqd_set",
        "version": GENERATOR_VERSION,
        "slice": asdict(cut),
        "width": size[0],
        "height": size[1],
        "fps": cut.fps,
        "gops_s": planning.GOPS_S,
        "bitrate_kbps_at_640x360": planning.BITRATE_KBPS,
        "x264_preset": PRESET,
        "vbv_buffer_s": VBV_BUFFER_S,
        "max_drift": MAX_DRIFT,
        "max_zoom": MAX_ZOOM,
        "max_shake": MAX_SHAKE,
        "onset_share": [0.3, 0.5],
        "signal_gaps_s": fx.GAP_S,
        "strengths": {
            "dim_gain": fx.DIM_GAIN,
            "overexpose_gain_offset": fx.OVEREXPOSE,
            "cover_share": fx.COVER_SHARE,
            "defocus_sigma_px": fx.DEFOCUS_SIGMA,
            "cast_strength": fx.CAST_STRENGTH,
            "noise_sigma": fx.NOISE_SIGMA,
            "grain_amplitude": fx.GRAIN_AMPLITUDE,
            "salt_share": fx.SALT_SHARE,
            "stripe_amplitude": fx.STRIPE_AMPLITUDE,
            "pan_share": fx.PAN_SHARE,
        },
    }


def manifest(
    specs: list[ClipSpec],
    sources: tuple[SceneSource, ...],
    cut: planning.Slice,
    size: tuple[int, int],
) -> dict[str, Any]:
    return {
        "version": 1,
        "generator": generator_params(cut, size),
        "scenes": [
            {"name": s.name, "source": s.describe(), "part": s.part, "batch": s.batch}
            for s in sources
        ],
        "clips": [spec.manifest_entry() for spec in specs],
    }


# Not fork: a process forked while another thread holds a lock (OpenCV's, the logging
# module's, a test runner's) can wait on that lock for ever. The work runs from
# bench.vqd_set.render: a spawned worker cannot import this __main__.
SPAWN = multiprocessing.get_context("spawn")


def render_all(todo: list[ClipSpec], out: Path, workers: int) -> None:
    started = time.monotonic()
    with ProcessPoolExecutor(max_workers=workers, initializer=one_thread, mp_context=SPAWN) as pool:
        futures = {pool.submit(render_clip, spec, out): spec for spec in todo}
        for done, future in enumerate(as_completed(futures), start=1):
            future.result()
            spec = futures[future]
            (out / "clips" / f"{spec.id}.hash").write_text(spec.params_hash(GENERATOR_VERSION))
            if done % PROGRESS_EVERY == 0 or done == len(todo):
                elapsed = time.monotonic() - started
                eta = elapsed / done * (len(todo) - done)
                print(f"{done}/{len(todo)} clips, {elapsed:.0f} s, ETA {eta:.0f} s", flush=True)


def choose_sources(slice_name: str) -> tuple[SceneSource, ...]:
    if slice_name == "ci":
        return tuple(s for s in SCENES if s.name in CI_SCENES)
    found = available(SCENES)
    missing = sorted({s.package for s in SCENES if s not in found})
    if missing:
        hints = "; ".join(install_hint(p) for p in missing)
        sys.exit(
            f"missing scene sources {missing}: run make vqd-set, which installs them ({hints})"
        )
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.vqd_set", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("var/vqd-set"))
    parser.add_argument("--slice", choices=("ci", "full"), default="full")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--size", choices=("640x360", "1280x720"), default="640x360")
    args = parser.parse_args(argv)
    size = tuple(int(v) for v in args.size.split("x"))
    width, height = size[0], size[1]
    cut = planning.CI if args.slice == "ci" else planning.FULL
    sources = choose_sources(args.slice)
    specs = planning.plan(sources, SCENES, cut, (width, height))
    (args.out / "clips").mkdir(parents=True, exist_ok=True)
    todo = [spec for spec in specs if stale(spec, args.out)]
    print(f"{len(specs)} clips in the {cut.name} set, {len(todo)} to render", flush=True)
    render_all(todo, args.out, args.workers)
    document = manifest(specs, sources, cut, (width, height))
    (args.out / "manifest.json").write_text(json.dumps(document, indent=1))
    print(f"wrote {args.out / 'manifest.json'}", flush=True)


if __name__ == "__main__":
    main()
