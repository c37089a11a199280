"""Leases: work that must happen once across nodes (releasing scheduled updates,
delivering webhooks …) is done by whichever node holds that work's lease.

A lease is a row with a holder and an expiry. The holder renews it before each
run; another node takes it only once it has expired, so a node that dies (or
hangs) hands its work over within one lease period. Taking and renewing is one
conditional write, so two nodes can never both believe they hold it: on
PostgreSQL the row lock serialises them, on SQLite the single writer does.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from .database import Tx
from .schema import leases


def hold_lease(tx: Tx, name: str, holder: str, seconds: float) -> bool:
    """Take or renew the lease `name` for `holder`; False while another node holds it."""
    until = tx.now + timedelta(seconds=seconds)
    renewed = tx.conn.execute(
        update(leases)
        .where(leases.c.name == name)
        .where(or_(leases.c.holder == holder, leases.c.expires_at <= tx.now))
        .values(holder=holder, expires_at=until)
    )
    if renewed.rowcount:
        return True
    exists = tx.conn.execute(select(leases.c.name).where(leases.c.name == name)).first()
    if exists is not None:
        return False
    try:
        with tx.conn.begin_nested():  # another node may insert the row at the same moment
            tx.conn.execute(insert(leases).values(name=name, holder=holder, expires_at=until))
    except IntegrityError:
        return False
    return True


def release_lease(tx: Tx, name: str, holder: str) -> None:
    """Give the lease up at once (a clean shutdown), so another node need not wait."""
    tx.conn.execute(
        update(leases)
        .where(leases.c.name == name, leases.c.holder == holder)
        .values(expires_at=tx.now)
    )


def lease_holder(conn: Connection, name: str, now: datetime) -> str | None:
    """Who holds `name` at `now`, if anyone (for operators and tests)."""
    row = conn.execute(
        select(leases.c.holder).where(leases.c.name == name, leases.c.expires_at > now)
    ).first()
    return None if row is None else str(row.holder)
