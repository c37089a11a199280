"""Posts: the updates of a blog and its intro entry, and how they change.

Every function here is pure: it takes the current post, the checked input and
`now`, and returns the new post. The store persists the result and records it
as a revision and a Change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from .blocks import MAX_BLOCKS, Block, parse_blocks
from .body import MAX_BODY, blocks_from_markdown
from .claims import ClaimRef, check_claim_refs, parse_claim_refs
from .corrections import Correction, CorrectionRequest, check_correction, declare
from .errors import Collector, Conflict, Invalid
from .fields import FieldReader

PostKind = Literal["update", "intro"]
PostStatus = Literal["draft", "scheduled", "published", "deleted"]

POST_KINDS: tuple[PostKind, ...] = ("update", "intro")
# Statuses a writer may ask for; `deleted` is reached only by deleting.
WRITABLE_STATUSES = ("draft", "scheduled", "published")
# Clocks disagree a little; a "published" time this far ahead is still "now".
CLOCK_SKEW = timedelta(minutes=2)


@dataclass(frozen=True)
class Post:
    id: int
    blog_id: int
    kind: PostKind
    status: PostStatus
    blocks: tuple[Block, ...]
    version: int = 1
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    pinned: bool = False
    key_event: str | None = None
    tags: tuple[str, ...] = ()
    created_by: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # When the published text last changed: readers see "updated HH:MM".
    edited_at: datetime | None = None
    # The claims this update carries, and the corrections listed on it, oldest first.
    claims: tuple[ClaimRef, ...] = ()
    corrections: tuple[Correction, ...] = ()

    @property
    def is_public(self) -> bool:
        return self.status == "published"


class CheckedPost(dict[str, Any]):
    """Post fields that `check_post_fields` has read: commands need not check them again.

    Parsing and sanitising happen before a write reaches the (single) writer, so
    a large update costs the writer nothing; only the rules that depend on the
    clock are checked again in the transaction (`check_post_times`).
    """


def check_post_fields(raw: Mapping[str, Any], *, creating: bool) -> CheckedPost:
    """Check the writable fields of a post, returning those given, cleaned.

    Content comes as `body` (Markdown) or `blocks` (structured), never both.
    Sizes are checked before anything is parsed or sanitised.
    """
    if isinstance(raw, CheckedPost):
        return raw
    r = FieldReader(raw)
    problems = r.problems
    out: dict[str, Any] = {}
    has_body = raw.get("body") not in (None, "")
    has_blocks = raw.get("blocks") is not None
    if has_body and has_blocks:
        problems.add("body", "send either body (Markdown) or blocks, not both")
    elif has_body and not isinstance(raw["body"], str):
        problems.add("body", "must be Markdown text")
    elif has_body:
        body = r.text("body", limit=MAX_BODY)
        if body:
            out["blocks"] = _collect(problems, lambda: blocks_from_markdown(body))
    elif has_blocks:
        out["blocks"] = _collect(problems, lambda: parse_blocks(raw["blocks"]))
    elif creating:
        problems.add("body", "is required: write the update as Markdown in body, or send blocks")
    blocks = out.get("blocks")
    if blocks is not None and not problems.errors:
        field = "body" if has_body else "blocks"
        if not blocks:
            problems.add(field, "has no content")
        elif len(blocks) > MAX_BLOCKS:
            problems.add(field, f"has {len(blocks)} blocks; the limit is {MAX_BLOCKS}")
    if "kind" in raw and (kind := r.choice("kind", POST_KINDS, message="must be update or intro")):
        out["kind"] = kind
    if "status" in raw:
        message = "must be draft, scheduled or published"
        if status := r.choice("status", WRITABLE_STATUSES, message=message):
            out["status"] = status
    if r.given("published_at"):
        out["published_at"] = r.instant("published_at")
    if "authors" in raw:
        out["authors"] = r.names("authors", most=10, length=100)
    if "tags" in raw:
        tags = r.names("tags", most=20, length=40)
        out["tags"] = tuple(dict.fromkeys(t.lower() for t in tags))
    if "pinned" in raw:
        pinned = r.boolean("pinned")
        if pinned is not None:
            out["pinned"] = pinned
    if "key_event" in raw:
        key = raw["key_event"]
        if key is not None and (not isinstance(key, str) or len(key) > 120):
            problems.add("key_event", "must be a short title (at most 120 characters) or null")
        elif key is not None:
            out["key_event"] = (
                r.text("key_event", required=False, limit=120, multiline=False) or None
            )
        else:
            out["key_event"] = None
    if "claims" in raw:
        out["claims"] = parse_claim_refs(r)
    if "correction" in raw:
        out["correction"] = check_correction(r)
    problems.raise_if_any()
    return CheckedPost(out)


def check_post_times(fields: Mapping[str, Any], *, creating: bool, now: datetime) -> None:
    """The rules that depend on the clock, checked at the moment of writing."""
    status = fields.get("status", "published" if creating else None)
    when = fields.get("published_at")
    if status == "scheduled" and (when is None or when <= now):
        raise Invalid.one("published_at", "a scheduled update needs a published_at in the future")
    if status == "published" and when is not None and when > now + CLOCK_SKEW:
        raise Invalid.one(
            "published_at", "is in the future; to publish later, set status to scheduled"
        )


def new_post(
    fields: Mapping[str, Any], *, post_id: int, blog_id: int, actor: str | None, now: datetime
) -> Post:
    """A post as first written. Drafts have no published time yet."""
    status = fields.get("status", "published")
    published_at = fields.get("published_at")
    if status == "published" and published_at is None:
        published_at = now
    if fields.get("correction") is not None:
        raise Invalid.one("correction", "a new update corrects nothing yet; send it with an edit")
    post = Post(
        id=post_id,
        blog_id=blog_id,
        kind=fields.get("kind", "update"),
        status=status,
        blocks=fields["blocks"],
        authors=fields.get("authors", ()),
        published_at=published_at,
        pinned=fields.get("pinned", False),
        key_event=fields.get("key_event"),
        tags=fields.get("tags", ()),
        claims=fields.get("claims", ()),
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    check_post_rules(post)
    return post


def edit_post(post: Post, fields: Mapping[str, Any], *, version: int, now: datetime) -> Post:
    """Apply an edit made against `version`; a stale version is a Conflict."""
    return revise_post(post, fields, version=version, now=now)[0]


def revise_post(
    post: Post, fields: Mapping[str, Any], *, version: int, now: datetime
) -> tuple[Post, Correction | None]:
    """`edit_post`, and the correction the edit declares (minor ones included).

    Listed corrections are kept on the update itself, so every view of it (and
    every revision) says when and why it was corrected.
    """
    expect_version(post, version)
    if post.status == "deleted":
        raise Invalid.one("status", "this update was deleted and can no longer be edited")
    changes = dict(fields)
    request: CorrectionRequest | None = changes.pop("correction", None)
    becomes_public = changes.get("status") == "published" and post.status != "published"
    if post.status == "published" and changes.get("status") in ("draft", "scheduled"):
        raise Invalid.one(
            "status", "a published update cannot go back to draft; edit it, or delete it"
        )
    if becomes_public and changes.get("published_at") is None:
        changes["published_at"] = now
    content_changed = any(
        name in changes and changes[name] != getattr(post, name) for name in ("blocks", "kind")
    )
    was_published = post.status == "published"
    correction = declare(
        request,
        was_published=was_published,
        text_changed=content_changed,
        version=post.version + 1,
        now=now,
    )
    if correction is not None and correction.listed:
        changes["corrections"] = (*post.corrections, correction)
    edited_at = now if was_published and content_changed else post.edited_at
    updated = replace(
        post, **changes, version=post.version + 1, updated_at=now, edited_at=edited_at
    )
    if (
        updated.status == "published"
        and updated.published_at is not None
        and updated.published_at > now + CLOCK_SKEW
    ):
        raise Invalid.one(
            "published_at", "is in the future; to publish later, set status to scheduled"
        )
    check_post_rules(updated)
    return updated, correction


def delete_post(post: Post, *, version: int | None, now: datetime) -> Post:
    """Delete a post. It leaves the page; its revisions stay in the record."""
    if version is not None:
        expect_version(post, version)
    if post.status == "deleted":
        raise Invalid.one("status", "this update is already deleted")
    return replace(post, status="deleted", pinned=False, version=post.version + 1, updated_at=now)


def set_pinned(post: Post, pinned: bool, *, now: datetime) -> Post:
    """Pin a published update to the top of the blog, or unpin it."""
    updated = replace(post, pinned=pinned, version=post.version + 1, updated_at=now)
    check_post_rules(updated)
    return updated


def set_key_event(post: Post, title: str | None, *, now: datetime) -> Post:
    """Mark an update as a key event (listed at the top as a jump link), or unmark it."""
    fields = check_post_fields({"key_event": title}, creating=False)
    updated = replace(post, key_event=fields["key_event"], version=post.version + 1, updated_at=now)
    check_post_rules(updated)
    return updated


def release_scheduled(post: Post, *, now: datetime) -> Post:
    """A scheduled update whose time has come becomes published."""
    return replace(post, status="published", version=post.version + 1, updated_at=now)


def expect_version(post: Post, version: int) -> None:
    if version != post.version:
        raise Conflict(post.version)


def check_post_rules(post: Post) -> None:
    """Rules about a whole post, whatever command produced it."""
    problems = Collector()
    if post.pinned and post.status != "published":
        problems.add("pinned", "only a published update can be pinned")
    if post.pinned and post.kind == "intro":
        problems.add("pinned", "the intro entry is always reachable; pin an update instead")
    if post.key_event and post.kind == "intro":
        problems.add("key_event", "the intro entry cannot be a key event")
    check_claim_refs(post.claims, post.blocks, problems)
    problems.raise_if_any()


def _collect(problems: Collector, parse: Any) -> tuple[Block, ...] | None:
    try:
        blocks: tuple[Block, ...] = parse()
        return blocks
    except Invalid as error:
        problems.extend(error)
        return None
