"""Webhook subscriptions: a system outside the newsroom that hears of each public change.

Delivery follows the Standard Webhooks scheme (https://www.standardwebhooks.com):
each message has a stable id, a timestamp and an HMAC-SHA256 signature of
`id.timestamp.body` with the subscription's secret. Pure: signing and the
retry schedule; the store keeps subscriptions, the web layer sends.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .fields import FieldReader

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
MAX_BACKOFF = timedelta(hours=1)


@dataclass(frozen=True)
class Webhook:
    id: int
    blog_id: int
    url: str
    secret: str
    description: str = ""
    active: bool = True
    delivered_seq: int = 0  # the last change delivered; the next one waits for it
    failures: int = 0  # failed attempts in a row at the next change
    due_at: datetime | None = None
    version: int = 1
    created_by: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Attempt:
    """One try at delivering one change: the delivery log's line."""

    id: int
    webhook_id: int
    seq: int
    delivery_id: str
    attempt: int
    status_code: int | None
    error: str
    duration_ms: int
    created_at: datetime

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def check_webhook_fields(raw: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    r = FieldReader(raw)
    out: dict[str, Any] = {}
    if creating or r.given("url"):
        out["url"] = r.url("url")
    if r.given("description"):
        out["description"] = r.text("description", required=False, limit=200, multiline=False)
    if r.given("active") and (active := r.boolean("active")) is not None:
        out["active"] = active
    r.problems.raise_if_any()
    return out


def delivery_id(webhook_id: int, seq: int) -> str:
    """The same for every attempt at one change: receivers drop repeats by it."""
    return f"msg_{int(webhook_id)}_{int(seq)}"


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header: `v1,` and the base64 HMAC-SHA256 of id.timestamp.body."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def retry_after(failures: int, first: timedelta) -> timedelta:
    """Exponential backoff: `first`, then twice as long after each failure, at most an hour."""
    doublings = min(max(failures - 1, 0), 30)  # a receiver down for months: no overflow
    wait: timedelta = first * (2**doublings)
    return min(wait, MAX_BACKOFF)
