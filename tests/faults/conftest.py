"""Fixtures that start real processes for the fault tests and stop them afterwards.

The app servers share the database Django's test run made (``test_…``): tests here run with
``transaction=True`` so that what a test writes is committed, seen by the servers, and wiped
afterwards. Each test gets a Redis of its own, so stopping it touches no other test's cache.
"""

import pytest
from django.db import connection

from tests.faults.processes import AppServer, RedisServer, collect_static_once, database_url


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)
            item.add_marker(pytest.mark.postgresql)


@pytest.fixture(scope="session")
def static_collected():
    collect_static_once()


@pytest.fixture
def fault_redis():
    redis = RedisServer().start()
    yield redis
    redis.close()


@pytest.fixture
def app_servers(transactional_db, fault_redis, static_collected):
    """``app_servers(2, FORUM_FLOOD_INTERVAL=20)``: gunicorn servers on the test database and
    the test's Redis, started together and stopped when the test ends."""
    started = []

    def start(count=2, **environment):
        if connection.vendor != "postgresql":
            pytest.skip("the app servers run on PostgreSQL")
        url = database_url(connection.settings_dict)
        servers = [
            AppServer(database_url=url, redis_url=fault_redis.url, **environment).start()
            for _ in range(count)
        ]
        started.extend(servers)
        for server in servers:
            server.wait_ready()
        return servers

    yield start
    for server in started:
        server.stop()
