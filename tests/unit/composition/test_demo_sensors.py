import os

import pytest

from composition.config import AppConfig, DemoSimulatorConfig
from composition.demo import sensor_feed

CONFIG = AppConfig.model_validate(
    {
        "server": {"host": "0.0.0.0", "port": 8123},
        "sensors": [{"id": "water-1", "name": "River gauge", "kind": "water_level"}],
        "sensor_input": {"token_envs": ["DEMO_TEST_TOKEN"]},
    }
)


def test_the_demo_makes_up_a_token_the_simulator_is_told_where_to_find(monkeypatch):
    monkeypatch.setenv("DEMO_TEST_TOKEN", "")  # unset; restored (removed) after the test
    args = sensor_feed(CONFIG, DemoSimulatorConfig(sensors=True))
    assert args == [
        "--sensors-url",
        "http://127.0.0.1:8123/api/sensors/readings",
        "--sensors-token-env",
        "DEMO_TEST_TOKEN",
    ]
    assert len(os.environ["DEMO_TEST_TOKEN"]) >= 16


def test_a_token_already_set_is_kept(monkeypatch):
    monkeypatch.setenv("DEMO_TEST_TOKEN", "set-by-the-operator-0123456789")
    sensor_feed(CONFIG, DemoSimulatorConfig(sensors=True))
    assert os.environ["DEMO_TEST_TOKEN"] == "set-by-the-operator-0123456789"


def test_no_feed_without_simulated_sensors():
    assert sensor_feed(CONFIG, DemoSimulatorConfig()) == []


def test_serve_refuses_a_weak_device_token_in_one_line(monkeypatch, tmp_path):
    from composition.cli import main

    path = tmp_path / "config.yaml"
    path.write_text(
        "sensors: [{id: water-1, name: River gauge, kind: water_level}]\n"
        "sensor_input: {token_envs: [DEMO_TEST_TOKEN]}\n"
    )
    monkeypatch.setenv("DEMO_TEST_TOKEN", "changeme")
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--config", str(path)])
    assert str(exited.value.code).startswith("error: $DEMO_TEST_TOKEN is too short")
    assert "changeme" not in str(exited.value.code)
