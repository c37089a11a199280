"""Many writers at once: every publish gets its own sequence number, and readers never wait."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from dateline.store import blog_commands, migrate, post_commands, queries
from dateline.store.database import Database, Tx
from tests.conftest import EDITOR
from tests.store.desk import SLUG, assert_record_agrees, start_blog


@pytest.fixture
def sqlite_database(sqlite_url: str) -> Iterator[Database]:
    handle = Database(sqlite_url)
    migrate.upgrade(handle)
    yield handle
    handle.close()


@pytest.mark.postgres
def test_eight_threads_publishing_to_one_blog_on_postgresql_get_seqs_2_to_201(postgres_url):
    database = Database(postgres_url)  # four writer connections for eight threads
    try:
        migrate.upgrade(database)
        blog = start_blog(database)
        start = threading.Barrier(8)

        def desk(reporter: int) -> list[int]:
            start.wait()
            return [
                database.run_write(
                    post_commands.create_post, SLUG, {"body": f"Reporter {reporter}, no. {i}."},
                    EDITOR,
                ).seq
                for i in range(25)
            ]  # fmt: skip

        with ThreadPoolExecutor(8) as pool:
            seqs = [seq for found in pool.map(desk, range(8)) for seq in found]

        assert sorted(seqs) == list(range(2, 202))
        assert assert_record_agrees(database, blog.id) == 201
    finally:
        database.close()


@pytest.mark.anyio
async def test_two_hundred_concurrent_sqlite_writes_all_succeed_while_reads_go_on(
    sqlite_database, anyio_backend
):
    blog, _ = await sqlite_database.write(
        blog_commands.create_blog, {"slug": SLUG, "title": "Quake"}, EDITOR
    )
    writes = asyncio.gather(
        *(
            sqlite_database.write(post_commands.create_post, SLUG, {"body": f"No. {i}."}, EDITOR)
            for i in range(200)
        )
    )
    seen: list[int] = []
    while not writes.done():
        sequences = await sqlite_database.read(queries.blog_sequences)
        if not writes.done():
            seen.append(sequences[blog.id])
    outcomes = await writes  # raises if any write failed ("database is locked" or otherwise)

    assert sorted(o.seq for o in outcomes) == list(range(2, 202))
    assert seen, "no read finished while the writes were in flight"
    assert seen == sorted(seen)  # each read saw a committed state, never one going back
    assert seen[0] < 201
    assert assert_record_agrees(sqlite_database, blog.id) == 201


def publish_and_wait(tx: Tx, inside: threading.Event, release: threading.Event) -> int:
    """Publish, then hold the write transaction open until the test lets it commit."""
    outcome = post_commands.create_post(tx, SLUG, {"body": "Held open."}, EDITOR)
    inside.set()
    assert release.wait(10), "the test never let the write commit"
    assert outcome.seq is not None
    return outcome.seq


@pytest.mark.anyio
async def test_a_read_runs_while_a_write_transaction_is_open(database, anyio_backend):
    blog = start_blog(database)
    inside, release = threading.Event(), threading.Event()
    writing = asyncio.ensure_future(database.write(publish_and_wait, inside, release))
    try:
        assert await asyncio.to_thread(inside.wait, 10)

        during = await asyncio.wait_for(database.read(queries.blog_sequences), 5)
        page = await asyncio.wait_for(
            database.read(queries.page_of_updates, blog.id, newest_first=True, limit=20), 5
        )

        assert during[blog.id] == 1  # the open transaction is not seen
        assert page.posts == []
    finally:
        release.set()
    assert await writing == 2
    assert (await database.read(queries.blog_sequences))[blog.id] == 2
