"""`command-center diagnose` on real video files encoded here with PyAV."""

import json
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from command_center.cli import main

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
