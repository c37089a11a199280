"""Who may do what. Enforced by the server on every write, never by the page."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
    """Someone acting on the desk or through the API: the name goes into the record.

    `blogs` holds the ids of the blogs a signed-in person is a member of. `None` means
    "not limited to some blogs": admins, and the server's own actors (the scheduler,
    the CLI, the importer), which no request can become.
    """

    name: str
    role: Role
    blogs: frozenset[int] | None = field(default=None, compare=False)

    def works_on(self, blog_id: int) -> bool:
        """May this person write to the blog? Admins everywhere, others on their blogs."""
        return self.role == Role.ADMIN or self.blogs is None or blog_id in self.blogs

    def joined(self, blog_id: int) -> Actor:
        """The same person, once on a blog's desk too (who creates a blog works on it)."""
        if self.blogs is None or blog_id in self.blogs:
            return self
        return replace(self, blogs=self.blogs | {blog_id})


def require_member(actor: Actor, blog_id: int, blog_title: str) -> None:
    """Raise Forbidden unless the actor may work on the blog (see `Actor.works_on`)."""
    if not actor.works_on(blog_id):
        raise Forbidden(
            f"You are not on the desk of “{blog_title}”; an admin or one of its editors "
            "can add you."
        )
