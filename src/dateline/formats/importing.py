"""Import a file into a blog: pick the importer by content, write in one transaction.

The CLI (`dateline import`), the API (`POST /api/v1/import`) and the desk's upload
form all call `import_file`. A plan from a legacy file or a LiveBlogPosting page is
written through the store's own commands (`create_blog`, `create_post`), so every
field meets the rules typed content meets; Dateline's own export is written back
whole (`store/blog_record.py`). Anything wrong anywhere and nothing is written. A
dry run does the whole import and then rolls it back, so what it reports is exactly
what a real run would create.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any, Literal

from ..domain.blog import is_blog_slug
from ..domain.errors import FieldError, Invalid
from ..domain.fields import FieldReader
from ..domain.roles import Actor, Role, require
from ..domain.times import iso, zone
from ..store.blog_commands import create_blog
from ..store.blog_record import BlogRecord, blog_exists, write_blog_record
from ..store.database import Database, Tx
from ..store.post_commands import create_post
from ..store.queries import get_blog, intro_entry
from . import export_json
from .legacy_html import lines_of_html, looks_like_html
from .legacy_text import lines_of_text, looks_like_legacy, plan_legacy
from .liveblog_jsonld import find_live_blog, plan_json_ld
from .plan import ImportPlan, Unplaced, unreadable

Format = Literal["auto", "dateline", "json-ld", "html", "text"]
FORMATS: tuple[str, ...] = ("auto", "dateline", "json-ld", "html", "text")
MAX_IMPORT_BYTES = 64 << 20
Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    """What an import created (or, dry, would create), and what it could not place."""

    format: str
    slug: str
    dry_run: bool
    created_blog: bool = False
    posts: list[dict[str, Any]] = field(default_factory=list)  # {kind, published_at, blocks}
    unplaced: list[Unplaced] = field(default_factory=list)

    @property
    def updates(self) -> int:
        return sum(1 for p in self.posts if p["kind"] == "update")

    def to_document(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "blog": self.slug,
            "dry_run": self.dry_run,
            "created_blog": self.created_blog,
            "updates": self.updates,
            "intro": any(p["kind"] == "intro" for p in self.posts),
            "posts": self.posts,
            "unplaced": [
                {"where": u.where, "text": u.text, "reason": u.reason} for u in self.unplaced
            ],
        }


class _RolledBack(Exception):
    """Ends a dry run's transaction after the whole import was done in it."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report


def decode(content: bytes) -> str:
    if len(content) > MAX_IMPORT_BYTES:
        raise unreadable("file", f"is over the limit of {MAX_IMPORT_BYTES:,} bytes")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise unreadable(f"line {line}", "is not UTF-8 text") from None


def read_file(
    text: str, *, format: str = "auto", day: date | None = None, zone: tzinfo = UTC
) -> ImportPlan | BlogRecord:
    """The plan (or, for Dateline's own export, the record) a file holds."""
    if format not in FORMATS:
        raise Invalid.one("format", f"must be one of: {', '.join(FORMATS)}")
    stripped = text.lstrip()
    if format == "dateline" or (format == "auto" and stripped.startswith("{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise unreadable(f"line {error.lineno}", f"is not JSON ({error.msg})") from None
        except RecursionError:
            raise unreadable("file", "is nested too deeply to be a Dateline export") from None
        if not export_json.is_export(data):
            raise unreadable("format", f"is not {export_json.FORMAT!r}: not a Dateline export")
        return export_json.record_from_document(data)
    is_html = looks_like_html(text)
    if format == "json-ld" or (format == "auto" and is_html and find_live_blog(text)):
        return plan_json_ld(text)
    if format == "html" or (format == "auto" and is_html):
        return plan_legacy(lines_of_html(text), day=day, zone=zone, format_name="legacy-html")
    lines = lines_of_text(text)
    if format == "auto" and not looks_like_legacy(lines):
        raise unreadable(
            "file", "Dateline does not recognise it: no UPDATE markers, no LiveBlogPosting, "
            "not a Dateline export",
        )  # fmt: skip
    return plan_legacy(lines, day=day, zone=zone)


def import_file(
    database: Database,
    content: bytes,
    slug: str,
    actor: Actor,
    *,
    format: str = "auto",
    day: date | None = None,
    zone: tzinfo = UTC,
    into_existing: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Read and write one file in one transaction (on the caller's thread)."""
    require(actor.role, Role.EDITOR, "Importing a live blog")
    found = read_file(decode(content), format=format, day=day, zone=zone)
    try:
        return database.run_write(
            write_import, found, slug, actor,
            into_existing=into_existing, dry_run=dry_run, progress=progress,
        )  # fmt: skip
    except _RolledBack as done:
        return done.report


def write_import(
    tx: Tx,
    found: ImportPlan | BlogRecord,
    slug: str,
    actor: Actor,
    *,
    into_existing: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Write what a file holds; a dry run raises at the end so the transaction rolls back."""
    if isinstance(found, BlogRecord):
        report = _write_record(tx, found, slug, dry_run, progress)
    else:
        report = _write_plan(tx, found, slug, actor, into_existing, dry_run, progress)
    if dry_run:
        raise _RolledBack(report)
    return report


def _write_record(
    tx: Tx, record: BlogRecord, slug: str, dry_run: bool, progress: Progress | None
) -> ImportReport:
    if blog_exists(tx.conn, slug):
        raise Invalid.one(
            "blog", f"a blog {slug!r} already exists; an export restores a whole blog, "
            "so import it under a new slug",
        )  # fmt: skip
    total = len(record.posts)
    write_blog_record(
        tx, record, slug, progress=(lambda n: progress(n, total)) if progress else None
    )
    report = ImportReport(export_json.FORMAT, slug, dry_run, created_blog=True)
    report.posts = [_summary(p.kind, p.published_at, len(p.blocks)) for p in record.posts]
    return report


def _write_plan(
    tx: Tx,
    plan: ImportPlan,
    slug: str,
    actor: Actor,
    into_existing: bool,
    dry_run: bool,
    progress: Progress | None,
) -> ImportReport:
    report = ImportReport(plan.format, slug, dry_run, unplaced=list(plan.unplaced))
    if blog_exists(tx.conn, slug):
        if not into_existing:
            raise Invalid.one(
                "blog", f"a blog {slug!r} already exists; to add these updates to it, "
                "import again with --into-existing (into_existing=true in the API)",
            )  # fmt: skip
    else:
        try:
            created, _ = create_blog(tx, {**plan.blog, "slug": slug}, actor)
        except Invalid as error:
            raise _at("the blog", error) from None
        actor = actor.joined(created.id)  # who creates a blog works on it: so may this import
        report.created_blog = True
    blog = get_blog(tx.conn, slug)
    has_intro = intro_entry(tx.conn, blog.id, include_unpublished=True) is not None
    total = len(plan.posts)
    for done, post in enumerate(plan.posts, start=1):
        if post.kind == "intro" and has_intro:
            report.unplaced.append(
                Unplaced(post.where, "the intro entry", "the blog already has an intro entry")
            )
            continue
        raw = {
            "kind": post.kind, "status": "published", "published_at": post.published_at,
            "blocks": post.blocks, **({"key_event": post.key_event} if post.key_event else {}),
        }  # fmt: skip
        try:
            create_post(tx, slug, raw, actor)
        except Invalid as error:
            raise _at(post.where, error) from None
        report.posts.append(_summary(post.kind, post.published_at, len(post.blocks)))
        if progress:
            progress(done, total)
    return report


def _summary(kind: str, published_at: datetime | None, blocks: int) -> dict[str, Any]:
    return {"kind": kind, "published_at": iso(published_at), "blocks": blocks}


def _at(where: str, error: Invalid) -> Invalid:
    """An error of the rules, told as where in the file it is."""
    return Invalid([FieldError("file", f"{where}: {e.field} {e.message}") for e in error.errors])


@dataclass(frozen=True)
class ImportOptions:
    """How to import a file, as the API and the desk's upload form give them."""

    slug: str
    format: str = "auto"
    day: date | None = None
    zone: tzinfo = UTC
    into_existing: bool = False
    dry_run: bool = False


def check_import_options(raw: Mapping[str, Any]) -> ImportOptions:
    """Read the options of an upload (form fields or query parameters: all text)."""
    r = FieldReader({k: _flag(v) if k in _FLAGS else v for k, v in raw.items()})
    slug = r.text("blog", limit=80, multiline=False, message="is required: the blog's slug")
    if slug and not is_blog_slug(slug):
        r.problems.add("blog", f"{slug[:80]!r} is not a blog slug (lowercase letters, digits, -)")
    format_name = r.choice("format", FORMATS, required=False) or "auto"
    day = None
    if text := r.text("date", required=False, limit=10, multiline=False):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            r.problems.add("date", f"{text!r} is not a day such as 2016-12-12")
    tz: tzinfo = UTC
    if name := r.text("tz", required=False, limit=64, multiline=False):
        try:
            tz = zone(name, "tz")
        except Invalid as error:
            r.problems.extend(error)
    into_existing = r.boolean("into_existing") or False
    dry_run = r.boolean("dry_run") or False
    r.problems.raise_if_any()
    return ImportOptions(slug, format_name, day, tz, into_existing, dry_run)


_FLAGS = frozenset({"into_existing", "dry_run"})


def _flag(value: object) -> object:
    """Form and query values are text: "true", "1", "on" and "yes" mean yes."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "1", "on", "yes"):
            return True
        if lowered in ("false", "0", "off", "no", ""):
            return False
    return value


async def import_upload(
    database: Database, content: bytes, options: ImportOptions, actor: Actor
) -> ImportReport:
    """`import_file` for the server (the API, the desk's upload form): reading the file
    runs off the event loop, writing on the database's writer."""
    require(actor.role, Role.EDITOR, "Importing a live blog")
    found = await asyncio.to_thread(
        lambda: read_file(
            decode(content), format=options.format, day=options.day, zone=options.zone
        )
    )
    try:
        return await database.write(
            write_import, found, options.slug, actor,
            into_existing=options.into_existing, dry_run=options.dry_run,
        )  # fmt: skip
    except _RolledBack as done:
        return done.report


def describe_report(report: ImportReport) -> str:
    """The report as the CLI prints it: what was (or would be) created, what was left out."""
    verb = "Would create" if report.dry_run else "Created"
    lines = []
    if report.created_blog:
        lines.append(f"{verb} the blog {report.slug!r} ({report.format}).")
    else:
        lines.append(f"Into the existing blog {report.slug!r} ({report.format}):")
    intro = [p for p in report.posts if p["kind"] == "intro"]
    lines.append(
        f"{verb} {report.updates} update{'' if report.updates == 1 else 's'}"
        + (" and the intro entry." if intro else ".")
    )
    for post in report.posts:
        lines.append(f"  {post['published_at']}  {post['kind']:<6}  {post['blocks']} blocks")
    if report.unplaced:
        lines.append(f"Could not place {len(report.unplaced)}:")
        lines += [f"  {u.where}: {u.reason}: {u.text[:100]}" for u in report.unplaced]
    if report.dry_run:
        lines.append("Dry run: nothing was kept.")
    return "\n".join(lines)
