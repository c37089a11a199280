"""Backups: a consistent copy of everything, taken while the server keeps serving.

SQLite uses its online backup API: pages are copied in steps, and a write made
meanwhile restarts the copy of what changed, so the result is one consistent
moment even under load. PostgreSQL uses `pg_dump` (one snapshot transaction) and
`pg_restore`, the engine's own tools.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url

from ..domain.errors import Invalid

# (pages copied, pages in all): how far a long copy has come.
Progress = Callable[[int, int], None]


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise Invalid.one("database", "an in-memory SQLite database cannot be backed up")
    return Path(database)


def _libpq_url(url: str) -> str:
    """The URL PostgreSQL's own tools take (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed: it comes with PostgreSQL's client tools")
    return path


def backup(url: str, target: Path, progress: Progress | None = None) -> None:
    """Write a backup of the database at `url` to `target` (a new file)."""
    if target.exists():
        raise Invalid.one("path", f"{target} already exists; choose a new file")
    if url.startswith("sqlite"):
        _sqlite_copy(_sqlite_path(url), target, progress)
        return
    subprocess.run(  # noqa: S603 (a fixed tool, arguments as a list)
        [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target),
         _libpq_url(url)],
        check=True, capture_output=True,
    )  # fmt: skip


def restore(url: str, source: Path, *, replace: bool = False) -> None:
    """Put the backup at `source` in place as the database at `url`.

    An existing database with data is kept unless `replace` is given.
    """
    if not source.is_file():
        raise Invalid.one("path", f"{source} is not a backup file")
    if url.startswith("sqlite"):
        target = _sqlite_path(url)
        if target.exists() and target.stat().st_size and not replace:
            raise Invalid.one("database", f"{target} already holds data; pass --replace")
        _sqlite_copy(source, target, None)
        return
    command = [_pg_tool("pg_restore"), "--no-owner", "--exit-on-error", "--dbname",
               _libpq_url(url)]  # fmt: skip
    if replace:
        command[1:1] = ["--clean", "--if-exists"]
    subprocess.run([*command, str(source)], check=True, capture_output=True)  # noqa: S603


def _sqlite_copy(source: Path, target: Path, progress: Progress | None) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(
            dst,
            pages=1024,
            progress=(lambda _status, left, total: progress(total - left, total))
            if progress
            else None,
        )
        # A backup is a file on its own: no write-ahead log beside it.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
