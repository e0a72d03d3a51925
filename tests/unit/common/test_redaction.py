from urllib.parse import quote

import pytest

from common.redaction import redact
from stream_gateway.config import CameraConfig
from stream_gateway.sources import MissingSecretError, stream_source

CANARY = "Canary p@ss/w0rd!"


def test_userinfo_in_any_url_is_masked():
    assert (
        redact("cannot open rtsp://admin:hunter2@10.0.0.1/s") == "cannot open rtsp://***@10.0.0.1/s"
    )


@pytest.mark.parametrize("form", [CANARY, quote(CANARY, safe=""), quote(CANARY)])
def test_the_secret_is_masked_plain_and_percent_encoded(form):
    assert CANARY not in redact(f"error: {form} refused", [CANARY])
    assert form not in redact(f"error: {form} refused", [CANARY])


def test_the_stream_url_carries_the_password_from_the_environment_encoded():
    camera = CameraConfig(
        id="c1", name="C", url="rtsp://h:554/s", username="op", password_env="CAM_PW"
    )
    source = stream_source(camera, {"CAM_PW": CANARY})
    assert source.url == f"rtsp://op:{quote(CANARY, safe='')}@h:554/s"
    assert CANARY not in redact(source.url, source.secrets)
    assert quote(CANARY, safe="") not in redact(source.url, source.secrets)


def test_a_missing_password_variable_is_named_in_the_error():
    camera = CameraConfig(id="c1", name="C", url="rtsp://h/s", username="op", password_env="CAM_PW")
    with pytest.raises(MissingSecretError, match="CAM_PW"):
        stream_source(camera, {})


def test_a_url_with_credentials_is_refused_in_config():
    with pytest.raises(ValueError, match="credentials"):
        CameraConfig(id="c1", name="C", url="rtsp://op:secret@h/s")
