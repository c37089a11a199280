"""`Idempotency-Key` on every API POST: a retried request gets the first answer again.

A reporter on one bar of signal taps Publish; the answer is lost; the composer sends
the same request again with the same key. The update must be published once. So for a
POST to the API carrying the header, the first request's answer is kept (per actor
and key, for a day) and a repeat with the same body gets it again, marked
`Idempotent-Replayed: true`; the same key with another body is a 422; a repeat while
the first is still being answered is a 409. Answers of 5xx are not kept: retrying
those should do the work.

It sits inside `RequestLimits`, which has already identified the actor and bounded
the body; it never sits on the page or stream paths.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy.exc import IntegrityError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..domain.roles import Actor
from ..store import idempotency
from ..store.database import Database
from .http import header
from .limits import ACTOR_KEY

HEADER = b"idempotency-key"
MAX_KEY = 200
_FIELD = "Idempotency-Key"


class Idempotency:
    def __init__(self, app: ASGIApp, database: Database) -> None:
        self.app = app
        self.database = database

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = header(scope, HEADER).decode("latin-1").strip() if scope["type"] == "http" else ""
        actor: Actor | None = scope.get("state", {}).get(ACTOR_KEY)
        if not key or scope["method"] != "POST" or actor is None:
            await self.app(scope, receive, send)
            return
        if len(key) > MAX_KEY:
            await _answer(send, 422, _problem(f"is longer than {MAX_KEY} characters"))
            return
        body = await _whole_body(receive)
        digest = hashlib.sha256()
        for part in (scope["method"], scope["path"], scope.get("query_string", b"").decode()):
            digest.update(part.encode() + b"\0")
        digest.update(body)
        try:
            found = await self.database.write(
                idempotency.claim, actor.name, key, digest.hexdigest()
            )
        except IntegrityError:  # PostgreSQL: a twin request reserved the key a moment ago
            found = idempotency.Claim("in_progress")
        if found.outcome == "other_request":
            message = "was already used for another request; use a new key for a new request"
            await _answer(send, 422, _problem(message))
            return
        if found.outcome == "in_progress":
            detail = "The first request with this Idempotency-Key is still being answered."
            await _answer(send, 409, {"detail": detail}, {"retry-after": "1"})
            return
        if found.outcome == "replay":
            headers = {**(found.headers or {}), "idempotent-replayed": "true"}
            await _raw(send, found.status, found.body.encode(), headers)
            return
        await self._first(scope, body, receive, send, actor.name, key)

    async def _first(
        self, scope: Scope, body: bytes, receive: Receive, send: Send, actor: str, key: str
    ) -> None:
        status = 0
        kept: dict[str, str] = {}
        chunks: list[bytes] = []

        async def replay() -> Message:
            nonlocal body
            if body is not None:
                sent, body = body, None  # type: ignore[assignment]
                return {"type": "http.request", "body": sent, "more_body": False}
            return await receive()

        async def keeping(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", []):
                    if name.lower() in (b"content-type", b"location"):
                        kept[name.decode("latin-1").lower()] = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay, keeping)
        except BaseException:
            await self.database.write(idempotency.release, actor, key)
            raise
        if 0 < status < 500:
            answer = b"".join(chunks).decode("utf-8", "replace")
            await self.database.write(idempotency.keep, actor, key, status, kept, answer)
        else:
            await self.database.write(idempotency.release, actor, key)


async def _whole_body(receive: Receive) -> bytes:
    """The body RequestLimits already read and bounded (it replays it in one message)."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _problem(message: str) -> dict[str, Any]:
    where = ["header", _FIELD]
    return {"detail": [{"field": _FIELD, "msg": message, "loc": where, "type": "invalid"}]}


async def _answer(
    send: Send, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> None:
    await _raw(send, status, json.dumps(body).encode(), {"content-type": "application/json",
                                                        **(headers or {})})  # fmt: skip


async def _raw(send: Send, status: int, body: bytes, headers: dict[str, Any]) -> None:
    raw = [(k.encode("latin-1"), str(v).encode("latin-1")) for k, v in headers.items()]
    raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
