"""Shared fixtures: real databases (a SQLite file, a fresh PostgreSQL database),
the real application in-process, and a real `dateline serve` process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest

from dateline.domain.roles import Actor, Role
from dateline.settings import Settings
from dateline.store import members, migrate, people
from dateline.store.database import Database
from dateline.web import Dateline, create_app

PG_ADMIN = os.environ.get("DATELINE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
ON_CI = os.environ.get("CI", "").lower() == "true"
EDITOR = Actor("edna", Role.EDITOR)
PASSWORD = "correct horse battery"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# -- databases -----------------------------------------------------------------


def _postgres_available() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return None
    except psycopg.OperationalError as error:
        return str(error).strip().splitlines()[0]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    problem = _postgres_available()
    if problem:
        if ON_CI:
            pytest.fail(f"PostgreSQL must answer at {PG_ADMIN} on CI: {problem}")
        pytest.skip(f"no PostgreSQL server at {PG_ADMIN}: {problem}")
    return PG_ADMIN


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A brand-new, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"dateline_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'dateline.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Run the test once on a SQLite file and once on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated, empty database on each engine."""
    handle = Database(database_url)
    migrate.upgrade(handle)
    yield handle
    handle.close()


# -- the application in-process --------------------------------------------------


def settings_for_tests(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        # No capture of embeds (tests that want one run it against a local site), and
        # pictures kept beside the test's database, never in the working directory.
        "capture_seconds": 0.0,
        "media_store": _media_folder(database_url),
        "base_url": "http://dateline.test",
        "sweep_seconds": 0.2,
        "heartbeat_seconds": 5.0,
        "schedule_seconds": 0.2,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def _media_folder(database_url: str) -> str:
    if database_url.startswith("sqlite:///"):
        return str(Path(database_url.removeprefix("sqlite:///")).parent / "media")
    return tempfile.mkdtemp(prefix="dateline-media-")


@pytest.fixture
async def app(sqlite_url: str) -> AsyncIterator[Dateline]:
    application = create_app(settings_for_tests(sqlite_url))
    await application.start()
    yield application
    await application.stop()


@pytest.fixture
async def client(app: Dateline) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as c:
        yield c


def make_token(
    database: Database,
    name: str = EDITOR.name,
    role: Role = Role.EDITOR,
    blogs: Sequence[str] = (),
) -> str:
    """A new user and their API token; `blogs`: the slugs of the blogs they work on
    (editors and contributors write only to those; who creates a blog works on it)."""
    database.run_write(people.add_user, name, role.value, PASSWORD)
    for slug in blogs:
        database.run_write(members.add_to_blog, slug, name, "tests")
    return database.run_write(people.create_token, name)


@pytest.fixture
def editor(app: Dateline) -> dict[str, str]:
    """Authorization headers of an editor."""
    return {"Authorization": f"Bearer {make_token(app.database)}"}


# -- a real server process ---------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A `dateline serve` child process on a real port."""

    url: str
    database_url: str
    port: int
    token: str
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    env: dict[str, str] | None = None  # more DATELINE_* settings for this server
    startup_seconds: float = 20  # several starting at once on a busy machine need more
    _api: httpx.Client | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DATELINE_SWEEP_SECONDS": "0.2",
            "DATELINE_HEARTBEAT_SECONDS": "2",
            "DATELINE_POLL_INTERVAL": "0.5",
            "DATELINE_CAPTURE_SECONDS": "0",
            "DATELINE_MEDIA_STORE": _media_folder(self.database_url),
            **(self.env or {}),
        }
        assert self.log_path is not None
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "dateline", "serve", "--port", str(self.port),
                 "--database", self.database_url],
                stdout=log, stderr=subprocess.STDOUT, env=env,
            )  # fmt: skip
        deadline = time.monotonic() + self.startup_seconds
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.origin}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"server did not start:\n{self.log_path.read_text()}")

    def stop(self, *, kill: bool = False) -> None:
        if self.process is None:
            return
        if kill:
            self.process.kill()
        else:
            self.process.terminate()
        self.process.wait(timeout=15)
        self.process = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def api(self) -> httpx.Client:
        """A kept-alive client with the editor's token (new clients cost an SSL context)."""
        if self._api is None:
            self._api = httpx.Client(base_url=self.url, headers=self.auth, timeout=10)
        return self._api

    def publish(self, slug: str, body: str) -> dict[str, object]:
        response = self.api.post(f"/api/v1/blogs/{slug}/posts", json={"body": body})
        assert response.status_code == 201, response.text
        return dict(response.json())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One real server per test module; tests keep apart by using blogs of their own."""
    tmp_path = tmp_path_factory.mktemp("server")
    url = f"sqlite:///{tmp_path / 'served.db'}"
    handle = Database(url)
    migrate.upgrade(handle)
    token = make_token(handle)
    handle.close()
    port = free_port()
    running = Server(f"http://127.0.0.1:{port}", url, port, token, log_path=tmp_path / "server.log")
    running.start()
    yield running
    running.stop()
    if running._api is not None:
        running._api.close()
