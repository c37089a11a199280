"""Schema migrations (Alembic), run from code so no alembic.ini is needed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from .database import Database

_SCRIPTS = Path(__file__).with_name("migrations")


def _config(database: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.attributes["engine"] = database.write_engine
    return config


def upgrade(database: Database, revision: str = "head") -> None:
    """Bring the schema up to `revision` (the latest by default)."""
    command.upgrade(_config(database), revision)


def head_revision() -> str | None:
    return ScriptDirectory(str(_SCRIPTS)).get_current_head()


def current_revision(database: Database) -> str | None:
    with database.write_engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_current(database: Database) -> bool:
    return current_revision(database) == head_revision()
