"""A request id for every API and desk request: the proxy's `X-Request-ID` when it
sends a sane one, else a new one; echoed in the response and carried by every
log line written while the request runs (see logs.py).

Only the limited paths pass through here: the page and the stream never do, so
nothing wraps their `send` (see app.py).
"""

from __future__ import annotations

import re
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..logs import REQUEST_ID
from .http import header

_SANE = re.compile(rb"[A-Za-z0-9._:-]{1,100}")


class RequestIds:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = header(scope, b"x-request-id")
        request_id = given.decode() if _SANE.fullmatch(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            REQUEST_ID.reset(token)
