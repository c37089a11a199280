"""Who may do what. Enforced by the server on every write, never by the page."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import Forbidden
from .post import Post


class Role(StrEnum):
    ADMIN = "admin"  # everything, including people and tokens
    EDITOR = "editor"  # runs blogs: publishes, edits anyone's updates, deletes, pins
    CONTRIBUTOR = "contributor"  # writes drafts for an editor to publish


_RANK = {Role.CONTRIBUTOR: 0, Role.EDITOR: 1, Role.ADMIN: 2}


def at_least(role: Role, minimum: Role) -> bool:
    return _RANK[role] >= _RANK[minimum]


def require(role: Role, minimum: Role, doing: str) -> None:
    """Raise Forbidden unless `role` is `minimum` or above."""
    if not at_least(role, minimum):
        article = "an" if role.value[0] in "aeiou" else "a"
        raise Forbidden(f"{doing} needs the {minimum.value} role; you are {article} {role.value}.")


def check_post_write(role: Role, actor: str, before: Post | None, after: Post) -> None:
    """Contributors may only write drafts of their own; editors and admins anything."""
    if at_least(role, Role.EDITOR):
        return
    if before is not None and before.created_by != actor:
        raise Forbidden("Contributors can edit only their own drafts; ask an editor.")
    was_draft = before is None or before.status == "draft"
    deleting_own_draft = before is not None and after.status == "deleted"
    if not was_draft or not (after.status == "draft" or deleting_own_draft):
        raise Forbidden(
            "Contributors write drafts; an editor publishes, schedules or deletes them."
        )


@dataclass(frozen=True)
class Actor:
    """Someone acting on the desk or through the API: the name goes into the record."""

    name: str
    role: Role
