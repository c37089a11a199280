"""A day of fictional coverage at known times, for the page as it stood.

Written straight through the store's commands on the store's injectable clock,
so every revision and change carries the time given here. All times GMT on
12 December 2016; the blog shows them as `HH:MM`.

    18:00 blog created                     18:05 intro
    18:10 claim: the north bridge was blown up (Hill Radio), unverified
    18:15 U1 reports the claim             18:20 U2, pinned
    18:30 U3 names an official, key event  18:40 U4 "Forty people were hurt"
    18:58 U5 disputes the claim            19:00 claim disputed, see U5
    19:10 U4 corrected to "Fourteen"       19:20 U6 pinned (U2 unpinned)
    19:30 U1 deleted                       19:45 U3 redacted on legal advice
    20:00 U7 refutes the claim             20:05 claim false, see U7
    20:10 U2 marked a key event
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dateline.domain.roles import Actor, Role
from dateline.store import blog_commands, claim_commands, post_commands, sources
from dateline.store.database import Database
from tests.store.desk import Clock

SLUG = "valley"
EDITOR = Actor("edna", Role.EDITOR)
TEXT = {
    "intro": "The valley has been cut off since the morning.",
    "u1": "Hill Radio says the north bridge was blown up overnight.",
    "u2": "A convoy of forty lorries reached the first checkpoint.",
    "u3": "Colonel Brandt Okafor ordered the shelling, a witness said.",
    "u3_redacted": "An officer ordered the shelling, a witness said.",
    "u4": "Forty people were hurt in the shelling.",
    "u4_corrected": "Fourteen people were hurt in the shelling.",
    "u5": "Villagers say they crossed the north bridge at dawn.",
    "u6": "The convoy is through the valley.",
    "u7": "Engineers have inspected the north bridge: it stands.",
}
STATEMENT = "The north bridge was blown up overnight"


def gmt(hour: int, minute: int) -> datetime:
    return datetime(2016, 12, 12, hour, minute, tzinfo=UTC)


@dataclass
class Day:
    blog_id: int
    claim_id: int
    posts: dict[str, int]


def build_day(database: Database, clock: Clock) -> Day:
    def at(hour: int, minute: int, command: Any, *args: Any, **kwargs: Any) -> Any:
        clock.now = gmt(hour, minute)
        return database.run_write(command, *args, **kwargs)

    def publish(hour: int, minute: int, name: str, **fields: Any) -> int:
        outcome = at(
            hour, minute, post_commands.create_post, SLUG, {"body": TEXT[name], **fields}, EDITOR
        )
        return int(outcome.post.id)

    blog, _ = at(
        18,
        0,
        blog_commands.create_blog,
        {"slug": SLUG, "title": "The valley, live", "time_zone": "UTC"},
        EDITOR,
    )
    ids: dict[str, int] = {}
    ids["intro"] = publish(18, 5, "intro", kind="intro")
    radio = at(18, 9, sources.create_source, {"name": "Hill Radio", "kind": "media"}, EDITOR)
    claim = at(
        18,
        10,
        claim_commands.create_claim,
        SLUG,
        {"statement": STATEMENT, "source_id": radio.id},
        EDITOR,
    ).claim
    ids["u1"] = publish(18, 15, "u1", claims=[claim.id])
    ids["u2"] = publish(18, 20, "u2", pinned=True)
    ids["u3"] = publish(18, 30, "u3", key_event="Shelling ordered")
    ids["u4"] = publish(18, 40, "u4")
    ids["u5"] = publish(18, 58, "u5", claims=[{"id": claim.id, "role": "disputes"}])
    at(
        19,
        0,
        claim_commands.change_claim,
        SLUG,
        claim.id,
        {"status": "disputed", "note": "Villagers contradict it", "post_id": ids["u5"]},
        EDITOR,
        version=1,
    )
    at(
        19,
        10,
        post_commands.edit_post,
        SLUG,
        ids["u4"],
        {"body": TEXT["u4_corrected"], "correction": {"note": "We misread the figure."}},
        EDITOR,
        version=1,
    )
    ids["u6"] = publish(19, 20, "u6", pinned=True)
    at(19, 30, post_commands.delete_post, SLUG, ids["u1"], EDITOR)
    at(
        19,
        45,
        post_commands.edit_post,
        SLUG,
        ids["u3"],
        {
            "body": TEXT["u3_redacted"],
            "correction": {"kind": "redaction", "note": "A name removed on legal advice."},
        },
        EDITOR,
        version=1,
    )
    ids["u7"] = publish(20, 0, "u7", claims=[{"id": claim.id, "role": "refutes"}])
    at(
        20,
        5,
        claim_commands.change_claim,
        SLUG,
        claim.id,
        {"status": "false", "note": "Engineers inspected it", "post_id": ids["u7"]},
        EDITOR,
        version=2,
    )
    at(20, 10, post_commands.mark_key_event, SLUG, ids["u2"], "Convoy arrives", EDITOR)
    return Day(blog.id, claim.id, ids)
