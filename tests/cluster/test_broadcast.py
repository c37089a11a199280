"""The PostgreSQL and Redis broadcasts: a notice carries only blog and sequence,
reaches every other node, and a lost connection ends in a resync, never a loss."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import psycopg
import pytest

from dateline.domain.changes import Change
from dateline.live.broadcast import broadcast_for
from dateline.live.notices import decode, encode
from dateline.live.pg_broadcast import libpq_url

pytestmark = pytest.mark.anyio


class Heard:
    """A hub's ear: what a broadcast told this node."""

    def __init__(self) -> None:
        self.received: list[list[Change]] = []
        self.notices: list[tuple[int, int]] = []
        self.resyncs = 0

    def receive(self, changes: list[Change]) -> None:
        self.received.append(changes)

    def notice(self, blog_id: int, seq: int) -> None:
        self.notices.append((blog_id, seq))

    def resync(self) -> None:
        self.resyncs += 1


def change(blog_id: int, seq: int) -> Change:
    return Change(
        blog_id=blog_id, seq=seq, action="publish", created_at=datetime.now(UTC), public=True
    )


async def until(check, seconds: float = 10.0) -> None:
    async with asyncio.timeout(seconds):
        while not check():
            await asyncio.sleep(0.02)


def test_a_notice_is_blog_and_sequence_and_nothing_else():
    assert encode(7, 42) == "7:42"
    assert decode(b"7:42") == (7, 42)
    assert decode("hello") is None
    assert decode("7:") is None


def test_an_unknown_broadcast_url_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="redis://"):
        broadcast_for("amqp://broker")


async def _two_nodes_hear_each_other(url: str) -> tuple[object, object, Heard, Heard]:
    one, two = (
        broadcast_for(url, channel="test_dateline"),
        broadcast_for(url, channel="test_dateline"),
    )
    heard_one, heard_two = Heard(), Heard()
    await one.start(heard_one)
    await two.start(heard_two)
    await until(lambda: heard_one.resyncs and heard_two.resyncs)
    return one, two, heard_one, heard_two


@pytest.mark.postgres
async def test_postgresql_notices_reach_the_other_node_and_the_writer_keeps_its_changes(
    postgres_url,
):
    one, two, heard_one, heard_two = await _two_nodes_hear_each_other(postgres_url)
    try:
        batch = [change(1, 5), change(1, 6), change(2, 3)]
        await asyncio.to_thread(one.publish, batch)  # as the committing thread does
        await until(lambda: set(heard_two.notices) >= {(1, 6), (2, 3)})
        assert (1, 5) not in heard_two.notices  # the last per blog says enough
        assert heard_one.received == [batch]  # its own changes, whole, without the store
        assert heard_two.received == []
        assert await two.reachable()
        # The listening connection dies (a failover, a restart): it comes back and resyncs.
        before = heard_two.resyncs
        with psycopg.connect(libpq_url(postgres_url), autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND query ILIKE 'LISTEN%%' "
                "AND pid <> pg_backend_pid()"
            )
        await until(lambda: heard_two.resyncs > before)
        await asyncio.to_thread(one.publish, [change(1, 7)])
        await until(lambda: (1, 7) in heard_two.notices)
    finally:
        await one.stop()
        await two.stop()


async def test_redis_notices_survive_a_broker_restart(redis_server):
    one, two, heard_one, heard_two = await _two_nodes_hear_each_other(redis_server.url)
    try:
        await asyncio.to_thread(one.publish, [change(3, 1)])
        await until(lambda: (3, 1) in heard_two.notices)
        before = heard_two.resyncs
        redis_server.stop()
        # While the broker is down, writes go on: a notice that cannot be sent is skipped.
        await asyncio.to_thread(one.publish, [change(3, 2)])
        assert heard_one.received[-1][0].seq == 2
        await until(lambda: not two.connected)
        assert not await two.reachable()
        redis_server.start()
        await until(lambda: heard_two.resyncs > before)  # the hub reads what it missed
        await asyncio.sleep(1.1)  # past the pause after a failed notice
        await asyncio.to_thread(one.publish, [change(3, 3)])
        await until(lambda: (3, 3) in heard_two.notices)
    finally:
        await one.stop()
        await two.stop()
