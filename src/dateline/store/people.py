"""The desk's people: users with roles and passwords, and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import Connection, insert, select

from ..domain.errors import Forbidden, Invalid, NotAuthenticated, NotFound
from ..domain.roles import Actor, Role
from .database import Tx
from .schema import tokens, users

_hasher = PasswordHasher()
TOKEN_PREFIX = "dl_"  # noqa: S105 — a prefix that makes tokens recognisable, not a secret
MIN_PASSWORD = 10


def add_user(tx: Tx, name: str, role: str, password: str) -> Actor:
    """Add a person to the desk. Passwords are kept only as Argon2 hashes."""
    name = name.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise Invalid.one("name", "must be 1–100 characters without spaces")
    try:
        checked_role = Role(role)
    except ValueError:
        raise Invalid.one("role", "must be admin, editor or contributor") from None
    if len(password) < MIN_PASSWORD:
        raise Invalid.one("password", f"must be at least {MIN_PASSWORD} characters")
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
            user_id=row.id, token_hash=_digest(token), label=label, created_at=tx.now
        )
    )
    return token


def actor_for_token(conn: Connection, token: str) -> Actor:
    """Who a bearer token belongs to; Forbidden when it is unknown."""
    row = conn.execute(
        select(users.c.name, users.c.role)
        .join(tokens, tokens.c.user_id == users.c.id)
        .where(tokens.c.token_hash == _digest(token))
    ).first()
    if row is None:
        raise NotAuthenticated(
            "That API token is not valid. Create one with `dateline token create --user NAME`."
        )
    return Actor(row.name, Role(row.role))


def check_password(conn: Connection, name: str, password: str) -> Actor:
    row = conn.execute(
        select(users.c.name, users.c.role, users.c.password_hash).where(users.c.name == name)
    ).first()
    try:
        if row is None:
            raise VerificationError
        _hasher.verify(row.password_hash, password)
    except VerificationError:
        raise Forbidden("Wrong name or password.") from None
    return Actor(row.name, Role(row.role))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
