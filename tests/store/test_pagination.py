"""Pages of updates: a walk by cursor sees each update once, whatever happens meanwhile."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import timedelta

import psycopg
import pytest

from dateline.domain.errors import Invalid
from dateline.domain.times import iso
from dateline.store import migrate, post_commands, queries
from dateline.store.cursors import decode_cursor
from dateline.store.database import Database
from dateline.store.queries import Page
from tests.conftest import EDITOR
from tests.store.desk import SLUG, Clock, publish, start_blog

Between = Callable[[int, Page], None]


def walk(
    database: Database,
    blog_id: int,
    *,
    newest_first: bool,
    limit: int,
    between: Between | None = None,
    max_pages: int = 30,
) -> list[int]:
    """The ids a reader sees paging to the end, calling `between` after each page but the last."""
    seen: list[int] = []
    cursor = None
    for number in range(max_pages):
        page = database.run_read(
            queries.page_of_updates, blog_id, newest_first=newest_first, limit=limit, cursor=cursor
        )
        assert len(page.posts) <= limit
        seen += [post.id for post in page.posts]
        if page.next_cursor is None:
            return seen
        if between:
            between(number, page)
        cursor = page.next_cursor
    raise AssertionError(f"still paging after {max_pages} pages: saw {seen}")


def delete(database: Database, post_id: int) -> None:
    database.run_write(post_commands.delete_post, SLUG, post_id, EDITOR)


@pytest.fixture
def fifty_five(clocked_database: Database) -> list[int]:
    """55 published updates, one second apart, oldest first."""
    start_blog(clocked_database)
    return [publish(clocked_database, f"Update {i}.").post.id for i in range(55)]


def meanwhile(database: Database, fresh: list[int]) -> Between:
    """After each of the first three pages: 10 new updates, and two shown ones deleted."""

    def between(number: int, page: Page) -> None:
        if number >= 3:
            return
        fresh.extend(publish(database, f"Breaking {number}.{i}.").post.id for i in range(10))
        delete(database, page.posts[0].id)
        delete(database, page.posts[-1].id)  # the very update the cursor names

    return between


def test_a_newest_first_walk_sees_each_update_once_while_the_blog_moves_on(
    clocked_database, fifty_five
):
    fresh: list[int] = []

    seen = walk(
        clocked_database, 1, newest_first=True, limit=20,
        between=meanwhile(clocked_database, fresh),
    )  # fmt: skip

    assert len(fresh) == 20  # three pages, two pauses between them
    assert seen == fifty_five[::-1]  # newer arrivals go on top, above where the reader is


def test_an_oldest_first_walk_sees_each_update_once_including_new_arrivals(
    clocked_database, fifty_five
):
    fresh: list[int] = []

    seen = walk(
        clocked_database, 1, newest_first=False, limit=20,
        between=meanwhile(clocked_database, fresh),
    )  # fmt: skip

    assert len(fresh) == 30
    assert seen == fifty_five + fresh


def test_a_quiet_walk_pages_in_twenties_and_ends_without_a_cursor(clocked_database, fifty_five):
    sizes: list[int] = []

    seen = walk(
        clocked_database, 1, newest_first=True, limit=20,
        between=lambda _number, page: sizes.append(len(page.posts)),
    )  # fmt: skip

    assert sizes == [20, 20]
    assert seen == fifty_five[::-1]


def test_only_published_updates_are_listed(clocked_database, clock):
    blog = start_blog(clocked_database)
    start_blog(clocked_database, "storm")
    later = iso(clock.now + timedelta(hours=1))
    shown = publish(clocked_database, "On the page.").post
    publish(clocked_database, "How it began.", kind="intro")
    publish(clocked_database, "Not yet.", status="draft")
    publish(clocked_database, "At noon.", status="scheduled", published_at=later)
    delete(clocked_database, publish(clocked_database, "Withdrawn.").post.id)
    publish(clocked_database, "Another blog's update.", slug="storm")

    for newest_first in (True, False):
        page = clocked_database.run_read(
            queries.page_of_updates, blog.id, newest_first=newest_first, limit=20
        )
        assert ([p.id for p in page.posts], page.next_cursor) == ([shown.id], None)


def test_an_empty_blog_has_an_empty_page(clocked_database):
    blog = start_blog(clocked_database)

    page = clocked_database.run_read(queries.page_of_updates, blog.id, newest_first=True, limit=20)

    assert page == Page([], None)


def test_updates_published_at_the_same_instant_are_ordered_by_id_across_pages(clocked_database):
    blog = start_blog(clocked_database)
    before = publish(clocked_database, "Before.", published_at="2016-12-12T20:59:00Z").post.id
    same = [
        publish(clocked_database, f"Same {i}.", published_at="2016-12-12T21:00:00Z").post.id
        for i in range(5)
    ]
    after = publish(clocked_database, "After.", published_at="2016-12-12T21:01:00Z").post.id
    oldest_first = [before, *same, after]

    for limit in (1, 2, 3):
        assert walk(clocked_database, blog.id, newest_first=False, limit=limit) == oldest_first
        assert walk(clocked_database, blog.id, newest_first=True, limit=limit) == oldest_first[::-1]


def test_updates_a_microsecond_apart_are_each_seen(clocked_database):
    blog = start_blog(clocked_database)
    ids = [
        publish(
            clocked_database, f"Tick {i}.", published_at=f"2016-12-12T21:00:00.{i:06d}Z"
        ).post.id
        for i in range(4)  # the first is on the whole second
    ]

    assert walk(clocked_database, blog.id, newest_first=False, limit=1) == ids
    assert walk(clocked_database, blog.id, newest_first=True, limit=1) == ids[::-1]


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    ["not a cursor", "!!!!", b64(b"no-colon"), b64(b"abc:def"), b64(b"1:2:3"), b64(b"\xff\xfe:1")],
)
def test_a_garbage_cursor_is_invalid_naming_cursor(clocked_database, cursor):
    blog = start_blog(clocked_database)
    publish(clocked_database, "On the page.")

    with pytest.raises(Invalid) as error:
        clocked_database.run_read(
            queries.page_of_updates, blog.id, newest_first=True, limit=20, cursor=cursor
        )

    assert [e.field for e in error.value.errors] == ["cursor"]


@pytest.mark.parametrize("raw", [b"99999999999999999999:1", b"253402300800000000:1"])
def test_a_cursor_with_an_impossible_time_is_invalid_naming_cursor(raw):
    with pytest.raises(Invalid) as error:
        decode_cursor(b64(raw))

    assert [e.field for e in error.value.errors] == ["cursor"]


@pytest.mark.postgres
def test_paging_works_when_the_postgresql_server_zone_is_not_utc(postgres_url):
    name = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE \"{name}\" SET timezone TO 'America/New_York'")
    database = Database(postgres_url, clock=Clock(step=timedelta(minutes=1)))
    try:
        migrate.upgrade(database)
        blog = start_blog(database)
        ids = [publish(database, f"Update {i}.").post.id for i in range(6)]

        assert walk(database, blog.id, newest_first=True, limit=2, max_pages=6) == ids[::-1]
        assert walk(database, blog.id, newest_first=False, limit=2, max_pages=6) == ids
    finally:
        database.close()
