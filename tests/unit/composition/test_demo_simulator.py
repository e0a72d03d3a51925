"""The demo's simulator: ONVIF devices the demo config's ONVIF cameras point at, one password."""

import os
from pathlib import Path

from composition import demo as demo_simulator
from composition.config import DemoSimulatorConfig as SimulatorConfig
from composition.config import load_config

DEMO_CONFIG = Path(__file__).resolve().parents[3] / "config" / "demo.yaml"


def test_the_demo_config_has_onvif_cameras_served_by_the_simulators_devices():
    config = load_config(DEMO_CONFIG)
    sim = config.simulator
    assert sim is not None and sim.onvif_port
    devices = range(sim.onvif_port, sim.onvif_port + sim.cameras)
    onvif = [c.onvif for c in config.cameras if c.onvif is not None]
    assert len(onvif) >= 2
    for device in onvif:
        assert (device.host, device.port in devices) == ("127.0.0.1", True)
        assert device.password_env == demo_simulator.ONVIF_PASSWORD_ENV


def test_the_simulator_is_started_with_onvif_and_told_its_parent():
    line = demo_simulator.command(SimulatorConfig(cameras=2, onvif_port=9100), [], 4242)
    assert line[line.index("--onvif-port") + 1] == "9100"
    assert line[line.index("--parent-pid") + 1] == "4242"
    assert "--onvif-port" not in demo_simulator.command(SimulatorConfig(cameras=2), [], 4242)


def test_the_demo_makes_up_an_onvif_password_only_when_none_is_set(monkeypatch):
    monkeypatch.setenv(demo_simulator.ONVIF_PASSWORD_ENV, "")
    demo_simulator.make_up_onvif_password(SimulatorConfig(onvif_port=9100))
    made_up = os.environ[demo_simulator.ONVIF_PASSWORD_ENV]
    assert len(made_up) >= 16
    demo_simulator.make_up_onvif_password(SimulatorConfig(onvif_port=9100))
    assert os.environ[demo_simulator.ONVIF_PASSWORD_ENV] == made_up


def test_the_demo_checks_every_port_it_and_the_simulator_listen_on():
    config = load_config(DEMO_CONFIG)
    sim = SimulatorConfig(cameras=2, rtsp_port=8554, api_port=8555, onvif_port=8556)
    wanted = {(w.what, w.port) for w in demo_simulator.wanted_ports(config, sim)}
    assert wanted == {
        ("command centre (HTTP)", config.server.port),
        ("simulator RTSP", 8554),
        ("simulator control API", 8555),
        ("simulator ONVIF cam-1", 8556),
        ("simulator ONVIF cam-2", 8557),
    }
