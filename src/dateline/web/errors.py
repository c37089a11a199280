"""The one place where domain errors become HTTP responses.

Every 422 names each bad field the same way, whether FastAPI's type checks or
the domain's rules found it: `{"detail": [{"field", "msg", "loc", "type"}]}`.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..domain.errors import Conflict, Forbidden, Invalid, NotAuthenticated, NotFound

# Query parameters the domain may complain about; everything else is in the body.
_QUERY_FIELDS = frozenset({"cursor", "after", "limit", "order"})


def field_errors(error: Invalid) -> list[dict[str, Any]]:
    out = []
    for e in error.errors:
        where = "query" if e.field in _QUERY_FIELDS else "body"
        out.append({"field": e.field, "msg": e.message, "loc": [where, e.field], "type": "invalid"})
    return out


def install(api: FastAPI) -> None:
    @api.exception_handler(Invalid)
    async def invalid(_: Request, error: Invalid) -> JSONResponse:
        return JSONResponse({"detail": field_errors(error)}, status_code=422)

    @api.exception_handler(RequestValidationError)
    async def malformed(_: Request, error: RequestValidationError) -> JSONResponse:
        detail = []
        for e in error.errors():
            loc = [str(part) for part in e["loc"]]
            field = ".".join(loc[1:]) if loc[0] in ("body", "query", "path") else ".".join(loc)
            detail.append(
                {"field": field or loc[0], "msg": e["msg"], "loc": loc, "type": e["type"]}
            )
        return JSONResponse({"detail": detail}, status_code=422)

    @api.exception_handler(Conflict)
    async def conflict(_: Request, error: Conflict) -> JSONResponse:
        return JSONResponse(
            {"detail": str(error), "current_version": error.current_version}, status_code=409
        )

    @api.exception_handler(NotFound)
    async def not_found(_: Request, error: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=404)

    @api.exception_handler(Forbidden)
    async def forbidden(_: Request, error: Forbidden) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=403)

    @api.exception_handler(NotAuthenticated)
    async def unauthenticated(_: Request, error: NotAuthenticated) -> JSONResponse:
        return JSONResponse(
            {"detail": str(error)}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )

    @api.exception_handler(HTTPException)
    async def http_error(_: Request, error: HTTPException) -> JSONResponse:
        # Unknown paths and methods get JSON too, like every other API error.
        return JSONResponse(
            {"detail": error.detail}, status_code=error.status_code, headers=error.headers
        )
