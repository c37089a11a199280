"""Fixtures for several nodes: a Redis server of the test's own (so it can be
restarted), a PostgreSQL database shared by several `dateline serve` processes,
and a Pushpin proxy in front of them."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis

from dateline.store import migrate
from dateline.store.database import Database
from tests.conftest import Server, free_port, make_token


class RedisServer:
    """A `redis-server` on a free loopback port, which a test may stop and start."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


class Cluster:
    """Several `dateline serve` processes on one PostgreSQL database."""

    def __init__(self, folder: Path, database_url: str, env: dict[str, str], size: int) -> None:
        handle = Database(database_url)
        migrate.upgrade(handle)  # as `dateline db upgrade` does, once, before any node
        token = make_token(handle)
        handle.close()
        self.database_url = database_url
        self.nodes: list[Server] = []
        for index in range(size):
            port = free_port()
            node_env = {"DATELINE_NODE_NAME": f"node{index}", **env}
            self.nodes.append(
                Server(f"http://127.0.0.1:{port}", database_url, port, token,
                       log_path=folder / f"node{index}.log", env=node_env, startup_seconds=60)
            )  # fmt: skip

    def start(self) -> None:
        with ThreadPoolExecutor(len(self.nodes)) as pool:  # a node takes seconds to boot
            list(pool.map(lambda node: node.start(), self.nodes))

    def kill(self, index: int) -> None:
        """SIGKILL one node, as a crash would."""
        node = self.nodes[index]
        node.stop(kill=True)

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()
            if node._api is not None:
                node._api.close()

    def logs(self) -> str:
        return "\n".join(
            f"--- {n.log_path}\n{n.log_path.read_text()[-3000:]}" for n in self.nodes if n.log_path
        )
