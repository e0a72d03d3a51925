"""Why a stream could not be opened or read, from what PyAV raised: a `LinkFailure`."""

from __future__ import annotations

import av

from events.schema import LinkFailure as F


class UnusableStream(ValueError):
    """The source opened but gives nothing we can decode; str() says why."""

    def __init__(self, message: str, failure: F) -> None:
        super().__init__(message)
        self.failure = failure


NEEDS_OPERATOR = frozenset({F.AUTH, F.UNSUPPORTED_CODEC})
# A path that never played is a wrong URL; one that played before is a recorder whose channel
# went away (NVRs answer 404 for an unplugged camera): that is offline, not misconfigured.
NEEDS_OPERATOR_IF_NEVER_PLAYED = frozenset({F.NOT_FOUND})
# FFmpeg reports an open cut short by our timeout as "invalid data"; the time taken tells.
TIMEOUT_MARGIN = 0.9

_BY_TYPE: tuple[tuple[type[BaseException], F], ...] = (
    (av.error.HTTPUnauthorizedError, F.AUTH),
    (av.error.HTTPForbiddenError, F.AUTH),
    (av.error.HTTPNotFoundError, F.NOT_FOUND),
    (av.error.DecoderNotFoundError, F.UNSUPPORTED_CODEC),
    (av.error.PatchWelcomeError, F.UNSUPPORTED_CODEC),
    (ConnectionRefusedError, F.REFUSED),
    (TimeoutError, F.TIMEOUT),
    (av.error.EOFError, F.ENDED),
)


def needs_operator(failure: F, ever_played: bool) -> bool:
    """Whether retrying cannot heal it: the camera shows `error` rather than `offline`."""
    return failure in NEEDS_OPERATOR or (
        failure in NEEDS_OPERATOR_IF_NEVER_PLAYED and not ever_played
    )


def classify(exc: BaseException, elapsed_s: float, timeout_s: float) -> F:
    if isinstance(exc, UnusableStream):
        return exc.failure
    for kind, failure in _BY_TYPE:
        if isinstance(exc, kind):
            return failure
    if elapsed_s >= timeout_s * TIMEOUT_MARGIN:
        return F.TIMEOUT
    if isinstance(exc, OSError | av.error.ExitError):
        return F.UNREACHABLE
    return F.OTHER
