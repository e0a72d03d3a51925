"""The camera's reference view: what its picture looks like when all is well.

Several checks judge a frame against it rather than against one absolute number, so a night
corridor is not "dark-covered" and a plain wall is not "blurred": only a change counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stream_gateway.checks import measures, noise_measures

Gray = npt.NDArray[np.uint8]
Bgr = npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class ReferenceView:
    structure: npt.NDArray[np.float16]
    luma: float
    sharpness: float
    covered_share: float
    cast: tuple[float, float]
    noise: noise_measures.NoiseLevels


def reference_view(gray: Gray, bgr: Bgr) -> ReferenceView:
    return ReferenceView(
        structure=measures.structure(gray),
        luma=float(gray.mean()),
        sharpness=measures.sharpness(gray),
        covered_share=measures.covered_blocks(gray).mean(dtype=np.float64).item(),
        cast=measures.mean_chroma(bgr),
        noise=noise_measures.noise_levels(gray, bgr),
    )
