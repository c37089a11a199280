"""Who may see what: the one rule the page, the update page, the stream, the
change feed, the API, feeds and exports all ask.

Readers (no actor) see live and ended blogs and their published updates.
Editors and admins see everything, drafts, schedules and deletions included.
Contributors see what readers see, plus their own unpublished work.
Claims are public once a published update carries them; sources are the desk's;
wording since deleted or redacted is shown to editors only (the audit view).
"""

from __future__ import annotations

from .blog import Blog
from .changes import Change
from .post import Post
from .roles import Actor, Role, at_least


def may_see_blog(blog: Blog, actor: Actor | None) -> bool:
    """Draft blogs are the desk's until they go live."""
    return blog.status != "draft" or actor is not None


def may_see_post(post: Post, blog: Blog, actor: Actor | None) -> bool:
    if not may_see_blog(blog, actor):
        return False
    if post.status == "published" and blog.status != "draft":
        return True
    if actor is None:
        return False
    return at_least(actor.role, Role.EDITOR) or post.created_by == actor.name


def may_see_history(post: Post, actor: Actor | None) -> bool:
    """Revisions keep wording the newsroom may have taken down: the desk's only."""
    if actor is None:
        return False
    return at_least(actor.role, Role.EDITOR) or post.created_by == actor.name


def may_see_change(change: Change, blog: Blog, actor: Actor | None) -> bool:
    """A change is public when readers see its result, and only while the blog is public."""
    if actor is None:
        return change.public and blog.status != "draft"
    if at_least(actor.role, Role.EDITOR) or change.public:
        return True
    return change.post is not None and change.post.created_by == actor.name


def sees_desk(actor: Actor | None) -> bool:
    """Does this actor see the desk's side of things (drafts, the internal log)?"""
    return actor is not None and at_least(actor.role, Role.EDITOR)


def may_see_claim(blog: Blog, actor: Actor | None, *, carried: bool) -> bool:
    """Readers see a claim once a published update carries it; the desk sees every claim."""
    if not may_see_blog(blog, actor):
        return False
    return actor is not None or (carried and blog.status != "draft")


def may_see_sources(actor: Actor | None) -> bool:
    """The source registry, with its notes on reliability, is the desk's."""
    return actor is not None


def sees_withdrawn_text(actor: Actor | None) -> bool:
    """Wording since deleted or redacted stays down for everyone but editors (the audit view)."""
    return sees_desk(actor)
