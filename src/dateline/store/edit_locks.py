"""Soft locks in the store: who is editing which update, seen alike from every node.

A lock is a row with a holder and an expiry that the editor's page keeps pushing
forward; a page that goes away without a word lets it lapse. Taking is one write
transaction, so two editors on two nodes cannot both be told the lock is theirs:
on PostgreSQL the row (or the primary key) serialises them, on SQLite the single
writer does. A lock refuses nothing (saves are kept safe by the version check);
it tells the second editor before they start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from .database import Tx
from .schema import edit_locks


@dataclass(frozen=True)
class EditLock:
    post_id: int
    holder: str
    since: datetime
    expires_at: datetime


def take_edit_lock(tx: Tx, blog_id: int, post_id: int, holder: str, seconds: float) -> EditLock:
    """Hold (or keep holding) the lock; while someone else holds it, theirs is answered."""
    until = tx.now + timedelta(seconds=seconds)
    current = _lock(tx.conn, blog_id, post_id)
    if current is not None and current.expires_at > tx.now:
        if current.holder != holder:
            return current
        since = current.since  # renewed: held since it was first taken
    else:
        since = tx.now
    mine = EditLock(post_id, holder, since, until)
    values = {"holder": holder, "since": since, "expires_at": until}
    if current is not None:
        tx.conn.execute(
            update(edit_locks)
            .where(edit_locks.c.blog_id == blog_id, edit_locks.c.post_id == post_id)
            .values(**values)
        )
        return mine
    try:
        with tx.conn.begin_nested():  # another node may take it at the same moment
            tx.conn.execute(insert(edit_locks).values(blog_id=blog_id, post_id=post_id, **values))
    except IntegrityError:
        theirs = _lock(tx.conn, blog_id, post_id)
        return theirs if theirs is not None else mine
    return mine


def release_edit_lock(tx: Tx, blog_id: int, post_id: int, holder: str) -> None:
    """Let go of the lock, if `holder` holds it (nobody releases another's)."""
    tx.conn.execute(
        delete(edit_locks).where(
            edit_locks.c.blog_id == blog_id,
            edit_locks.c.post_id == post_id,
            edit_locks.c.holder == holder,
        )
    )


def edit_locks_of(conn: Connection, blog_id: int, now: datetime) -> list[EditLock]:
    """The blog's locks held at `now`, by update."""
    rows = conn.execute(
        select(edit_locks)
        .where(edit_locks.c.blog_id == blog_id, edit_locks.c.expires_at > now)
        .order_by(edit_locks.c.post_id)
    )
    return [EditLock(r.post_id, r.holder, r.since, r.expires_at) for r in rows]


def _lock(conn: Connection, blog_id: int, post_id: int) -> EditLock | None:
    row = conn.execute(
        select(edit_locks).where(edit_locks.c.blog_id == blog_id, edit_locks.c.post_id == post_id)
    ).first()
    return None if row is None else EditLock(row.post_id, row.holder, row.since, row.expires_at)
