"""Import and export over the API: `POST /api/v1/import` and `GET /api/v1/blogs/{slug}/export`.

An import is sent either as a form (`file` and the options as fields) or as the
file itself for the body, with the options in the query (`?blog=syria&date=…`).
It is the CLI's import (`formats/importing.py`): one transaction, a dry run that
keeps nothing, the report of what it made and what it could not place. Editors and
admins only: an import writes a whole blog, an export shows drafts and the record.
"""

from __future__ import annotations

import copy
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.datastructures import UploadFile

from ..domain.errors import Invalid
from ..domain.roles import Actor, Role, require
from ..formats.export_json import export_bytes
from ..formats.importing import MAX_IMPORT_BYTES, check_import_options, import_upload
from ..store.blog_record import read_blog_record
from .auth import Writer
from .deps import App

router = APIRouter(tags=["import and export"])
# A form carries a little more than its file: boundaries and the options.
FORM_OVERHEAD = 64 * 1024
IMPORT_PATH = "/api/v1/import"
BLOG_IMPORT_PATH = "/api/v1/blogs/*/import"  # the body limit's pattern for the route below
_OPTIONS = ("blog", "date", "tz", "format", "into_existing", "dry_run")
_IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "blog"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "blog": {"type": "string"},
                        "date": {"type": "string", "format": "date"},
                        "tz": {"type": "string"},
                        "format": {
                            "type": "string",
                            "enum": ["auto", "dateline", "json-ld", "html", "text"],
                        },
                        "into_existing": {"type": "boolean"},
                        "dry_run": {"type": "boolean"},
                    },
                }
            },
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "object"}},
        },
    }
}


_BLOG_IMPORT_BODY: dict[str, Any] = copy.deepcopy(_IMPORT_BODY)
_form = _BLOG_IMPORT_BODY["requestBody"]["content"]["multipart/form-data"]["schema"]
_form["required"] = ["file"]
del _form["properties"]["blog"]


def body_limit() -> int:
    """The largest import request read: the largest file, and the form around it."""
    return MAX_IMPORT_BYTES + FORM_OVERHEAD


@router.post(IMPORT_PATH, status_code=200, openapi_extra=_IMPORT_BODY)
async def import_blog(request: Request, app: App, actor: Writer) -> dict[str, Any]:
    """Import a live blog (legacy text or HTML, a LiveBlogPosting page, a Dateline export).

    Options (form fields, or query parameters when the body is the file): `blog` (the
    slug), `date` and `tz` (legacy text), `format`, `into_existing`, `dry_run`.
    Answers the import report; a file that cannot be imported is a 422 naming the line
    or element, and nothing is written.
    """
    return await _import(request, app, actor, {})


@router.post("/api/v1/blogs/{slug}/import", status_code=200, openapi_extra=_BLOG_IMPORT_BODY)
async def import_into_blog(request: Request, app: App, slug: str, actor: Writer) -> dict[str, Any]:
    """The same import, for the blog named in the path (the `blog` option is not needed)."""
    return await _import(request, app, actor, {"blog": slug})


async def _import(
    request: Request, app: App, actor: Actor, fixed: dict[str, str]
) -> dict[str, Any]:
    require(actor.role, Role.EDITOR, "Importing a live blog")
    raw: dict[str, Any] = {k: v for k, v in request.query_params.items() if k in _OPTIONS}
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        async with request.form(max_files=1, max_fields=20) as form:
            upload = form.get("file")
            raw.update({k: v for k, v in form.items() if k in _OPTIONS and isinstance(v, str)})
            if not isinstance(upload, UploadFile):
                raise Invalid.one("file", "is required: send the file as the form's `file`")
            content = await upload.read()
    else:
        content = await request.body()
    if not content:
        raise Invalid.one("file", "is empty: send the file to import")
    options = check_import_options({**raw, **fixed})
    report = await import_upload(app.database, content, options, actor)
    return report.to_document()


@router.get("/api/v1/blogs/{slug}/export")
async def export_blog(app: App, slug: str, actor: Writer) -> Response:
    """The blog's whole record as one JSON document (`dateline export --format json`)."""
    require(actor.role, Role.EDITOR, "Exporting a blog")
    record = await app.database.read(read_blog_record, slug)
    return Response(
        export_bytes(record),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{slug}.dateline.json"'},
    )
