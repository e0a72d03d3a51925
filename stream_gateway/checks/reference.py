"""The camera's reference view: what its picture looks like when all is well.

Several checks judge a frame against it rather than against one absolute number, so a night
corridor is not "dark-covered" and a plain wall is not "blurred": only a change counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from events.schema import CheckName, Verdict
from stream_gateway.checks import detail, measures, noise_measures
from stream_gateway.checks.alignment import (
    FRESH_SAMPLES,
    STILL,
    AlignmentReference,
    alignment_reference,
    learnt,
    restless,
)
from stream_gateway.checks.result import CheckResult

Gray = npt.NDArray[np.uint8]
Bgr = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class ReferenceView:
    alignment: AlignmentReference  # what aligning a sample to this view needs, computed once
    luma: float
    sharpness: float
    covered_share: float
    covered: npt.NDArray[np.bool_]  # the blocks (measures.COVER_BLOCKS) dark and flat already
    block_luma: npt.NDArray[np.float16]  # mean luma of each of those blocks
    detail: npt.NDArray[np.float32]  # detail.detail_map: the fine detail of each of those blocks
    cast: tuple[float, float, float]  # measures.channel_balance
    noise: noise_measures.NoiseLevels
    saturation: float  # measures.saturation: colour, or infrared grey (near 0)


def reference_view(gray: Gray, bgr: Bgr) -> ReferenceView:
    covered = measures.covered_blocks(gray)
    return ReferenceView(
        alignment=alignment_reference(gray),
        luma=float(gray.mean()),
        sharpness=measures.sharpness(gray),
        covered_share=covered.mean(dtype=np.float64).item(),
        covered=covered,
        block_luma=measures.block_stats(gray)[0].astype(np.float16),
        detail=detail.detail_map(gray),
        cast=measures.channel_balance(bgr),
        noise=noise_measures.noise_levels(gray, bgr),
        saturation=measures.saturation(bgr),
    )


# Gray standard deviation below which a picture shows nothing to compare with (black, a test
# card, a lens cap): never a reference view.
REFERENCE_MIN_TEXTURE = 4.0


def worth_a_reference(gray: Gray, results: Iterable[CheckResult]) -> bool:
    """Whether the first picture a camera shows can be its reference view: it has detail and
    no check failed on it but `dark`, whose absolute bound a view dark by nature (a night
    street) fails until it has a reference to be judged against."""
    failed = any(r.failed and r.check is not CheckName.DARK for r in results)
    return not failed and float(gray.std()) >= REFERENCE_MIN_TEXTURE


def next_reference(
    reference: ReferenceView | None, gray: Gray, bgr: Bgr, results: Iterable[CheckResult]
) -> ReferenceView | None:
    """The camera's reference view after this sample: taken from the first picture worth one,
    then learning which of its parts stay put, and its own noise level, from every sample that
    looks as it should (scene change passed and nothing failed but, maybe, frozen, which changes
    no structure)."""
    checked = list(results)
    if reference is None:
        return reference_view(gray, bgr) if worth_a_reference(gray, checked) else None
    scene = next((r for r in checked if r.check is CheckName.SCENE_CHANGE), None)
    faulty = any(r.failed and r.check is not CheckName.FROZEN for r in checked)
    if scene is None or scene.detail is None or faulty:
        return reference
    where = scene.detail
    if not _learnable(scene.verdict, reference, where.get("expected", 1.0)):
        return reference
    # A sample not judged is learnt where the camera was: its estimate may be a stray peak.
    at = (where["scale"], where["dx"], where["dy"]) if scene.verdict is Verdict.PASS else STILL
    alignment = learnt(reference.alignment, gray, *at)
    noise = _learnt_noise(reference.noise, checked)
    return replace(reference, alignment=alignment, noise=noise)


def _learnt_noise(
    levels: noise_measures.NoiseLevels, results: list[CheckResult]
) -> noise_measures.NoiseLevels:
    """The camera's own noise, learnt from the samples whose noise was judged and passed."""
    noise = next((r for r in results if r.check is CheckName.NOISE), None)
    if noise is None or noise.verdict is not Verdict.PASS or noise.detail is None:
        return levels
    return noise_measures.learnt(levels, noise.detail["flat_luma"], noise.detail["flat_chroma"])


def _learnable(verdict: Verdict, reference: ReferenceView, expected: float) -> bool:
    """A fresh reference learns from a sample it could not judge yet, at where the camera
    was (alignment.FRESH_SAMPLES): else moving clouds or traffic keep it fresh for ever; so
    does a restless one (alignment.restless), else it could never settle when traffic calms."""
    unsettled = reference.alignment.seen < FRESH_SAMPLES or restless(expected)
    return verdict is Verdict.PASS or (unsettled and verdict is Verdict.UNKNOWN)


def switched_mode(bgr: Bgr, reference: ReferenceView) -> bool:
    """The camera switched from colour to infrared grey (day to night) since its reference
    view: what is judged against that view's colour and noise no longer compares. (A view grey
    by nature, a brick wall, is not: its reference is grey too.)"""
    colourful = reference.saturation >= measures.COLOURFUL_SATURATION
    return colourful and measures.saturation(bgr) < measures.GREY_SATURATION
