import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from command_center import config as center_config
from servers.postgres import PostgresServer, postgres_available
from servers.redis import RedisServer, redis_available
from servers.simulator import free_port

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Starlette's TestClient addresses the app as Host `testserver`: test apps trust that name as a
# real one trusts localhost (server.trusted_hosts' default). Set before any test module makes
# its config.
center_config.DEFAULT_TRUSTED_HOSTS = (*center_config.DEFAULT_TRUSTED_HOSTS, "testserver")


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


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory):
    """A real PostgreSQL server (Debian's) for the whole session; a database per test."""
    if not postgres_available():
        pytest.skip("PostgreSQL is not installed (Debian package postgresql)")
    # Not under pytest's own tmp: that is private to root, and as root the server runs as postgres
    workdir = Path(tempfile.mkdtemp(prefix="cc-postgres-"))
    server = PostgresServer(workdir, free_port())
    server.start()
    yield server
    server.stop()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty database on each of the two supported servers."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'command-centre.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()
