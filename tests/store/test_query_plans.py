"""The reader page's queries use indexes, so opening a blog costs the same at any size.

Timings are for benchmarks (bench/growth.py); the plan is what makes them flat, and
that can be checked exactly: no query the page makes may scan the posts table.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from dateline.store import migrate, queries
from dateline.store.database import Database


@pytest.fixture
def sqlite_database(sqlite_url):
    database = Database(sqlite_url)
    migrate.upgrade(database)
    yield database
    database.close()


@pytest.mark.parametrize(
    ("query", "index"),
    [
        (lambda c: queries.page_of_updates(c, 1, newest_first=True, limit=20), "ix_posts_stream"),
        (lambda c: queries.page_of_updates(c, 1, newest_first=False, limit=20), "ix_posts_stream"),
        (lambda c: queries.pinned_update(c, 1), "ix_posts_pinned"),
        (lambda c: queries.key_events(c, 1, newest_first=True), "ix_posts_key_events"),
        (lambda c: queries.intro_entry(c, 1), "ix_posts_stream"),
    ],
    ids=["newest", "oldest", "pinned", "key-events", "intro"],
)
def test_the_page_queries_search_their_own_index_of_one_blog(sqlite_database, query, index):
    """Each query searches the index made for it, keyed by blog: not a scan, and not an
    index of every blog's published posts (which grows with every blog)."""
    plans: list[str] = []
    with sqlite_database.read_engine.connect() as conn:

        def explain(conn_, cursor, statement, parameters, context, executemany):
            if statement.lstrip().upper().startswith("SELECT"):
                rows = cursor.connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
                plans.extend(row[3] for row in rows.fetchall())

        event.listen(conn, "before_cursor_execute", explain)
        query(conn)
    posts_plans = [p for p in plans if "posts" in p]
    assert posts_plans, plans
    assert all(f"USING INDEX {index} (blog_id=?" in p for p in posts_plans), posts_plans
