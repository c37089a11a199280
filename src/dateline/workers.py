"""`dateline serve --workers N`: N processes on one port, each with its own hub.

Each worker binds the port itself with SO_REUSEPORT, so the kernel spreads new
connections across the workers' accept queues (no shared accept lock, no
thundering herd). The parent only supervises: it starts the workers, starts a
new one when one dies, and stops them all on SIGTERM or Ctrl-C. Workers share
the database like nodes do; with PostgreSQL, set DATELINE_BROADCAST_URL so each
hears the others' changes at once (on SQLite they find them by the sweep).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.process import BaseProcess
from types import FrameType

from .settings import Settings

log = logging.getLogger(__name__)
RESTART_PAUSE = 1.0  # seconds before a crashed worker is started again


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A listening socket that other processes may bind to the same port too."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(4096)
    sock.set_inheritable(True)
    return sock


def worker_settings(settings: Settings, index: int) -> Settings:
    """Each worker is a node of its own in leases, metrics and logs."""
    if not settings.node_name:
        return settings  # the default name carries the process id already
    return replace(settings, node_name=f"{settings.node_name}-{index}")


def supervise(settings: Settings, count: int, run_worker: Callable[[Settings, int], None]) -> None:
    """Run `count` workers until told to stop, replacing any that dies."""
    context = multiprocessing.get_context("spawn")
    workers: dict[int, BaseProcess] = {}
    stopping = False

    def start(index: int) -> None:
        process = context.Process(
            target=run_worker, args=(worker_settings(settings, index), index), daemon=False
        )
        process.start()
        workers[index] = process

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for index in range(count):
        start(index)
    while not stopping:
        time.sleep(0.2)
        for index, process in list(workers.items()):
            if not process.is_alive() and not stopping:
                log.warning("worker %d exited with %s; starting another", index, process.exitcode)
                time.sleep(RESTART_PAUSE)
                start(index)
    for process in workers.values():
        if process.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
    for process in workers.values():
        process.join(timeout=15)
        if process.is_alive():
            process.kill()
