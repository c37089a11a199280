"""The desk's people: users with roles and passwords, and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import Connection, insert, select, update
from sqlalchemy.engine import RowMapping

from ..domain.errors import Forbidden, Invalid, NotAuthenticated, NotFound
from ..domain.roles import Actor, Role
from ..domain.tokens import ApiToken, check_label, check_manage, may_manage
from .audit import record_event
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


# Who the audit record names when a command is run on the server itself (no user can
# be called this: names have no spaces).
COMMAND_LINE = "(command line)"


def create_token(tx: Tx, user_name: str, label: str = "") -> str:
    """Make a new API token for a user and return it; only its hash is stored."""
    return issue_token(tx, user_name, label)[1]


def issue_token(
    tx: Tx, user_name: str, label: str = "", *, by: Actor | None = None
) -> tuple[ApiToken, str]:
    """Make a new API token: the listing's view of it, and the secret, returned this once.

    `by` is who asks (None: the command line on the server); only admins make
    tokens for someone else.
    """
    label = check_label({"label": label})
    row = tx.conn.execute(select(users.c.id).where(users.c.name == user_name)).first()
    if by is not None and not may_manage(by, user_name):
        raise Forbidden("Only an admin can make a token for someone else.")
    if row is None:
        raise NotFound("user", user_name)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token_id = tx.conn.execute(
        insert(tokens)
        .values(user_id=row.id, token_hash=_digest(secret), label=label, created_at=tx.now)
        .returning(tokens.c.id)
    ).scalar_one()
    made = ApiToken(id=token_id, user=user_name, label=label, created_at=tx.now)
    record_event(tx, _name(by), "token create", _describe(made))
    return made, secret


_TOKENS = select(
    tokens.c.id,
    users.c.name.label("user"),
    tokens.c.label,
    tokens.c.created_at,
    tokens.c.revoked_at,
    tokens.c.revoked_by,
).join(users, users.c.id == tokens.c.user_id)


def list_tokens(conn: Connection, user_name: str | None = None) -> list[ApiToken]:
    """Tokens, oldest first, revoked ones included (marked so); never their secrets."""
    query = _TOKENS.order_by(tokens.c.id)
    if user_name is not None:
        query = query.where(users.c.name == user_name)
    return [_token(row) for row in conn.execute(query).mappings()]


def get_token(conn: Connection, token_id: int) -> ApiToken:
    row = conn.execute(_TOKENS.where(tokens.c.id == token_id)).mappings().first()
    if row is None:
        raise NotFound("token", token_id)
    return _token(row)


def revoke_token(tx: Tx, token_id: int, *, by: Actor | None = None) -> ApiToken:
    """Revoke a token: from the next request on it lets no one in. Admins revoke anyone's,
    others their own (someone else's is not found). Revoking twice changes nothing."""
    found = get_token(tx.conn, token_id)
    if by is not None:
        check_manage(by, found)
    if not found.active:
        return found
    tx.conn.execute(
        update(tokens)
        .where(tokens.c.id == token_id)
        .values(revoked_at=tx.now, revoked_by=_name(by))
    )
    revoked = get_token(tx.conn, token_id)
    record_event(tx, _name(by), "token revoke", _describe(revoked))
    return revoked


def _token(row: RowMapping) -> ApiToken:
    return ApiToken(
        id=row["id"],
        user=row["user"],
        label=row["label"],
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
        revoked_by=row["revoked_by"],
    )


def _name(by: Actor | None) -> str:
    return by.name if by is not None else COMMAND_LINE


def _describe(token: ApiToken) -> str:
    label = f" ({token.label})" if token.label else ""
    return f"token {token.id} of {token.user}{label}"


def actor_for_token(conn: Connection, token: str) -> Actor:
    """Who a bearer token belongs to; NotAuthenticated when it is unknown or revoked."""
    row = conn.execute(
        select(users.c.name, users.c.role)
        .join(tokens, tokens.c.user_id == users.c.id)
        .where(tokens.c.token_hash == _digest(token), tokens.c.revoked_at.is_(None))
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
