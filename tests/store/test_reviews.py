"""Contributions and restoring on the record, on SQLite and PostgreSQL: each is one
transaction with its Change, and the latest review of each draft is what counts."""

from __future__ import annotations

import pytest

from dateline.domain.errors import Forbidden, Invalid
from dateline.store import post_commands, reviews
from dateline.store.changelog import changes_after
from dateline.store.restore import restore_post
from tests.conftest import EDITOR
from tests.store.desk import CONTRIBUTOR, publish, start_blog


def test_submit_then_return_keeps_the_latest_word_and_tells_the_desk(clocked_database):
    db = clocked_database
    blog = start_blog(db)
    draft = publish(db, "Draft words", actor=CONTRIBUTOR, status="draft").post
    other = publish(db, "Another", actor=CONTRIBUTOR, status="draft").post

    submitted = db.run_write(reviews.submit_post, blog.slug, draft.id, CONTRIBUTOR, version=1)
    returned = db.run_write(reviews.return_post, blog.slug, draft.id, "Add a source.", EDITOR)

    latest = db.run_read(reviews.latest_reviews, [draft.id, other.id])
    assert list(latest) == [draft.id]
    assert (latest[draft.id].action, latest[draft.id].note, latest[draft.id].actor) == (
        "returned", "Add a source.", EDITOR.name,
    )  # fmt: skip
    found = db.run_read(changes_after, blog.id, submitted.seq - 1, public_only=False)
    assert [(c.seq, c.action, c.public, c.post_id) for c in found] == [
        (submitted.seq, "desk", False, draft.id),
        (returned.seq, "desk", False, draft.id),
    ]
    assert found[0].post is not None and found[0].post.status == "draft"  # the feed carries it


def test_a_contributor_cannot_send_back_and_a_draft_not_submitted_is_not_returned(
    clocked_database,
):
    db = clocked_database
    blog = start_blog(db)
    draft = publish(db, "Draft", actor=CONTRIBUTOR, status="draft").post
    with pytest.raises(Invalid):
        db.run_write(reviews.return_post, blog.slug, draft.id, "Why?", EDITOR)
    db.run_write(reviews.submit_post, blog.slug, draft.id, CONTRIBUTOR, version=1)
    with pytest.raises(Forbidden):
        db.run_write(reviews.return_post, blog.slug, draft.id, "Mine", CONTRIBUTOR)


def test_restore_brings_back_what_was_deleted_as_it_was(clocked_database):
    db = clocked_database
    blog = start_blog(db)
    live = publish(db, "On the page").post
    db.run_write(post_commands.delete_post, blog.slug, live.id, EDITOR)
    back = db.run_write(restore_post, blog.slug, live.id, EDITOR)
    assert (back.post.status, back.post.version, back.post.published_at) == (
        "published", 3, live.published_at,
    )  # fmt: skip
    assert [(c.action, c.public) for c in back.changes] == [("publish", True)]
    with pytest.raises(Forbidden):
        db.run_write(restore_post, blog.slug, live.id, CONTRIBUTOR)
