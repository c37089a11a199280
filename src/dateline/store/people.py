"""The desk's people: users with roles and passwords, and API tokens.

A person's actor carries the blogs they are a member of (see `domain/roles.py`), read
with every token or session, so a change of role, membership or a disabling takes
effect on their very next request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, insert, select, update

from ..domain.errors import Forbidden, Invalid, NotAuthenticated, NotFound
from ..domain.roles import Actor, Role, require
from .database import Tx
from .schema import blog_members, desk_sessions, tokens, users

_hasher = PasswordHasher()
# Checked against when the name is unknown, so a wrong name costs what a wrong password does.
_UNKNOWN = _hasher.hash(secrets.token_urlsafe(16))
TOKEN_PREFIX = "dl_"  # noqa: S105 — a prefix that makes tokens recognisable, not a secret
MIN_PASSWORD = 10
MAX_PASSWORD = 1000
WRONG_SIGN_IN = "Wrong name or password."


@dataclass(frozen=True)
class Person:
    """A user as the people page lists them."""

    id: int
    name: str
    role: Role
    disabled: bool
    created_at: datetime


@dataclass(frozen=True)
class TokenInfo:
    """An API token as listed: never the token itself, which is shown once."""

    id: int
    user: str
    label: str
    created_at: datetime


def add_user(tx: Tx, name: str, role: str, password: str) -> Actor:
    """Add a person to the desk. Passwords are kept only as Argon2 hashes."""
    name = name.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise Invalid.one("name", "must be 1–100 characters without spaces")
    checked_role = _role(role)
    _check_password(password)
    if tx.conn.execute(select(users.c.id).where(users.c.name == name)).first():
        raise Invalid.one("name", f"there is already a user called {name!r}")
    tx.conn.execute(
        insert(users).values(
            name=name,
            role=checked_role.value,
            password_hash=_hasher.hash(password),
            created_at=tx.now,
        )
    )
    return Actor(name, checked_role)


def create_token(tx: Tx, user_name: str, label: str = "") -> str:
    """Make a new API token for a user and return it; only its hash is stored."""
    row = tx.conn.execute(select(users.c.id).where(users.c.name == user_name)).first()
    if row is None:
        raise NotFound("user", user_name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    tx.conn.execute(
        insert(tokens).values(
            user_id=row.id, token_hash=digest(token), label=label[:100], created_at=tx.now
        )
    )
    return token


def actor_for_token(conn: Connection, token: str) -> Actor:
    """Who a bearer token belongs to; NotAuthenticated when it is unknown or its user disabled."""
    row = conn.execute(
        select(users.c.id, users.c.name, users.c.role)
        .join(tokens, tokens.c.user_id == users.c.id)
        .where(tokens.c.token_hash == digest(token), users.c.disabled_at.is_(None))
    ).first()
    if row is None:
        raise NotAuthenticated(
            "That API token is not valid. Create one with `dateline token create --user NAME`."
        )
    return actor_of(conn, row.id, row.name, Role(row.role))


def actor_of(conn: Connection, user_id: int, name: str, role: Role) -> Actor:
    """The actor with the blogs they are a member of (admins: every blog)."""
    if role == Role.ADMIN:
        return Actor(name, role)
    found = conn.execute(select(blog_members.c.blog_id).where(blog_members.c.user_id == user_id))
    return Actor(name, role, frozenset(found.scalars()))


def check_password(conn: Connection, name: str, password: str) -> Actor:
    """The person signing in; the same Forbidden for a wrong name, password or a disabled user."""
    row = conn.execute(
        select(users.c.id, users.c.name, users.c.role, users.c.password_hash, users.c.disabled_at)
        .where(users.c.name == name)
    ).first()  # fmt: skip
    try:
        _hasher.verify(row.password_hash if row else _UNKNOWN, password[:MAX_PASSWORD])
        if row is None or row.disabled_at is not None:
            raise VerificationError
    except (VerificationError, InvalidHashError):
        raise Forbidden(WRONG_SIGN_IN) from None
    return actor_of(conn, row.id, row.name, Role(row.role))


def anyone_can_sign_in(conn: Connection) -> bool:
    """Is there anyone on the desk yet? (A new database has nobody to sign in.)"""
    return conn.execute(select(users.c.id).where(users.c.disabled_at.is_(None))).first() is not None


def user_id(conn: Connection, name: str) -> int:
    found = conn.execute(select(users.c.id).where(users.c.name == name)).scalar()
    if found is None:
        raise NotFound("user", name)
    return int(found)


def list_people(conn: Connection) -> list[Person]:
    rows = conn.execute(select(users).order_by(users.c.name)).mappings()
    return [
        Person(r["id"], r["name"], Role(r["role"]), r["disabled_at"] is not None, r["created_at"])
        for r in rows
    ]


def list_tokens(conn: Connection) -> list[TokenInfo]:
    rows = conn.execute(
        select(tokens.c.id, users.c.name, tokens.c.label, tokens.c.created_at)
        .join(users, users.c.id == tokens.c.user_id)
        .order_by(users.c.name, tokens.c.id)
    )
    return [TokenInfo(r.id, r.name, r.label, r.created_at) for r in rows]


# -- what admins do ------------------------------------------------------------------


def set_role(tx: Tx, name: str, role: str, actor: Actor) -> None:
    require(actor.role, Role.ADMIN, "Changing someone's role")
    checked = _role(role)
    if name == actor.name and checked != Role.ADMIN:
        raise Invalid.one("role", "you cannot take the admin role from yourself")
    tx.conn.execute(update(users).where(users.c.id == user_id(tx.conn, name)).values(role=checked))


def set_disabled(tx: Tx, name: str, disabled: bool, actor: Actor) -> None:
    """Disable (or enable again) a person: their sessions end, their tokens stop working."""
    require(actor.role, Role.ADMIN, "Disabling someone")
    if name == actor.name and disabled:
        raise Forbidden("You cannot disable yourself; ask another admin.")
    target = user_id(tx.conn, name)
    tx.conn.execute(
        update(users).where(users.c.id == target).values(disabled_at=tx.now if disabled else None)
    )
    if disabled:
        tx.conn.execute(delete(desk_sessions).where(desk_sessions.c.user_id == target))


def reset_password(tx: Tx, name: str, password: str, actor: Actor) -> None:
    """An admin sets a new password for someone; their sessions end."""
    require(actor.role, Role.ADMIN, "Resetting someone's password")
    _set_password(tx, user_id(tx.conn, name), password)


def change_password(tx: Tx, name: str, current: str, new: str) -> None:
    """A person changes their own password; their other sessions end (the caller's is rotated)."""
    try:
        check_password(tx.conn, name, current)
    except Forbidden:
        raise Invalid.one("current_password", "is not your current password") from None
    _set_password(tx, user_id(tx.conn, name), new, field="new_password")


def revoke_token(tx: Tx, token_id: int, actor: Actor) -> None:
    require(actor.role, Role.ADMIN, "Revoking an API token")
    gone = tx.conn.execute(delete(tokens).where(tokens.c.id == token_id)).rowcount
    if not gone:
        raise NotFound("token", token_id)


def _set_password(tx: Tx, target: int, password: str, *, field: str = "password") -> None:
    _check_password(password, field)
    tx.conn.execute(
        update(users).where(users.c.id == target).values(password_hash=_hasher.hash(password))
    )
    tx.conn.execute(delete(desk_sessions).where(desk_sessions.c.user_id == target))


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise Invalid.one("role", "must be admin, editor or contributor") from None


def _check_password(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD:
        raise Invalid.one(field, f"must be at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise Invalid.one(field, f"must be at most {MAX_PASSWORD} characters")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
