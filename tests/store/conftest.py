"""Fixtures for the store: a migrated database on each engine whose clock the test moves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dateline.store import migrate
from dateline.store.database import Database
from tests.store.desk import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def clocked_database(database_url: str, clock: Clock) -> Iterator[Database]:
    """A migrated, empty database on each engine, on the test's clock."""
    handle = Database(database_url, clock=clock)
    migrate.upgrade(handle)
    yield handle
    handle.close()
