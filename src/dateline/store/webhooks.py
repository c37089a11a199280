"""Webhook subscriptions and their delivery log: commands (one transaction each) and reads."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from ..domain.errors import Conflict, NotFound
from ..domain.roles import Actor, Role, require, require_member
from ..domain.webhooks import (
    SECRET_PREFIX,
    Attempt,
    Webhook,
    check_webhook_fields,
    retry_after,
)
from .database import Tx
from .queries import get_blog
from .schema import blogs, webhook_attempts, webhooks

_COLUMNS = [f.name for f in fields(Webhook)]
LOG_DAYS = 30


def _webhook(row: Mapping[Any, Any]) -> Webhook:
    return Webhook(**{name: row[name] for name in _COLUMNS})


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def create_webhook(tx: Tx, slug: str, raw: Mapping[str, Any], actor: Actor) -> Webhook:
    """Subscribe a URL to the blog's public changes from now on."""
    require(actor.role, Role.EDITOR, "Adding a webhook")
    blog = get_blog(tx.conn, slug, lock=True)
    require_member(actor, blog.id, blog.title)  # an editor of this blog, not of any
    checked = check_webhook_fields(raw, creating=True)
    values = {
        "blog_id": blog.id,
        "url": checked["url"],
        "secret": new_secret(),
        "description": checked.get("description", ""),
        "active": checked.get("active", True),
        "delivered_seq": blog.last_seq,
        "failures": 0,
        "due_at": tx.now,
        "version": 1,
        "created_by": actor.name,
        "created_at": tx.now,
        "updated_at": tx.now,
    }
    new_id = tx.conn.execute(
        insert(webhooks).values(**values).returning(webhooks.c.id)
    ).scalar_one()
    return Webhook(id=new_id, **values)


def edit_webhook(
    tx: Tx, slug: str, webhook_id: int, raw: Mapping[str, Any], actor: Actor, *, version: int
) -> Webhook:
    """Change a subscription's URL, note or state; turning it back on resumes where it stopped."""
    require(actor.role, Role.EDITOR, "Changing a webhook")
    before = get_webhook(tx.conn, slug, webhook_id)
    require_member(actor, before.blog_id, slug)
    if version != before.version:
        raise Conflict(
            before.version,
            f"The webhook changed since you loaded it; it is now at version {before.version}.",
        )
    checked = check_webhook_fields(raw, creating=False)
    if checked.get("active") and not before.active:
        checked.update(failures=0, due_at=tx.now)  # a fresh start after a pause
    values = {**checked, "version": before.version + 1, "updated_at": tx.now}
    tx.conn.execute(update(webhooks).where(webhooks.c.id == webhook_id).values(**values))
    return get_webhook(tx.conn, slug, webhook_id)


def delete_webhook(tx: Tx, slug: str, webhook_id: int, actor: Actor) -> None:
    require(actor.role, Role.EDITOR, "Removing a webhook")
    require_member(actor, get_webhook(tx.conn, slug, webhook_id).blog_id, slug)
    tx.conn.execute(delete(webhooks).where(webhooks.c.id == webhook_id))


def get_webhook(conn: Connection, slug: str, webhook_id: int) -> Webhook:
    blog = get_blog(conn, slug)
    row = (
        conn.execute(
            select(webhooks).where(webhooks.c.id == webhook_id, webhooks.c.blog_id == blog.id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound("webhook", webhook_id)
    return _webhook(row)


def webhook_by_id(conn: Connection, webhook_id: int) -> Webhook | None:
    row = conn.execute(select(webhooks).where(webhooks.c.id == webhook_id)).mappings().first()
    return _webhook(row) if row else None


def blog_webhooks(conn: Connection, slug: str) -> list[Webhook]:
    blog = get_blog(conn, slug)
    query = select(webhooks).where(webhooks.c.blog_id == blog.id).order_by(webhooks.c.id)
    return [_webhook(row) for row in conn.execute(query).mappings()]


def due_webhooks(conn: Connection, now: datetime, *, limit: int = 100) -> list[Webhook]:
    """Active subscriptions with changes to deliver and due to try, the longest-waiting first."""
    query = (
        select(webhooks)
        .join(blogs, blogs.c.id == webhooks.c.blog_id)
        .where(
            webhooks.c.active.is_(True),
            webhooks.c.due_at <= now,
            blogs.c.last_seq > webhooks.c.delivered_seq,
        )
        .order_by(webhooks.c.due_at)
        .limit(limit)
    )
    return [_webhook(row) for row in conn.execute(query).mappings()]


def attempts(conn: Connection, webhook_id: int, *, limit: int = 100) -> list[Attempt]:
    """The delivery log, newest first."""
    query = (
        select(webhook_attempts)
        .where(webhook_attempts.c.webhook_id == webhook_id)
        .order_by(webhook_attempts.c.id.desc())
        .limit(limit)
    )
    return [Attempt(**row) for row in conn.execute(query).mappings()]


def record_attempt(
    tx: Tx,
    hook: Webhook,
    *,
    seq: int,
    delivery_id: str,
    status_code: int | None,
    error: str,
    duration_ms: int,
    first_retry: timedelta,
) -> Webhook:
    """Log one attempt; on success move the subscription past `seq`, else back it off."""
    attempt = hook.failures + 1
    tx.conn.execute(
        insert(webhook_attempts).values(
            webhook_id=hook.id, seq=seq, delivery_id=delivery_id, attempt=attempt,
            status_code=status_code, error=error[:500], duration_ms=duration_ms,
            created_at=tx.now,
        )
    )  # fmt: skip
    delivered = status_code is not None and 200 <= status_code < 300
    if delivered:
        values: dict[str, Any] = {"delivered_seq": seq, "failures": 0, "due_at": tx.now}
        if seq % 100 == 0:  # now and then, not on every delivery
            forget_old_attempts(tx, hook.id)
    else:
        values = {"failures": attempt, "due_at": tx.now + retry_after(attempt, first_retry)}
    # Only if nobody moved it meanwhile (an edit, another node): never step backwards.
    tx.conn.execute(
        update(webhooks)
        .where(webhooks.c.id == hook.id, webhooks.c.delivered_seq == hook.delivered_seq)
        .values(**values)
    )
    return Webhook(**{**{n: getattr(hook, n) for n in _COLUMNS}, **values})


def forget_old_attempts(tx: Tx, webhook_id: int) -> None:
    """The log keeps the last `LOG_DAYS` days: enough to see what went wrong, and bounded."""
    tx.conn.execute(
        delete(webhook_attempts).where(
            webhook_attempts.c.webhook_id == webhook_id,
            webhook_attempts.c.created_at < tx.now - timedelta(days=LOG_DAYS),
        )
    )


def skip_to(tx: Tx, hook: Webhook, seq: int) -> None:
    """Move past changes readers never saw (nothing to deliver for them)."""
    tx.conn.execute(
        update(webhooks)
        .where(webhooks.c.id == hook.id, webhooks.c.delivered_seq < seq)
        .values(delivered_seq=seq)
    )
