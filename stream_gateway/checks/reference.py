"""The camera's reference view: what its picture looks like when all is well.

Several checks judge a frame against it rather than against one absolute number, so a night
corridor is not "dark-covered" and a plain wall is not "blurred": only a change counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stream_gateway.checks import measures, noise_measures
from stream_gateway.checks.alignment import AlignmentReference, alignment_reference

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
    cast: tuple[float, float]
    noise: noise_measures.NoiseLevels


def reference_view(gray: Gray, bgr: Bgr) -> ReferenceView:
    covered = measures.covered_blocks(gray)
    return ReferenceView(
        alignment=alignment_reference(gray),
        luma=float(gray.mean()),
        sharpness=measures.sharpness(gray),
        covered_share=covered.mean(dtype=np.float64).item(),
        covered=covered,
        block_luma=measures.block_stats(gray)[0].astype(np.float16),
        cast=measures.mean_chroma(bgr),
        noise=noise_measures.noise_levels(gray, bgr),
    )
