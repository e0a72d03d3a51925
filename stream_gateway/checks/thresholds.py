"""The checks' thresholds: owned by the checks, written in the gateway's configuration file
as the `default` profile and any named ones."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from common.strict import StrictModel

# Fields of earlier releases, with what replaced them: a config that still has one is refused
# with the way forward, not only "extra inputs are not permitted".
REPLACED = {
    "scene_change_max": "scene_agreement_min, scene_drift_max and scene_zoom_max "
    "(scene change now measures the camera's movement; docs/alerts.md)",
}


class CheckThresholds(StrictModel):
    """The limits of every check of one profile; each check module reads its own."""

    @model_validator(mode="before")
    @classmethod
    def _no_replaced_fields(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for old, new in REPLACED.items():
                if old in data:
                    raise ValueError(f"{old} was replaced by {new}")
        return data

    dark_luma_max: float = Field(
        default=30.0,
        ge=0,
        le=255,
        description="A frame whose mean luma is below this is too dark, while the camera has "
        "no reference view or dark_ratio_min is 0",
    )
    dark_ratio_min: float = Field(
        default=0.45,
        ge=0,
        le=1,
        description="A frame darker than this share of the reference "
        "view's mean luma is too dark (up to luma 60); 0 turns it off, e.g. in a night profile "
        "of a camera whose reference was taken by day",
    )
    dark_contrast_kept_max: float = Field(
        default=0.5,
        gt=0,
        le=1,
        description="A frame darker than dark_ratio_min of the reference view is too dark only "
        "if it kept less than this share of the reference's contrast (10th to 90th percentile "
        "of block brightness): lost light dims both, a camera turned to a darker scene it "
        "exposes well keeps its contrast",
    )
    frozen_diff_max: float = Field(
        default=1.5,
        ge=0,
        le=255,
        description="Gray levels a block's mean blurred difference between two samples may "
        "exceed the noise floor's multiple by and still count as unchanged (compression)",
    )
    frozen_noise_factor: float = Field(
        default=3.0,
        ge=1,
        le=20,
        description="Multiple of the noise floor (the lower quartile of the blocks' change "
        "between two samples) above which a block has changed",
    )
    frozen_floor_max: float = Field(
        default=8.0,
        gt=0,
        le=255,
        description="Noise floor (mean blurred gray difference of the lower-quartile block) "
        "above which the picture changed everywhere rather than carried fresh noise",
    )
    frozen_changed_share_max: float = Field(
        default=0.02,
        gt=0,
        le=1,
        description="Share of 10x10 px blocks that may change between two samples of a frozen "
        "picture: an on-screen clock or date changes alone",
    )
    frozen_moving_blocks_min: float = Field(
        default=3.0,
        gt=0,
        le=576,
        description="Changed 10x10 px blocks in touching groups taller than a line of "
        "on-screen text (2 block rows) from which something moving (a person walking past) "
        "shows the picture is live: a clock changes within one line, chance outliers alone",
    )
    frozen_quiet_life_max: float = Field(
        default=4.0,
        ge=1,
        le=1000,
        description="Life between two samples (a multiple of the least that counts) below "
        "which the view is quiet: when the next sample looks frozen it is also compared with "
        "the one before, as slow drift and light change add up over samples. A freeze after "
        "plenty of life is caught at once; after faint life one sample later",
    )
    frozen_brightness_step_min: float = Field(
        default=1.0,
        gt=0,
        le=255,
        description="Gray levels of the median block's signed change between two samples from "
        "which an exposure or brightness step shows the picture is live",
    )
    frozen_shift_min_px: float = Field(
        default=0.01,
        gt=0,
        le=20,
        description="Shift of the whole picture, or displacement of its edges by zoom (px), "
        "between two samples from which sway or zoom breathing shows the picture is live",
    )
    frozen_light_change_min: float = Field(
        default=0.05,
        gt=0,
        le=255,
        description="RMS gray levels of the smooth light change (gain and its gradients over "
        "the frame) between two samples from which clouds, the sun or exposure show the "
        "picture is live",
    )
    frozen_light_significance_min: float = Field(
        default=20.0,
        ge=1,
        le=10000,
        description="Explained over residual variance, per fitted term, from which a smooth "
        "light change between two samples counts: chance reaches about 1, and a few where "
        "compression shifts a re-encoded picture's levels",
    )
    frozen_shift_significance_min: float = Field(
        default=5.0,
        ge=1,
        le=1000,
        description="Standard errors from which the movement (shift and zoom, tested together, "
        "their covariance from how the 10x10 px blocks' evidence scatters) between two samples "
        "counts: chance gives about 1 a term and reached 3.9 on 115 frozen pairs",
    )
    frozen_min_texture: float = Field(
        default=6.0,
        ge=0,
        le=128,
        description="Gray standard deviation below which a frame is too uniform to judge freezing "
        "(a black frame is dark, not frozen)",
    )

    blur_ratio_min: float = Field(
        default=0.3,
        gt=0,
        le=1,
        description="Detail kept by the median block (mean squared Laplacian after a 3x3 "
        "median, against the same block of the reference view, after the gain) below which the "
        "picture is blurred",
    )
    overexposed_share_max: float = Field(
        default=0.01,
        gt=0,
        le=1,
        description="Share of burnt-out pixels (luma >= 240) above which a picture that rose "
        "overexposed_rise_min times as bright as the reference view, nearly everywhere, is "
        "over-exposed (a washed-out night sky burns out only its stars); without a reference, "
        "40 % burnt out; with too few blocks dark enough in the reference to show the rise (a "
        "pale view), or after a switch to infrared, 40 % of the blocks clipped flat",
    )
    overexposed_rise_min: float = Field(
        default=1.7,
        ge=1,
        le=10,
        description="Rise of the median 10 px block's brightness (+ 20 levels; burnt out counts "
        "as risen) against the same block of the reference view, of the blocks dark enough there "
        "to show this rise before they burn out, from which burnt-out pixels count: "
        "auto-exposure steps by up to about 1.6x, over-exposure lifts it 2x and more",
    )
    covered_share_max: float = Field(
        default=0.2,
        gt=0,
        le=1,
        description="Share of the frame newly covered (one region that lost its detail while "
        "the rest kept it, or turned dark and flat) above which the lens counts as covered",
    )
    covered_moving_share_max: float = Field(
        default=0.4,
        gt=0,
        le=1,
        description="The same share for a region still moving since the previous sample "
        "(covered.MOVED_SHARE_MAX): a cover arriving, or clouds and traffic passing",
    )
    color_cast_max: float = Field(
        default=5.0,
        gt=0,
        le=100,
        description="Shift, in percentage points, of the channel balance (each of B, G, R's "
        "share of the mean colour) from the reference view's above which there is a colour "
        "cast; exposure and gain leave the balance, a tint moves it",
    )
    noise_excess_max: float = Field(
        default=1.8,
        gt=0,
        le=128,
        description="Gray levels (spread) of fresh luma noise above the reference view's, "
        "in the flattest tenth of the blocks, at which the picture is noisy",
    )
    noise_chroma_excess_max: float = Field(
        default=2.2,
        gt=0,
        le=128,
        description="Levels (spread of Cr + Cb residuals at 1/4 scale, at the reference's "
        "white balance) of colour noise or grain above the reference view's, in the flattest "
        "tenth of the blocks, at which the picture is noisy",
    )
    noise_impulse_share_max: float = Field(
        default=0.004,
        gt=0,
        le=1,
        description="Share of pixels standing 16 gray levels above (or below) all their 8 "
        "neighbours, above the reference view's, at which the picture has salt-and-pepper "
        "noise (a scene's finest detail comes in lines and edges: a clean view stays under "
        "0.25 %, salt and pepper on 0.6 % of the pixels reaches 0.7 % after x264)",
    )
    noise_stripe_excess_max: float = Field(
        default=4.3,
        gt=0,
        le=128,
        description="Gray levels (spread) of the strongest periodic band in the row or column "
        "offsets from their trend, above the reference view's at its period, at which the "
        "picture has interference stripes or bands",
    )
    scene_agreement_min: float = Field(
        default=0.2,
        gt=0,
        le=1,
        description="Median block correlation of the coarse structure with the reference view, "
        "once aligned, below which the camera shows another scene (the same view under other "
        "light, noise, blur or traffic stays above 0.8; another scene near 0)",
    )
    scene_drift_max: float = Field(
        default=0.03,
        gt=0,
        le=1,
        description="Movement of the view, as a share of the frame's width or height, above "
        "which the camera has moved (fixed cameras drift and sway in wind less than this)",
    )
    scene_zoom_max: float = Field(
        default=0.03,
        gt=0,
        le=1,
        description="Zoom of the view against the reference (|scale - 1|) above which the "
        "camera's field of view has changed (zoom breathing stays below this)",
    )
    scene_sway_margin: float = Field(
        default=0.01,
        ge=0,
        le=0.5,
        description="Added to scene_drift_max and scene_zoom_max before the camera counts as "
        "moved: wind shake (up to 0.5 % of the width, in the reference and the sample alike) "
        "and the estimate's error (under 1 % of the frame in 99 % of samples); past 1 % a turn "
        "to a look-alike view can hide in it",
    )
    scene_agreement_drop_max: float = Field(
        default=0.6,
        ge=0,
        le=1,
        description="How far the agreement may fall below what the camera's stable blocks "
        "usually reach (learnt from the samples that passed) before the view counts as another "
        "scene: a steady view agreeing at 0.95 that falls to 0.3 has turned, even if it finds a "
        "look-alike place within the drift tolerance; a view with traffic or clouds usually "
        "agrees less and is allowed less",
    )
