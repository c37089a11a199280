"""Who works on which blog. Editors and contributors write only to blogs they are
members of; admins, and the blog's own editors, add and remove members."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select

from ..domain.blog import Blog
from ..domain.errors import Forbidden, Invalid
from ..domain.roles import Actor, Role, at_least
from .codec import blog_from_row
from .database import Tx
from .people import user_id
from .queries import get_blog
from .schema import blog_members, blogs, users


@dataclass(frozen=True)
class Member:
    name: str
    role: Role
    disabled: bool


def blogs_for(conn: Connection, actor: Actor) -> list[Blog]:
    """The blogs this person can work on, newest first: every blog for an admin."""
    query = select(blogs).order_by(blogs.c.created_at.desc(), blogs.c.id.desc())
    if actor.blogs is not None and actor.role != Role.ADMIN:
        query = query.where(blogs.c.id.in_(sorted(actor.blogs)))
    return [blog_from_row(row) for row in conn.execute(query).mappings()]


def members_of(conn: Connection, blog_id: int) -> list[Member]:
    rows = conn.execute(
        select(users.c.name, users.c.role, users.c.disabled_at)
        .join(blog_members, blog_members.c.user_id == users.c.id)
        .where(blog_members.c.blog_id == blog_id)
        .order_by(users.c.name)
    )
    return [Member(r.name, Role(r.role), r.disabled_at is not None) for r in rows]


def may_manage_members(actor: Actor, blog: Blog) -> bool:
    """Admins, and editors who are on the blog's desk."""
    if actor.role == Role.ADMIN:
        return True
    return at_least(actor.role, Role.EDITOR) and actor.works_on(blog.id)


def add_member(tx: Tx, slug: str, name: str, actor: Actor) -> None:
    blog = get_blog(tx.conn, slug, lock=True)
    _require_manager(actor, blog)
    found = tx.conn.execute(select(users.c.id).where(users.c.name == name.strip())).scalar()
    if found is None:
        raise Invalid.one("name", f"there is nobody called {name.strip()[:100]!r} on the desk")
    join(tx, blog.id, int(found), actor.name)


def join(tx: Tx, blog_id: int, member_id: int, added_by: str) -> None:
    """Make someone a member (nothing if they are one already)."""
    present = tx.conn.execute(
        select(blog_members.c.user_id).where(
            blog_members.c.blog_id == blog_id, blog_members.c.user_id == member_id
        )
    ).first()
    if present is None:
        tx.conn.execute(
            insert(blog_members).values(
                blog_id=blog_id, user_id=member_id, added_by=added_by, created_at=tx.now
            )
        )


def add_to_blog(tx: Tx, slug: str, name: str, added_by: str) -> None:
    """Put someone on a blog's desk, with no question asked: for the CLI, the demo, tests."""
    join(tx, get_blog(tx.conn, slug).id, user_id(tx.conn, name), added_by)


def join_by_name(tx: Tx, blog_id: int, name: str, added_by: str) -> None:
    """The person who created a blog works on it: when they are a user (not the CLI)."""
    found = tx.conn.execute(select(users.c.id).where(users.c.name == name)).scalar()
    if found is not None:
        join(tx, blog_id, int(found), added_by)


def remove_member(tx: Tx, slug: str, name: str, actor: Actor) -> None:
    blog = get_blog(tx.conn, slug, lock=True)
    _require_manager(actor, blog)
    tx.conn.execute(
        delete(blog_members).where(
            blog_members.c.blog_id == blog.id, blog_members.c.user_id == user_id(tx.conn, name)
        )
    )


def _require_manager(actor: Actor, blog: Blog) -> None:
    if not may_manage_members(actor, blog):
        raise Forbidden(f"Only an admin or an editor of “{blog.title}” can choose who works on it.")
