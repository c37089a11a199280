"""OpenAPI output models derived from the domain's dataclasses.

The JSON the API sends is `domain.documents.document(value)` plus a few
addresses; the schema that describes it is built here from the same fields, so
the two cannot drift apart (a test compares real responses with the schema).
"""

from __future__ import annotations

import types
from dataclasses import is_dataclass
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..domain.blocks import Block
from ..domain.documents import field_types

# Instants are ISO 8601 text in UTC, with `Z`.
Instant = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
# A day alone (`2016-12-12`), where a source gives no time.
Day = Annotated[str, Field(json_schema_extra={"format": "date"})]


class _Output(BaseModel):
    model_config = ConfigDict(extra="forbid")


def output_model(cls: type, *, every_field_required: bool = True, **extra: Any) -> type[BaseModel]:
    """A pydantic model with a field per dataclass field, plus `extra`.

    Documents (`document(value)`) carry every field; other shapes leave out
    the fields that do not apply, so theirs are optional.
    """
    needed: Any = ... if every_field_required else None
    definitions: dict[str, Any] = {
        name: (json_type(hint), needed) for name, hint in field_types(cls).items()
    }
    definitions.update(extra)
    model: type[BaseModel] = create_model(
        f"{cls.__name__}Out", __base__=_Output, __doc__=cls.__doc__, **definitions
    )
    return model


@cache
def _nested(cls: type) -> type[BaseModel]:
    return output_model(cls)


def json_type(hint: Any) -> Any:
    """The JSON-side type of a dataclass field's type."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = tuple(json_type(a) for a in get_args(hint))
        return Union[options]  # noqa: UP007 (built from a tuple)
    if hint is type(None):
        return type(None)
    if hint is datetime:
        return Instant
    if hint is date:
        return Day
    if origin is tuple:
        return list[json_type(get_args(hint)[0])]  # type: ignore[misc]
    if hint is Block:
        return dict[str, Any]
    if isinstance(hint, type) and is_dataclass(hint):
        return _nested(hint)
    if origin is Literal or hint in (str, int, bool, float):
        return hint
    raise TypeError(f"no JSON type for {hint!r}")
