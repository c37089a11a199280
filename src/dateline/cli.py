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

from . import collector, logs
from .domain.errors import DomainError
from .formats.importing import FORMATS, describe_report, import_file
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
    server = uvicorn.Server(server_config(app, settings))

    async def serve_with_extras() -> None:
        extras = [asyncio.create_task(_after_start(server, _freeze_startup_heap, app))]
        if also:
            extras.append(asyncio.create_task(_after_start(server, also, app)))
        try:
            await server.serve(sockets=[sock] if sock else None)
        finally:
            for extra in extras:
                extra.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await extra

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(serve_with_extras())


def server_config(app: object, settings: Settings) -> uvicorn.Config:
    """How `serve` runs the app. The app goes to uvicorn as it is: the live stream writes
    through uvicorn's own `send` and transports (see web/app.py), so nothing may wrap it."""
    from .web.connections import server_options

    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        host=settings.host,
        port=settings.port,
        loop="none",
        # httptools, with deadlines for request heads and bodies and a per-client cap.
        **server_options(settings, getattr(app, "quick_answer", None)),
        lifespan="on",
        backlog=4096,
        timeout_graceful_shutdown=5,
        log_level="info",
        access_log=False,
        # JSON logs: uvicorn's lines go through the root logger's JSON formatter too.
        log_config=None if settings.log_format == "json" else uvicorn.config.LOGGING_CONFIG,
    )


async def _freeze_startup_heap(_app: object) -> None:
    """What starting built lives as long as the process: out of the collector's way
    (collector.py), so full collections no longer pause every reader to walk it."""
    collector.watch_full_collections()
    frozen = collector.freeze_startup_heap()
    logging.getLogger(__name__).info("froze %d objects built at start-up", frozen)


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
        f"Sign in to the desk at {base}/desk/login\n"
        f"  name: {info.editor}\n"
        f"  password: {info.password}\n\n"
        f"Or publish an update through the API with this token:\n"
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


@token.command("list")
@click.option("--user", "user_name", help="Only this person's tokens.")
@click.option("--database", help=DATABASE_HELP)
def token_list(user_name: str | None, database: str | None) -> None:
    """List API tokens (never their secrets), revoked ones marked."""
    handle = _database(database)
    try:
        found = handle.run_read(people.list_tokens, user_name)
    finally:
        handle.close()
    if not found:
        click.echo("No tokens.")
    for item in found:
        made = item.created_at.strftime("%Y-%m-%d %H:%M UTC")
        state = "active"
        if item.revoked_at is not None:
            state = f"revoked {item.revoked_at:%Y-%m-%d %H:%M UTC} by {item.revoked_by}"
        label = f"  {item.label}" if item.label else ""
        click.echo(f"{item.id}\t{item.user}\tmade {made}\t{state}{label}")


@token.command("revoke")
@click.argument("token_id", type=click.IntRange(1, (1 << 63) - 1))
@click.option("--database", help=DATABASE_HELP)
def token_revoke(token_id: int, database: str | None) -> None:
    """Revoke an API token by its id (from `dateline token list`): it stops working at once."""
    handle = _database(database)
    try:
        revoked = handle.run_write(people.revoke_token, token_id)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    finally:
        handle.close()
    click.echo(f"Revoked token {revoked.id} of {revoked.user}.")


# -- import and export (see docs/import-export.md) ----------------------------------


@main.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--blog", "slug", required=True, help="The blog to create (or, with --into-existing, add to)."
)
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]),
              help="Day of the newest update (legacy text); else from embedded posts.")  # fmt: skip
@click.option("--tz", "zone_name", default="UTC", show_default=True,
              help="Time zone of update times that do not name one (legacy text).")  # fmt: skip
@click.option(
    "--dry-run", is_flag=True, help="Do the whole import, print what it would create, keep nothing."
)
@click.option("--format", "format_name", type=click.Choice(FORMATS), default="auto",
              show_default=True, help="The file's kind; auto decides by its content.")  # fmt: skip
@click.option(
    "--into-existing", is_flag=True, help="Add the updates to a blog that already exists."
)
@click.option("--with-media", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Pictures (from export --with-media) to put into the media store.")  # fmt: skip
@click.option(
    "--as",
    "as_name",
    default="import",
    show_default=True,
    help="Name recorded as the updates' writer.",
)
@click.option("--database", help=DATABASE_HELP)
def import_command(
    path: Path, slug: str, day: Any, zone_name: str, dry_run: bool, format_name: str,
    into_existing: bool, with_media: Path | None, as_name: str, database: str | None,
) -> None:  # fmt: skip
    """Import a live blog from PATH: legacy text or HTML, a LiveBlogPosting page, an export."""
    from .domain.roles import Actor, Role
    from .domain.times import zone
    from .store.blog_record import blog_exists

    try:
        tz = zone(zone_name, "--tz")
    except DomainError as error:
        raise click.UsageError(str(error)) from None
    handle = _database(database)
    try:
        exists = handle.run_read(blog_exists, slug)
        if exists and not into_existing and sys.stdin.isatty() and format_name != "dateline":
            into_existing = click.confirm(
                f"A blog {slug!r} already exists. Add these updates to it?"
            )
        with Progress(transient=True) as bar:
            task = bar.add_task(f"Importing {path.name}", total=None)
            report = import_file(
                handle, path.read_bytes(), slug, Actor(as_name, Role.EDITOR),
                format=format_name, day=day.date() if day else None, zone=tz,
                into_existing=into_existing, dry_run=dry_run,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )  # fmt: skip
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    finally:
        handle.close()
    click.echo(describe_report(report))
    if with_media is not None and not dry_run:
        stored = _put_media(_settings(database_url=database).media_store, with_media)
        click.echo(f"Put {stored} media files into the media store.")


@main.command("export")
@click.option("--blog", "slug", required=True, help="The blog to export.")
@click.option("--format", "format_name", type=click.Choice(["json", "html"]), default="json",
              show_default=True, help="json: everything; html: a static archive.")  # fmt: skip
@click.option("--output", type=click.Path(path_type=Path),
              help="File (json; default: standard output) or folder (html).")  # fmt: skip
@click.option("--with-media", type=click.Path(file_okay=False, path_type=Path),
              help="Also copy the blog's pictures into this folder (json).")  # fmt: skip
@click.option("--database", help=DATABASE_HELP)
def export_command(
    slug: str, format_name: str, output: Path | None, with_media: Path | None, database: str | None
) -> None:
    """Export a blog: one JSON document with everything, or a static HTML archive."""
    from .formats.export_json import export_bytes
    from .store.blog_record import read_blog_record

    settings = _settings(database_url=database)
    handle = _database(database)
    try:
        record = handle.run_read(read_blog_record, slug)
        now = handle.clock()
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    finally:
        handle.close()
    if format_name == "json":
        data = export_bytes(record)
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            output.write_bytes(data)
            click.echo(f"Exported {slug} to {output} ({len(data):,} bytes).", err=True)
        if with_media is not None:
            names = sorted({r.name for item in record.media for r in item.renditions})
            missing = _copy_media(settings.media_store, names, with_media)
            click.echo(f"Copied {len(names) - len(missing)} media files to {with_media}.", err=True)
            for name in missing:
                click.echo(f"Missing from the media store: {name}", err=True)
        return
    from .render.archive import build_archive, write_archive

    folder = output or Path(f"{slug}-archive")
    archive = build_archive(record, now)
    pictures = _read_media(settings.media_store, archive.media_names)
    missing = write_archive(archive, folder, pictures)
    click.echo(f"Wrote the archive of {slug} to {folder}/ ({len(archive.pages)} pages).")
    for name in missing:
        click.echo(f"Missing from the media store: {name}", err=True)


def _read_media(store: str, names: list[str]) -> dict[str, bytes]:
    from .media.storage import storage_for

    storage = storage_for(store)

    async def read_all() -> dict[str, bytes]:
        found = {}
        for name in names:
            content = await storage.get(name)
            if content is not None:
                found[name] = content
        return found

    return asyncio.run(read_all())


def _put_media(store: str, folder: Path) -> int:
    """Put the pictures of an export's media folder into this server's store."""
    from .media.storage import NAME, storage_for

    storage = storage_for(store)
    found = [p for p in sorted(folder.iterdir()) if p.is_file() and NAME.match(p.name)]

    async def put_all() -> None:
        for path in found:
            await storage.put(path.name, path.read_bytes())

    asyncio.run(put_all())
    return len(found)


def _copy_media(store: str, names: list[str], folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    found = _read_media(store, names)
    for name, content in found.items():
        (folder / name).write_bytes(content)
    return [name for name in names if name not in found]


@main.group()
def site() -> None:
    """The publisher's name, logo, home URL and the site's language."""


@site.command("show")
@click.option("--database", help=DATABASE_HELP)
def site_show(database: str | None) -> None:
    """Show the site's settings, and which ones are stored (the rest come from DATELINE_*)."""
    from .store.site_settings import stored_site
    from .web.site_state import SiteState

    settings = _settings(database_url=database)
    handle = _database(database)
    try:
        shown = SiteState(settings, handle).describe(handle.run_read(stored_site))
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    finally:
        handle.close()
    stored = shown.pop("stored")
    assert isinstance(stored, list)
    for name, value in shown.items():
        click.echo(f"{name}={value}" + ("  (stored)" if name in stored else ""))


@site.command("set")
@click.argument("assignments", nargs=-1, required=True, metavar="NAME=VALUE...")
@click.option("--database", help=DATABASE_HELP)
def site_set(assignments: tuple[str, ...], database: str | None) -> None:
    """Store site settings: publisher_name, publisher_logo, home_url, language.

    They win over the DATELINE_* environment; running servers pick them up within seconds.
    """
    from .store.site_settings import set_site

    raw: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        if not equals:
            raise click.UsageError(f"{assignment!r} is not NAME=VALUE")
        raw[name.strip()] = value
    handle = _database(database)
    try:
        handle.run_write(set_site, raw, None)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    finally:
        handle.close()
    click.echo("Stored: " + ", ".join(sorted(raw)) + ".")


@site.command("unset")
@click.argument("names", nargs=-1, required=True)
@click.option("--database", help=DATABASE_HELP)
def site_unset(names: tuple[str, ...], database: str | None) -> None:
    """Forget stored site settings: the environment's values apply again."""
    from .store.site_settings import unset_site

    handle = _database(database)
    try:
        handle.run_write(unset_site, list(names), None)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    finally:
        handle.close()
    click.echo("Forgotten: " + ", ".join(sorted(names)) + ".")
