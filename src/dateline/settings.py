"""Settings: read once from `DATELINE_*` environment variables and CLI flags.

Every field here is documented in docs/operating.md (a test checks it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Settings:
    # Where everything is kept. SQLite file by default; postgresql://… to scale out.
    database_url: str = "sqlite:///dateline.db"
    host: str = "127.0.0.1"
    port: int = 8000
    # The address readers use, for canonical links and share buttons.
    # Defaults to http://HOST:PORT.
    base_url: str = ""
    # How nodes tell each other about changes: memory:// (one process) for now.
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
    # Seconds between checks for scheduled updates that are due.
    schedule_seconds: float = 5.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from `DATELINE_<NAME>` variables, then explicit overrides (CLI flags)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(f"DATELINE_{f.name.upper()}")
            if raw is not None and raw != "":
                kind = type(getattr(cls, f.name))
                try:
                    values[f.name] = kind(raw)
                except ValueError:
                    raise ValueError(
                        f"DATELINE_{f.name.upper()}={raw!r} is not a valid {kind.__name__}"
                    ) from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def public_url(self) -> str:
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")
