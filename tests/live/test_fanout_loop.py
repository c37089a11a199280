"""The hub's fan-out loop with readers played here: batching, partial batches, drops.

Over real connections the same behaviour is tested in test_stream.py and
test_direct.py; here each write is seen exactly.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from dateline.live import direct
from dateline.live.hub import Channel, Hub, Reader
from dateline.settings import Settings

pytestmark = pytest.mark.anyio


class Transport:
    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.aborted = False

    def write(self, data: bytes) -> None:
        if self.aborted:
            raise RuntimeError("unable to perform operation: the handler is closed")  # as uvloop
        self.written.append(data)

    def is_closing(self) -> bool:
        return self.aborted

    def abort(self) -> None:
        self.aborted = True


class Flow:
    write_paused = False


def direct_reader(after: int) -> tuple[Reader, Transport, Flow]:
    transport, flow = Transport(), Flow()

    async def send(message: dict[str, Any]) -> None:
        raise AssertionError("a direct reader's frames must not go through send")

    reader = Reader(send, after)
    reader.task = None
    reader.direct = direct.Direct(transport, flow)  # type: ignore[arg-type]
    return reader, transport, flow


def portable_reader(after: int) -> tuple[Reader, list[bytes]]:
    got: list[bytes] = []

    async def send(message: dict[str, Any]) -> None:
        got.append(message["body"])

    reader = Reader(send, after)
    reader.task = None
    return reader, got


def hub_and_channel(*readers: Reader) -> tuple[Hub, Channel]:
    hub = Hub(None, None, Settings())  # type: ignore[arg-type]
    live_blog = SimpleNamespace(status="live")  # readers may see it (domain/visibility.py)
    channel = Channel(live_blog, 0, 16)  # type: ignore[arg-type]
    channel.readers.update(readers)
    return hub, channel


async def test_frames_applied_together_go_out_in_one_write_per_reader():
    early, early_socket, _ = direct_reader(after=10)
    joined, joined_socket, _ = direct_reader(after=11)  # joined between the two changes
    caught_up, caught_up_socket, _ = direct_reader(after=12)
    portable, portable_got = portable_reader(after=10)
    hub, channel = hub_and_channel(early, joined, caught_up, portable)
    channel.outbox = [(11, b"id: 11\n\n"), (12, b"id: 12\n\n")]
    hub._flush(channel)
    assert early_socket.written == [direct.chunk(b"id: 11\n\nid: 12\n\n")]
    assert joined_socket.written == [direct.chunk(b"id: 12\n\n")]
    assert caught_up_socket.written == []
    assert portable_got == [b"id: 11\n\nid: 12\n\n"]
    assert channel.outbox == []


async def test_a_reader_whose_socket_is_backed_up_is_dropped_and_nobody_waits():
    slow, slow_socket, slow_flow = direct_reader(after=0)
    fast, fast_socket, _ = direct_reader(after=0)
    slow_flow.write_paused = True  # the server's high-water mark was passed
    closed, closed_socket, _ = direct_reader(after=0)
    closed_socket.aborted = True
    hub, channel = hub_and_channel(slow, fast, closed)
    hub._write_all(channel, b"id: 1\n\n", 1)
    assert fast_socket.written == [direct.chunk(b"id: 1\n\n")]
    assert slow_socket.written == [] and closed_socket.written == []
    assert slow_socket.aborted  # its connection is closed at once, unread frames discarded
    assert channel.readers == {fast}
    assert hub.dropped == 2


async def test_a_burst_of_changes_goes_out_in_bounded_writes(monkeypatch):
    """A gap fill applies hundreds of changes at once: joined, but never megabytes a write."""
    from dateline.live import hub as hub_module

    frame = b"data: " + b"x" * 994 + b"\n\n"  # 1 KB
    monkeypatch.setattr(hub_module, "change_frame", lambda change, blog, renderer: frame)
    reader, socket, _ = direct_reader(after=0)
    hub, channel = hub_and_channel(reader)
    for seq in range(1, 101):
        change = SimpleNamespace(seq=seq, blog=None, public=True, post=None, action="publish")
        hub._apply(channel, change)  # type: ignore[arg-type]
    hub._flush(channel)
    # Every frame once, in order, in writes of at most BATCH_BYTES and one frame.
    assert socket.written == [direct.chunk(frame * n) for n in (33, 33, 33, 1)]
    assert 33 * len(frame) < hub_module.BATCH_BYTES + len(frame)


async def test_heartbeats_skip_a_busy_channel_and_keep_a_quiet_one_alive():
    busy_reader, busy_socket, _ = direct_reader(after=0)
    quiet_reader, quiet_socket, _ = direct_reader(after=0)
    hub, busy = hub_and_channel(busy_reader)
    _, quiet = hub_and_channel(quiet_reader)
    hub._by_id = {1: busy, 2: quiet}
    hub.heartbeat_seconds = 15.0
    busy.outbox = [(1, b"id: 1\n\n")]
    hub._flush(busy)  # a frame just went out: its readers need no comment
    await hub._heartbeat()
    assert busy_socket.written == [direct.chunk(b"id: 1\n\n")]
    assert quiet_socket.written == [direct.chunk(b": keep-alive\n\n")]
    await hub._heartbeat()  # the quiet one has just had its comment
    assert len(quiet_socket.written) == 1


async def test_a_heartbeat_to_many_readers_lets_the_loop_run_between_slices(monkeypatch):
    import asyncio

    from dateline.live import hub as hub_module

    monkeypatch.setattr(hub_module, "HEARTBEAT_SLICE", 2)
    readers = [direct_reader(after=0) for _ in range(5)]
    hub, channel = hub_and_channel(*(reader for reader, _, _ in readers))
    hub._by_id = {1: channel}
    seen: list[int] = []  # how many readers had their comment when the loop got a turn
    leaving: list[Reader] = []

    def count() -> None:
        seen.append(sum(1 for _, socket, _ in readers if socket.written))
        if not leaving:  # one still waiting for its comment leaves mid-way
            leaving.extend(r for r, socket, _ in readers if not socket.written)
            del leaving[1:]
            channel.readers.discard(leaving[0])

    for _ in range(3):
        asyncio.get_running_loop().call_soon(count)
    await hub._heartbeat()
    assert seen[0] == 2, "the first slice, then the loop's turn"
    for reader, socket, _ in readers:
        if reader is leaving[0]:
            assert socket.written == [] and not socket.aborted
        else:
            assert socket.written == [direct.chunk(b": keep-alive\n\n")]
