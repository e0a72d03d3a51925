"""What a camera's checks remember from one sample to the next, and how it moves on.

The gateway's sampler, `command-center diagnose` and the benchmarks' replays all carry this one
value, so what is scored is what the gateway runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from stream_gateway.checks.frozen import next_earlier
from stream_gateway.checks.measures import Bgr, Gray
from stream_gateway.checks.reference import ReferenceView, next_reference
from stream_gateway.checks.result import CheckResult


@dataclass(frozen=True, slots=True)
class CameraMemory:
    previous: Gray | None = None  # the last sample's gray
    earlier: Gray | None = None  # the sample frozen falls back on (frozen.next_earlier)
    reference: ReferenceView | None = None  # the view the camera should show

    def renewed(self) -> CameraMemory:
        """The next sample worth a reference view becomes it (an operator accepted a new view)."""
        return replace(self, reference=None)


def remembered(
    memory: CameraMemory, gray: Gray, bgr: Bgr, results: Iterable[CheckResult]
) -> CameraMemory:
    """The memory after a sample was checked with these results."""
    checked = list(results)
    return CameraMemory(
        previous=gray,
        earlier=next_earlier(memory.earlier, memory.previous, gray, checked),
        reference=next_reference(memory.reference, gray, bgr, checked),
    )
