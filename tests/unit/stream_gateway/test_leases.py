from hypothesis import given
from hypothesis import strategies as st

from stream_gateway.leases import fair_share, plan, preference

CAMERAS = [f"cam-{i}" for i in range(10)]


def test_the_fair_share_rounds_up_so_every_camera_has_a_taker():
    assert [fair_share(10, g) for g in (1, 2, 3, 4, 0)] == [10, 5, 4, 3, 10]


def test_a_gateway_alone_wants_every_camera():
    assert plan(set(), CAMERAS, 1, "gw-a").wanted == 10


def test_a_gateway_above_its_share_releases_its_least_preferred_cameras():
    step = plan(set(CAMERAS), CAMERAS, 2, "gw-a")
    assert step.wanted == 0 and len(step.release) == 5
    kept = set(CAMERAS) - set(step.release)
    assert max(preference(c, "gw-a") for c in kept) < min(
        preference(c, "gw-a") for c in step.release
    )


def test_gateways_prefer_different_cameras():
    first = {gw: min(CAMERAS, key=lambda c, g=gw: preference(c, g)) for gw in ("a", "b", "c", "d")}
    assert len(set(first.values())) > 1


@given(
    held=st.sets(st.sampled_from(CAMERAS)),
    gateways=st.integers(1, 12),
)
def test_after_a_plan_a_gateway_holds_at_most_its_share(held, gateways):
    step = plan(held, CAMERAS, gateways, "gw-x")
    share = fair_share(len(CAMERAS), gateways)
    assert set(step.release) <= held
    assert len(held) - len(step.release) + step.wanted == max(len(held) - len(step.release), share)
    assert len(held) - len(step.release) <= share
