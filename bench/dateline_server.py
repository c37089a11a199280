"""A real `dateline serve` process for benchmarks, on SQLite or a fresh PostgreSQL database.

Setup (schema, an admin and a token) goes through the same library calls the
CLI makes; the server itself is the command a newsroom runs. Everything it
creates (a temporary folder, a PostgreSQL database) is removed on stop.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import psycopg

from bench.lifecycle import die_with_parent
from dateline.store import migrate, people
from dateline.store.database import Database

# Every benchmark client connects from 127.0.0.1: lift the per-address caps that
# protect a server from one hostile address (10,000 readers from one address here).
BENCH_LIMITS = {
    "DATELINE_MAX_STREAMS": "1000000",
    "DATELINE_MAX_STREAMS_PER_CLIENT": "1000000",
    "DATELINE_MAX_CONNECTIONS_PER_CLIENT": "0",
}
PG_ADMIN = os.environ.get("DATELINE_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DatelineServer:
    """`with DatelineServer() as server:` runs one server until the block ends."""

    def __init__(
        self,
        engine: str = "sqlite",
        env: dict[str, str] | None = None,
        args: list[str] | None = None,
    ) -> None:
        self.engine = engine
        self.env = env or {}
        self.args = args or []  # more `dateline serve` flags, such as --workers 2
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = Path(tempfile.mkdtemp(prefix="bench-dateline-"))
        self.database_url = ""
        self._pg_name = ""
        self.token = ""
        self.process: subprocess.Popen[bytes] | None = None
        self.api: httpx.Client | None = None

    # -- lifecycle ---------------------------------------------------------------

    def prepare(self) -> None:
        """Create the database, its schema, an admin and a token (no server yet)."""
        if self.engine == "postgresql":
            self._pg_name = f"dateline_bench_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self._pg_name}"')
            self.database_url = PG_ADMIN.rsplit("/", 1)[0] + f"/{self._pg_name}"
        else:
            self.database_url = f"sqlite:///{self.folder / 'bench.db'}"
        database = Database(self.database_url)
        try:
            migrate.upgrade(database)
            database.run_write(people.add_user, "bench", "admin", "bench-password-123")
            self.token = database.run_write(people.create_token, "bench", "benchmarks")
        finally:
            database.close()

    def start(self) -> None:
        if not self.token:
            self.prepare()
        env = {
            **os.environ,
            "DATELINE_DATABASE_URL": self.database_url,
            **BENCH_LIMITS,
            **self.env,
        }
        log = (self.folder / "server.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dateline", "serve", "--port", str(self.port), *self.args],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            preexec_fn=die_with_parent,
        )
        log.close()
        self.api = httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.token}"}, timeout=30
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.api.get("/health").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
            if self.process.poll() is not None:
                break
        raise RuntimeError(f"dateline did not start:\n{self.log()}")

    def stop(self) -> None:
        if self.api is not None:
            self.api.close()
            self.api = None
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def remove(self) -> None:
        """Stop, then delete everything this server created."""
        self.stop()
        if self._pg_name:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self._pg_name}" WITH (FORCE)')
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> DatelineServer:
        try:
            self.start()
        except BaseException:
            self.remove()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.remove()

    # -- using it ------------------------------------------------------------------

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def create_blog(self, slug: str, **settings: object) -> None:
        assert self.api is not None
        response = self.api.post("/api/v1/blogs", json={"slug": slug, "title": slug, **settings})
        response.raise_for_status()

    def publish(self, slug: str, body: str) -> dict[str, Any]:
        assert self.api is not None
        response = self.api.post(f"/api/v1/blogs/{slug}/posts", json={"body": body})
        response.raise_for_status()
        return dict(response.json())

    def database_bytes(self) -> int:
        """The database's size on disk (SQLite file and WAL) or as PostgreSQL counts it."""
        if self.engine == "postgresql":
            with psycopg.connect(self.database_url.replace("+psycopg", "")) as conn:
                row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
                return int(row[0]) if row else 0
        return sum(p.stat().st_size for p in self.folder.glob("bench.db*"))
