"""Seeding the demo blog from `storm.json` and publishing its live updates."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

from ..domain.roles import Actor, Role
from ..store import blog_commands, claim_commands, people, post_commands, sources
from ..store.database import Database, Tx

log = logging.getLogger(__name__)
EDITOR = "demo-editor"
# The latest seeded update lands this long before the demo starts.
LEAD = timedelta(minutes=3)
# A social post is embedded a few minutes after it was posted.
EMBED_DELAY = timedelta(minutes=4)


@dataclass(frozen=True)
class DemoInfo:
    slug: str
    editor: str
    password: str
    token: str
    live_updates: list[dict[str, Any]]


def load_story() -> dict[str, Any]:
    story: dict[str, Any] = json.loads(files("dateline.demo").joinpath("storm.json").read_text())
    return story


def seed(database: Database, story: dict[str, Any] | None = None) -> DemoInfo:
    """Write the demo blog into an empty database; return how to sign in."""
    story = story or load_story()
    password = secrets.token_urlsafe(12)
    database.run_write(people.add_user, EDITOR, Role.EDITOR.value, password)
    token = database.run_write(people.create_token, EDITOR, "demo")
    actor = Actor(EDITOR, Role.EDITOR)
    database.run_write(_seed_blog, story, actor, database.clock())
    return DemoInfo(story["blog"]["slug"], EDITOR, password, token, story.get("live", []))


def _seed_blog(tx: Tx, story: dict[str, Any], actor: Actor, now: datetime) -> None:
    blog_fields = dict(story["blog"])
    zone = ZoneInfo(blog_fields.get("time_zone", "UTC"))
    entries = [story["intro"], *story["updates"]]
    clock = _story_clock(entries, zone, now)
    blog_fields["coverage_start"] = clock(story["intro"]["at"]) - timedelta(minutes=5)
    blog, _ = blog_commands.create_blog(tx, blog_fields, actor)
    claims, carried = _claims(tx, blog.slug, story, actor)
    _post(tx, blog.slug, story["intro"], clock, actor, kind="intro")
    ids = [
        _post(tx, blog.slug, entry, clock, actor, kind="update", claims=carried.get(index))
        for index, entry in enumerate(story["updates"])
    ]
    # Each claim then settled by the update that reports it (the story's "changed_by").
    for claim_id, told in zip(claims, story.get("claims", []), strict=True):
        if told.get("status"):
            change = {"status": told["status"], "note": told.get("note", "")}
            change["post_id"] = ids[told["changed_by"]]
            claim_commands.change_claim(tx, blog.slug, claim_id, change, actor, version=1)


def _claims(
    tx: Tx, slug: str, story: dict[str, Any], actor: Actor
) -> tuple[list[int], dict[int, list[dict[str, Any]]]]:
    """The story's sources and claims; which claims each update (by index) carries."""
    source_ids = {
        s["name"]: sources.create_source(tx, s, actor).id for s in story.get("sources", [])
    }
    claim_ids: list[int] = []
    carried: dict[int, list[dict[str, Any]]] = {}
    for told in story.get("claims", []):
        raw = {"statement": told["statement"], "source_id": source_ids.get(told.get("source"))}
        claim = claim_commands.create_claim(tx, slug, raw, actor).claim
        claim_ids.append(claim.id)
        for where in told["updates"]:
            ref = {
                "id": claim.id,
                "role": where.get("role", "reports"),
                "quote": where.get("quote"),
            }
            carried.setdefault(where["update"], []).append(ref)
    return claim_ids, carried


def _story_clock(entries: list[dict[str, Any]], zone: ZoneInfo, now: datetime) -> Any:
    """Map the story's clock times (`"21:45"`) onto real instants ending just before now."""

    def on_story_day(at: str) -> datetime:
        hour, minute = (int(x) for x in at.split(":"))
        return datetime(2000, 1, 1, hour, minute, tzinfo=zone)

    shift = (now - LEAD) - on_story_day(entries[-1]["at"])
    return lambda at: on_story_day(at) + shift


def _post(
    tx: Tx,
    slug: str,
    entry: dict[str, Any],
    clock: Any,
    actor: Actor,
    kind: str,
    claims: list[dict[str, Any]] | None = None,
) -> int:
    published_at = clock(entry["at"])
    fields = {
        "kind": kind,
        "blocks": _with_social_times(entry["blocks"], published_at),
        "authors": entry.get("authors", []),
        "published_at": published_at,
    }
    for name in ("key_event", "pinned", "tags"):
        if entry.get(name):
            fields[name] = entry[name]
    if claims:
        fields["claims"] = claims
    return post_commands.create_post(tx, slug, fields, actor).post.id


def _with_social_times(
    blocks: list[dict[str, Any]], published_at: datetime
) -> list[dict[str, Any]]:
    return [
        {**b, "posted_at": (published_at - EMBED_DELAY).isoformat()} if b["type"] == "social" else b
        for b in blocks
    ]


async def publish_live_updates(
    database: Database, slug: str, updates: list[dict[str, Any]], every: float
) -> None:
    """While the demo runs, publish one more update every `every` seconds."""
    actor = Actor(EDITOR, Role.EDITOR)
    for entry in updates:
        await asyncio.sleep(every)
        now = database.clock()
        fields = {
            "blocks": _with_social_times(entry["blocks"], now),
            "authors": entry.get("authors", []),
        }
        try:
            await database.write(post_commands.create_post, slug, fields, actor)
        except Exception:
            log.exception("demo: could not publish a live update")
