"""A minimal Server-Sent Events reader for tests, over a real HTTP connection."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import httpx


@dataclass
class Event:
    id: int | None
    name: str
    data: dict | None
    comment: bool = False


def events(response: httpx.Response) -> Iterator[Event]:
    """Parse frames as they arrive; comments (heartbeats) come out as comment events."""
    fields: dict[str, str] = {}
    for line in response.iter_lines():
        if line == "":
            # As in browsers: a frame without data (such as `retry:`) dispatches nothing.
            if "data" in fields:
                data = fields.get("data")
                yield Event(
                    int(fields["id"]) if "id" in fields else None,
                    fields.get("event", "message"),
                    json.loads(data) if data else None,
                )
            fields = {}
            continue
        if line.startswith(":"):
            yield Event(None, "comment", None, comment=True)
            continue
        name, _, value = line.partition(":")
        fields[name] = value.removeprefix(" ")
