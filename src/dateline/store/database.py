"""The database handle: one writer, many readers, and a hook after each commit.

SQLite allows one writer at a time, so all writes go through one connection on
one thread (as Datasette's write thread does) and nobody sees "database is
locked". Reads use their own connections in parallel; WAL mode lets them run
while the writer writes. On PostgreSQL the writer pool has several threads and
the blog row lock keeps each blog's sequence gap-free.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from ..domain.changes import Change

P = ParamSpec("P")
T = TypeVar("T")
Clock = Callable[[], datetime]
log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Tx:
    """One write transaction: its connection, its clock reading, the Changes it appended."""

    conn: Connection
    now: datetime
    changes: list[Change] = field(default_factory=list)


def normalise_url(url: str) -> str:
    """Accept the URLs operators write (`postgresql://…`, `sqlite:///file.db`)."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


class Database:
    def __init__(
        self, url: str, *, clock: Clock = utc_now, readers: int = 4, writers: int = 4
    ) -> None:
        self.url = normalise_url(url)
        self.clock = clock
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            writers = 1
        self.write_engine = self._engine(pool_size=writers, immediate=True)
        self.read_engine = self._engine(pool_size=readers, immediate=False)
        self._writer = ThreadPoolExecutor(writers, thread_name_prefix="dateline-write")
        self._reader = ThreadPoolExecutor(readers, thread_name_prefix="dateline-read")
        # Called on the writing thread, in commit order, with each transaction's Changes.
        self.on_commit: list[Callable[[list[Change]], None]] = []

    def _engine(self, *, pool_size: int, immediate: bool) -> Engine:
        if not self.is_sqlite:
            options: dict[str, Any] = {}
            if not immediate:
                # A page is rendered from several queries: let them see one snapshot.
                options["isolation_level"] = "REPEATABLE READ"
            return create_engine(
                self.url, pool_size=pool_size, max_overflow=0, pool_pre_ping=True,
                execution_options=options,
            )  # fmt: skip
        engine = create_engine(
            self.url,
            pool_size=pool_size,
            max_overflow=0,
            connect_args={"check_same_thread": False, "timeout": 30},
        )
        begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

        @event.listens_for(engine, "connect")
        def on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def on_begin(conn: Connection) -> None:
            # IMMEDIATE takes the write lock up front: no deadlock upgrading a read lock.
            conn.exec_driver_sql(begin)

        return engine

    def run_write(self, command: Callable[Concatenate[Tx, P], T], *a: P.args, **k: P.kwargs) -> T:
        """Run `command` in one write transaction, then tell listeners what changed."""
        with self.write_engine.begin() as conn:
            tx = Tx(conn, self.clock())
            result = command(tx, *a, **k)
        if tx.changes:
            for listener in self.on_commit:
                try:
                    listener(tx.changes)
                except Exception:  # a listener's bug must not turn a committed write into an error
                    log.exception("change listener failed")
        return result

    def run_read(
        self, query: Callable[Concatenate[Connection, P], T], *a: P.args, **k: P.kwargs
    ) -> T:
        """Run `query` in one read transaction (one consistent snapshot)."""
        with self.read_engine.connect() as conn, conn.begin():
            return query(conn, *a, **k)

    async def write(self, command: Callable[Concatenate[Tx, P], T], *a: P.args, **k: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writer, partial(self.run_write, command, *a, **k))

    async def read(
        self, query: Callable[Concatenate[Connection, P], T], *a: P.args, **k: P.kwargs
    ) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._reader, partial(self.run_read, query, *a, **k))

    def close(self) -> None:
        self._writer.shutdown(wait=True)
        self._reader.shutdown(wait=True)
        self.write_engine.dispose()
        self.read_engine.dispose()
