"""The slow-down after failed sign-ins, per name and per address, kept in the database
so every node counts the same failures.

After `FREE_TRIES` failures within `WINDOW`, each further failure blocks that key for
twice as long as the last (2 s, 4 s, 8 s … up to `LONGEST`). A blocked attempt is
refused without looking at the password, so guessing gets slow, while a person who
mistyped a few times is not locked out for long.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select, update

from .database import Tx
from .schema import sign_in_failures

FREE_TRIES = 5
WINDOW = timedelta(minutes=15)
LONGEST = timedelta(minutes=15)


def keys_for(name: str, address: str) -> list[str]:
    return [f"name:{name.strip().lower()[:150]}", f"address:{address[:150]}"]


def wait_before_next(conn: Connection, keys: list[str], now: datetime) -> float:
    """Seconds until any of these keys may try again (0: now)."""
    rows = conn.execute(
        select(sign_in_failures.c.blocked_until).where(sign_in_failures.c.key.in_(keys))
    )
    waits = [(until - now).total_seconds() for (until,) in rows if until is not None]
    return float(max([0.0, *waits]))


def record_failure(tx: Tx, keys: list[str]) -> None:
    for key in keys:
        row = tx.conn.execute(select(sign_in_failures).where(sign_in_failures.c.key == key)).first()
        if row is None or tx.now - row.first_at > WINDOW:
            tx.conn.execute(delete(sign_in_failures).where(sign_in_failures.c.key == key))
            tx.conn.execute(insert(sign_in_failures).values(key=key, failures=1, first_at=tx.now))
            continue
        failures = row.failures + 1
        over = failures - FREE_TRIES
        blocked = None
        if over > 0:
            blocked = tx.now + min(timedelta(seconds=2**over), LONGEST)
        tx.conn.execute(
            update(sign_in_failures)
            .where(sign_in_failures.c.key == key)
            .values(failures=failures, blocked_until=blocked)
        )


def forget_failures(tx: Tx, keys: list[str]) -> None:
    """After a good sign-in: the name starts afresh (the address keeps its count)."""
    tx.conn.execute(delete(sign_in_failures).where(sign_in_failures.c.key.in_(keys)))
