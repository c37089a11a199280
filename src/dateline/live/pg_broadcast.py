"""Broadcast through PostgreSQL LISTEN/NOTIFY: no component beyond the database."""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from .broadcast import Listener
from .notices import NoticeBroadcast


def libpq_url(url: str) -> str:
    """SQLAlchemy's spelling (`postgresql+psycopg://`) as libpq takes it."""
    for prefix in ("postgresql+psycopg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


class PostgresBroadcast(NoticeBroadcast):
    name = "PostgreSQL"

    def __init__(self, url: str, *, channel: str = "dateline") -> None:
        super().__init__(channel)
        self.url = libpq_url(url)
        self._sender: psycopg.Connection[tuple[object, ...]] | None = None

    def _send(self, payloads: list[str]) -> None:
        if self._sender is None or self._sender.closed:
            self._sender = psycopg.connect(self.url, autocommit=True, connect_timeout=2)
        for payload in payloads:
            self._sender.execute("SELECT pg_notify(%s, %s)", (self.channel, payload))

    def _reset_sender(self) -> None:
        if self._sender is not None:
            self._sender.close()
        self._sender = None

    async def _listen(self, listener: Listener, connected: Callable[[], None]) -> None:
        async with await psycopg.AsyncConnection.connect(
            self.url, autocommit=True, connect_timeout=2
        ) as conn:
            await conn.execute(
                psycopg.sql.SQL("LISTEN {}").format(psycopg.sql.Identifier(self.channel))
            )
            connected()
            async for notify in conn.notifies():
                self.deliver_notice(listener, notify.payload)
