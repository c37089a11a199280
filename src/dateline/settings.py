"""Settings: read once from `DATELINE_*` environment variables and CLI flags.

Every field here is documented in docs/operating.md (a test checks it).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, get_type_hints

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def parse_value(name: str, raw: str, kind: type) -> Any:
    """One setting's text as its type: `"false"` is False, `"2.5"` a float, never a guess."""
    if kind is bool:
        if raw.lower() in _TRUE | _FALSE:
            return raw.lower() in _TRUE
        raise ValueError(f"{name}={raw!r} must be true or false")
    if kind in (int, float):
        try:
            value = kind(raw)
        except ValueError:
            raise ValueError(f"{name}={raw!r} is not a valid {kind.__name__}") from None
        if value < 0:
            raise ValueError(f"{name}={raw!r} must not be negative")
        return value
    return raw


@dataclass(frozen=True)
class Settings:
    # Where everything is kept. SQLite file by default; postgresql://… to scale out.
    database_url: str = "sqlite:///dateline.db"
    host: str = "127.0.0.1"
    port: int = 8000
    # The address readers use, for canonical links and share buttons.
    # Defaults to http://HOST:PORT.
    base_url: str = ""
    # How nodes tell each other about changes: memory:// (one process),
    # postgresql://… (LISTEN/NOTIFY) or redis://… (pub/sub) for several nodes.
    broadcast_url: str = "memory://"
    # Seconds a client without SSE waits between polls. Raise it to shed load.
    poll_interval: float = 5.0
    # Seconds a CDN or browser may keep the reader page before asking again.
    page_max_age: int = 5
    # Updates per page on the reader page and in the API's lists.
    page_size: int = 20
    # A reader further behind than this many changes reloads the page instead of
    # catching up change by change (cheaper for both, and no way to make the server
    # render a whole blog's history on request).
    catch_up_limit: int = 2000
    # Seconds between keep-alive comments on open live streams.
    heartbeat_seconds: float = 15.0
    # Seconds between checks for changes made by other processes.
    sweep_seconds: float = 1.0
    # Write live frames straight to each reader's socket when the server is uvicorn
    # (live/direct.py); false keeps every write on the portable ASGI `send` path.
    direct_writes: bool = True
    # Answer a cached blog page straight from uvicorn's protocol, without an ASGI cycle
    # (web/connections.py); false sends every request through the ASGI app.
    quick_path: bool = True
    # Seconds between checks for scheduled updates that are due.
    schedule_seconds: float = 5.0

    # Largest request body the server reads, in bytes (uploads have their own limit).
    max_body_bytes: int = 1 << 20

    # Live streams this process holds at most, in all and per client address; past
    # them a stream is answered 503 with Retry-After and the page polls instead.
    max_streams: int = 20_000
    max_streams_per_client: int = 200
    # Open connections per client address (0: no cap; behind a proxy that caps them
    # itself, set 0, since every connection then comes from the proxy's address).
    max_connections_per_client: int = 500
    # Seconds a client may take to send a request's head, and its body.
    head_seconds: float = 10.0
    body_seconds: float = 30.0

    # Where pictures are kept: a folder (relative to the working directory), or
    # s3://bucket/prefix for S3-compatible storage (credentials from AWS_* variables).
    media_store: str = "media"
    # Largest picture file accepted, in bytes, and largest in pixels (width × height).
    max_upload_bytes: int = 20_000_000
    max_image_pixels: int = 40_000_000
    # Seconds between looks at the queue of embeds to capture; 0 turns capture off.
    capture_seconds: float = 2.0

    # The publisher, for search engines, feeds and embeds: its name, its logo (an
    # http(s) URL or a path on this site), its home page and the site's language.
    # Defaults only: what an admin sets (`dateline site set`, the API) wins.
    publisher_name: str = "Dateline"
    publisher_logo: str = ""
    home_url: str = ""
    site_language: str = "en"
    # Seconds between rounds of webhook deliveries; 0 turns delivery off.
    webhook_seconds: float = 1.0
    # Seconds before the first retry of a failed webhook delivery; each further
    # failure doubles it, up to an hour.
    webhook_retry_seconds: float = 5.0
    # Deliver webhooks to private, loopback and link-local addresses too (a newsroom's
    # own systems on its network). Off: a blog's editor cannot make the server call
    # into the network it runs in.
    webhook_private_addresses: bool = False
    # -- scale-out: several nodes, one database ------------------------------------
    # This node's name in leases, metrics and logs. Default: host name and process id.
    node_name: str = ""
    # Database connections per node: this many for writes, as many again for reads.
    db_pool_size: int = 4
    # Seconds a node holds a duty's lease without renewing it: the longest a duty
    # waits for another node to take over when its node dies.
    lease_seconds: float = 15.0
    # Who holds readers' streams: "direct" (this node) or "grip" (a GRIP proxy
    # such as Pushpin or Fastly Fanout, to which changes are published).
    fanout: str = "direct"
    # The GRIP proxy's publish endpoint (Pushpin: http://127.0.0.1:5561/publish/).
    grip_publish_url: str = "http://127.0.0.1:5561/publish/"
    # Log lines as "text" or "json" (one object a line, with the request id).
    log_format: str = "text"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from `DATELINE_<NAME>` variables, then explicit overrides (CLI flags)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        hints = get_type_hints(cls)
        for f in fields(cls):
            name = f"DATELINE_{f.name.upper()}"
            raw = environ.get(name)
            if raw is not None and raw.strip() != "":
                values[f.name] = parse_value(name, raw.strip(), hints[f.name])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def node(self) -> str:
        return self.node_name or f"{socket.gethostname()}-{os.getpid()}"

    @property
    def public_url(self) -> str:
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")
