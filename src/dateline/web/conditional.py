"""Conditional GET for documents built per sequence number (feeds, sitemaps, oEmbed):
an ETag and a Last-Modified time, and 304 when the client's copy is current."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request, Response


def _etag_matches(if_none_match: str, etag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    # Weak comparison, as RFC 9110 says If-None-Match uses.
    wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag.removeprefix("W/") in wanted


def _not_modified_since(since: str, modified: datetime) -> bool:
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return when.tzinfo is not None and modified.replace(microsecond=0) <= when


def conditional(
    request: Request,
    body: bytes,
    *,
    etag: str,
    modified: datetime | None,
    media_type: str,
    max_age: int,
    headers: dict[str, str] | None = None,
) -> Response:
    """`body` as a cacheable response, or 304 when the request's validators match.

    If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 §13.2.2).
    """
    out = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}", **(headers or {})}
    if modified is not None:
        out["Last-Modified"] = format_datetime(modified, usegmt=True)
    if_none_match = request.headers.get("if-none-match")
    since = request.headers.get("if-modified-since")
    if if_none_match is not None:
        fresh = _etag_matches(if_none_match, etag)
    else:
        fresh = since is not None and modified is not None and _not_modified_since(since, modified)
    if fresh:
        return Response(status_code=304, headers=out)
    return Response(body, media_type=media_type, headers=out)
