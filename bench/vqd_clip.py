"""One clip through the gateway's eyes: demux with PyAV, decode keyframes only, check each.

As the gateway's reader does (stream_gateway/ingest.py): every packet is demuxed and handed
to a decoder that skips all but keyframes. The first keyframe is the camera's first look,
not scored; the first picture analysed without failing becomes the reference view, as in
CameraSampler (normally that first one). Every next keyframe is analysed against the
reference and the sample before, and scored, as the gateway would judge it, even while there
is no reference (a camera that starts dark has none): those are counted apart.
"""

from __future__ import annotations

import datetime as dt

import av

from bench.vqd_manifest import Clip
from bench.vqd_replay import ClipRun, Packet, Verdicts
from stream_gateway.checks.memory import CameraMemory, remembered
from stream_gateway.config import GatewayConfig
from stream_gateway.ingest import keyframe_stream
from stream_gateway.keyframe_checks import analyse

# The local time the checks are told. It only picks a night profile, and the default
# GatewayConfig has none; fixed so that a run does not depend on the hour it was made.
CLOCK = dt.time(12, 0)


class _Camera:
    """The sampler's memory of one camera (checks.memory) and the verdicts so far."""

    def __init__(self, config: GatewayConfig) -> None:
        self.config = config
        self.memory = CameraMemory()
        self.samples: list[Verdicts] = []
        self.unreferenced = 0

    def observe(self, frame: av.VideoFrame) -> None:
        memory = self.memory
        sample, results = analyse(frame, memory, self.config, clock=CLOCK)
        if memory.previous is not None:
            checks = {r.check.value: r.verdict for r in results}
            self.samples.append(Verdicts(round(float(frame.time or 0.0), 6), checks))
            self.unreferenced += memory.reference is None
        self.memory = remembered(memory, sample.gray, sample.bgr, results)


def run_clip(clip: Clip, config: GatewayConfig | None = None) -> ClipRun:
    camera = _Camera(config or GatewayConfig())
    packet_times: list[float] = []
    pictures: set[float] = set()
    with av.open(str(clip.path)) as container:
        stream = keyframe_stream(container)
        for packet in container.demux(stream):
            if packet.size and packet.pts is not None:
                packet_times.append(round(float(packet.pts * packet.time_base), 6))
            for frame in packet.decode():
                pictures.add(round(float(frame.time or 0.0), 6))
                camera.observe(frame)
    packets = tuple(Packet(t, t in pictures) for t in packet_times)
    return ClipRun(clip, tuple(camera.samples), packets, camera.unreferenced)
