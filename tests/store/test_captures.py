"""The capture queue and the commands that write snapshots, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dateline.domain.errors import Conflict, Invalid
from dateline.domain.snapshots import Snapshot
from dateline.store import captures, embed_commands, queries
from tests.conftest import EDITOR
from tests.store.desk import assert_record_agrees, edit, publish, start_blog

TWEET = "https://x.com/desk/status/1764000000000000000"
SNAPSHOT = Snapshot(
    url=TWEET, provider="x", author_name="Harbour Desk", handle="@desk", text="Holding.",
    lang="en", dir="ltr", posted_at=date(2024, 3, 2),
    captured_at=datetime(2024, 3, 3, tzinfo=UTC),
)  # fmt: skip


def jobs(database, post_id):
    return database.run_read(captures.jobs_for_post, post_id)


def claim(database, lease=timedelta(minutes=2)):
    return database.run_write(captures.claim_due, limit=10, lease=lease)


def test_publishing_an_embed_queues_its_capture_in_the_same_transaction(clocked_database):
    start_blog(clocked_database)
    outcome = publish(clocked_database, f"Intro.\n\n{TWEET}?s=20\n\nhttps://youtu.be/aB3dE5gH7jK")
    assert [(j.url, j.state) for j in jobs(clocked_database, outcome.post.id)] == [
        (TWEET, "pending"),
        ("https://www.youtube.com/watch?v=aB3dE5gH7jK", "pending"),
    ]
    # An edit that keeps the same waiting embed queues nothing new.
    edit(clocked_database, outcome.post.id, 1, body=f"Intro, edited.\n\n{TWEET}")
    assert len(jobs(clocked_database, outcome.post.id)) == 2


def test_a_claimed_job_is_leased_and_comes_back_if_its_node_dies(clocked_database, clock):
    start_blog(clocked_database)
    publish(clocked_database, TWEET)
    [job] = claim(clocked_database)
    assert job.attempts == 0
    assert claim(clocked_database) == []  # leased: another node skips it
    clock.advance(timedelta(minutes=3))
    [again] = claim(clocked_database)  # the lease ran out: it runs again
    assert again.id == job.id and again.attempts == 1


def test_retry_waits_and_give_up_settles(clocked_database, clock):
    start_blog(clocked_database)
    publish(clocked_database, TWEET)
    [job] = claim(clocked_database)
    clocked_database.run_write(captures.retry, job.id, "timed out", after=timedelta(minutes=5))
    assert claim(clocked_database) == []
    clock.advance(timedelta(minutes=6))
    [job] = claim(clocked_database)
    clocked_database.run_write(captures.give_up, job.id, "still down")
    clock.advance(timedelta(days=1))
    assert claim(clocked_database) == []
    assert clocked_database.run_read(captures.pending_count) == 0


def test_a_capture_fills_the_embed_as_a_change_without_marking_the_update_edited(clocked_database):
    blog = start_blog(clocked_database)
    outcome = publish(clocked_database, TWEET)
    [job] = claim(clocked_database)
    filled = clocked_database.run_write(embed_commands.apply_capture, job, SNAPSHOT)
    assert filled is not None
    [block] = filled.post.blocks
    assert (block.author_name, block.text, block.posted_at) == (
        "Harbour Desk",
        "Holding.",
        date(2024, 3, 2),
    )
    assert filled.post.version == 2 and filled.post.edited_at is None
    assert [c.action for c in filled.changes] == ["edit"]
    assert filled.changes[0].actor == "capture"
    assert jobs(clocked_database, outcome.post.id)[0].state == "done"
    assert_record_agrees(clocked_database, blog.id)


def test_a_capture_never_overwrites_what_an_editor_typed_meanwhile(clocked_database):
    start_blog(clocked_database)
    outcome = publish(clocked_database, TWEET)
    [job] = claim(clocked_database)
    clocked_database.run_write(
        embed_commands.correct_snapshot, "quake", outcome.post.id, 0,
        {"author_name": "Typed by the desk", "text": "Typed."}, EDITOR, version=1,
    )  # fmt: skip
    assert clocked_database.run_write(embed_commands.apply_capture, job, SNAPSHOT) is None
    post = clocked_database.run_read(queries.get_post, outcome.post.blog_id, outcome.post.id)
    assert post.blocks[0].text == "Typed."


def test_corrections_check_the_version_and_the_fields(clocked_database):
    start_blog(clocked_database)
    outcome = publish(clocked_database, f"Words.\n\n{TWEET}")
    correct = embed_commands.correct_snapshot
    with pytest.raises(Conflict):
        clocked_database.run_write(
            correct, "quake", outcome.post.id, 1, {"text": "x"}, EDITOR, version=9
        )
    with pytest.raises(Invalid) as error:
        clocked_database.run_write(
            correct, "quake", outcome.post.id, 1, {"posted_at": "soon"}, EDITOR, version=1
        )
    assert error.value.errors[0].field == "posted_at"
    with pytest.raises(Invalid):
        clocked_database.run_write(
            correct, "quake", outcome.post.id, 0, {"text": "x"}, EDITOR, version=1
        )


def test_recapture_queues_a_new_job_for_the_embeds_url(clocked_database):
    start_blog(clocked_database)
    outcome = publish(clocked_database, TWEET)
    [job] = claim(clocked_database)
    clocked_database.run_write(embed_commands.apply_capture, job, SNAPSHOT)
    clocked_database.run_write(embed_commands.recapture, "quake", outcome.post.id, 0, EDITOR)
    assert [j.state for j in jobs(clocked_database, outcome.post.id)] == ["done", "pending"]
