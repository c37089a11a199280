"""The application as a typed dependency, as Datasette hands each view its app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

if TYPE_CHECKING:
    from .app import Dateline
else:
    Dateline = object  # FastAPI resolves the annotation at runtime; mypy sees the class


def _dateline(request: Request) -> Dateline:
    return request.app.state.dateline  # type: ignore[no-any-return]


App = Annotated[Dateline, Depends(_dateline)]
