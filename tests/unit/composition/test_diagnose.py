"""`command-center diagnose` on real video files encoded here with PyAV."""

import json
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from composition.cli import main

FPS, GOP = 25, 25


def moving_scene(index: int) -> np.ndarray:
    img = np.zeros((180, 320, 3), np.uint8)
    img[:] = (120, 140, 150)
    for x in range(0, 320, 16):
        cv2.line(img, (x, 0), (x, 180), (60, 70, 80), 2)
    cv2.circle(img, (20 + index * 4 % 280, 90), 18, (30, 200, 220), -1)
    return img


def write_clip(path: Path, frames: list[np.ndarray]) -> Path:
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        stream.codec_context.gop_size = GOP
        stream.codec_context.options = {"x264-params": f"keyint={GOP}:min-keyint={GOP}:scenecut=0"}
        stream.codec_context.time_base = Fraction(1, FPS)
        for frame in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="bgr24")):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def run(capsys, *args: str) -> tuple[int, list[dict], str]:
    code = main(["diagnose", *args, "--json"])
    captured = capsys.readouterr()
    return code, [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_a_clean_clip_passes_every_keyframe(tmp_path, capsys):
    clip = write_clip(tmp_path / "clean.mp4", [moving_scene(i) for i in range(4 * FPS)])
    code, samples, _ = run(capsys, str(clip))
    assert code == 0
    assert [round(s["t"]) for s in samples] == [0, 1, 2, 3]
    checks = {f["check"] for s in samples for f in s["findings"]}
    assert {"signal_loss", "dark", "blur", "noise", "scene_change", "frozen"} <= checks
    assert all(f["verdict"] == "pass" for s in samples for f in s["findings"])


def test_a_clip_that_goes_black_fails_with_dark(tmp_path, capsys):
    frames = [moving_scene(i) for i in range(2 * FPS)] + [np.zeros((180, 320, 3), np.uint8)] * 50
    code, samples, _ = run(capsys, str(write_clip(tmp_path / "black.mp4", frames)))
    assert code == 1
    failing = [[f["check"] for f in s["findings"] if f["verdict"] == "fail"] for s in samples]
    assert failing == [[], [], ["dark"], ["dark"]]
    dark = next(f for f in samples[-1]["findings"] if f["check"] == "dark")
    assert dark["score"] < dark["threshold"]


def test_interval_thins_the_samples(tmp_path, capsys):
    clip = write_clip(tmp_path / "clean.mp4", [moving_scene(i) for i in range(6 * FPS)])
    _, samples, _ = run(capsys, str(clip), "--interval", "2")
    assert [round(s["t"]) for s in samples] == [0, 2, 4]


@pytest.mark.parametrize("content", [b"", b"not a video at all" * 100])
def test_an_unreadable_file_exits_2_with_a_message(tmp_path, capsys, content):
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(content)
    code, samples, err = run(capsys, str(bad))
    assert code == 2 and samples == []
    assert err.startswith("error: ") and "bad.mp4" in err


def test_a_missing_file_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, str(tmp_path / "none.mp4"))
    assert code == 2 and "none.mp4" in err


def test_a_url_password_never_reaches_the_error(capsys):
    code, _, err = run(capsys, "rtsp://op:Canary%21pw@127.0.0.1:1/none")
    assert code == 2
    assert "Canary" not in err and "op:" not in err


def test_a_profile_sets_the_thresholds(tmp_path, capsys):
    config = tmp_path / "c.yaml"
    config.write_text("gateway:\n  profiles:\n    strict: {dark_luma_max: 200}\n")
    clip = write_clip(tmp_path / "clean.mp4", [moving_scene(i) for i in range(2 * FPS)])
    code, samples, _ = run(capsys, str(clip), "--config", str(config), "--profile", "strict")
    assert code == 1
    dark = next(f for f in samples[0]["findings"] if f["check"] == "dark")
    assert dark["threshold"] == 200 and dark["verdict"] == "fail"


def test_an_unknown_profile_is_named(tmp_path, capsys):
    clip = write_clip(tmp_path / "clean.mp4", [moving_scene(i) for i in range(FPS)])
    code, _, err = run(capsys, str(clip), "--profile", "tunnel")
    assert code == 2 and "unknown profile 'tunnel'" in err


def write_ts(path: Path, frames: list[np.ndarray]) -> bytes:
    """MPEG-TS, the streamable container: the bytes a cut or garbled live feed looks like."""
    height, width = frames[0].shape[:2]
    with av.open(str(path), "w", format="mpegts") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.codec_context.options = {"x264-params": f"keyint={GOP}:min-keyint={GOP}:scenecut=0"}
        for frame in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="bgr24")):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path.read_bytes()


def test_a_resolution_change_mid_stream_is_diagnosed_through(tmp_path, capsys):
    small = write_ts(tmp_path / "a.ts", [moving_scene(i) for i in range(3 * FPS)])
    large = [cv2.resize(moving_scene(i), (640, 360)) for i in range(3 * FPS, 6 * FPS)]
    clip = tmp_path / "change.ts"
    clip.write_bytes(small + write_ts(tmp_path / "b.ts", large))
    code, samples, err = run(capsys, str(clip))
    assert len(samples) == 6, err
    assert code == 0, [
        s["findings"] for s in samples if any(f["verdict"] == "fail" for f in s["findings"])
    ]


def test_a_truncated_stream_is_diagnosed_as_far_as_it_goes(tmp_path, capsys):
    whole = write_ts(tmp_path / "whole.ts", [moving_scene(i) for i in range(6 * FPS)])
    cut = tmp_path / "cut.ts"
    cut.write_bytes(whole[: len(whole) // 2 + 101])  # mid-packet
    code, samples, err = run(capsys, str(cut))
    assert code == 0 and "Traceback" not in err
    assert 2 <= len(samples) < 6


def test_garbage_in_the_middle_of_a_stream_is_a_finding_not_a_crash(tmp_path, capsys):
    whole = bytearray(write_ts(tmp_path / "whole.ts", [moving_scene(i) for i in range(6 * FPS)]))
    middle = len(whole) // 2
    whole[middle : middle + 4096] = np.random.default_rng(7).bytes(4096)
    garbled = tmp_path / "garbled.ts"
    garbled.write_bytes(bytes(whole))
    code, samples, err = run(capsys, str(garbled))
    assert code in (0, 1) and "Traceback" not in err
    assert len(samples) >= 4


def test_a_codec_without_decoder_exits_2_saying_so(tmp_path, capsys):
    avi = tmp_path / "clip.avi"
    with av.open(str(avi), "w") as container:
        stream = container.add_stream("mpeg4", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        for i in range(FPS):
            frame = av.VideoFrame.from_ndarray(moving_scene(i), format="bgr24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    unknown = tmp_path / "unknown.avi"
    unknown.write_bytes(avi.read_bytes().replace(b"FMP4", b"ZQZQ"))  # a FourCC nobody decodes
    code, samples, err = run(capsys, str(unknown))
    assert code == 2 and samples == []
    assert "no decoder" in err and "unknown.avi" in err
