import pytest

from composition.config import ConfigError, parse_config

GOOD = """
areas: [{code: riverside, name: Riverside, level: grid}]
sensors:
  - id: water-1
    name: River gauge
    kind: water_level
    unit: cm
    area: riverside
    position: [116.4, 39.9]
    rules: {high: 300, low: 20, rate_per_min: 10, stale_after_s: 120}
"""


def test_a_sensor_with_its_rules_loads():
    config = parse_config(GOOD, "demo.yaml")
    sensor = config.sensors[0]
    assert sensor.rules.high == 300 and sensor.rules.debounce.raise_after == 2
    assert config.sensor_input.token_envs == ["SENSOR_DEVICE_TOKEN"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("low: 20", "low: 400"), "sensors[0].rules: Value error, low (400.0)"),
        (GOOD.replace("[116.4, 39.9]", "[39.9, 116.4]"), "sensors[0]: Value error, position"),
        (GOOD.replace("water_level", "lava"), "sensors[0].kind"),
        (GOOD.replace("unit: cm", "token: abc"), "sensors[0].token: Extra inputs"),
        (GOOD.replace("stale_after_s: 120", "stale_after_s: 0"), "rules.stale_after_s"),
        (GOOD + "sensor_input: {token_envs: [lower-case]}\n", "sensor_input.token_envs[0]"),
        (GOOD + GOOD.split("sensors:\n")[1], "sensor ids appear twice: water-1"),
        (GOOD.replace("area: riverside", "area: hillside"), "names unknown area 'hillside'"),
    ],
)
def test_a_bad_sensor_is_refused_with_file_line_and_field(text, message):
    with pytest.raises(ConfigError) as raised:
        parse_config(text, "demo.yaml")
    assert message in str(raised.value)
    assert str(raised.value).startswith("demo.yaml:")


def test_a_sensor_may_not_share_a_camera_id():
    text = GOOD.replace("water-1", "cam-1") + (
        "cameras:\n  - {id: cam-1, name: Gate, url: 'rtsp://h/1'}\n"
    )
    with pytest.raises(ConfigError, match="used by a camera and a sensor: cam-1"):
        parse_config(text, "demo.yaml")
