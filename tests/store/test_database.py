"""The database handle: durable SQLite settings, and listeners told after each commit."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import exc, insert

from dateline.domain.changes import Change
from dateline.store import migrate
from dateline.store.database import Database, normalise_url
from dateline.store.schema import posts
from tests.store.desk import START, publish, start_blog


@pytest.fixture
def sqlite_database(sqlite_url: str):
    handle = Database(sqlite_url)
    migrate.upgrade(handle)
    yield handle
    handle.close()


@pytest.mark.parametrize("engine", ["write_engine", "read_engine"])
def test_sqlite_connections_use_wal_full_sync_and_foreign_keys(sqlite_database, engine):
    with getattr(sqlite_database, engine).connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys")
        }
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}


def test_foreign_keys_are_enforced_on_both_engines(database):
    row = {
        "blog_id": 999, "kind": "update", "status": "published", "blocks": [], "authors": [],
        "tags": [], "pinned": False, "version": 1, "created_at": START, "updated_at": START,
    }  # fmt: skip
    with pytest.raises(exc.IntegrityError):
        database.run_write(lambda tx: tx.conn.execute(insert(posts), row))


def test_listeners_hear_each_committed_transaction_once_with_all_its_changes(database):
    heard: list[list[int]] = []
    database.on_commit.append(lambda found: heard.append([c.seq for c in found]))

    blog = start_blog(database)
    publish(database, "First.")
    database.run_write(lambda tx: None)  # a transaction with no changes wakes nobody

    assert heard == [[1], [2]]
    assert blog.last_seq == 1


def test_a_failing_listener_does_not_turn_a_committed_write_into_an_error(database, caplog):
    def broken(_changes: list[Change]) -> None:
        raise RuntimeError("listener bug")

    heard: list[int] = []
    database.on_commit.extend([broken, lambda found: heard.extend(c.seq for c in found)])

    with caplog.at_level(logging.ERROR, logger="dateline.store.database"):
        blog = start_blog(database)

    assert blog.last_seq == 1
    assert heard == [1]  # the listeners after the broken one still hear it
    assert "change listener failed" in caplog.text


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db/dateline", "postgresql+psycopg://u:p@db/dateline"),
        ("postgresql://u:p@db/dateline", "postgresql+psycopg://u:p@db/dateline"),
        ("sqlite:///dateline.db", "sqlite:///dateline.db"),
    ],
)
def test_database_urls_as_operators_write_them_are_accepted(given, expected):
    assert normalise_url(given) == expected
