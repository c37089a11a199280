"""Timed duties run on one node at a time, and move when that node goes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from dateline.store.leases import hold_lease, lease_holder
from dateline.web.duties import Duties, Duty, Leases

pytestmark = pytest.mark.anyio


class Node:
    """One node's duties over a shared database, counting its runs."""

    def __init__(self, database, name: str, lease_seconds: float = 0.6) -> None:
        self.name = name
        self.runs = 0
        self.duties = Duties(Leases(database, name, lease_seconds))
        self.duties.add(Duty("release scheduled updates", 0.05, self.run))

    async def run(self) -> None:
        self.runs += 1


async def test_a_duty_runs_on_one_node_only(database):
    nodes = [Node(database, f"node{i}") for i in range(3)]
    for node in nodes:
        node.duties.start()
    await asyncio.sleep(1.0)
    for node in nodes:
        await node.duties.stop()
    running = [node for node in nodes if node.runs]
    assert len(running) == 1, [node.runs for node in nodes]
    assert running[0].runs >= 5


async def test_when_the_holder_dies_another_node_takes_the_duty_over(database):
    first, second = Node(database, "first"), Node(database, "second")
    first.duties.start()
    await asyncio.sleep(0.3)
    second.duties.start()
    await asyncio.sleep(0.3)
    assert first.runs and not second.runs
    for task in first.duties._tasks:  # it dies: no goodbye, its lease just stops being renewed
        task.cancel()
    died = asyncio.get_running_loop().time()
    async with asyncio.timeout(5):
        while not second.runs:
            await asyncio.sleep(0.02)
    waited = asyncio.get_running_loop().time() - died
    assert 0.1 < waited < 2.0  # not before the lease ran out, and soon after
    await second.duties.stop()
    await first.duties.stop()


async def test_a_node_that_stops_cleanly_hands_its_duties_over_at_once(database):
    first, second = Node(database, "first", 30), Node(database, "second", 30)
    first.duties.start()
    await asyncio.sleep(0.3)
    second.duties.start()
    await first.duties.stop()
    async with asyncio.timeout(2):  # far less than the 30 s lease
        while not second.runs:
            await asyncio.sleep(0.02)
    await second.duties.stop()


async def test_a_lease_is_held_by_one_node_until_it_expires(database):
    assert database.run_write(hold_lease, "webhooks", "a", 30)
    assert not database.run_write(hold_lease, "webhooks", "b", 30)
    assert database.run_write(hold_lease, "webhooks", "a", 30)  # renewing
    assert database.run_read(lease_holder, "webhooks", datetime.now(UTC)) == "a"
    assert database.run_write(hold_lease, "other", "b", 30)  # one lease per duty


async def test_on_sqlite_one_process_holds_the_duties_until_it_dies(tmp_path):
    import subprocess
    import sys

    from dateline.web.duties import FileLease

    path = tmp_path / "dateline.db.duties.lock"
    duty = Duty("release scheduled updates", 1, lambda: asyncio.sleep(0))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys, time\n"
         f"fd = os.open({str(path)!r}, os.O_RDWR | os.O_CREAT)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX)\n"
         "print('held', flush=True)\n"
         "time.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        mine = FileLease(path)
        assert not await mine.hold(duty)
        holder.kill()  # no clean shutdown: the kernel frees its lock
        holder.wait()
        assert await mine.hold(duty)
        other = FileLease(path)
        assert not await other.hold(duty)
        await mine.release({duty.name})
        assert await other.hold(duty)
        await other.release({duty.name})
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
