"""What the store tests share: a clock they move, a blog to write in, a look at the record."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from dateline.domain.blog import Blog
from dateline.domain.roles import Actor, Role
from dateline.store import blog_commands, post_commands
from dateline.store.database import Database
from dateline.store.post_commands import PostOutcome
from dateline.store.schema import blogs, changes, posts, revisions
from tests.conftest import EDITOR

CONTRIBUTOR = Actor("carl", Role.CONTRIBUTOR)
SLUG = "quake"
# Microseconds on purpose: every instant the store keeps must keep them.
START = datetime(2016, 12, 12, 21, 45, 0, 123456, tzinfo=UTC)


class Clock:
    """The time each write transaction sees: `now`, which then moves on by `step`."""

    def __init__(self, start: datetime = START, step: timedelta = timedelta(seconds=1)) -> None:
        self.now = start
        self.step = step
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            reading = self.now
            self.now += self.step
            return reading

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self.now += delta


def start_blog(database: Database, slug: str = SLUG, **fields: Any) -> Blog:
    blog, _ = database.run_write(
        blog_commands.create_blog, {"slug": slug, "title": f"Live: {slug}", **fields}, EDITOR
    )
    return blog


def publish(
    database: Database, body: str, slug: str = SLUG, actor: Actor = EDITOR, **fields: Any
) -> PostOutcome:
    return database.run_write(post_commands.create_post, slug, {"body": body, **fields}, actor)


def edit(
    database: Database, post_id: int, version: int, slug: str = SLUG, **fields: Any
) -> PostOutcome:
    raw = {"version": version, **fields}
    return database.run_write(post_commands.edit_post, slug, post_id, raw, EDITOR)


def seqs_of(database: Database, blog_id: int) -> list[int]:
    """The sequence numbers in the blog's change log, in order."""
    query = select(changes.c.seq).where(changes.c.blog_id == blog_id).order_by(changes.c.seq)
    return list(database.run_read(lambda conn: list(conn.execute(query).scalars())))


def last_seq_of(database: Database, blog_id: int) -> int:
    query = select(blogs.c.last_seq).where(blogs.c.id == blog_id)
    return int(database.run_read(lambda conn: conn.execute(query).scalar_one()))


def whole_record(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table a command writes, to show that a failed one wrote nothing."""

    def read(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
        return {
            table.name: sorted(tuple(row) for row in conn.execute(select(table)))
            for table in (blogs, posts, revisions, changes)
        }

    return database.run_read(read)


def assert_record_agrees(database: Database, blog_id: int) -> int:
    """The blog's state, revisions and change log tell one story; returns its last seq.

    Seqs run 1..last_seq with no gaps; every post change points at its own revision
    and every revision has exactly one change; each post has revisions 1..version.
    """

    def read(conn: Connection) -> tuple[int, list[Any], list[Any], dict[int, int]]:
        last_seq = conn.execute(select(blogs.c.last_seq).where(blogs.c.id == blog_id)).scalar_one()
        log = conn.execute(
            select(changes.c.seq, changes.c.post_id, changes.c.revision_id)
            .where(changes.c.blog_id == blog_id)
            .order_by(changes.c.seq)
        ).all()
        kept = conn.execute(
            select(revisions.c.id, revisions.c.post_id, revisions.c.version)
            .join(posts, posts.c.id == revisions.c.post_id)
            .where(posts.c.blog_id == blog_id)
        ).all()
        versions = conn.execute(
            select(posts.c.id, posts.c.version).where(posts.c.blog_id == blog_id)
        )
        return last_seq, log, kept, {row.id: row.version for row in versions}

    last_seq, log, kept, versions = database.run_read(read)
    assert [change.seq for change in log] == list(range(1, last_seq + 1))
    post_changes = [change for change in log if change.post_id is not None]
    by_id = {revision.id: revision for revision in kept}
    assert sorted(change.revision_id for change in post_changes) == sorted(by_id)
    for change in post_changes:
        assert by_id[change.revision_id].post_id == change.post_id
    for post_id, version in versions.items():
        kept_versions = sorted(r.version for r in kept if r.post_id == post_id)
        assert kept_versions == list(range(1, version + 1)), f"post {post_id}"
    return int(last_seq)
