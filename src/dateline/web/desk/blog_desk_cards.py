"""What a blog's desk shows of each update: its state, and what this person may do with it.

The buttons follow the roles the server enforces (domain/roles.py); showing them is
a convenience, refusing is the server's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...domain.claims import Claim, ClaimRef
from ...domain.embeds import EMBED_TYPES
from ...domain.post import Post
from ...domain.reviews import Review, is_waiting
from ...domain.roles import Actor, Role, at_least

_LABELS = {
    "draft": "Draft",
    "scheduled": "Scheduled",
    "published": "Published",
    "deleted": "Deleted",
}


@dataclass(frozen=True)
class DeskCard:
    post: Post
    review: Review | None
    editor: bool  # the person looking is an editor (or admin)
    waiting: bool  # in the editors' queue
    may_edit: bool
    may_delete: bool
    claims: tuple[tuple[ClaimRef, Claim], ...] = ()  # the claims it carries, as they stand

    @property
    def has_embeds(self) -> bool:
        return any(isinstance(b, EMBED_TYPES) for b in self.post.blocks)

    @property
    def status_label(self) -> str:
        if self.waiting:
            return "Waiting for review"
        if (
            self.review is not None
            and self.review.action == "returned"
            and self.post.status == "draft"
        ):
            return "Sent back"
        return _LABELS.get(self.post.status, self.post.status)


def desk_card(
    post: Post, review: Review | None, actor: Actor, claims: Mapping[int, Claim] | None = None
) -> DeskCard:
    editor = at_least(actor.role, Role.EDITOR)
    own_draft = post.status == "draft" and post.created_by == actor.name
    waiting = is_waiting(post, review)
    return DeskCard(
        post=post,
        review=review,
        editor=editor,
        waiting=waiting,
        may_edit=post.status != "deleted" and (editor or (own_draft and not waiting)),
        may_delete=post.status != "deleted" and (editor or own_draft),
        claims=tuple((ref, claims[ref.id]) for ref in post.claims if claims and ref.id in claims),
    )


def desk_cards(
    posts: list[Post],
    reviews: Mapping[int, Review],
    actor: Actor,
    claims: Mapping[int, Claim] | None = None,
) -> list[DeskCard]:
    """The cards this person sees: editors every update, contributors the public ones and
    their own."""
    editor = at_least(actor.role, Role.EDITOR)
    return [
        desk_card(p, reviews.get(p.id), actor, claims)
        for p in posts
        if editor or p.status == "published" or p.created_by == actor.name
    ]
