"""Request bodies within limits: refused with 413 before the application reads them.

A body that declares its length is judged by the header; one sent in chunks is
read up to the limit (and no further) before the application sees it. The
limits are settings: `DATELINE_MAX_BODY_BYTES` for API bodies, and
`DATELINE_MAX_UPLOAD_BYTES` (plus room for the form around the file) for uploads.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .http import header

# A multipart form carries a little more than its file: boundaries, alt text, caption.
FORM_OVERHEAD = 64 * 1024


class BodyLimit:
    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for  # the request's path -> its largest body in bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = header(scope, b"content-length")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(send, int(declared), limit)
            return
        if declared.isdigit():
            await self.app(scope, receive, send)  # the server stops at the declared length
            return
        # Chunked: read it here, up to the limit, then hand the application a replay.
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > limit:
                await _too_large(send, None, limit)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


async def _too_large(send: Send, size: int | None, limit: int) -> None:
    said = f"is {size:,} bytes" if size is not None else "is larger than that"
    body = json.dumps(
        {"detail": f"The request body {said}; the limit is {limit:,} bytes."}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
