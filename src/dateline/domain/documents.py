"""Blogs, posts, claims and sources as JSON documents: the one spelling of each shape.

The store keeps these documents (revisions, change snapshots), the API sends
them, exports carry them, and the OpenAPI schema is derived from the same
dataclass fields. Adding a field to `Post` or `Blog` changes all of them at once.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from .blocks import BLOCK_TYPES, Block, block_to_dict
from .blog import Blog
from .claims import Claim
from .post import Post
from .sources import Source
from .times import iso

T = TypeVar("T")


def document(value: Any) -> dict[str, Any]:
    """A dataclass (blog, post, cover…) as a JSON-ready dict, every field present."""
    assert is_dataclass(value) and not isinstance(value, type)
    return {f.name: json_value(getattr(value, f.name)) for f in fields(value)}


def json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):  # a day alone, when that is all a source says
        return value.isoformat()
    if isinstance(value, Block):
        return block_to_dict(value)
    if is_dataclass(value) and not isinstance(value, type):
        return document(value)
    if isinstance(value, tuple | list):
        return [json_value(item) for item in value]
    return value


def from_document(cls: type[T], data: Mapping[str, Any]) -> T:
    """Rebuild a dataclass from `document`'s output (or a row with native datetimes).

    Trusted input (what this code wrote), so it converts rather than checks;
    keys the class does not have are ignored, missing ones take their defaults.
    """
    hints = _hints(cls)  # type: ignore[arg-type]  # classes are hashable
    values = {name: _decode(hint, data[name]) for name, hint in hints.items() if name in data}
    return cls(**values)


def post_from_document(data: Mapping[str, Any]) -> Post:
    return from_document(Post, data)


def blog_from_document(data: Mapping[str, Any]) -> Blog:
    return from_document(Blog, data)


def restore_block(data: Mapping[str, Any]) -> Block:
    """Rebuild a block from the JSON form the store wrote; trusted, so unchecked."""
    return from_document(BLOCK_TYPES[data["type"]], data)


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    hint = _without_none(hint)
    origin = get_origin(hint)
    if hint is datetime:
        return value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if _is_moment(hint):  # `datetime | date`: a day alone is written as `YYYY-MM-DD`
        if isinstance(value, date):
            return value
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    if origin is tuple:
        item = get_args(hint)[0]
        return tuple(_decode(item, v) for v in value)
    if hint is Block:
        return value if isinstance(value, Block) else restore_block(value)
    if isinstance(hint, type) and is_dataclass(hint):
        return from_document(hint, value)
    return value


def _is_moment(hint: Any) -> bool:
    union = get_origin(hint) in (Union, types.UnionType)
    return union and set(get_args(hint)) - {type(None)} == {datetime, date}


def _without_none(hint: Any) -> Any:
    """`X | None` → `X`."""
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


@cache
def _hints(cls: type) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in get_type_hints(cls).items() if k in names}


def field_types(cls: type) -> dict[str, Any]:
    """Each field of a dataclass and its type: what a JSON schema is derived from."""
    return dict(_hints(cls))


def claim_from_document(data: Mapping[str, Any]) -> Claim:
    return from_document(Claim, data)


def source_from_document(data: Mapping[str, Any]) -> Source:
    return from_document(Source, data)
