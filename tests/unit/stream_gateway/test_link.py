from hypothesis import given
from hypothesis import strategies as st

from events.schema import ConnectionState as S
from stream_gateway.link import Link, LinkEvent, step_link

STABLE = 60.0


def run(events: list[tuple[LinkEvent, float]]) -> list[S]:
    link, states = Link(), []
    for event, now in events:
        link = step_link(link, event, now, STABLE)
        states.append(link.state)
    return states


def test_the_first_frame_brings_a_camera_online():
    assert run([(LinkEvent.FRAME, 0.0)]) == [S.ONLINE]


def test_a_camera_back_from_offline_is_degraded_until_stable():
    states = run(
        [
            (LinkEvent.FRAME, 0.0),
            (LinkEvent.SIGNAL_LOST, 5.0),
            (LinkEvent.FRAME, 10.0),
            (LinkEvent.FRAME, 10.0 + STABLE - 1),
            (LinkEvent.FRAME, 10.0 + STABLE),
        ]
    )
    assert states == [S.ONLINE, S.OFFLINE, S.DEGRADED, S.DEGRADED, S.ONLINE]


def test_a_flapping_camera_stays_degraded_between_losses():
    flaps = [(LinkEvent.FRAME, 0.0)]
    for i in range(1, 6):
        flaps += [(LinkEvent.SIGNAL_LOST, i * 20.0), (LinkEvent.FRAME, i * 20.0 + 5)]
    assert run(flaps)[-1] is S.DEGRADED
    assert S.ONLINE not in run(flaps)[1:]


def test_a_misconfigured_camera_is_in_error_and_silence_keeps_it_there():
    states = run([(LinkEvent.MISCONFIGURED, 1.0), (LinkEvent.SIGNAL_LOST, 3.0)])
    assert states == [S.ERROR, S.ERROR]


def test_a_fixed_camera_comes_back_from_error_degraded():
    assert run([(LinkEvent.MISCONFIGURED, 1.0), (LinkEvent.FRAME, 30.0)])[-1] is S.DEGRADED


def test_since_is_when_the_state_began_not_the_last_event():
    link = Link()
    for now in (0.0, 1.0, 2.0):
        link = step_link(link, LinkEvent.SIGNAL_LOST, now, STABLE)
    assert (link.state, link.since) == (S.OFFLINE, 0.0)


@given(st.lists(st.tuples(st.sampled_from(list(LinkEvent)), st.floats(0, 1e6)), max_size=40))
def test_every_sequence_ends_in_a_known_state_and_frames_never_give_error(events):
    events.sort(key=lambda e: e[1])
    states = run(events)
    for (event, _), state in zip(events, states, strict=True):
        assert state in S
        if event is LinkEvent.FRAME:
            assert state in (S.ONLINE, S.DEGRADED)
        if event is LinkEvent.SIGNAL_LOST:
            assert state in (S.OFFLINE, S.ERROR)
