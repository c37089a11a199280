"""`dateline`: serve, demo, database, people and tokens.

Thin by design: each command parses its arguments and calls a library function.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import resource
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import click
import uvicorn
import uvloop
from rich.progress import Progress

from . import logs
from .domain.errors import DomainError
from .settings import Settings
from .store import backup, migrate, people
from .store.database import Database

DATABASE_HELP = "Database URL (default: DATELINE_DATABASE_URL, else sqlite:///dateline.db)."


def _settings(**overrides: Any) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except ValueError as error:
        raise click.UsageError(str(error)) from None


def _database(url: str | None) -> Database:
    """The database, with the schema brought up to date when it is a SQLite file."""
    database = Database(_settings(database_url=url).database_url)
    if database.is_sqlite:
        migrate.upgrade(database)
    return database


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dateline")
def main() -> None:
    """Dateline: a live-blog engine for newsrooms."""
    logs.configure(os.environ.get("DATELINE_LOG_FORMAT", "text").strip().lower())
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per check is noise


@main.command()
@click.option("--host", help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (default 8000).")
@click.option("--database", help=DATABASE_HELP)
@click.option(
    "--workers", type=click.IntRange(min=1), default=1, show_default=True,
    help="Processes serving the same port (SO_REUSEPORT), each with its own hub.",
)  # fmt: skip
def serve(host: str | None, port: int | None, database: str | None, workers: int) -> None:
    """Serve the reader pages, live streams and the JSON API."""
    settings = _settings(host=host, port=port, database_url=database)
    click.echo(f"Dateline is serving at {settings.public_url}/ (Ctrl-C stops it)")
    if workers == 1:
        run_server(settings)
        return
    from .workers import supervise

    if settings.database_url.startswith("sqlite"):
        _database(settings.database_url).close()  # migrate once, before the workers race
    supervise(settings, workers, _run_worker)


def _run_worker(settings: Settings, index: int) -> None:
    """One of `serve --workers N`: its own process, socket and hub."""
    from .workers import reuse_port_socket

    logs.configure(settings.log_format)
    run_server(settings, sock=reuse_port_socket(settings.host, settings.port))


def run_server(
    settings: Settings,
    also: Callable[[object], Awaitable[None]] | None = None,
    *,
    sock: socket.socket | None = None,
) -> None:
    """Run the app under uvicorn (uvloop, httptools) until interrupted.

    `also`, given the app, runs alongside the server and is cancelled when it stops.
    `sock`: an already bound socket to serve on (a worker of several).
    """
    from .web import create_app

    _raise_open_file_limit()
    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        loop="none",
        http="httptools",
        lifespan="on",
        backlog=4096,
        timeout_graceful_shutdown=5,
        log_level="info",
        access_log=False,
        # JSON logs: uvicorn's lines go through the root logger's JSON formatter too.
        log_config=None if settings.log_format == "json" else uvicorn.config.LOGGING_CONFIG,
    )
    server = uvicorn.Server(config)

    async def serve_with_extras() -> None:
        extra = asyncio.create_task(_after_start(server, also, app)) if also else None
        try:
            await server.serve(sockets=[sock] if sock else None)
        finally:
            if extra:
                extra.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await extra

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(serve_with_extras())


async def _after_start(
    server: uvicorn.Server, job: Callable[[object], Awaitable[None]], app: object
) -> None:
    while not server.started:
        await asyncio.sleep(0.05)
    await job(app)


def _raise_open_file_limit() -> None:
    """Each reader holds a socket open: allow as many as the system lets us."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


@main.command()
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--database-file", default="dateline-demo.db", show_default=True,
    help="SQLite file for the demo; replaced on each run.",
)  # fmt: skip
@click.option("--every", type=float, default=20.0, show_default=True,
              help="Seconds between the demo's live updates (0 for none).")  # fmt: skip
def demo(port: int, host: str, database_file: str, every: float) -> None:
    """Serve a demo live blog: a fictional storm, with new updates arriving live."""
    from .demo.seed import publish_live_updates, seed

    path = Path(database_file)
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    database = _database(url)
    info = seed(database)
    database.close()
    settings = Settings.from_env(database_url=url, host=host, port=port)
    base = settings.public_url
    click.echo(
        f"\nThe demo live blog is at {base}/{info.slug}/\n\n"
        f"Editor account: {info.editor}, password {info.password!r} (for the desk, which\n"
        f"comes in a later version). Publish an update through the API with this token:\n"
        f"  curl -X POST {base}/api/v1/blogs/{info.slug}/posts \\\n"
        f"       -H 'Authorization: Bearer {info.token}' \\\n"
        f"       -H 'Content-Type: application/json' -d '{{\"body\": \"Hello from the desk\"}}'\n"
        f"API reference: {base}/api/docs\n"
    )
    if every > 0:
        click.echo(f"A new update will arrive every {every:g} seconds. Ctrl-C stops the demo.\n")

    async def live_updates(app: object) -> None:
        if every > 0:
            await publish_live_updates(app.database, info.slug, info.live_updates, every)  # type: ignore[attr-defined]

    run_server(settings, also=live_updates)


@main.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@click.option("--database", help=DATABASE_HELP)
def db_upgrade(database: str | None) -> None:
    """Create or migrate the schema to the latest version."""
    handle = Database(_settings(database_url=database).database_url)
    migrate.upgrade(handle)
    click.echo(f"Schema is at revision {migrate.current_revision(handle)}.")
    handle.close()


@main.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--database", help=DATABASE_HELP)
def backup_command(path: Path, database: str | None) -> None:
    """Write a consistent backup to PATH, while the server keeps serving.

    SQLite: a copy of the file (online backup). PostgreSQL: a pg_dump archive.
    """
    url = _settings(database_url=database).database_url
    with Progress(transient=True) as bar:
        task = bar.add_task("Backing up", total=None)
        try:
            backup.backup(
                url, path, lambda done, total: bar.update(task, completed=done, total=total)
            )
        except DomainError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {path} ({path.stat().st_size:,} bytes).")


@main.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--database", help=DATABASE_HELP)
@click.option("--replace", is_flag=True, help="Replace a database that already holds data.")
def restore_command(path: Path, database: str | None, replace: bool) -> None:
    """Restore the backup at PATH as the database (stop the server first)."""
    url = _settings(database_url=database).database_url
    try:
        backup.restore(url, path, replace=replace)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    handle = Database(url)
    migrate.upgrade(handle)  # a backup from an older release comes up to date
    handle.close()
    click.echo(f"Restored {path}.")


@main.group()
def user() -> None:
    """People on the desk."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "editor", "contributor"]), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--database", help=DATABASE_HELP)
def user_add(name: str, role: str, password_stdin: bool, database: str | None) -> None:
    """Add a person to the desk with a role."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    handle = _database(database)
    try:
        handle.run_write(people.add_user, name, role, password)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    finally:
        handle.close()
    click.echo(f"Added {name} ({role}).")


@main.group()
def token() -> None:
    """API tokens."""


@token.command("create")
@click.option("--user", "user_name", required=True, help="Whose token it is.")
@click.option("--label", default="", help="A note to recognise the token by.")
@click.option("--database", help=DATABASE_HELP)
def token_create(user_name: str, label: str, database: str | None) -> None:
    """Create an API token; it is printed once, last on its line."""
    handle = _database(database)
    try:
        new_token = handle.run_write(people.create_token, user_name, label)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    finally:
        handle.close()
    click.echo(f"API token for {user_name} (shown once; keep it secret): {new_token}")
