"""The real processes a fault test starts and stops: Redis, a PostgreSQL cluster, gunicorn.

Each listens on a free port of the loopback, keeps its files in a temporary directory and is
stopped by the fixture that started it, so a test leaves nothing running behind it.
"""

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("FORUM_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, *, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} within {timeout} s")


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def require_binary(path):
    """A fault test without its server fails in CI (never skips unseen) and skips elsewhere."""
    import pytest

    if shutil.which(str(path)):
        return str(path)
    if os.environ.get("FORUM_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{path} is needed by the fault tests")
    pytest.skip(f"needs {path}")


class RedisServer:
    """A Redis of the test's own; ``stop()`` and ``start()`` again on the same port, with the
    data it held (saved to its directory), as a restarted production Redis with persistence."""

    def __init__(self):
        self.binary = require_binary("redis-server")
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="fault-redis-")
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--dir", self.dir, "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_until(lambda: _answers(self.port), timeout=10, what="Redis did not answer")
        return self

    def command(self, *words):
        """One command, spoken in RESP over a socket (no client library needed)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as connection:
            parts = [f"*{len(words)}\r\n"]
            for word in words:
                parts.append(f"${len(str(word).encode())}\r\n{word}\r\n")
            connection.sendall("".join(parts).encode())
            return connection.recv(65536).decode(errors="replace")

    def stop(self, *, keep_data=True):
        if self.process is None:
            return
        if keep_data:
            self.command("SAVE")
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process = None

    def close(self):
        self.stop(keep_data=False)
        shutil.rmtree(self.dir, ignore_errors=True)


class PostgresCluster:
    """A PostgreSQL cluster of the test's own (initdb in a temporary directory), so a test may
    stop and restart it. Run as the ``postgres`` user when the tests run as root (CI)."""

    def __init__(self):
        require_binary(PG_BIN / "initdb")
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="fault-pg-")
        self.data = os.path.join(self.dir, "data")
        os.chmod(self.dir, 0o777)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *command):
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def init(self):
        self._run(str(PG_BIN / "initdb"), "-D", self.data, "-A", "trust", "-U", "postgres")
        return self

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(PG_BIN / "pg_ctl"), "-D", self.data, "-o", options, "-w", "start")
        return self

    def stop(self):
        self._run(str(PG_BIN / "pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop")

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name):
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def close(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def database_url(settings_dict):
    """The URL of the database Django's test run uses (``test_…``), for the app servers."""
    user = urllib.parse.quote(settings_dict["USER"] or "")
    password = settings_dict["PASSWORD"]
    auth = f"{user}:{urllib.parse.quote(password)}" if password else user
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{auth}@{host}:{port}/{settings_dict['NAME']}"


_collected = []


def collect_static_once():
    """DEBUG=0 serves hashed static names from the manifest collectstatic writes; run once a
    test session (it copies only what changed), so a checkout's new files are always in it."""
    if _collected:
        return
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "collectstatic"}
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    _collected.append(True)


class AppServer:
    """``gunicorn`` with the repository's ``gunicorn.conf.py``, as production runs it."""

    def __init__(self, *, database_url, redis_url, workers=2, **environment):
        self.port = free_port()
        self.env = {
            **os.environ,
            "DEBUG": "0",
            # The test's own secret: sessions it makes with force_login are valid here.
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": "fault",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "ACCOUNT_EMAIL_VERIFICATION": "none",
            "FORUM_FLOOD_INTERVAL": "0",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_THREADS": "1",
            "GUNICORN_ACCESS_LOG": "0",
            "GUNICORN_LOG_LEVEL": "warning",
            # Django logs a 500's traceback at ERROR: kept in the server's log for the test.
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT),
            **{key: str(value) for key, value in environment.items()},
        }
        self.log = tempfile.NamedTemporaryFile(prefix="fault-gunicorn-", suffix=".log")  # noqa: SIM115
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        return self

    def wait_ready(self):
        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log_text()}")
            return _answers(self.port) and len(self.workers()) > 0

        wait_until(ready, timeout=60, what="gunicorn did not answer")
        return self

    def workers(self):
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, re.M):
                found.append(int(status.parent.name))
        return found

    def kill_worker(self):
        """SIGKILL one worker, as the kernel's OOM killer would; the master starts another."""
        pid = self.workers()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def errors(self):
        """The tracebacks of the 500s this server answered (Django logs each one)."""
        text = self.log_text()
        return [chunk[:3000] for chunk in text.split("Internal Server Error")[1:]]

    def log_text(self):
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def start_servers(count, **kwargs):
    servers = [AppServer(**kwargs).start() for _ in range(count)]
    for server in servers:
        server.wait_ready()
    return servers


CSRF = "faulttestcsrfsecret0000000000000"  # 32 characters: an unmasked CSRF secret


class Browser:
    """One visitor's cookies, sent to whichever app server a request goes to (as behind a
    load balancer). No redirect is followed: the status says what happened."""

    def __init__(self, session=None):
        self.cookies = {"csrftoken": CSRF}
        if session:
            self.cookies["sessionid"] = session

    @classmethod
    def logged_in(cls, user):
        client = Client()
        client.force_login(user)
        return cls(client.cookies[settings.SESSION_COOKIE_NAME].value)

    @classmethod
    def anonymous(cls):
        visitor = cls()
        visitor.cookies = {}
        return visitor

    def request(self, server, method, path, data=None, *, timeout=30):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        except http.client.HTTPException as cut:
            # A server that died mid-answer (half a status line, a short body): to the
            # visitor, as to the tests, a dropped connection.
            raise ConnectionError(str(cut)) from cut
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return Response(response.status, text, response.getheader("Location", ""))

    def get(self, server, path, **kwargs):
        return self.request(server, "GET", path, **kwargs)

    def post(self, server, path, data=None, **kwargs):
        return self.request(server, "POST", path, data or {}, **kwargs)


class Response:
    def __init__(self, status, text, location):
        self.status, self.text, self.location = status, text, location

    def __repr__(self):
        return f"<Response {self.status} {self.location or self.text[:200]!r}>"


def token():
    """A reply form's submission token, as the form renders it."""
    return str(uuid.uuid4())
