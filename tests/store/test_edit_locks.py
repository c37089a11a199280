"""Soft locks in the store, on SQLite and PostgreSQL: one holder at a time, renewed by
its page, lapsing when the page goes quiet, released only by whoever holds it."""

from __future__ import annotations

from datetime import timedelta

from dateline.store.edit_locks import edit_locks_of, release_edit_lock, take_edit_lock
from tests.store.desk import publish, start_blog


def test_one_holder_at_a_time_renewed_then_lapsed_then_taken_over(clocked_database, clock):
    db = clocked_database
    blog = start_blog(db)
    post = publish(db, "Gauges at the weir.").post
    first = db.run_write(take_edit_lock, blog.id, post.id, "edna", 30)
    theirs = db.run_write(take_edit_lock, blog.id, post.id, "ed2", 30)
    assert (theirs.holder, theirs.since) == ("edna", first.since)  # told, not taken
    clock.advance(timedelta(seconds=20))
    renewed = db.run_write(take_edit_lock, blog.id, post.id, "edna", 30)
    assert renewed.since == first.since and renewed.expires_at > first.expires_at
    assert [lock.holder for lock in db.run_read(edit_locks_of, blog.id, clock.now)] == ["edna"]

    clock.advance(timedelta(seconds=31))  # the page went away without a word
    assert db.run_read(edit_locks_of, blog.id, clock.now) == []
    taken = db.run_write(take_edit_lock, blog.id, post.id, "ed2", 30)
    assert taken.holder == "ed2" and taken.since > first.since


def test_only_the_holder_releases_and_locks_go_with_their_update(clocked_database, clock):
    db = clocked_database
    blog = start_blog(db)
    one, two = publish(db, "One.").post, publish(db, "Two.").post
    db.run_write(take_edit_lock, blog.id, one.id, "edna", 30)
    db.run_write(take_edit_lock, blog.id, two.id, "ed2", 30)
    db.run_write(release_edit_lock, blog.id, one.id, "ed2")  # not theirs: kept
    held = db.run_read(edit_locks_of, blog.id, clock.now)
    assert [(lock.post_id, lock.holder) for lock in held] == [(one.id, "edna"), (two.id, "ed2")]
    db.run_write(release_edit_lock, blog.id, one.id, "edna")
    assert [lock.post_id for lock in db.run_read(edit_locks_of, blog.id, clock.now)] == [two.id]
