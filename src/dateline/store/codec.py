"""Rows and JSON snapshots to domain objects and back.

Snapshots are the domain's documents (`domain/documents.py`), the one spelling
of each shape. Rows are the same fields with native datetimes, under their
column names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime
from typing import Any

from ..domain.blog import Blog
from ..domain.claims import Claim
from ..domain.documents import (
    blog_from_document,
    claim_from_document,
    document,
    json_value,
    post_from_document,
    source_from_document,
)
from ..domain.post import Post
from ..domain.sources import Source

# Field names that are not column names (`order` is an SQL keyword).
_BLOG_COLUMNS = {"order": "post_order"}
_BLOG_FIELDS = {_BLOG_COLUMNS.get(f.name, f.name): f.name for f in fields(Blog)}


def _row(value: Blog | Post | Claim | Source, skip: tuple[str, ...]) -> dict[str, Any]:
    """Column values: documents' JSON for nested values, native datetimes kept."""
    out: dict[str, Any] = {}
    for f in fields(value):
        if f.name in skip:
            continue
        raw = getattr(value, f.name)
        out[f.name] = raw if raw is None or isinstance(raw, datetime) else json_value(raw)
    return out


def blog_from_row(row: Mapping[Any, Any]) -> Blog:
    return blog_from_document({name: row[column] for column, name in _BLOG_FIELDS.items()})


def blog_to_row(blog: Blog) -> dict[str, Any]:
    """Column values for `blog`, except `id` and `last_seq`, which the store manages."""
    row = _row(blog, skip=("id", "last_seq"))
    return {_BLOG_COLUMNS.get(k, k): v for k, v in row.items()}


def blog_to_snapshot(blog: Blog) -> dict[str, Any]:
    return document(blog)


def blog_from_snapshot(data: Mapping[str, Any]) -> Blog:
    return blog_from_document(data)


def post_from_row(row: Mapping[Any, Any]) -> Post:
    return post_from_document(row)


def post_to_row(post: Post) -> dict[str, Any]:
    return _row(post, skip=("id",))


def post_to_snapshot(post: Post) -> dict[str, Any]:
    """The JSON form kept in revisions (and returned by the API)."""
    return document(post)


def post_from_snapshot(data: Mapping[str, Any]) -> Post:
    return post_from_document(data)


def claim_from_row(row: Mapping[Any, Any]) -> Claim:
    return claim_from_document(row)


def claim_to_row(claim: Claim) -> dict[str, Any]:
    return _row(claim, skip=("id",))


def claim_to_snapshot(claim: Claim) -> dict[str, Any]:
    """The JSON form kept in claim revisions (and returned by the API)."""
    return document(claim)


def claim_from_snapshot(data: Mapping[str, Any]) -> Claim:
    return claim_from_document(data)


def source_from_row(row: Mapping[Any, Any]) -> Source:
    return source_from_document(row)


def source_to_row(source: Source) -> dict[str, Any]:
    return _row(source, skip=("id",))
