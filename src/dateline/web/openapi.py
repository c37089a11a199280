"""The OpenAPI document says what the API really does: which reads take a token but do
not need one, and the error answers every operation may give (schemathesis checks it)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

_ERROR = {
    "type": "object",
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "object"}},
            ]
        },
        "current_version": {"type": "integer"},
    },
    "required": ["detail"],
}
_ERRORS = {
    "400": "The request is malformed.",
    "401": "No token, or one this server does not know.",
    "403": "Your role does not allow this.",
    "404": "No such blog or update, or one you may not see.",
    "408": "The body arrived too slowly.",
    "409": "Someone saved since you loaded it (`current_version`).",
    "413": "The body is over its limit.",
    "422": "Bad input: `detail` names each field and the problem.",
    "503": "The database is not answering; try again (`Retry-After`).",
}


# Honoured on every POST (see idempotency.py).
_IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Send the same key to retry a request safely: the first answer comes "
    "back again (`Idempotent-Replayed: true`) and nothing is done twice. The same key with "
    "another body is a 422. Kept for 24 hours, per person.",
    "schema": {"type": "string", "maxLength": 200},
}


def install(api: FastAPI) -> None:
    """Replace `api.openapi` with one that documents optional tokens and error answers."""

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is not None:
            return api.openapi_schema
        schema = get_openapi(
            title=api.title, version=api.version, summary=api.summary, routes=api.routes
        )
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["Error"] = _ERROR
        components.get("securitySchemes", {}).pop("BearerOptional", None)
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                _document(operation, error)
                if method == "post":
                    operation.setdefault("parameters", []).append(_IDEMPOTENCY_KEY)
        api.openapi_schema = schema
        return schema

    api.openapi = openapi  # type: ignore[method-assign]


def _document(operation: dict[str, Any], error: dict[str, Any]) -> None:
    security = operation.get("security", [])
    if {"BearerOptional": []} in security:
        # `{}` first: the operation also works without any credentials.
        needed = [s for s in security if "BearerOptional" not in s]
        operation["security"] = needed or [{}, {"Bearer": []}]
    for status, description in _ERRORS.items():
        operation["responses"][status] = {"description": description, "content": error}
