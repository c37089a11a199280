"""Commands on updates: what each one saves, and which change it tells readers about."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dateline.domain.changes import Change
from dateline.domain.errors import Conflict, Forbidden, Invalid, NotFound
from dateline.domain.post import Post
from dateline.domain.roles import Actor
from dateline.domain.times import iso
from dateline.store import post_commands, queries
from dateline.store.post_commands import PostOutcome
from tests.conftest import EDITOR
from tests.store.desk import (
    CONTRIBUTOR,
    SLUG,
    assert_record_agrees,
    edit,
    last_seq_of,
    publish,
    start_blog,
    whole_record,
)


@pytest.fixture
def blog(clocked_database):
    return start_blog(clocked_database)


def stored(database, post: Post) -> Post:
    """The post as the database has it now."""
    return database.run_read(queries.get_post, post.blog_id, post.id)


def actions(outcome: PostOutcome) -> list[tuple[str, bool]]:
    return [(c.action, c.public) for c in outcome.changes]


def pin(database, post_id: int, pinned: bool = True, actor: Actor = EDITOR) -> PostOutcome:
    return database.run_write(post_commands.pin_post, SLUG, post_id, actor, pinned=pinned)


def mark(database, post_id: int, title: str | None) -> PostOutcome:
    return database.run_write(post_commands.mark_key_event, SLUG, post_id, title, EDITOR)


def delete(database, post_id: int, version: int | None = None) -> PostOutcome:
    return database.run_write(post_commands.delete_post, SLUG, post_id, EDITOR, version=version)


# -- create ---------------------------------------------------------------------


def test_publishing_stores_the_update_at_version_one_stamped_now(clocked_database, clock, blog):
    now = clock.now
    outcome = publish(clocked_database, "Buses are lining up.", authors=["Rana"], tags=["Aleppo"])

    assert actions(outcome) == [("publish", True)]
    assert outcome.seq == 2
    post = outcome.post
    assert (post.status, post.kind, post.version, post.published_at) == (
        "published", "update", 1, now,
    )  # fmt: skip
    assert (post.authors, post.tags, post.created_by, post.edited_at) == (
        ("Rana",), ("aleppo",), EDITOR.name, None,
    )  # fmt: skip
    assert stored(clocked_database, post) == post
    assert outcome.changes[0].post == post


def test_drafts_and_scheduled_updates_are_desk_changes(clocked_database, clock, blog):
    later = iso(clock.now + timedelta(hours=1))
    draft = publish(clocked_database, "Not yet.", status="draft")
    scheduled = publish(clocked_database, "At noon.", status="scheduled", published_at=later)

    assert actions(draft) == [("desk", False)]
    assert draft.post.published_at is None
    assert actions(scheduled) == [("desk", False)]
    assert iso(scheduled.post.published_at) == later


def test_publishing_to_a_blog_that_does_not_exist_is_not_found(clocked_database):
    with pytest.raises(NotFound):
        publish(clocked_database, "Lost.", slug="nowhere")


def test_a_contributor_writes_drafts_of_their_own_only(clocked_database, blog):
    own = publish(clocked_database, "My draft.", actor=CONTRIBUTOR, status="draft").post
    theirs = publish(clocked_database, "An editor's draft.", status="draft").post
    raw = {"version": 1, "body": "Better."}

    edited = clocked_database.run_write(post_commands.edit_post, SLUG, own.id, raw, CONTRIBUTOR)
    with pytest.raises(Forbidden):
        clocked_database.run_write(post_commands.edit_post, SLUG, theirs.id, raw, CONTRIBUTOR)
    with pytest.raises(Forbidden):
        clocked_database.run_write(
            post_commands.edit_post, SLUG, own.id, {"version": 2, "status": "published"},
            CONTRIBUTOR,
        )  # fmt: skip

    assert (edited.post.version, edited.post.created_by) == (2, CONTRIBUTOR.name)
    assert stored(clocked_database, own) == edited.post


# -- edit ------------------------------------------------------------------------


def test_editing_published_text_bumps_the_version_and_stamps_edited_at(
    clocked_database, clock, blog
):
    post = publish(clocked_database, "Buses are lining up.").post
    clock.advance(timedelta(minutes=5))
    now = clock.now

    outcome = edit(clocked_database, post.id, 1, body="Buses have left.")

    assert actions(outcome) == [("edit", True)]
    assert outcome.post.version == 2
    assert outcome.post.edited_at == now
    assert outcome.post.updated_at == now
    assert outcome.post.published_at == post.published_at  # an edit does not move it
    assert stored(clocked_database, post) == outcome.post


def test_edits_that_leave_the_text_alone_do_not_stamp_edited_at(clocked_database, blog):
    post = publish(clocked_database, "Buses are lining up.").post

    outcome = edit(clocked_database, post.id, 1, tags=["convoy"])

    assert actions(outcome) == [("edit", True)]
    assert (outcome.post.version, outcome.post.tags, outcome.post.edited_at) == (
        2, ("convoy",), None,
    )  # fmt: skip


def test_editing_a_draft_does_not_stamp_edited_at(clocked_database, blog):
    draft = publish(clocked_database, "Not yet.", status="draft").post

    outcome = edit(clocked_database, draft.id, 1, body="Still not yet.")

    assert actions(outcome) == [("desk", False)]
    assert (outcome.post.version, outcome.post.edited_at) == (2, None)


def test_publishing_a_draft_stamps_published_at_and_is_a_publish(clocked_database, clock, blog):
    draft = publish(clocked_database, "Not yet.", status="draft").post
    clock.advance(timedelta(minutes=30))
    now = clock.now

    outcome = edit(clocked_database, draft.id, 1, status="published", body="Now it is.")

    assert actions(outcome) == [("publish", True)]
    assert (outcome.post.status, outcome.post.published_at) == ("published", now)
    assert outcome.post.edited_at is None  # first publication, not a correction
    assert stored(clocked_database, draft) == outcome.post


def test_an_edit_that_changes_nothing_appends_nothing_and_keeps_the_version(clocked_database, blog):
    post = publish(clocked_database, "Buses are lining up.", tags=["convoy"]).post
    before = whole_record(clocked_database)

    outcome = edit(clocked_database, post.id, 1, body="Buses are lining up.", tags=["Convoy"])

    assert outcome.changes == []
    assert outcome.seq is None
    assert outcome.post == post
    assert whole_record(clocked_database) == before


def test_an_edit_from_a_stale_version_is_a_conflict_naming_the_current_one(clocked_database, blog):
    post = publish(clocked_database, "Buses are lining up.").post
    edit(clocked_database, post.id, 1, body="Buses have left.")

    with pytest.raises(Conflict) as conflict:
        edit(clocked_database, post.id, 1, body="Buses are still there.")

    assert conflict.value.current_version == 2
    assert stored(clocked_database, post).version == 2


def test_an_edit_without_a_version_is_invalid(clocked_database, blog):
    post = publish(clocked_database, "Buses are lining up.").post

    with pytest.raises(Invalid) as error:
        clocked_database.run_write(
            post_commands.edit_post, SLUG, post.id, {"body": "No version."}, EDITOR
        )

    assert [e.field for e in error.value.errors] == ["version"]


# -- delete ----------------------------------------------------------------------


def test_deleting_a_published_update_tells_readers_and_keeps_its_revisions(clocked_database, blog):
    post = publish(clocked_database, "Buses are lining up.").post

    outcome = delete(clocked_database, post.id, version=1)

    assert actions(outcome) == [("delete", True)]
    assert (outcome.post.status, outcome.post.version) == ("deleted", 2)
    kept = clocked_database.run_read(queries.post_revisions, post.id)
    assert [(r.version, r.snapshot["status"]) for r in kept] == [(1, "published"), (2, "deleted")]
    with pytest.raises(Invalid):
        delete(clocked_database, post.id)


def test_deleting_a_draft_is_a_desk_change(clocked_database, blog):
    draft = publish(clocked_database, "Not yet.", status="draft").post

    assert actions(delete(clocked_database, draft.id)) == [("desk", False)]


def test_deleting_from_a_stale_version_is_a_conflict(clocked_database, blog):
    post = publish(clocked_database, "Buses are lining up.").post
    edit(clocked_database, post.id, 1, body="Buses have left.")

    with pytest.raises(Conflict):
        delete(clocked_database, post.id, version=1)

    assert stored(clocked_database, post).status == "published"


# -- pin -------------------------------------------------------------------------


def test_pinning_one_update_unpins_the_other_in_the_same_transaction(clocked_database, blog):
    first = publish(clocked_database, "First.").post
    second = publish(clocked_database, "Second.").post
    pin(clocked_database, first.id)
    heard: list[list[Change]] = []
    clocked_database.on_commit.append(heard.append)

    outcome = pin(clocked_database, second.id)

    assert [(c.action, c.post_id, c.seq) for c in outcome.changes] == [
        ("unpin", first.id, 5), ("pin", second.id, 6),
    ]  # fmt: skip
    assert heard == [outcome.changes]  # one commit carried both
    assert clocked_database.run_read(queries.pinned_update, blog.id) == outcome.post
    unpinned = stored(clocked_database, first)
    assert (unpinned.pinned, unpinned.version) == (False, 3)
    assert assert_record_agrees(clocked_database, blog.id) == 6


def test_pinning_a_new_update_as_it_is_published_unpins_the_old_one(clocked_database, blog):
    first = publish(clocked_database, "First.").post
    pin(clocked_database, first.id)

    outcome = publish(clocked_database, "Second, pinned.", pinned=True)

    assert [c.action for c in outcome.changes] == ["unpin", "publish"]
    assert clocked_database.run_read(queries.pinned_update, blog.id) == outcome.post


def test_pinning_what_is_already_pinned_appends_nothing(clocked_database, blog):
    post = publish(clocked_database, "First.").post
    pinned = pin(clocked_database, post.id)

    again = pin(clocked_database, post.id)
    unpinned = pin(clocked_database, post.id, pinned=False)

    assert actions(pinned) == [("pin", True)]
    assert again.changes == []
    assert actions(unpinned) == [("unpin", True)]
    assert clocked_database.run_read(queries.pinned_update, blog.id) is None


def test_only_editors_pin_and_only_published_updates(clocked_database, blog):
    post = publish(clocked_database, "First.").post
    draft = publish(clocked_database, "Not yet.", status="draft").post

    with pytest.raises(Forbidden):
        pin(clocked_database, post.id, actor=CONTRIBUTOR)
    with pytest.raises(Invalid):
        pin(clocked_database, draft.id)

    assert last_seq_of(clocked_database, blog.id) == 3


# -- key events -------------------------------------------------------------------


def test_marking_a_key_event_sets_and_clears_its_title(clocked_database, blog):
    post = publish(clocked_database, "The ceasefire holds.").post

    marked = mark(clocked_database, post.id, "  Ceasefire  ")
    same = mark(clocked_database, post.id, "Ceasefire")
    listed = clocked_database.run_read(queries.key_events, blog.id, newest_first=True)
    cleared = mark(clocked_database, post.id, None)

    assert actions(marked) == [("key", True)]
    assert marked.post.key_event == "Ceasefire"
    assert same.changes == []
    assert [p.id for p in listed] == [post.id]
    assert actions(cleared) == [("key", True)]
    assert stored(clocked_database, post).key_event is None
    assert clocked_database.run_read(queries.key_events, blog.id, newest_first=True) == []


def test_the_intro_entry_cannot_be_a_key_event(clocked_database, blog):
    intro = publish(clocked_database, "How it began.", kind="intro").post

    with pytest.raises(Invalid) as error:
        mark(clocked_database, intro.id, "Start")

    assert [e.field for e in error.value.errors] == ["key_event"]


# -- the scheduler ----------------------------------------------------------------


def test_release_due_posts_publishes_only_due_updates_in_time_order(clocked_database, clock):
    quake = start_blog(clocked_database, "quake")
    storm_blog = start_blog(clocked_database, "storm")
    at = {minutes: iso(clock.now + timedelta(minutes=minutes)) for minutes in (5, 10, 20)}
    ten = publish(clocked_database, "At ten.", status="scheduled", published_at=at[10]).post
    five = publish(clocked_database, "At five.", status="scheduled", published_at=at[5]).post
    twenty = publish(clocked_database, "At twenty.", status="scheduled", published_at=at[20]).post
    storm = publish(
        clocked_database, "Storm at five.", slug="storm", status="scheduled", published_at=at[5]
    ).post
    publish(clocked_database, "A draft.", status="draft")
    publish(clocked_database, "Already out.")
    clock.advance(timedelta(minutes=15))

    released = clocked_database.run_write(post_commands.release_due_posts)

    assert [o.post.id for o in released] == [five.id, storm.id, ten.id]
    assert [actions(o) for o in released] == [[("publish", True)]] * 3
    assert [(o.post.status, iso(o.post.published_at)) for o in released] == [
        ("published", at[5]), ("published", at[5]), ("published", at[10]),
    ]  # fmt: skip
    assert [(o.changes[0].blog_id, o.seq) for o in released] == [
        (quake.id, 7), (storm_blog.id, 3), (quake.id, 8),
    ]  # fmt: skip
    assert stored(clocked_database, twenty).status == "scheduled"
    assert clocked_database.run_write(post_commands.release_due_posts) == []
    assert assert_record_agrees(clocked_database, quake.id) == 8
    assert assert_record_agrees(clocked_database, storm_blog.id) == 3


def test_the_scheduler_records_itself_as_the_actor(clocked_database, clock, blog):
    soon = iso(clock.now + timedelta(minutes=1))
    publish(clocked_database, "Soon.", status="scheduled", published_at=soon)
    clock.advance(timedelta(minutes=2))

    (released,) = clocked_database.run_write(post_commands.release_due_posts)

    assert released.changes[0].actor == "scheduler"
    assert released.post.version == 2
