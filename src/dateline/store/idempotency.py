"""Idempotency keys: the first answer to a POST, kept per actor and key for a day.

`claim` is one transaction: it either reserves the key for this request (the caller
answers and then `keep`s the answer, or `release`s the key if it failed), or returns
the answer kept before, or says the key was used for another request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from sqlalchemy import delete, insert, select, update

from .database import Tx
from .schema import idempotency_keys

KEEP_FOR = timedelta(hours=24)


@dataclass(frozen=True)
class Claim:
    outcome: Literal["new", "replay", "other_request", "in_progress"]
    status: int = 0
    headers: dict[str, Any] | None = None
    body: str = ""


def claim(tx: Tx, actor: str, key: str, request_hash: str) -> Claim:
    table = idempotency_keys
    tx.conn.execute(delete(table).where(table.c.expires_at < tx.now))
    row = tx.conn.execute(select(table).where(table.c.actor == actor, table.c.key == key)).first()
    if row is None:
        tx.conn.execute(
            insert(table).values(
                actor=actor, key=key, request_hash=request_hash, status=None,
                created_at=tx.now, expires_at=tx.now + KEEP_FOR,
            )
        )  # fmt: skip
        return Claim("new")
    if row.request_hash != request_hash:
        return Claim("other_request")
    if row.status is None:
        return Claim("in_progress")
    return Claim("replay", row.status, row.headers or {}, row.body or "")


def keep(tx: Tx, actor: str, key: str, status: int, headers: dict[str, str], body: str) -> None:
    table = idempotency_keys
    tx.conn.execute(
        update(table)
        .where(table.c.actor == actor, table.c.key == key)
        .values(status=status, headers=headers, body=body)
    )


def release(tx: Tx, actor: str, key: str) -> None:
    """Forget a reservation whose request failed, so a retry does the work."""
    table = idempotency_keys
    tx.conn.execute(delete(table).where(table.c.actor == actor, table.c.key == key))
