"""The one place where errors become HTTP responses.

`describe` picks the status and the words once; then the API answers JSON and
every other path answers an HTML page in the reader's language (as Datasette's
`handle_exception` does). Every 422 names each bad field the same way, whether
FastAPI's type checks or the domain's rules found it:
`{"detail": [{"field", "msg", "loc", "type"}]}`.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from ..domain.errors import Conflict, Forbidden, Invalid, NotAuthenticated, NotFound
from ..render.renderer import Renderer

log = logging.getLogger(__name__)

# Query parameters the domain may complain about; everything else is in the body.
_QUERY_FIELDS = frozenset({"cursor", "after", "limit", "order", "kind", "at"})
RETRY_AFTER_S = 5


class Gone(Exception):
    """Something that existed and was removed: 410, with a way back."""

    def __init__(self, message: str, back_url: str, back_label: str) -> None:
        super().__init__(message)
        self.back_url = back_url
        self.back_label = back_label


def field_errors(error: Invalid) -> list[dict[str, Any]]:
    out = []
    for e in error.errors:
        where = "query" if e.field in _QUERY_FIELDS else "body"
        out.append({"field": e.field, "msg": e.message, "loc": [where, e.field], "type": "invalid"})
    return out


def _validation_errors(error: RequestValidationError) -> list[dict[str, Any]]:
    detail = []
    for e in error.errors():
        loc = [str(part) for part in e["loc"]]
        field = ".".join(loc[1:]) if loc[0] in ("body", "query", "path") else ".".join(loc)
        detail.append({"field": field or loc[0], "msg": e["msg"], "loc": loc, "type": e["type"]})
    return detail


def describe(error: Exception) -> tuple[int, dict[str, Any], dict[str, str]]:
    """The status, JSON body and headers for an error: the one mapping."""
    if isinstance(error, Invalid):
        return 422, {"detail": field_errors(error)}, {}
    if isinstance(error, RequestValidationError):
        return 422, {"detail": _validation_errors(error)}, {}
    if isinstance(error, Conflict):
        return 409, {"detail": str(error), "current_version": error.current_version}, {}
    if isinstance(error, NotFound):
        return 404, {"detail": str(error)}, {}
    if isinstance(error, Gone):
        return 410, {"detail": str(error)}, {}
    if isinstance(error, Forbidden):
        return 403, {"detail": str(error)}, {}
    if isinstance(error, NotAuthenticated):
        return 401, {"detail": str(error)}, {"WWW-Authenticate": "Bearer"}
    if isinstance(error, HTTPException):
        return error.status_code, {"detail": error.detail}, dict(error.headers or {})
    if isinstance(error, OperationalError):
        log.error("database unavailable: %s", error.orig)
        detail = "The database is not answering; try again in a few seconds."
        return 503, {"detail": detail}, {"Retry-After": str(RETRY_AFTER_S)}
    raise error


_PAGE_TITLES = {
    400: "That link is broken",
    401: "Please sign in",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed",
    408: "Too slow",
    410: "This was removed",
    413: "Too large",
    422: "That request could not be used",
    503: "Back in a moment",
}
_PAGE_MESSAGES = {
    404: "There is nothing at this address. It may have been mistyped.",
    503: "Dateline is busy or its database is not answering. Try again in a few seconds.",
}


_NOT_FOUND = {
    "blog": ("No such live blog", "There is no live blog at this address."),
    "update": ("Update not found", "This update does not exist, or is not public."),
}


def html_error(renderer: Renderer, error: Exception) -> HTMLResponse:
    """An error as a page, for readers (every path outside `/api/`)."""
    if isinstance(error, RequestValidationError) and any(
        e["loc"][0] == "path" for e in error.errors()
    ):
        error = NotFound("page", "")  # a mistyped address (`/blog/updates/abc`) is not found
    status, body, headers = describe(error)
    title = _PAGE_TITLES.get(status, "Something went wrong")
    message = _PAGE_MESSAGES.get(status) or _words(body["detail"])
    if isinstance(error, NotFound) and error.kind in _NOT_FOUND:
        title, message = _NOT_FOUND[error.kind]
    back = (error.back_url, error.back_label) if isinstance(error, Gone) else None
    page = renderer.error_page(status, title, message, back=back)
    headers = {**headers, "Cache-Control": "public, max-age=5"}
    return HTMLResponse(page, status_code=status, headers=headers)


def _words(detail: Any) -> str:
    if isinstance(detail, list):
        return "; ".join(f"{d.get('field')}: {d.get('msg')}" for d in detail)
    return str(detail)


def install(api: FastAPI, renderer: Renderer) -> None:
    """Answer every error once: JSON under `/api/`, a page everywhere else."""

    async def handle(request: Request, error: Exception) -> Response:
        if (renderer.urls.route(request.url.path) or "").startswith("/api/"):
            status, body, headers = describe(error)
            return JSONResponse(body, status_code=status, headers=headers)
        return html_error(renderer, error)

    for kind in (
        Invalid, RequestValidationError, Conflict, NotFound, Gone, Forbidden,
        NotAuthenticated, HTTPException, OperationalError,
    ):  # fmt: skip
        api.add_exception_handler(kind, handle)
