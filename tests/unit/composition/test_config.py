from pathlib import Path

import pytest

from composition.cli import main
from composition.config import ConfigError, load_config, parse_config

DEMO = Path(__file__).resolve().parents[3] / "config" / "demo.yaml"


def demo_text() -> str:
    return DEMO.read_text()


@pytest.mark.parametrize("path", sorted(DEMO.parent.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_config_is_valid(path):
    assert load_config(path).cameras


def test_the_demo_config_is_valid():
    config = load_config(DEMO)
    assert len(config.cameras) == 8
    assert config.walls[0].id == "main"


def test_a_bad_value_names_the_line_and_the_field():
    text = demo_text().replace("sample_interval_s: 2 ", "sample_interval_s: -1 ")
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "demo.yaml")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "sample_interval_s" in t)
    assert str(caught.value).startswith(f"demo.yaml:{line}: gateway.sample_interval_s: ")
    assert "greater than 0" in str(caught.value)


def test_an_unknown_field_is_refused():
    text = demo_text().replace("  open_timeout_s: 5", "  open_timeout: 5")
    with pytest.raises(ConfigError, match=r"gateway\.open_timeout: Extra inputs are not permitted"):
        parse_config(text, "demo.yaml")


def test_a_camera_field_path_has_its_index():
    text = demo_text().replace('"rtsp://127.0.0.1:8554/cam-3"', '"http://127.0.0.1/cam-3"')
    with pytest.raises(ConfigError, match=r"cameras\[2\]\.url: .*rtsp://"):
        parse_config(text, "demo.yaml")


def test_yaml_syntax_errors_give_the_line():
    with pytest.raises(ConfigError, match=r"^x.yaml:4: YAML syntax: .*flow sequence, line 3"):
        parse_config("server:\n  port: 1\n  host: [a\n", "x.yaml")


def test_a_wall_naming_an_unknown_camera_is_refused():
    text = demo_text().replace("cameras: [cam-1, cam-2,", "cameras: [cam-99, cam-2,")
    with pytest.raises(ConfigError, match="cam-99"):
        parse_config(text, "demo.yaml")


def test_the_error_never_echoes_a_password_in_a_url():
    text = demo_text().replace("rtsp://127.0.0.1:8554/cam-1", "rtsp://op:Canary123@127.0.0.1/cam-1")
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "demo.yaml")
    assert "Canary123" not in str(caught.value)


def test_check_config_exits_zero_on_a_good_file(capsys):
    assert main(["check-config", str(DEMO)]) == 0
    assert "ok" in capsys.readouterr().out


def test_check_config_prints_one_line_and_fails_on_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(demo_text().replace("raise_after: 2 ", "raise_after: zero "))
    assert main(["check-config", str(bad)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"{bad}:" in err and "gateway.alerts.raise_after" in err


def test_check_config_reports_a_missing_file(tmp_path, capsys):
    assert main(["check-config", str(tmp_path / "none.yaml")]) != 0
    assert "cannot read" in capsys.readouterr().err


def test_serve_refuses_to_start_on_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("server: {port: 99999}\n")
    assert main(["serve", "--config", str(bad)]) != 0
    assert "server.port" in capsys.readouterr().err


ONVIF_CAMERAS = """
cameras:
  - id: gate
    name: Gate
    onvif: {host: 10.1.4.20, username: patrol, password_env: GATE_PW, stream: sub}
walls: []
"""


def test_an_onvif_camera_needs_no_url():
    [camera] = parse_config(ONVIF_CAMERAS, "c.yaml").cameras
    assert camera.url is None and camera.onvif is not None
    assert (camera.onvif.port, camera.onvif.stream) == (80, "sub")


def test_a_camera_with_both_url_and_onvif_is_refused_by_name():
    text = ONVIF_CAMERAS.replace("    onvif:", "    url: rtsp://10.1.4.20/live\n    onvif:")
    with pytest.raises(ConfigError, match=r"cameras\[0\]: .*either url or onvif"):
        parse_config(text, "c.yaml")


def test_an_onvif_password_is_never_written_in_the_file():
    text = ONVIF_CAMERAS.replace("password_env: GATE_PW", "password: hunter2")
    with pytest.raises(ConfigError, match=r"cameras\[0\]\.onvif\.password: Extra inputs") as caught:
        parse_config(text, "c.yaml")
    assert "hunter2" not in str(caught.value)
