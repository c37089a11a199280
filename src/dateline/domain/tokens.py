"""API tokens as the desk sees them: whose, what for, since when, revoked or not.

The secret itself is shown once, when the token is made, and kept only as a hash;
nothing here carries it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .errors import NotFound
from .fields import FieldReader
from .roles import Actor, Role

MAX_LABEL = 100


@dataclass(frozen=True)
class ApiToken:
    """One API token, listed without its secret."""

    id: int
    user: str
    label: str
    created_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def check_label(raw: Mapping[str, Any]) -> str:
    """The note a token is recognised by: one line of text, at most 100 characters."""
    r = FieldReader(raw)
    label = r.text("label", required=False, limit=MAX_LABEL, multiline=False)
    r.problems.raise_if_any()
    return label


def may_manage(actor: Actor, owner: str) -> bool:
    """Admins manage everyone's tokens; anyone else only their own."""
    return actor.role is Role.ADMIN or actor.name == owner


def check_manage(actor: Actor, token: ApiToken) -> None:
    """Someone else's token is not found, not forbidden: its id tells a caller nothing."""
    if not may_manage(actor, token.user):
        raise NotFound("token", token.id)
