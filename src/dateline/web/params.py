"""Path and query parameters the API shares, each with its range checked before any work.

Ids and sequence numbers fit a signed 64-bit column; anything larger is not a
number this server ever handed out, so it is refused (422) rather than sent to
the database.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

MAX_ID = (1 << 63) - 1

Slug = Annotated[str, Path(max_length=80, description="The blog's address.")]
PostId = Annotated[int, Path(ge=1, le=MAX_ID, description="The update's id.")]
After = Annotated[
    int, Query(ge=0, le=MAX_ID, description="The last sequence number you already have.")
]
Version = Annotated[int | None, Query(ge=1, le=MAX_ID)]
