"""Importing a live blog from the desk, for editors and admins: the API's import
(`web/api_import_export.py`) as an upload form, its report or its error on the page.

The body is bounded before it is read (`app.py` gives this path the import's limit);
a file that cannot be imported names the line, and nothing is written.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from ...domain.errors import Invalid
from ...domain.roles import Role, require
from ...formats.importing import FORMATS, check_import_options, import_upload
from ...store.members import blogs_for
from ...store.sessions import DeskSession
from .pages import dateline, desk_page, field_messages
from .session import DeskSessionOf

router = APIRouter(include_in_schema=False)
PATH = "/desk/import"
Option = Annotated[str | None, Form(max_length=200)]  # None: not sent
FORMAT_CHOICES = [
    ("auto", "Find out from the file"), ("dateline", "Dateline export (JSON)"),
    ("json-ld", "A page with LiveBlogPosting"), ("html", "HTML"), ("text", "Legacy text"),
]  # fmt: skip
assert [value for value, _ in FORMAT_CHOICES] == list(FORMATS)


def _editor(session: DeskSession) -> None:
    require(session.actor.role, Role.EDITOR, "Importing a live blog")


async def _import_page(
    request: Request,
    session: DeskSession,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    report: dict[str, Any] | None = None,
) -> HTMLResponse:
    app = dateline(request)
    found = await app.database.read(blogs_for, session.actor)
    return desk_page(
        request, "import.html", session, status=status, nav="import", blogs=found,
        formats=FORMAT_CHOICES, errors=errors or {}, typed=typed or {}, report=report,
    )  # fmt: skip


@router.get(PATH)
async def import_page(request: Request, session: DeskSessionOf) -> HTMLResponse:
    _editor(session)
    return await _import_page(request, session)


@router.post(PATH)
async def import_file(
    request: Request,
    session: DeskSessionOf,
    file: Annotated[UploadFile | None, File()] = None,
    blog: Option = None,
    date: Option = None,
    tz: Option = None,
    format: Option = None,
    into_existing: Option = None,
    dry_run: Option = None,
) -> HTMLResponse:
    # The file is a FastAPI parameter, so the form is read (within the body limit) and
    # closed by FastAPI, whatever happens here.
    _editor(session)
    sent = {"blog": blog, "date": date, "tz": tz, "format": format,
            "into_existing": into_existing, "dry_run": dry_run}  # fmt: skip
    typed = {name: value for name, value in sent.items() if value is not None}
    try:
        content = await file.read() if file is not None else b""
        if not content:
            raise Invalid.one("file", "is required: choose the file to import")
        options = check_import_options(typed)
        report = await import_upload(dateline(request).database, content, options, session.actor)
    except Invalid as error:
        return await _import_page(
            request, session, status=422, errors=field_messages(error), typed=typed
        )
    return await _import_page(request, session, typed=typed, report=report.to_document())
