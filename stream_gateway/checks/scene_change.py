"""Camera turned away: the layout of edges no longer matches the reference view.

Signed edge gradients are compared block by block, normalised, so day and night, gain and
passing traffic move the score little; a pan or tilt that shows another part of the street
moves every block's edges, and the score a lot.
"""

from __future__ import annotations

from events.schema import CheckName
from stream_gateway.checks.measures import Gray, similarity, structure
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, judge


def check_scene_change(
    gray: Gray, reference: ReferenceView | None, change_max: float
) -> CheckResult | None:
    if reference is None:
        return None
    change = 1.0 - similarity(structure(gray), reference.structure)
    return judge(CheckName.SCENE_CHANGE, change, change_max, fail_below=False)
