"""Dateline's own export: one JSON document with a blog's whole record.

The blog, every post with every block as it is now, every revision, the change
log, the claims with their histories and sources, the corrections and the
pictures the blocks name (`--with-media` copies their files). Keys are sorted
and times written one way, so the same record gives the same bytes on SQLite
and PostgreSQL, and export → import into an empty database → export gives the
same bytes again.

Reading an export back checks it as typed input is checked: every block of every
post and revision goes through the block rules, and one that the sanitiser would
change is refused (a hostile file cannot carry script in), naming the element.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..domain.blocks import parse_blocks
from ..domain.blog import check_blog_fields
from ..domain.claims import check_claim_fields
from ..domain.documents import (
    blog_from_document,
    document,
    from_document,
    json_value,
    post_from_document,
)
from ..domain.errors import Invalid
from ..domain.media import MediaItem, Rendition
from ..domain.post import check_post_fields
from ..domain.sources import check_source_fields
from ..domain.times import parse_instant
from ..store.blog_record import BlogRecord, ChangeRow, RevisionRow
from ..store.claim_records import ClaimRecord
from .plan import unreadable

FORMAT = "dateline-export"
VERSION = 1
# Blog fields a desk can set: the ones an export's blog is checked against.
_BLOG_FIELDS = (
    "slug", "title", "summary", "language", "direction", "time_zone", "stamp_format",
    "order", "status", "coverage_start", "coverage_end", "cover", "featured_links",
)  # fmt: skip


def export_document(record: BlogRecord) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "blog": document(record.blog),
        "posts": [document(post) for post in record.posts],
        "revisions": [document(r) for r in record.revisions],
        "changes": [document(c) for c in record.changes],
        **record.claims.to_document(),
        "media": [document(m) for m in record.media],
    }


def export_bytes(record: BlogRecord) -> bytes:
    """The export as bytes: sorted keys (PostgreSQL's JSONB keeps no key order)."""
    text = json.dumps(export_document(record), sort_keys=True, ensure_ascii=False, indent=1)
    return (text + "\n").encode()


def is_export(data: object) -> bool:
    return isinstance(data, Mapping) and data.get("format") == FORMAT


def record_from_document(data: Mapping[str, Any]) -> BlogRecord:
    """The record an export holds, checked; errors name the element (`posts[3].blocks[1]`)."""
    if data.get("version") != VERSION:
        raise unreadable("version", f"this Dateline reads exports of version {VERSION}")
    blog = _read("blog", lambda: _blog(data["blog"]))
    posts = [
        _read(f"posts[{i}]", lambda raw=raw: _post(raw))
        for i, raw in enumerate(_list(data, "posts"))
    ]
    revisions = [
        _read(f"revisions[{i}]", lambda raw=raw: _revision(raw))
        for i, raw in enumerate(_list(data, "revisions"))
    ]
    changes = [
        _read(f"changes[{i}]", lambda raw=raw: _change(raw))
        for i, raw in enumerate(_list(data, "changes"))
    ]
    for name in ("claims", "sources"):
        for i, raw in enumerate(_list(data, name)):
            _read(f"{name}[{i}]", lambda raw=raw, name=name: _check_words(name, raw))
    claims = _read("claims", lambda: ClaimRecord.from_document(data))
    pictures = [
        _read(f"media[{i}]", lambda raw=raw: _media(raw))
        for i, raw in enumerate(_list(data, "media"))
    ]
    _check_references(posts, revisions, changes)
    return BlogRecord(blog, posts, revisions, changes, claims, pictures)


def _read(where: str, build: Any) -> Any:
    try:
        return build()
    except Invalid as error:
        first = error.errors[0]
        if first.field == "file":  # already told where: `snapshot.blocks[1].html: …`
            inner, _, message = first.message.partition(": ")
            raise unreadable(f"{where}.{inner}", message) from None
        raise unreadable(f"{where}.{first.field}", first.message) from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise unreadable(where, f"is not what a Dateline export holds ({error})") from None


def _list(data: Mapping[str, Any], name: str) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise unreadable(name, "must be a list")
    return value


def _blog(raw: Mapping[str, Any]) -> Any:
    check_blog_fields({k: raw[k] for k in _BLOG_FIELDS if k in raw}, creating=True)
    return blog_from_document(raw)


def _clean_blocks(raw: Any) -> None:
    """The blocks as the block rules read them must be the blocks as written: nothing
    the sanitiser removes, nothing out of bounds."""
    blocks = raw.get("blocks")
    parsed = parse_blocks(blocks)
    for index, (given, checked) in enumerate(zip(blocks, parsed, strict=True)):
        kept = json_value(checked)
        for name, value in given.items():
            if name in ("renditions", "width", "height", "url", "alt", "network", "provider"):
                continue  # filled by the store from the picture, or canonicalised
            if kept.get(name) != value and value not in (None, "", []):
                raise Invalid.one(
                    f"blocks[{index}].{name}", "holds something the block rules do not allow"
                )


def _post(raw: Mapping[str, Any]) -> Any:
    _clean_blocks(raw)
    given = {k: raw[k] for k in ("authors", "tags", "key_event") if raw.get(k) is not None}
    check_post_fields(given, creating=False)
    return post_from_document(raw)


def _check_words(kind: str, raw: Mapping[str, Any]) -> None:
    """A claim's or source's words meet the rules the desk's forms apply."""
    if kind == "claims":
        check_claim_fields({k: raw.get(k) for k in ("statement", "status", "note")}, creating=True)
    else:
        wanted = ("name", "kind", "handles", "urls", "reliability")
        check_source_fields({k: raw[k] for k in wanted if k in raw}, creating=True)


def _revision(raw: Mapping[str, Any]) -> RevisionRow:
    snapshot = raw["snapshot"]
    _read("snapshot", lambda: _clean_blocks(snapshot))
    return RevisionRow(
        post_id=int(raw["post_id"]),
        version=int(raw["version"]),
        snapshot=dict(snapshot),
        actor=raw.get("actor"),
        created_at=parse_instant(raw["created_at"], "created_at"),
    )


def _change(raw: Mapping[str, Any]) -> ChangeRow:
    row = from_document(ChangeRow, raw)
    snapshot = raw.get("blog_snapshot")
    if snapshot is not None:
        _blog(snapshot)
    return replace(row, created_at=parse_instant(raw["created_at"], "created_at"))


def _media(raw: Mapping[str, Any]) -> MediaItem:
    item = from_document(MediaItem, raw)
    renditions = tuple(from_document(Rendition, r) for r in raw.get("renditions", []))
    return replace(item, renditions=renditions)


def _check_references(
    posts: list[Any], revisions: list[RevisionRow], changes: list[ChangeRow]
) -> None:
    """Every revision and change names a post of this export; sequence numbers rise."""
    ids = {post.id for post in posts}
    for i, revision in enumerate(revisions):
        if revision.post_id not in ids:
            raise unreadable(
                f"revisions[{i}].post_id", f"names no post of this export ({revision.post_id})"
            )
    previous = 0
    for i, change in enumerate(changes):
        if change.post_id is not None and change.post_id not in ids:
            raise unreadable(
                f"changes[{i}].post_id", f"names no post of this export ({change.post_id})"
            )
        if change.seq <= previous:
            raise unreadable(f"changes[{i}].seq", "sequence numbers must rise")
        previous = change.seq
