import sys
from pathlib import Path

import pytest

from events.testing import RedisServer, redis_available
from simulator.testing import free_port

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory):
    """A real redis-server for the whole session; each test keeps to its own key namespace."""
    if not redis_available():
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    server = RedisServer(tmp_path_factory.mktemp("redis"), free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def private_redis_server(tmp_path):
    """A redis-server of the test's own, for tests that stop and restart it."""
    if not redis_available():
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    server = RedisServer(tmp_path, free_port())
    server.start()
    yield server
    server.stop()
