"""The headers every response carries: a strict Content-Security-Policy on pages, and
the usual protections on everything.

Pages load scripts, styles, fonts and frames only from Dateline itself (players from
their provider, only after the reader's click); no inline script or style. Computed
once at start: on the page and stream paths they are a list appended as it stands.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..domain.embed_urls import PLAYER_ORIGINS
from ..urls import Urls

Headers = list[tuple[bytes, bytes]]


def content_security_policy(*, frame_ancestors: str = "'self'") -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            # Pictures and videos a newsroom links to may live on its own CDN.
            "img-src 'self' https: data:",
            "media-src 'self' https:",
            "font-src 'self'",
            "connect-src 'self'",
            "frame-src " + " ".join(PLAYER_ORIGINS),
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def common_headers(urls: Urls) -> Headers:
    """For every response, pages or not."""
    headers = [
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
    ]
    if urls.secure:
        headers.append((b"strict-transport-security", b"max-age=31536000"))
    return headers


def page_headers(urls: Urls) -> Headers:
    """For HTML pages: the common ones and the policy."""
    return [
        *common_headers(urls),
        (b"content-security-policy", content_security_policy().encode()),
    ]


class SecurityHeaders:
    """Adds the headers to responses that do not set their own. Never on the stream path:
    the page and the stream send theirs themselves (see app.py)."""

    def __init__(self, app: ASGIApp, urls: Urls) -> None:
        self.app = app
        self.common = common_headers(urls)
        self.policy = (b"content-security-policy", content_security_policy().encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [h for h in self.common if h[0] not in present]
                is_html = any(n.lower() == b"content-type" and v.startswith(b"text/html")
                              for n, v in headers)  # fmt: skip
                if is_html and self.policy[0] not in present:
                    headers.append(self.policy)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
