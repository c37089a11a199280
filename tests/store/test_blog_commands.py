"""Commands on blogs: create, change settings with versions, end coverage."""

from __future__ import annotations

import pytest

from dateline.domain.errors import Conflict, Forbidden, Invalid, NotFound
from dateline.store import blog_commands, queries
from tests.conftest import EDITOR
from tests.store.desk import CONTRIBUTOR, SLUG, last_seq_of, start_blog, whole_record


def update(database, raw, *, version=None, actor=EDITOR):
    return database.run_write(blog_commands.update_blog, SLUG, raw, actor, version=version)


def fields_named(error: pytest.ExceptionInfo[Invalid]) -> list[str]:
    return [e.field for e in error.value.errors]


def test_creating_a_blog_opens_its_log_with_a_public_blog_change(clocked_database, clock):
    now = clock.now
    blog, change = clocked_database.run_write(
        blog_commands.create_blog, {"slug": SLUG, "title": "  Earthquake  "}, EDITOR
    )

    assert (blog.slug, blog.title, blog.status, blog.version, blog.last_seq) == (
        SLUG, "Earthquake", "live", 1, 1,
    )  # fmt: skip
    assert (blog.coverage_start, blog.created_at, blog.updated_at) == (now, now, now)
    assert (change.seq, change.action, change.public, change.actor) == (1, "blog", True, "edna")
    assert change.blog == blog
    assert clocked_database.run_read(queries.get_blog, SLUG) == blog


def test_a_draft_blog_is_created_without_telling_readers(clocked_database):
    blog, change = clocked_database.run_write(
        blog_commands.create_blog, {"slug": SLUG, "title": "Quake", "status": "draft"}, EDITOR
    )

    assert (blog.status, blog.coverage_start) == ("draft", None)
    assert (change.action, change.public) == ("blog", False)


def test_a_slug_already_taken_is_invalid_on_slug(clocked_database):
    start_blog(clocked_database)
    before = whole_record(clocked_database)

    with pytest.raises(Invalid) as error:
        start_blog(clocked_database)

    assert fields_named(error) == ["slug"]
    assert "already taken" in str(error.value)
    assert whole_record(clocked_database) == before


def test_only_editors_create_blogs(clocked_database):
    with pytest.raises(Forbidden):
        clocked_database.run_write(
            blog_commands.create_blog, {"slug": SLUG, "title": "Quake"}, CONTRIBUTOR
        )

    assert clocked_database.run_read(queries.list_blogs, include_drafts=True) == []


def test_updating_settings_bumps_the_version_and_appends_a_blog_change(clocked_database, clock):
    start_blog(clocked_database)
    now = clock.now

    blog, change = update(clocked_database, {"title": "Aleppo", "order": "oldest"}, version=1)

    assert (blog.title, blog.order, blog.version, blog.updated_at) == ("Aleppo", "oldest", 2, now)
    assert (change.seq, change.action, change.public) == (2, "blog", True)
    assert change.blog == blog
    assert clocked_database.run_read(queries.get_blog, SLUG) == blog


def test_an_update_from_a_stale_version_is_a_conflict(clocked_database):
    start_blog(clocked_database)
    update(clocked_database, {"title": "Aleppo"}, version=1)
    before = whole_record(clocked_database)

    with pytest.raises(Conflict) as conflict:
        update(clocked_database, {"title": "Homs"}, version=1)

    assert conflict.value.current_version == 2
    assert whole_record(clocked_database) == before


def test_an_update_that_changes_nothing_appends_nothing(clocked_database):
    created = start_blog(clocked_database)
    before = whole_record(clocked_database)

    blog, change = update(clocked_database, {"title": created.title, "slug": SLUG}, version=1)

    assert change is None
    assert blog == created
    assert whole_record(clocked_database) == before


def test_ending_coverage_is_an_end_change_and_stamps_coverage_end(clocked_database, clock):
    start_blog(clocked_database)
    now = clock.now

    blog, change = clocked_database.run_write(blog_commands.end_coverage, SLUG, EDITOR)
    again, nothing = clocked_database.run_write(blog_commands.end_coverage, SLUG, EDITOR)

    assert (blog.status, blog.coverage_end) == ("ended", now)
    assert change is not None
    assert (change.action, change.public, change.seq) == ("end", True, 2)
    assert (nothing, again) == (None, blog)


def test_a_blog_slug_cannot_change(clocked_database):
    blog = start_blog(clocked_database)

    with pytest.raises(Invalid) as error:
        update(clocked_database, {"slug": "elsewhere"})

    assert fields_named(error) == ["slug"]
    assert clocked_database.run_read(queries.get_blog, SLUG) == blog
    assert last_seq_of(clocked_database, blog.id) == 1


def test_bad_settings_are_invalid_and_name_each_field(clocked_database):
    blog = start_blog(clocked_database)

    with pytest.raises(Invalid) as error:
        update(clocked_database, {"time_zone": "Mars/Olympus", "order": "sideways"})

    assert sorted(fields_named(error)) == ["order", "time_zone"]
    assert clocked_database.run_read(queries.get_blog, SLUG) == blog


def test_updating_a_blog_that_does_not_exist_is_not_found(clocked_database):
    with pytest.raises(NotFound):
        update(clocked_database, {"title": "Nowhere"})


def test_only_editors_change_a_blogs_settings(clocked_database):
    blog = start_blog(clocked_database)

    with pytest.raises(Forbidden):
        update(clocked_database, {"title": "Mine now"}, actor=CONTRIBUTOR)

    assert clocked_database.run_read(queries.get_blog, SLUG) == blog
