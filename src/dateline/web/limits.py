"""Limits before work: who is asking and how much they send, checked before anything is parsed.

An anonymous 300 MB POST must cost nothing, so in front of every request that
carries a body this:
1. refuses a declared `Content-Length` over the limit at once (413), unread;
2. for the JSON API's writes, checks the credentials first (401/403 before the
   body is read, never after parsing it);
3. reads the body itself, counting as it goes, with a deadline (413 past the
   limit, 408 when a client sends too slowly), and hands the application a
   body it has already bounded.

It wraps `receive` only, never `send`: nothing here sits on the live stream's
path (see `app.py`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from fnmatch import fnmatchcase
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..domain.errors import DomainError
from ..domain.roles import Actor
from .http import header

# Who sent a request, from its headers; raises a DomainError to refuse it.
Authenticate = Callable[[Scope], Awaitable[Actor | None]]
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ACTOR_KEY = "dateline.actor"


class TooLarge(Exception):
    pass


class RequestLimits:
    def __init__(
        self,
        app: ASGIApp,
        *,
        authenticate: Authenticate,
        describe: Callable[[Exception], tuple[int, dict[str, Any], dict[str, str]]],
        max_body: int,
        body_limits: dict[str, int] | None = None,
        body_seconds: float = 30.0,
    ) -> None:
        self.app = app
        self.authenticate = authenticate
        self.describe = describe
        self.max_body = max_body
        # Larger limits for some paths (uploads, imports), by path prefix.
        self.body_limits = body_limits or {}
        self.body_seconds = body_seconds

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.body_limits.items():
            # A `*` stands for one path segment (`/api/v1/blogs/*/import`).
            if path.startswith(prefix) or ("*" in prefix and fnmatchcase(path, prefix)):
                return limit
        return self.max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = header(scope, b"content-length")
        if declared and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(send, 413, f"The request body is over the limit of {limit:,} bytes.")
            return
        api = scope.get("root_path", "") + "/api/"
        if scope["method"] in WRITES and scope["path"].startswith(api):
            try:
                actor = await self.authenticate(scope)
            except DomainError as error:
                status, answer, headers = self.describe(error)
                await _json(send, status, answer, headers)
                return
            scope.setdefault("state", {})[ACTOR_KEY] = actor
        if scope["method"] not in WRITES:
            await self.app(scope, receive, send)
            return
        try:
            async with asyncio.timeout(self.body_seconds):
                body = await _read_body(receive, limit)
        except TooLarge:
            await self._refuse(send, 413, f"The request body is over the limit of {limit:,} bytes.")
            return
        except TimeoutError:
            await self._refuse(send, 408, "The request body arrived too slowly; send it again.")
            return
        await self.app(scope, _replay(body, receive), send)

    async def _refuse(self, send: Send, status: int, message: str) -> None:
        await _json(send, status, {"detail": message}, {"connection": "close"})


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as servers do

    return replay


async def _json(send: Send, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
    data = json.dumps(body).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": data})
