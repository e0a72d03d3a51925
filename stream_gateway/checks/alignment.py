"""Where the camera now looks, relative to its reference view: shift, zoom, and whether the
structure still agrees once the two are aligned.

Both pictures are reduced to their coarse layout: gray at 160x90, smoothed, with row banding
(interference) taken off, and at 80x45; as signed gradients (gx + i*gy). Gradients ignore
brightness offsets, and phase correlation and the block correlations are normalised, so day
and night, auto-exposure and IR grey change little; at these sizes sensor noise, colour grain
and a strong defocus change little too.

1. Shift: phase correlation (Hanning window) of the whole at 80x45.
2. Zoom: phase correlation of each quadrant at 160x90 (80x45 each): under a zoom about the
   centre the right quadrants move away from the left ones, the bottom ones from the top ones.
   A zoom found above 1.5 % is measured again with it undone. Weak or stray quadrants (a blank
   sky, a lorry) are left out; the mean of the quadrants refines the shift.
3. Verification: the current picture warped onto the reference by the estimate, compared block
   by block (4x6 at 80x45) in the overlap; the agreement is the median block correlation, so
   traffic in a few blocks does not matter. Blocks blank in either view, and what a cover
   hides, are left out; too few blocks left and the view cannot be judged. A low agreement is
   checked against the zoom-free estimate and against no movement (traffic or a cover's edge
   may have misled the correlation), and the best is kept.

The reference's windowed, phase-only spectra and its verification layout are computed once
(`AlignmentReference`, about 86 KB a camera in half precision).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

import cv2
import numpy as np
import numpy.typing as npt

Gray = npt.NDArray[np.uint8]
Plane = npt.NDArray[np.float32]  # one smoothed gray picture
Layout = npt.NDArray[np.float32]  # (height, width, 2): gx, gy, also OpenCV's complex layout
Spectrum = npt.NDArray[np.float16]  # conjugated reference spectrum, re/im in the last axis

FINE_SIZE = (160, 90)  # zoom, from the shifts of the four quadrants against each other
COARSE_SIZE = (80, 45)  # the overall shift and the verification: blur and grain averaged away
QUADRANT = (FINE_SIZE[0] // 2, FINE_SIZE[1] // 2)
SMOOTHING_SIGMA = 1.0  # px at the fine size, before the gradients
BANDING_TREND = 6.0  # rows at the fine size: row brightness swinging faster is interference
# The quadrants see 50-80 % of a zoom (their windows pull towards no movement): what they see
# is scaled up by ZOOM_GAIN, which leaves an error of about a quarter of the zoom; a zoom
# found above ZOOM_RECHECK, where that error could cross the 3 % tolerance, is measured again
# with it undone, which leaves a few % of it (a second pass costs about 40 % more).
ZOOM_GAIN = 1.6
ZOOM_RECHECK = 0.015
ZOOM_PASSES = 2  # passes with the zoom undone: a zoom of 6 % is found within 1 % after two
# A quadrant whose correlation peak is below PEAK_MIN, or below half the quadrants' median
# (a blank sky), says nothing of zoom; nor one that moved further than RESIDUAL_MAX (share of
# the frame) from the whole, more than a zoom of 5 % and the whole's error can explain.
PEAK_MIN = 0.05
RESIDUAL_MAX = 0.03
ALIAS_MOVE = 0.035  # share of the frame (or of zoom) past which a repeat of the view is suspected
ALIAS_MARGIN = 0.1  # agreement the estimate must win by over no movement at all
# ... unless no movement agrees far less than the view usually does: a repeat leaves the view
# where it was agreeing as it always has; a pan off a plain sky leaves it agreeing by chance.
ALIAS_DROP_MAX = 0.3
SECOND_OPINION = 0.8  # agreement below which simpler estimates are verified as well
NEXT_PEAKS = 3  # correlation peaks past the highest verified then (a smooth view's is wide)
VERIFY_GRID = (4, 6)  # rows, columns of blocks compared at the coarse size
# RMS gradient magnitude (gray levels per coarse pixel) below which a block is blank: above
# what sensor noise (sigma 4 at 320 px) leaves after the reduction and smoothing.
BLANK_BLOCK = 1.0
MIN_BLOCKS = 3  # blocks with structure in both views needed to judge at all
# Mean block correlation with the reference, over the samples seen, below which a block's
# structure comes and goes (traffic, a clock, rain, swaying trees) and is not judged on.
STABLE_MIN = 0.6
# A view whose blocks judged on usually agree less than STABLE_MIN (most of its structure is
# traffic, grass in wind, a crowd) agrees as little with itself as with another scene: its
# median cannot tell a turn, and it is not judged until its blocks settle (`restless`).
LEARN_SAMPLES = 20  # the stability follows about the last 20 samples (a minute at 3 s)
MIN_STABLE_BLOCKS = 6  # stable blocks with structure needed to judge on them alone
MIN_VALID = 0.7  # share of a block that must lie in the overlap to be compared
# A view that repeats (bricks, a fence, a row of windows) correlates one period away as well
# as where it is: a far shift is checked against point features (ORB corners matched, then a
# RANSAC similarity), which an irregular mortar line or a stain pins to one place. Features
# at FEATURE_SIZE (corners survive it, the cost is a few ms, paid only for a far shift).
FEATURE_SIZE = (320, 180)
FEATURE_COUNT = 400
FEATURE_REPROJECTION = 2.0  # px at FEATURE_SIZE that an inlier may stray: sway and blur
# Inliers needed to believe the features: a smooth sky or noise yields up to a dozen that a
# random similarity fits; a textured wall, dozens.
FEATURE_INLIERS = 15
FEATURE_AGREE = 0.01  # share of the frame within which features confirm a far shift
# While the reference has learnt from fewer than FRESH_SAMPLES samples its moving parts (clouds,
# traffic) still count; a weak agreement with blocks that still agree at STEADY_BLOCK is not
# yet another scene, and cannot be judged (a turn leaves no block agreeing that well).
FRESH_SAMPLES = 3  # (such a sample is learnt from: see `reference.next_reference`)
STEADY_BLOCK = 0.75
# Steady blocks that say the camera has not turned: a turn moves every part of the view, so
# blocks (an eighth of it) still in place are the scene, however busy the rest (cars covering
# a plain floor, grass in wind); three, as a burnt-in caption or a look-alike stretch agrees in
# two (a street turned back to its old view right after the new one was accepted).
MIN_STEADY_BLOCKS = 3


@dataclass(frozen=True, slots=True)
class AlignmentReference:
    """What the alignment needs of the reference view, computed once when it is taken.

    Spectra are windowed, conjugated and reduced to their phase (all phase correlation uses),
    which also keeps them within half precision: about 58 KB a camera in all.
    """

    spectra: Spectrum  # (5, 45, 80, 2): the whole at the coarse size, then the 4 quadrants
    coarse: npt.NDArray[np.float16]  # the coarse layout, to mask the whole's spectrum with
    layout: npt.NDArray[np.float16]  # the coarse layout cut to whole blocks, for the check
    block_means: npt.NDArray[np.float32]  # (rows, columns, 2): its mean gradient by block
    block_rms: npt.NDArray[np.float32]  # (rows, columns): its RMS gradient by block
    # (rows, columns): how well each block has gone on agreeing with the reference in the
    # samples seen since (1 until then); traffic, a clock, rain keep theirs low.
    stability: npt.NDArray[np.float32]
    corners: npt.NDArray[np.float32]  # (n, 2): ORB keypoints at FEATURE_SIZE
    descriptors: npt.NDArray[np.uint8]  # (n, 32): their descriptors
    seen: int = 0  # samples the stability was learnt from


@dataclass(frozen=True, slots=True)
class Alignment:
    """The current view relative to the reference view.

    dx, dy: how far the scene moved in the picture, as shares of its width and height
    (a camera panning right moves the scene left: dx < 0). scale: the zoom (> 1 magnified).
    displacement: the larger of |dx| and |dy|. overlap: the share of the reference view still
    in the picture. agreement: the median correlation of the structure, block by block, once
    aligned (1 the same, near 0 another scene). judgeable: False when either view has too
    little structure to tell (a blank wall, a black or IR-dark frame, a covered lens).
    """

    dx: float
    dy: float
    scale: float
    displacement: float
    overlap: float
    agreement: float
    judgeable: bool
    expected: float = 1.0  # the agreement the blocks judged on usually reach (their stability)
    # A fresh reference, a weak agreement and yet a part of the view still where it was
    # (`_unsettled`): a failure is too early to tell from the reference's moving parts.
    settling: bool = False


def alignment_reference(gray: Gray) -> AlignmentReference:
    fine, coarse = _smoothed(gray)
    coarse_layout = _gradients(coarse)
    spectra = [_reference_spectrum(part) for part in (coarse_layout, *_quadrants(_gradients(fine)))]
    cut = _cut(coarse_layout)
    corners, descriptors = _features(gray)
    return AlignmentReference(
        spectra=np.stack(spectra).astype(np.float16),
        coarse=coarse_layout.astype(np.float16),
        layout=cut.astype(np.float16),
        block_means=_block_means(cut),
        block_rms=_block_rms(cut),
        stability=np.ones(VERIFY_GRID, np.float32),
        corners=corners,
        descriptors=descriptors,
    )


def align(
    gray: Gray, reference: AlignmentReference, hidden: npt.NDArray[np.bool_] | None = None
) -> Alignment:
    """`hidden` marks, on any grid over the picture, what a cover hides: left out of the
    agreement, so the part still visible decides."""
    fine, coarse = _smoothed(gray)
    stable = _stable_blocks(reference)
    shown = _shown_blocks(hidden) & stable
    spectra = _single(reference.spectra).view(np.complex64)
    whole, quadrants = spectra[0, :, :, 0], spectra[1:, :, :, 0]
    gradients = _gradients(coarse)
    covered = hidden is not None and bool(hidden.any())
    if hidden is not None and covered:  # the cover's texture must not lead the correlation
        gradients *= _visible_pixels(hidden)
    if not stable.all():  # nor traffic (the reference's whole spectrum is masked alike)
        gradients *= _visible_pixels(~stable)
    surface = _surface(gradients, whole)
    shifted = _shift(_peak(surface))
    estimate = shifted
    if not covered:  # a covered lens says little of zoom: its quadrants are partly hidden
        estimate = _zoom(fine, quadrants, *shifted)
        for _ in range(ZOOM_PASSES):
            if abs(estimate[0] - 1.0) <= ZOOM_RECHECK:
                break
            estimate = _zoom(fine, quadrants, *estimate)
    best = _verified(coarse, reference, shown, estimate)
    if best.agreement < SECOND_OPINION:
        # Traffic may have fooled the quadrants, a cover's edge or a smooth view the whole:
        # verify the shift without zoom, no movement at all, and the next peaks as well.
        others = [_shift(peak) for peak in _next_peaks(surface, NEXT_PEAKS)]
        tried = [_verified(coarse, reference, shown, c) for c in (shifted, STILL, *others)]
        best = max([best, *tried], key=lambda v: v.agreement)
    expected = _expected(reference, shown)
    best = _unaliased(gray, coarse, reference, shown, best, expected)
    return _alignment(best, expected, _unsettled(coarse, reference, shown, best))


def _expected(reference: AlignmentReference, shown: npt.NDArray[np.bool_]) -> float:
    """The agreement the blocks judged on usually reach: their median learnt stability."""
    judged = shown & (reference.block_rms > BLANK_BLOCK)
    return _median(reference.stability[judged]) if judged.any() else 1.0


def restless(expected: float) -> bool:
    """Whether the blocks judged on usually agree too little to tell another scene."""
    return expected < STABLE_MIN


class _Verified(NamedTuple):
    estimate: tuple[float, float, float]  # scale, dx, dy
    agreement: float
    compared: int  # blocks the agreement was taken over


STILL = (1.0, 0.0, 0.0)


def _verified(
    coarse: Plane,
    reference: AlignmentReference,
    shown: npt.NDArray[np.bool_],
    estimate: tuple[float, float, float],
) -> _Verified:
    return _Verified(estimate, *_agreement(coarse, reference, shown, *estimate))


def _unaliased(
    gray: Gray,
    coarse: Plane,
    reference: AlignmentReference,
    shown: npt.NDArray[np.bool_],
    best: _Verified,
    expected: float,
) -> _Verified:
    """A view that repeats (bricks, fences, a row of windows) also agrees one period away.
    Point features say where it is when they are many; else a fixed camera that agrees
    almost as well where it was, and about as well as it usually does, has not moved."""
    if _moved(best.estimate) <= ALIAS_MOVE:
        return best
    matched = _feature_estimate(gray, reference)
    if matched is not None and _moved(matched) <= ALIAS_MOVE:
        near = _verified(coarse, reference, shown, matched)
        return near if near.agreement >= best.agreement - ALIAS_MARGIN else best
    if matched is not None and _apart(matched, best.estimate) <= FEATURE_AGREE:
        return best  # the features moved as far: a turn, not a repeat
    still = _verified(coarse, reference, shown, STILL)
    return still if _not_moved(still.agreement, best.agreement, expected) else best


def _not_moved(still: float, moved: float, expected: float) -> bool:
    """Whether a view agreeing `still` where it was and `moved` one far shift away, where
    it usually agrees `expected`, is a repeat seen where it was rather than a pan."""
    return still >= moved - ALIAS_MARGIN and still >= expected - ALIAS_DROP_MAX


def _unsettled(
    coarse: Plane, reference: AlignmentReference, shown: npt.NDArray[np.bool_], best: _Verified
) -> bool:
    """A fresh reference, a weak agreement, and yet a part of the view agreeing where it was:
    too early to tell its moving parts from another scene."""
    if reference.seen >= FRESH_SAMPLES or best.agreement >= SECOND_OPINION:
        return False
    ncc, now_blank = _block_correlations(coarse, reference, *STILL)
    steady = shown & ~now_blank & (reference.block_rms > BLANK_BLOCK) & (ncc >= STEADY_BLOCK)
    return int(steady.sum()) >= MIN_STEADY_BLOCKS


def _features(gray: Gray) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.uint8]]:
    small = cv2.resize(gray, FEATURE_SIZE, interpolation=cv2.INTER_AREA)
    orb = cv2.ORB.create(nfeatures=FEATURE_COUNT, fastThreshold=10, edgeThreshold=15, patchSize=15)
    keypoints, descriptors = orb.detectAndCompute(small, None)
    corners = np.array([k.pt for k in keypoints], np.float32).reshape(-1, 2)
    if descriptors is None:
        return corners, np.zeros((0, 32), np.uint8)
    return corners, np.asarray(descriptors, np.uint8)


def _feature_estimate(
    gray: Gray, reference: AlignmentReference
) -> tuple[float, float, float] | None:
    """Zoom and shift (scale, dx, dy) from matched point features; None when too few agree."""
    corners, descriptors = _features(gray)
    if min(len(corners), len(reference.corners)) < FEATURE_INLIERS:
        return None
    matcher = cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=True)
    matches = matcher.match(reference.descriptors, descriptors)
    if len(matches) < FEATURE_INLIERS:
        return None
    then = reference.corners[[m.queryIdx for m in matches]]
    now = corners[[m.trainIdx for m in matches]]
    matrix, inliers = cv2.estimateAffinePartial2D(
        then, now, method=cv2.RANSAC, ransacReprojThreshold=FEATURE_REPROJECTION
    )
    if matrix is None or int(inliers.sum()) < FEATURE_INLIERS:
        return None
    return _similarity(np.asarray(matrix, np.float64))


def _similarity(matrix: npt.NDArray[np.float64]) -> tuple[float, float, float]:
    """A similarity at FEATURE_SIZE as (scale, dx, dy) about the centre, shares of the frame."""
    width, height = FEATURE_SIZE
    scale = float(np.hypot(matrix[0, 0], matrix[1, 0]))
    dx = (float(matrix[0, 2]) - (width - 1) / 2 * (1 - scale)) / width
    dy = (float(matrix[1, 2]) - (height - 1) / 2 * (1 - scale)) / height
    return scale, dx, dy


def _apart(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    return max(abs(a - b) for a, b in zip(one, other, strict=True))


def _alignment(best: _Verified, expected: float, settling: bool) -> Alignment:
    scale, dx, dy = best.estimate
    return Alignment(
        dx=dx,
        dy=dy,
        scale=scale,
        displacement=max(abs(dx), abs(dy)),
        overlap=_overlap(scale, dx) * _overlap(scale, dy),
        agreement=best.agreement,
        judgeable=best.compared >= MIN_BLOCKS and not restless(expected),
        expected=expected,
        settling=settling,
    )


def _shift(peak: tuple[float, float]) -> tuple[float, float, float]:
    """A peak of the coarse correlation (pixels) as an estimate (scale, dx, dy)."""
    width, height = COARSE_SIZE
    return 1.0, peak[0] / width, peak[1] / height


def learnt(
    reference: AlignmentReference, gray: Gray, scale: float, dx: float, dy: float
) -> AlignmentReference:
    """The reference with how well each block of `gray` (aligned by scale, dx, dy) agrees
    with it averaged into its stability: over all samples seen at first, then over about
    the last LEARN_SAMPLES, so a new traffic pattern or a tree in leaf is learnt too."""
    agreement = block_agreement(gray, reference, scale, dx, dy)
    weight = 1.0 / min(reference.seen + 1, LEARN_SAMPLES)
    blank = np.isnan(agreement)
    agreement[blank] = reference.stability[blank]
    stability = reference.stability + weight * (np.clip(agreement, 0, 1) - reference.stability)
    learnt = replace(reference, stability=stability.astype(np.float32), seen=reference.seen + 1)
    if np.array_equal(_stable_blocks(learnt), _stable_blocks(reference)):
        return learnt
    return replace(learnt, spectra=_masked_spectra(learnt))


def _masked_spectra(reference: AlignmentReference) -> Spectrum:
    """The spectra with the whole's taken over the stable blocks only, as the sample's is."""
    layout = reference.coarse.astype(np.float32) * _visible_pixels(~_stable_blocks(reference))
    whole = _reference_spectrum(layout).astype(np.float16)
    return np.concatenate([whole[None], reference.spectra[1:]])


def _single(half: npt.NDArray[np.float16]) -> npt.NDArray[np.float32]:
    """Half precision to single, exactly: OpenCV's conversion is twice NumPy's speed."""
    rows = half.reshape(-1, half.shape[-1] * half.shape[-2])  # OpenCV takes 2-D
    # (OpenCV's stubs do not list a scalar factor, which it takes)
    single = cv2.multiply(np.ascontiguousarray(rows), 1.0, dtype=cv2.CV_32F)  # type: ignore[call-overload]
    return np.asarray(single, np.float32).reshape(half.shape)


def _smoothed(gray: Gray) -> tuple[Plane, Plane]:
    """The gray picture smoothed at the fine size, and reduced from it to the coarse size."""
    small = cv2.resize(gray, FINE_SIZE, interpolation=cv2.INTER_AREA).astype(np.float32)
    fine = np.asarray(cv2.GaussianBlur(small, (5, 5), SMOOTHING_SIGMA), np.float32)
    fine -= _banding(fine)
    coarse = np.asarray(cv2.resize(fine, COARSE_SIZE, interpolation=cv2.INTER_AREA), np.float32)
    return fine, coarse


def _banding(plane: Plane) -> Plane:
    """Row brightness swinging around its smooth trend (interference bands), as a column.

    Taken off, the bands of analogue interference do not read as structure; an edge across
    the whole width loses only its sharp part, partial edges (most) next to nothing.
    """
    rows = np.asarray(cv2.reduce(plane, 1, cv2.REDUCE_AVG), np.float32)
    trend = cv2.GaussianBlur(rows, (1, 0), sigmaX=0, sigmaY=BANDING_TREND)
    return np.asarray(rows - trend, np.float32)


def _gradients(plane: Plane) -> Layout:
    """Signed gradients (gx, gy) in gray levels per pixel: blind to brightness offsets."""
    gx = cv2.Sobel(plane, cv2.CV_32F, 1, 0, scale=0.125)
    gy = cv2.Sobel(plane, cv2.CV_32F, 0, 1, scale=0.125)
    return np.asarray(cv2.merge([gx, gy]), np.float32)


def _hanning(size: tuple[int, int]) -> npt.NDArray[np.float32]:
    window = np.asarray(cv2.createHanningWindow(size, cv2.CV_32F), np.float32)
    return np.ascontiguousarray(np.dstack([window, window]))


WINDOW = _hanning(COARSE_SIZE)  # the coarse layout and the quadrants are of one size
if QUADRANT != COARSE_SIZE:
    raise AssertionError("the quadrants share the coarse window")


def _quadrants(fine: Layout) -> tuple[Layout, Layout, Layout, Layout]:
    w, h = QUADRANT
    return fine[:h, :w], fine[:h, w:], fine[h:, :w], fine[h:, w:]


def _reference_spectrum(grads: Layout) -> npt.NDArray[np.float32]:
    spectrum = np.asarray(cv2.dft(np.ascontiguousarray(grads * WINDOW)), np.float32)
    magnitude = np.maximum(np.hypot(spectrum[:, :, 0], spectrum[:, :, 1]), 1e-6)[:, :, None]
    phase = spectrum / magnitude
    phase[:, :, 1] *= -1  # conjugated once here, not at every sample
    return phase.astype(np.float32)


def _moved(estimate: tuple[float, float, float]) -> float:
    scale, dx, dy = estimate
    return max(abs(scale - 1.0), abs(dx), abs(dy))


def _phase_correlate(
    grads: Layout, reference: npt.NDArray[np.complex64]
) -> tuple[float, float, float]:
    """Shift (x, y) in pixels of `grads` against the reference, and the peak's height 0..1."""
    surface = _surface(grads, reference)
    x, y = _peak(surface)
    return x, y, float(surface.max())


def _surface(grads: Layout, reference: npt.NDArray[np.complex64]) -> Plane:
    """The phase correlation of `grads` with the reference: a peak where they align."""
    spectrum = cv2.dft(np.ascontiguousarray(grads * WINDOW)).view(np.complex64)[:, :, 0]
    cross = spectrum * reference
    parts = cross[:, :, None].view(np.float32)  # re, im: scaled alike by a real factor
    parts *= (1.0 / (np.abs(cross) + 1e-6))[:, :, None]
    return np.asarray(cv2.idft(parts, flags=cv2.DFT_SCALE)[:, :, 0].copy(), np.float32)


def _peak(surface: Plane) -> tuple[float, float]:
    """Where the surface peaks, to a fraction of a pixel (x, y; wrapped to +-half the size)."""
    _, peak, _, (px, py) = cv2.minMaxLoc(surface)
    height, width = surface.shape
    x = px + _vertex(surface[py, (px - 1) % width], peak, surface[py, (px + 1) % width])
    y = py + _vertex(surface[(py - 1) % height, px], peak, surface[(py + 1) % height, px])
    return _wrapped(x, width), _wrapped(y, height)


def _next_peaks(surface: Plane, count: int) -> list[tuple[float, float]]:
    """The `count` highest peaks after the first, each at least 2 px from those above it."""
    rest = surface.copy()
    height, width = rest.shape
    peaks = []
    for _ in range(count + 1):
        _, _, _, (px, py) = cv2.minMaxLoc(rest)
        rows = [(py + d) % height for d in range(-2, 3)]
        cols = [(px + d) % width for d in range(-2, 3)]
        rest[np.ix_(rows, cols)] = -np.inf
        peaks.append((_wrapped(float(px), width), _wrapped(float(py), height)))
    return peaks[1:]


def _vertex(left: float, centre: float, right: float) -> float:
    """Offset of a parabola's vertex through three equally spaced points, within half a step."""
    curvature = float(left) - 2 * centre + float(right)
    if curvature >= 0:
        return 0.0
    return min(0.5, max(-0.5, 0.5 * (float(left) - float(right)) / curvature))


def _wrapped(position: float, size: int) -> float:
    return position - size if position >= size / 2 else position


def _rescaled(plane: Plane, scale: float, dx: float, dy: float) -> Plane:
    """The current layout mapped back onto the reference's frame: zoom and shift undone.

    A reference point p appears in the current view at scale * (p - centre) + centre + shift
    (shift as shares of the frame).
    """
    height, width = plane.shape[:2]
    cx, cy = (width - 1) / 2, (height - 1) / 2
    matrix = np.array(
        [
            [scale, 0, cx * (1 - scale) + dx * width],
            [0, scale, cy * (1 - scale) + dy * height],
        ],
        np.float32,
    )
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    # Replicated, not black, borders: a black border would be an edge the scene does not have.
    warped = cv2.warpAffine(
        plane, matrix, (width, height), flags=flags, borderMode=cv2.BORDER_REPLICATE
    )
    return np.asarray(warped, np.float32)


def _zoom(
    fine: Plane, quadrants: npt.NDArray[np.complex64], scale: float, dx: float, dy: float
) -> tuple[float, float, float]:
    """Zoom and shift refined by the four quadrants' own shifts.

    Under a zoom about the centre, the right quadrants move right of the left ones by
    (zoom - 1) times the distance between their centres, the bottom ones below the top ones;
    the mean of their shifts is the shift of the whole. The first time (zoom 1) the current
    picture is not warped: the shift found so far is taken off what the quadrants find.
    """
    width, height = FINE_SIZE
    undone = scale != 1.0
    moved = _rescaled(fine, scale, dx, dy) if undone else fine
    prior_x, prior_y = (0.0, 0.0) if undone else (dx * width, dy * height)
    found = [
        _phase_correlate(part, stored)
        for part, stored in zip(_quadrants(_gradients(moved)), quadrants, strict=True)
    ]
    xs = np.array([x for x, _, _ in found]) - prior_x
    ys = np.array([y for _, y, _ in found]) - prior_y
    peaks = np.array([peak for _, _, peak in found])
    # A blank quadrant (sky) or one past the reach of its small window says nothing.
    trusted = peaks >= max(PEAK_MIN, 0.5 * _median(peaks))
    trusted &= np.abs(xs) < RESIDUAL_MAX * width
    trusted &= np.abs(ys) < RESIDUAL_MAX * height
    w, h = QUADRANT
    pairs = [(1, 0, xs, w), (3, 2, xs, w), (2, 0, ys, h), (3, 1, ys, h)]  # TL TR BL BR
    zooms = [(v[a] - v[b]) / d for a, b, v, d in pairs if trusted[a] and trusted[b]]
    if zooms:
        scale *= 1.0 + ZOOM_GAIN * _median(np.array(zooms))
    if not trusted.all():
        return scale, dx, dy
    return scale, dx + float(xs.mean()) / width, dy + float(ys.mean()) / height


def _median(values: npt.NDArray[np.floating]) -> float:
    """np.median of a few values, without its overhead (a few values a call, many calls)."""
    ordered = sorted(values.ravel().tolist())
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def _visible_pixels(hidden: npt.NDArray[np.bool_]) -> npt.NDArray[np.float32]:
    """1 where the picture is not hidden, 0 where it is, at the coarse size (2 channels)."""
    hidden_share = cv2.resize(hidden.astype(np.float32), COARSE_SIZE, interpolation=cv2.INTER_AREA)
    visible = (np.asarray(hidden_share, np.float32) < 0.5).astype(np.float32)
    return np.dstack([visible, visible])


def _stable_blocks(reference: AlignmentReference) -> npt.NDArray[np.bool_]:
    """The blocks whose structure has kept agreeing with the reference (all of them while
    too few do: then the view is judged as a whole)."""
    stable = reference.stability >= STABLE_MIN
    if int((stable & (reference.block_rms > BLANK_BLOCK)).sum()) < MIN_STABLE_BLOCKS:
        return np.ones(VERIFY_GRID, np.bool_)
    return np.asarray(stable)


def _shown_blocks(hidden: npt.NDArray[np.bool_] | None) -> npt.NDArray[np.bool_]:
    rows, cols = VERIFY_GRID
    if hidden is None:
        return np.ones((rows, cols), np.bool_)
    share = cv2.resize(hidden.astype(np.float32), (cols, rows), interpolation=cv2.INTER_AREA)
    return np.asarray(share, np.float32).reshape(rows, cols) < 0.5


def _agreement(
    coarse: Plane,
    reference: AlignmentReference,
    shown: npt.NDArray[np.bool_],
    scale: float,
    dx: float,
    dy: float,
) -> tuple[float, int]:
    """Median block correlation in the overlap, and how many blocks it was taken over."""
    ncc, now_blank = _block_correlations(coarse, reference, scale, dx, dy)
    valid = _block_means(_cut(_inside(scale, dx, dy)))[:, :, 0] >= MIN_VALID
    compared = shown & valid & ~now_blank & (reference.block_rms > BLANK_BLOCK)
    if not compared.any():
        return 0.0, 0
    return min(1.0, max(0.0, _median(ncc[compared]))), int(compared.sum())


def _block_correlations(
    coarse: Plane, reference: AlignmentReference, scale: float, dx: float, dy: float
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_]]:
    """Each block's correlation with the reference once aligned, and which are blank now."""
    now = _cut(_gradients(_rescaled(coarse, scale, dx, dy)))
    then = reference.layout.astype(np.float32)
    mean_now, mean_then = _block_means(now), reference.block_means.astype(np.float32)
    var_now = (_block_means(now * now) - mean_now * mean_now).sum(axis=2)
    covariance = (_block_means(now * then) - mean_now * mean_then).sum(axis=2)
    rms_now = np.sqrt(np.maximum(var_now, 0))
    ncc = covariance / np.maximum(rms_now * reference.block_rms, 1e-9)
    return np.asarray(ncc, np.float32), np.asarray(rms_now <= BLANK_BLOCK)


def block_agreement(
    gray: Gray, reference: AlignmentReference, scale: float, dx: float, dy: float
) -> npt.NDArray[np.float32]:
    """Each block's correlation with the reference once aligned; 0 where the reference has
    structure that the sample no longer shows, NaN where the reference is blank."""
    ncc, now_blank = _block_correlations(_smoothed(gray)[1], reference, scale, dx, dy)
    ncc[now_blank] = 0.0
    ncc[reference.block_rms <= BLANK_BLOCK] = np.nan
    return ncc


def _cut(layout: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The layout cut to whole blocks of the verification grid."""
    rows, cols = VERIFY_GRID
    height, width = layout.shape[:2]
    return np.ascontiguousarray(layout[: height // rows * rows, : width // cols * cols])


def _block_means(layout: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Mean of each block (rows, columns, channels): area resizing by whole blocks."""
    rows, cols = VERIFY_GRID
    means = cv2.resize(layout, (cols, rows), interpolation=cv2.INTER_AREA)
    return np.asarray(means, np.float32).reshape(rows, cols, -1)


def _block_rms(layout: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """RMS gradient magnitude of each block about its mean."""
    means = _block_means(layout)
    variance = (_block_means(layout * layout) - means * means).sum(axis=2)
    return np.asarray(np.sqrt(np.maximum(variance, 0)), np.float32)


def _inside(scale: float, dx: float, dy: float) -> npt.NDArray[np.float32]:
    """Which pixels of the reference (at the coarse size) the current picture still shows."""
    width, height = COARSE_SIZE
    across = _seen(np.arange(width), width, scale, dx)
    down = _seen(np.arange(height), height, scale, dy)
    return down[:, None] * across[None, :]


def _seen(
    positions: npt.NDArray[np.int_], size: int, scale: float, shift: float
) -> npt.NDArray[np.float32]:
    centre = (size - 1) / 2
    shown = scale * (positions - centre) + centre + shift * size
    return ((shown >= 0) & (shown <= size - 1)).astype(np.float32)


def _overlap(scale: float, shift: float) -> float:
    """Share of the reference's extent along one axis still in the picture (shares, centre 0.5)."""
    low = (0.0 - 0.5 - shift) / scale + 0.5
    high = (1.0 - 0.5 - shift) / scale + 0.5
    return max(0.0, min(1.0, high) - max(0.0, low))
