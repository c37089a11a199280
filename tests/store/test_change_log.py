"""The change log: one transaction per command, per-blog sequences 1..N, read back as it stood."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dateline.domain.blog import Blog
from dateline.domain.changes import Change
from dateline.domain.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from dateline.store import blog_commands, changelog, post_commands
from dateline.store.database import Database, Tx
from dateline.store.post_commands import PostOutcome
from tests.conftest import EDITOR
from tests.store.desk import (
    CONTRIBUTOR,
    SLUG,
    assert_record_agrees,
    edit,
    last_seq_of,
    publish,
    seqs_of,
    start_blog,
    whole_record,
)


class DeskCrash(Exception):
    """What a command raises after it has already written: the transaction must roll back."""


def appended_by(result: PostOutcome | tuple[Blog, Change | None]) -> list[Change]:
    if isinstance(result, PostOutcome):
        return result.changes
    return [result[1]] if result[1] else []


def test_every_command_writes_state_revision_and_change_together(clocked_database):
    db = clocked_database
    blog = start_blog(db)
    first = publish(db, "Buses are lining up at the crossing.").post
    second = publish(db, "The first buses have left.").post
    draft = publish(db, "Casualty figures, to confirm.", status="draft").post
    commands: list[Callable[[], Any]] = [
        lambda: edit(db, first.id, 1, body="Buses are lining up at the northern crossing."),
        lambda: db.run_write(post_commands.pin_post, SLUG, first.id, EDITOR, pinned=True),
        lambda: db.run_write(post_commands.pin_post, SLUG, second.id, EDITOR, pinned=True),
        lambda: db.run_write(post_commands.mark_key_event, SLUG, second.id, "Convoy", EDITOR),
        lambda: edit(db, draft.id, 1, status="published"),
        lambda: db.run_write(post_commands.delete_post, SLUG, second.id, EDITOR),
        lambda: db.run_write(blog_commands.update_blog, SLUG, {"title": "Aleppo"}, EDITOR),
        lambda: db.run_write(blog_commands.end_coverage, SLUG, EDITOR),
    ]
    last = assert_record_agrees(db, blog.id)
    assert last == 4

    for command in commands:
        appended = appended_by(command())
        now = assert_record_agrees(db, blog.id)
        assert appended
        assert [c.seq for c in appended] == list(range(last + 1, now + 1))
        last = now

    assert last == 4 + 9  # eight commands; pinning over a pin appended two changes


@pytest.fixture
def busy_blog(clocked_database: Database) -> dict[str, int]:
    """A blog with an intro entry and an update edited once (now at version 2)."""
    start_blog(clocked_database)
    intro = publish(clocked_database, "How the siege began.", kind="intro").post
    update = publish(clocked_database, "Buses are lining up.").post
    edit(clocked_database, update.id, 1, body="Buses are lining up at the crossing.")
    return {"blog": intro.blog_id, "intro": intro.id, "update": update.id}


FAILING_COMMANDS: dict[str, tuple[type[DomainError], Callable[[Database, dict[str, int]], Any]]] = {
    "create_post with a bad block": (
        Invalid,
        lambda db, ids: db.run_write(
            post_commands.create_post,
            SLUG,
            {"blocks": [{"type": "image", "url": "javascript:alert(1)", "alt": "x"}]},
            EDITOR,
        ),
    ),
    "edit_post with a stale version": (
        Conflict,
        lambda db, ids: edit(db, ids["update"], 1, body="An edit made on an old copy."),
    ),
    "a contributor publishing": (
        Forbidden,
        lambda db, ids: publish(db, "Straight to the page.", actor=CONTRIBUTOR),
    ),
    "a contributor deleting an editor's update": (
        Forbidden,
        lambda db, ids: db.run_write(post_commands.delete_post, SLUG, ids["update"], CONTRIBUTOR),
    ),
    "creating a second intro": (
        Invalid,
        lambda db, ids: publish(db, "Another opening.", kind="intro"),
    ),
    "turning an update into a second intro": (
        Invalid,
        lambda db, ids: edit(db, ids["update"], 2, kind="intro"),
    ),
    "editing an update that does not exist": (
        NotFound,
        lambda db, ids: edit(db, 987654, 1, body="Nothing to edit."),
    ),
    "updating a blog with a stale version": (
        Conflict,
        lambda db, ids: db.run_write(
            blog_commands.update_blog, SLUG, {"title": "Old copy"}, EDITOR, version=0
        ),
    ),
}


@pytest.mark.parametrize("failure", FAILING_COMMANDS)
def test_a_command_that_fails_leaves_nothing_behind(clocked_database, busy_blog, failure):
    error, attempt = FAILING_COMMANDS[failure]
    before = whole_record(clocked_database)
    assert last_seq_of(clocked_database, busy_blog["blog"]) == 4

    with pytest.raises(error):
        attempt(clocked_database, busy_blog)

    assert whole_record(clocked_database) == before
    assert publish(clocked_database, "The next update.").seq == 5


def test_sequences_are_per_blog_one_to_n_with_no_gaps_when_blogs_interleave(clocked_database):
    syria = start_blog(clocked_database, "syria")
    quake = start_blog(clocked_database, "quake")
    for i in range(6):
        assert publish(clocked_database, f"Syria {i}", slug="syria").seq == i + 2
        if i % 2:
            assert publish(clocked_database, f"Quake {i}", slug="quake").seq == i // 2 + 2

    assert seqs_of(clocked_database, syria.id) == list(range(1, 8))
    assert seqs_of(clocked_database, quake.id) == list(range(1, 5))
    assert assert_record_agrees(clocked_database, syria.id) == 7
    assert assert_record_agrees(clocked_database, quake.id) == 4


def append_then_crash(tx: Tx, blog_id: int) -> None:
    changelog.append_change(tx, blog_id, "edit", True, actor=EDITOR.name)
    raise DeskCrash


def publish_then_crash(tx: Tx, slug: str) -> None:
    post_commands.create_post(tx, slug, {"body": "Never seen."}, EDITOR)
    raise DeskCrash


@pytest.mark.parametrize("crashing", [append_then_crash, publish_then_crash])
def test_a_rolled_back_transaction_reuses_nothing_and_leaves_no_gap(clocked_database, crashing):
    blog = start_blog(clocked_database)
    publish(clocked_database, "First.")
    before = whole_record(clocked_database)
    heard: list[list[int]] = []
    clocked_database.on_commit.append(lambda found: heard.append([c.seq for c in found]))

    with pytest.raises(DeskCrash):
        clocked_database.run_write(crashing, blog.id if crashing is append_then_crash else SLUG)

    assert whole_record(clocked_database) == before
    assert heard == []  # nobody was told about a change that never happened
    assert publish(clocked_database, "Second.").seq == 3
    assert heard == [[3]]
    assert seqs_of(clocked_database, blog.id) == [1, 2, 3]
    assert assert_record_agrees(clocked_database, blog.id) == 3


def test_changes_after_returns_oldest_first_with_the_post_as_it_stood(clocked_database):
    blog = start_blog(clocked_database)
    published = publish(clocked_database, "Buses are lining up.").post
    edited = edit(clocked_database, published.id, 1, body="Buses have left.").post

    found = clocked_database.run_read(changelog.changes_after, blog.id, 0)

    assert [(c.seq, c.action) for c in found] == [(1, "blog"), (2, "publish"), (3, "edit")]
    assert found[1].post == published  # version 1 with the old text, not the post as it is now
    assert found[2].post == edited
    assert (published.version, edited.version) == (1, 2)
    assert published.blocks != edited.blocks
    assert found[0].post is None and found[0].blog is not None
    assert [c.created_at for c in found] == sorted(c.created_at for c in found)
    assert all(c.blog_id == blog.id and c.actor == EDITOR.name for c in found)


def test_changes_after_skips_what_the_reader_has_seen(clocked_database):
    blog = start_blog(clocked_database)
    for i in range(4):
        publish(clocked_database, f"Update {i}")

    found = clocked_database.run_read(changelog.changes_after, blog.id, 3)

    assert [c.seq for c in found] == [4, 5]
    assert clocked_database.run_read(changelog.changes_after, blog.id, 5) == []


def test_public_changes_leave_out_what_only_the_desk_sees(clocked_database):
    blog = start_blog(clocked_database)
    draft = publish(clocked_database, "Not yet.", status="draft").post
    edit(clocked_database, draft.id, 1, body="Still not yet.")
    edit(clocked_database, draft.id, 2, status="published")

    public = clocked_database.run_read(changelog.changes_after, blog.id, 0)
    everything = clocked_database.run_read(changelog.changes_after, blog.id, 0, public_only=False)

    assert [(c.seq, c.action) for c in public] == [(1, "blog"), (4, "publish")]
    assert [c.action for c in everything] == ["blog", "desk", "desk", "publish"]
    assert [c.public for c in everything] == [True, False, False, True]


def test_changes_after_stops_at_the_limit(clocked_database):
    blog = start_blog(clocked_database)
    for i in range(5):
        publish(clocked_database, f"Update {i}")

    found = clocked_database.run_read(changelog.changes_after, blog.id, 1, limit=2)

    assert [c.seq for c in found] == [2, 3]


def test_backlog_says_where_the_log_stands_and_whether_it_is_complete(clocked_database):
    blog = start_blog(clocked_database)
    for i in range(5):
        publish(clocked_database, f"Update {i}")
    publish(clocked_database, "Desk only.", status="draft")

    cut = clocked_database.run_read(changelog.backlog, blog.id, 2, limit=2)
    rest = clocked_database.run_read(changelog.backlog, blog.id, 4, limit=10)
    nothing = clocked_database.run_read(changelog.backlog, blog.id, 7)

    assert ([c.seq for c in cut.changes], cut.last_seq, cut.oldest_seq, cut.complete) == (
        [3, 4], 7, 1, False,
    )  # fmt: skip
    assert ([c.seq for c in rest.changes], rest.last_seq, rest.complete) == ([5, 6], 7, True)
    assert (nothing.changes, nothing.last_seq, nothing.oldest_seq, nothing.complete) == (
        [], 7, 1, True,
    )  # fmt: skip


def test_blog_changes_carry_the_blog_as_it_stood(clocked_database):
    blog = start_blog(clocked_database)
    clocked_database.run_write(blog_commands.update_blog, SLUG, {"title": "Aleppo"}, EDITOR)

    found = clocked_database.run_read(changelog.changes_after, blog.id, 0)

    assert [c.blog.title for c in found if c.blog] == ["Live: quake", "Aleppo"]
    assert [c.blog.last_seq for c in found if c.blog] == [1, 2]
    assert [c.blog.version for c in found if c.blog] == [1, 2]
