"""`dateline backup` while a real server publishes, and `dateline restore` into a fresh
place: on SQLite and on PostgreSQL, the copy is one consistent moment, and a copy taken
at rest is the same, row for row."""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from dateline.store import migrate
from dateline.store.database import Database
from dateline.store.schema import blogs, changes, posts, revisions
from tests.conftest import Server, free_port, make_token

pytestmark = pytest.mark.server


def dateline(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "dateline", *args], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def rows(url: str) -> dict[str, list[tuple]]:
    handle = Database(url)
    try:
        with handle.read_engine.connect() as conn:
            return {
                table.name: [
                    tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key))
                ]
                for table in (blogs, posts, revisions, changes)
            }
    finally:
        handle.close()


def consistent(tables: dict[str, list[tuple]]) -> None:
    """Every blog's change log is 1..last_seq, and every post has a change."""
    last_seq = {row[0]: row[-4] for row in tables["blogs"]}  # id … last_seq, version, times
    seqs: dict[int, list[int]] = {}
    for row in tables["changes"]:
        seqs.setdefault(row[0], []).append(row[1])
    for blog_id, found in seqs.items():
        assert found == list(range(1, len(found) + 1))
        assert last_seq[blog_id] == len(found)
    with_changes = {row[4] for row in tables["changes"] if row[4] is not None}
    assert {row[0] for row in tables["posts"]} <= with_changes


def fresh_postgres(postgres_server: str) -> str:
    name = f"dateline_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return postgres_server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'live.db'}", f"sqlite:///{tmp_path / 'restored.db'}"
    server = request.getfixturevalue("postgres_server")
    return request.getfixturevalue("postgres_url"), fresh_postgres(server)


def test_a_backup_under_load_restores_to_the_same_record(engine, tmp_path: Path):
    source, restored = engine
    handle = Database(source)
    migrate.upgrade(handle)
    token = make_token(handle)
    handle.close()
    port = free_port()
    server = Server(f"http://127.0.0.1:{port}", source, port, token, log_path=tmp_path / "log")
    server.start()
    try:
        server.api.post("/api/v1/blogs", json={"slug": "load", "title": "Load"})
        before = [server.publish("load", f"Before the backup {i}") for i in range(5)]
        stop = threading.Event()

        def publisher() -> None:
            i = 0
            while not stop.is_set():
                server.publish("load", f"During the backup {i}")
                i += 1

        thread = threading.Thread(target=publisher)
        thread.start()
        try:
            under_load = tmp_path / "under-load.backup"
            dateline("backup", str(under_load), "--database", source)
        finally:
            stop.set()
            thread.join()
        at_rest = tmp_path / "at-rest.backup"
        dateline("backup", str(at_rest), "--database", source)
        current = rows(source)
    finally:
        server.stop()
        server.api.close()

    dateline("restore", str(under_load), "--database", restored)
    snapshot = rows(restored)
    consistent(snapshot)
    kept = {row[0] for row in snapshot["posts"]}
    assert {p["id"] for p in before} <= kept  # everything published before it began

    dateline("restore", str(at_rest), "--database", restored, "--replace")
    assert rows(restored) == current


def test_restore_will_not_overwrite_a_database_that_holds_data(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'kept.db'}"
    handle = Database(url)
    migrate.upgrade(handle)
    make_token(handle)
    handle.close()
    copy = tmp_path / "copy.backup"
    dateline("backup", str(copy), "--database", url)
    result = subprocess.run(
        [sys.executable, "-m", "dateline", "restore", str(copy), "--database", url],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "--replace" in result.stdout + result.stderr
    existing = subprocess.run(
        [sys.executable, "-m", "dateline", "backup", str(copy), "--database", url],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert existing.returncode != 0 and "already exists" in existing.stdout + existing.stderr
