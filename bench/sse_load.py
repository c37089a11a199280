"""Thousands of concurrent Server-Sent-Events readers, each event timed on arrival.

Why it is built this way:

* Raw ``asyncio.Protocol`` on uvloop, no HTTP client library: at 10k readers
  the per-frame cost of the generator is what limits the measurement, so a
  frame costs one ``data_received`` call, a couple of ``bytes.find`` and one
  ``array.append``.
* Several worker processes (default: one per core, at most ``MAX_PER_WORKER``
  readers each because of the 20k file-descriptor limit per process), so the
  generator can use every core the server does not.
* Receipt times are ``time.monotonic()``, which on Linux is the system-wide
  CLOCK_MONOTONIC: times taken in different worker processes and in the
  publishing parent are directly comparable.
* Every (reader, event) receipt time is kept, so the parent can compute exact
  p50/p99/max over all pairs, and per event the first and last receipt.
* Connection state and a running count of received events live in shared
  memory, so the parent can wait for "all readers connected" or "every reader
  has event k" without a round trip to the workers.
* Connections open in batches (each batch must finish before the next starts)
  so 10k connects do not overflow the server's listen backlog.

Run ``python -m bench.sse_load --selftest`` to measure the generator's own
ceiling against nginx+Nchan.
"""

from __future__ import annotations

import argparse
import array
import asyncio
import contextlib
import ctypes
import math
import multiprocessing
import os
import resource
import signal
import socket
import struct
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import TracebackType
from typing import cast
from urllib.parse import urlsplit

import uvloop

from bench import procstat
from bench.lifecycle import exit_on_sigterm
from bench.nchan import NchanServer
from bench.series import PublishResult, update_bytes

MAX_PER_WORKER = 5000
_MAX_HEAD = 65536

# Each worker owns one slot of this many counters in the shared array.
_ATTEMPTED, _CONNECTED, _FAILED, _DISCONNECTED, _FRAMES = range(5)
_SLOT = 5

_LINGER_RESET = struct.pack("ii", 1, 0)


@dataclass(frozen=True, slots=True)
class Status:
    """Connection counts over all workers.

    ``connected`` is the number open right now (response head with status 200
    received); ``disconnected`` counts readers the server closed after they
    had connected; ``frames`` counts received events that carried an ``id:``.
    """

    attempted: int
    connected: int
    failed: int
    disconnected: int
    frames: int


@dataclass(slots=True)
class Receipts:
    """Receipt times per event id (one per reader that got it) and why connections failed."""

    times: dict[str, array.array[float]]
    failures: Counter[str]

    def frames(self) -> int:
        return sum(len(t) for t in self.times.values())


@dataclass(frozen=True, slots=True)
class _Config:
    host: str
    port: int
    request: bytes
    readers: int
    batch: int
    connect_timeout: float


class _Reader(asyncio.Protocol):
    """One SSE reader: parses the response head, de-chunks if needed, records each event's id."""

    __slots__ = (
        "_chunk_left",
        "_chunked",
        "_head",
        "_size_line",
        "_skip",
        "_sse",
        "_worker",
        "is_open",
        "ready",
        "transport",
    )

    def __init__(self, worker: _Worker, ready: asyncio.Future[str | None]) -> None:
        self._worker = worker
        self.ready = ready  # result: None once streaming, else why it failed
        self.transport: asyncio.Transport | None = None
        self.is_open = False
        self._head: bytes | None = b""  # None once the response head has been read
        self._chunked = False
        self._chunk_left = 0  # data bytes left in the current chunk
        self._skip = 0  # bytes of the CRLF after a chunk still to skip
        self._size_line = b""  # partial chunk-size line
        self._sse = b""  # SSE text not yet ending in a blank line

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports implement asyncio.Transport without subclassing it.
        self.transport = cast(asyncio.Transport, transport)
        self.transport.write(self._worker.request)

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        quiet = self._head is None and not (self._sse or self._skip or self._chunk_left)
        if quiet and self._one_event(data, now):
            return
        if self._head is not None:
            data = self._read_head(data)
        if data and self._chunked:
            data = self._dechunk(data)
        if data:
            self._feed(data, now)

    def connection_lost(self, exc: Exception | None) -> None:
        self._worker.lost(self, exc)

    def _one_event(self, data: bytes, now: float) -> bool:
        """The common case, one whole event (in one whole chunk) per read, recorded without
        copying it: the generator's cost per frame is what limits the measurement."""
        start, stop = 0, len(data)
        if self._chunked:
            if self._size_line:
                return False
            eol = data.find(b"\r\n", 0, 18)
            if eol <= 0:
                return False
            try:
                size = int(data[:eol], 16)
            except ValueError:
                return False
            start = eol + 2
            if not size or start + size + 2 != stop or not data.endswith(b"\r\n"):
                return False
            stop -= 2
        if (
            not data.startswith(b"id:", start)
            or data.find(b"\n\n", start, stop) != stop - 2
            or data.find(b"\r", start, stop) >= 0
        ):
            return False
        self._worker.record(data[start + 3 : data.find(b"\n", start)].strip(), now)
        return True

    def fail(self, reason: str) -> None:
        """Give up on this reader before it was streaming."""
        if not self.ready.done():
            self.ready.set_result(reason)
        if self.transport is not None:
            self.transport.abort()

    def reset(self) -> None:
        """Close with a TCP RST, so 10k closes leave no sockets in TIME_WAIT."""
        if self.transport is None:
            return
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_RESET)
        self.transport.abort()

    def _read_head(self, data: bytes) -> bytes:
        assert self._head is not None
        head = self._head + data
        end = head.find(b"\r\n\r\n")
        if end < 0:
            if len(head) > _MAX_HEAD:
                self.fail("oversized response head")
            else:
                self._head = head
            return b""
        self._head = None
        lines = head[:end].split(b"\r\n")
        status = lines[0].split(b" ", 2)
        if len(status) < 2 or status[1] != b"200":
            self.fail(f"HTTP {status[1].decode(errors='replace') if len(status) > 1 else '?'}")
            return b""
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"transfer-encoding" and b"chunked" in value.lower():
                self._chunked = True
        self._worker.opened(self)
        return head[end + 4 :]

    def _dechunk(self, data: bytes) -> bytes:
        out: list[bytes] = []
        pos = 0
        end = len(data)
        while pos < end:
            if self._skip:
                step = min(self._skip, end - pos)
                self._skip -= step
                pos += step
            elif self._chunk_left:
                step = min(self._chunk_left, end - pos)
                out.append(data[pos : pos + step])
                self._chunk_left -= step
                pos += step
                if not self._chunk_left:
                    self._skip = 2
            else:
                eol = data.find(b"\n", pos)
                if eol < 0:
                    self._size_line += data[pos:]
                    break
                line = self._size_line + data[pos:eol]
                self._size_line = b""
                pos = eol + 1
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    self.reset()
                    break
                if size == 0:  # last chunk: the server ended the stream
                    break
                self._chunk_left = size
        return b"".join(out)

    def _feed(self, data: bytes, now: float) -> None:
        buf = self._sse + data if self._sse else data
        if b"\r" in buf:
            buf = buf.replace(b"\r\n", b"\n")
        end = buf.rfind(b"\n\n")
        if end < 0:
            self._sse = buf
            return
        self._sse = buf[end + 2 :]
        record = self._worker.record
        for block in buf[:end].split(b"\n\n"):
            if block.startswith(b"id:"):
                start = 3
            else:
                start = block.find(b"\nid:")
                if start < 0:  # a heartbeat comment, or an event without id
                    continue
                start += 4
            stop = block.find(b"\n", start)
            record(block[start:stop].strip() if stop >= 0 else block[start:].strip(), now)


class _Worker:
    """The readers of one worker process and what they received."""

    def __init__(self, cfg: _Config, stats: ctypes.Array[ctypes.c_longlong], slot: int) -> None:
        self.request = cfg.request
        self._cfg = cfg
        self._stats = stats
        self._base = slot * _SLOT
        self._frames = self._base + _FRAMES
        self._times: dict[bytes, array.array[float]] = {}
        self._failures: Counter[str] = Counter()
        self._readers: set[_Reader] = set()
        self._stopping = False

    async def ramp(self) -> None:
        """Open this worker's readers, ``batch`` at a time."""
        cfg = self._cfg
        for first in range(0, cfg.readers, cfg.batch):
            count = min(cfg.batch, cfg.readers - first)
            await asyncio.gather(*(self._connect_one() for _ in range(count)))

    async def _connect_one(self) -> None:
        loop = asyncio.get_running_loop()
        self._stats[self._base + _ATTEMPTED] += 1
        ready: asyncio.Future[str | None] = loop.create_future()
        reader = _Reader(self, ready)
        reason: str | None
        try:
            async with asyncio.timeout(self._cfg.connect_timeout):
                await loop.create_connection(lambda: reader, self._cfg.host, self._cfg.port)
                reason = await ready
        except TimeoutError:
            reason = "timeout"
        except OSError as exc:
            reason = type(exc).__name__
        if reason is not None:
            self._stats[self._base + _FAILED] += 1
            self._failures[reason] += 1
            reader.fail(reason)

    def opened(self, reader: _Reader) -> None:
        reader.is_open = True
        self._readers.add(reader)
        self._stats[self._base + _CONNECTED] += 1
        reader.ready.set_result(None)

    def lost(self, reader: _Reader, exc: Exception | None) -> None:
        if reader.is_open:
            reader.is_open = False
            self._readers.discard(reader)
            self._stats[self._base + _CONNECTED] -= 1
            if not self._stopping:
                self._stats[self._base + _DISCONNECTED] += 1
                self._failures[f"closed: {type(exc).__name__ if exc else 'by server'}"] += 1
        elif not reader.ready.done():
            reader.ready.set_result(type(exc).__name__ if exc else "closed before response")

    def record(self, event_id: bytes, now: float) -> None:
        times = self._times.get(event_id)
        if times is None:
            times = self._times[event_id] = array.array("d")
        times.append(now)
        self._stats[self._frames] += 1

    def take(self) -> tuple[dict[str, array.array[float]], Counter[str]]:
        """Hand over everything recorded since the last call, and start afresh."""
        times = {key.decode(errors="replace"): value for key, value in self._times.items()}
        self._times = {}
        return times, self._failures.copy()

    def close_all(self) -> None:
        self._stopping = True
        for reader in list(self._readers):
            reader.reset()


async def _serve(
    cfg: _Config,
    commands: Connection,
    replies: Connection,
    stats: ctypes.Array[ctypes.c_longlong],
    slot: int,
) -> None:
    """Ramp up the readers, then answer the parent's commands until told to stop (or it dies).

    Commands and replies use two one-way pipes: the event loop makes the fd it
    watches non-blocking, and a multi-megabyte reply must be sent blocking.
    """
    loop = asyncio.get_running_loop()
    worker = _Worker(cfg, stats, slot)
    done: asyncio.Future[None] = loop.create_future()

    def on_command() -> None:
        try:
            command = commands.recv()
        except (EOFError, OSError):  # the parent is gone: stop instead of lingering
            command = "stop"
        if command == "collect":
            replies.send(worker.take())
        elif command == "stop" and not done.done():
            loop.remove_reader(commands.fileno())
            done.set_result(None)

    loop.add_reader(commands.fileno(), on_command)
    ramp = loop.create_task(worker.ramp())
    await done
    ramp.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await ramp
    worker.close_all()
    await asyncio.sleep(0)  # let the aborted transports run connection_lost
    with contextlib.suppress(OSError):
        replies.send("stopped")


def _raise_nofile() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _worker_main(
    cfg: _Config,
    commands: Connection,
    replies: Connection,
    stats: ctypes.Array[ctypes.c_longlong],
    slot: int,
) -> None:
    # Ctrl-C goes to the whole process group; the parent decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _raise_nofile()
    uvloop.run(_serve(cfg, commands, replies, stats, slot))


class LoadGenerator:
    """N SSE readers of one URL over several worker processes; use as a context manager."""

    def __init__(
        self,
        url: str,
        readers: int,
        *,
        workers: int | None = None,
        batch: int = 100,
        connect_timeout: float = 15.0,
        headers: dict[str, str] | None = None,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"need a plain http:// URL, got {url!r}")
        host = parts.hostname
        port = parts.port or 80
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {host}:{port}",
            "Accept: text/event-stream",
            "Cache-Control: no-cache",
            *(f"{name}: {value}" for name, value in (headers or {}).items()),
        ]
        request = ("\r\n".join(lines) + "\r\n\r\n").encode()
        count = max(workers or os.cpu_count() or 1, math.ceil(readers / MAX_PER_WORKER))
        count = min(count, max(readers, 1))
        shares = [readers // count + (1 if k < readers % count else 0) for k in range(count)]
        self.readers = readers
        self._configs = [
            _Config(host, port, request, share, batch, connect_timeout) for share in shares
        ]
        self._ctx = multiprocessing.get_context("spawn")
        self._stats: ctypes.Array[ctypes.c_longlong] | None = None
        self._procs: list[multiprocessing.process.BaseProcess] = []
        self._commands: list[Connection] = []
        self._replies: list[Connection] = []

    def start(self) -> None:
        """Spawn the workers; each starts opening its readers at once."""
        stats = self._ctx.RawArray(ctypes.c_longlong, _SLOT * len(self._configs))
        self._stats = stats
        for slot, cfg in enumerate(self._configs):
            command_in, command_out = self._ctx.Pipe(duplex=False)
            reply_in, reply_out = self._ctx.Pipe(duplex=False)
            proc = self._ctx.Process(
                target=_worker_main,
                args=(cfg, command_in, reply_out, stats, slot),
                daemon=True,
            )
            proc.start()
            command_in.close()
            reply_out.close()
            self._procs.append(proc)
            self._commands.append(command_out)
            self._replies.append(reply_in)

    def status(self) -> Status:
        assert self._stats is not None, "start() first"
        totals = [0] * _SLOT
        for slot in range(len(self._configs)):
            for k in range(_SLOT):
                totals[k] += self._stats[slot * _SLOT + k]
        return Status(*totals)

    def frames(self) -> int:
        """Events with an id received so far by all readers together (cheap: shared memory)."""
        assert self._stats is not None, "start() first"
        return sum(self._stats[slot * _SLOT + _FRAMES] for slot in range(len(self._configs)))

    def wait_until_connected(self, n: int | None = None, timeout: float = 60.0) -> Status:
        """Wait until ``n`` readers (default: all) stream, all attempts have ended, or timeout.

        The caller compares ``status.connected`` with what it needed.
        """
        want = self.readers if n is None else n
        deadline = time.monotonic() + timeout
        while True:
            status = self.status()
            settled = status.attempted == self.readers and (
                status.connected + status.failed + status.disconnected >= self.readers
            )
            if status.connected >= want or settled or time.monotonic() > deadline:
                return status
            time.sleep(0.05)

    def wait_for_frames(self, total: int, stall_timeout: float = 10.0) -> bool:
        """Wait until ``frames() >= total``; give up after ``stall_timeout`` s without progress."""
        last = self.frames()
        last_change = time.monotonic()
        while last < total:
            time.sleep(0.0005)
            now_frames = self.frames()
            if now_frames != last:
                last = now_frames
                last_change = time.monotonic()
            elif time.monotonic() - last_change > stall_timeout:
                return False
        return True

    def collect(self, timeout: float = 60.0) -> Receipts:
        """Fetch and clear every worker's receipt times."""
        for conn in self._commands:
            conn.send("collect")
        merged: dict[str, array.array[float]] = {}
        failures: Counter[str] = Counter()
        for conn in self._replies:
            if not conn.poll(timeout):
                raise TimeoutError("a load-generator worker did not answer")
            times, worker_failures = conn.recv()
            failures.update(worker_failures)
            for event_id, values in times.items():
                if event_id in merged:
                    merged[event_id].extend(values)
                else:
                    merged[event_id] = values
        return Receipts(merged, failures)

    @property
    def workers(self) -> int:
        return len(self._configs)

    def pids(self) -> list[int]:
        return [proc.pid for proc in self._procs if proc.pid is not None]

    def stop(self) -> None:
        """Close every reader and end the workers (killing any that do not stop within 10 s)."""
        for conn in self._commands:
            with contextlib.suppress(OSError):
                conn.send("stop")
        deadline = time.monotonic() + 10
        for conn in self._replies:
            with contextlib.suppress(OSError, EOFError):
                if conn.poll(max(deadline - time.monotonic(), 0)):
                    conn.recv()
            conn.close()
        for conn in self._commands:
            conn.close()
        for proc in self._procs:
            proc.join(max(deadline - time.monotonic(), 0.1))
            if proc.is_alive():
                proc.kill()
                proc.join(5)
        self._procs = []
        self._commands = []
        self._replies = []

    def __enter__(self) -> LoadGenerator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def flood(
    gen: LoadGenerator,
    publish: Callable[[int], PublishResult],
    first_index: int,
    readers: int,
    seconds: float,
    window: int = 8,
) -> list[PublishResult]:
    """Publish as fast as the readers absorb it, for ``seconds``, then wait for delivery.

    At most ``window`` updates may be published but not yet received by every
    reader. Unpaced publishing would only measure how fast the server accepts
    POSTs while it queues readers x backlog x 1.5 KB in memory; pacing on full
    delivery makes the rate a sustained end-to-end one and bounds memory.
    """
    base = gen.frames()
    results: list[PublishResult] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not gen.wait_for_frames(base + readers * (len(results) + 1 - window)):
            break
        results.append(publish(first_index + len(results)))
    gen.wait_for_frames(base + readers * len(results))
    return results


@dataclass(frozen=True, slots=True)
class GeneratorCost:
    """What receiving one frame costs the generator, and the rate that implies."""

    frames: int
    cpu_s: float

    @property
    def us_per_frame(self) -> float:
        return self.cpu_s / self.frames * 1e6 if self.frames else math.nan

    def ceiling(self, workers: int) -> float:
        """Frames/s the generator could take with ``workers`` busy cores (capped by core count)."""
        cores = min(workers, os.cpu_count() or 1)
        return cores * self.frames / self.cpu_s if self.cpu_s > 0 else math.inf


def selftest(readers: int, seconds: float, window: int) -> None:
    """Measure the generator's ceiling: nginx+Nchan fans a publish flood out to ``readers``."""
    with NchanServer() as server, LoadGenerator(f"{server.base_url}/sub/selftest", readers) as gen:
        status = gen.wait_until_connected(timeout=120)
        print(f"connected {status.connected}/{readers}, failed {status.failed}")
        if not status.connected:
            raise SystemExit(f"no reader connected: {dict(gen.collect().failures)}")
        gen_before = procstat.sample(gen.pids())
        server_before = procstat.sample(server.pids())
        results = flood(
            gen,
            lambda i: server.publish("selftest", update_bytes(i)),
            0,
            status.connected,
            seconds,
            window,
        )
        gen_after = procstat.sample(gen.pids())
        server_after = procstat.sample(server.pids())
        frames = gen.collect().frames()
    wall = gen_after.wall - gen_before.wall
    cost = GeneratorCost(frames, gen_after.cpu_since(gen_before))
    rate = frames / wall
    print(f"{len(results)} publishes, {frames} frames in {wall:.2f} s = {rate:,.0f} frames/s")
    print(
        f"generator: {cost.cpu_s:.2f} CPU s ({cost.cpu_s / wall:.2f} cores), "
        f"{cost.us_per_frame:.1f} us/frame, ceiling {cost.ceiling(gen.workers):,.0f} frames/s"
    )
    print(
        f"nginx+nchan: {server_after.busy_since(server_before):.2f} cores; machine "
        f"{server_after.machine_busy_since(server_before):.2f} cores busy, of which interrupts "
        f"{server_after.machine_irq_since(server_before):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="SSE load generator; --selftest measures it.")
    parser.add_argument("url", nargs="?", help="SSE URL to hold open (omit with --selftest)")
    parser.add_argument("--readers", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--window", type=int, default=8, help="self-test publish window")
    parser.add_argument("--selftest", action="store_true")
    args = parser.parse_args()
    exit_on_sigterm()
    if args.selftest:
        selftest(args.readers, args.seconds, args.window)
        return
    if not args.url:
        parser.error("give a URL or --selftest")
    with LoadGenerator(args.url, args.readers) as gen:
        status = gen.wait_until_connected(timeout=120)
        print(f"connected: {status}")
        time.sleep(args.seconds)
        receipts = gen.collect()
        print(f"status: {gen.status()}; {receipts.frames()} frames")
        print(f"failures: {dict(receipts.failures)}")


if __name__ == "__main__":
    main()
