"""Desk sessions, kept on the server: made at sign-in, ended at sign-out, revocable.

The cookie holds a random token; the table holds its SHA-256, so a leaked database
holds no working session. Each session has its own CSRF token, which its pages and
script send back with every change (see `web/desk/session.py`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select

from ..domain.errors import NotAuthenticated
from ..domain.roles import Actor, Role
from .database import Tx
from .people import actor_of, digest, user_id
from .schema import desk_sessions, users

SESSION_PREFIX = "ds_"


@dataclass(frozen=True)
class DeskSession:
    """A signed-in person: who, and the token their pages send with each change."""

    id: int
    actor: Actor
    csrf_token: str
    expires_at: datetime


def start_session(
    tx: Tx, name: str, *, lifetime: timedelta, address: str = "", replaces: str | None = None
) -> tuple[str, DeskSession]:
    """A new session for `name` (the cookie's value, and the session); `replaces` ends the old.

    A new session at every sign-in (and password change) means a cookie planted
    before sign-in is worth nothing after it.
    """
    if replaces:
        tx.conn.execute(delete(desk_sessions).where(desk_sessions.c.token_hash == digest(replaces)))
    # Expired sessions of anyone go as new ones start: the table stays small with no sweeper.
    tx.conn.execute(delete(desk_sessions).where(desk_sessions.c.expires_at < tx.now))
    token = SESSION_PREFIX + secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = tx.now + lifetime
    session_id = tx.conn.execute(
        insert(desk_sessions)
        .values(
            user_id=user_id(tx.conn, name),
            token_hash=digest(token),
            csrf_token=csrf,
            address=address[:64],
            created_at=tx.now,
            expires_at=expires,
        )
        .returning(desk_sessions.c.id)
    ).scalar_one()
    session = session_for(tx.conn, token, tx.now)
    assert session.id == session_id
    return token, session


def session_for(conn: Connection, token: str, now: datetime) -> DeskSession:
    """The live session a cookie names; NotAuthenticated when it ended, expired or its user
    was disabled."""
    row = conn.execute(
        select(
            desk_sessions.c.id, desk_sessions.c.csrf_token, desk_sessions.c.expires_at,
            users.c.id.label("user_id"), users.c.name, users.c.role,
        )
        .join(users, users.c.id == desk_sessions.c.user_id)
        .where(
            desk_sessions.c.token_hash == digest(token),
            desk_sessions.c.expires_at > now,
            users.c.disabled_at.is_(None),
        )
    ).first()  # fmt: skip
    if row is None:
        raise NotAuthenticated("Your desk session has ended; sign in again.")
    actor = actor_of(conn, row.user_id, row.name, Role(row.role))
    return DeskSession(row.id, actor, row.csrf_token, row.expires_at)


def end_session(tx: Tx, token: str) -> None:
    tx.conn.execute(delete(desk_sessions).where(desk_sessions.c.token_hash == digest(token)))
