"""Migrations build exactly the tables in `schema.py`, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from dateline.store import migrate, schema
from dateline.store.database import Database
from tests.store.desk import start_blog

ALL_TABLES = set(schema.metadata.tables)


@pytest.fixture
def empty_database(database_url: str) -> Iterator[Database]:
    """A database with no tables at all, on each engine."""
    handle = Database(database_url)
    yield handle
    handle.close()


def differences(database: Database) -> list[object]:
    with database.write_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, schema.metadata))


def tables_in(database: Database) -> set[str]:
    return set(inspect(database.write_engine).get_table_names())


def test_upgrade_on_an_empty_database_builds_exactly_the_schema(empty_database):
    assert tables_in(empty_database) == set()

    migrate.upgrade(empty_database)

    assert differences(empty_database) == []
    assert tables_in(empty_database) == ALL_TABLES | {"alembic_version"}


def test_is_current_is_false_before_upgrade_and_true_after(empty_database):
    assert migrate.current_revision(empty_database) is None
    assert not migrate.is_current(empty_database)

    migrate.upgrade(empty_database)

    assert migrate.current_revision(empty_database) == migrate.head_revision()
    assert migrate.is_current(empty_database)


def test_upgrading_twice_is_harmless_and_keeps_the_data(empty_database):
    migrate.upgrade(empty_database)
    blog = start_blog(empty_database)

    migrate.upgrade(empty_database)

    assert migrate.is_current(empty_database)
    assert differences(empty_database) == []
    kept = empty_database.run_read(
        lambda conn: conn.execute(select(schema.blogs.c.id, schema.blogs.c.last_seq)).all()
    )
    assert [tuple(row) for row in kept] == [(blog.id, 1)]


def test_downgrade_to_base_drops_every_table(empty_database):
    migrate.upgrade(empty_database)
    start_blog(empty_database)  # data in the tables must not stop the drop

    command.downgrade(migrate._config(empty_database), "base")

    assert tables_in(empty_database) - {"alembic_version"} == set()
    assert migrate.current_revision(empty_database) is None
    assert not migrate.is_current(empty_database)
