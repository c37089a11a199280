"""Forgotten blogs: coverage ends by itself after its set hours without updates."""

from __future__ import annotations

from datetime import timedelta

from dateline.store import blog_commands, queries
from dateline.store.forgotten import end_forgotten_blogs
from tests.conftest import EDITOR
from tests.store.desk import publish, start_blog


def status(database, slug: str) -> str:
    return database.run_read(queries.get_blog, slug).status


def test_a_blog_quiet_past_its_hours_ends_and_others_stay_live(clocked_database, clock):
    start_blog(clocked_database, "quiet", auto_end_hours=3)
    start_blog(clocked_database, "busy", auto_end_hours=3)
    start_blog(clocked_database, "never")  # off by default
    clock.advance(timedelta(hours=2))
    publish(clocked_database, "Still going", slug="busy")
    assert clocked_database.run_write(end_forgotten_blogs) == []
    clock.advance(timedelta(hours=1, minutes=1))
    ended = clocked_database.run_write(end_forgotten_blogs)
    assert [blog.slug for blog in ended] == ["quiet"]
    assert status(clocked_database, "quiet") == "ended"
    assert status(clocked_database, "busy") == "live"
    clock.advance(timedelta(days=30))
    assert {b.slug for b in clocked_database.run_write(end_forgotten_blogs)} == {"busy"}
    assert status(clocked_database, "never") == "live"


def test_a_reopened_blog_gets_its_full_hours_again(clocked_database, clock):
    start_blog(clocked_database, "quiet", auto_end_hours=1)
    clock.advance(timedelta(hours=2))
    clocked_database.run_write(end_forgotten_blogs)
    clocked_database.run_write(blog_commands.update_blog, "quiet", {"status": "live"}, EDITOR)
    assert clocked_database.run_write(end_forgotten_blogs) == []
    assert status(clocked_database, "quiet") == "live"
