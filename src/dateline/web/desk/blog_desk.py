"""A blog's desk (`/desk/blogs/{slug}/`): the composer at the top, the contributions
waiting for review, and the blog's updates, live; and each update's card, which the
page's script fetches again whenever the change log says the update changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...domain.blog import Blog
from ...domain.errors import NotFound
from ...domain.roles import Role, at_least, require_member
from ...domain.times import iso
from ...domain.visibility import may_see_history, may_see_post
from ...store import queries
from ...store.claim_queries import blog_claims, claims_of_posts
from ...store.desk_queries import desk_updates
from ...store.reviews import latest_reviews
from .blog_desk_cards import desk_card, desk_cards
from .pages import NO_STORE, dateline, desk_page
from .session import DeskSessionOf

router = APIRouter(include_in_schema=False)


@router.get("/desk/blogs/{slug}/")
async def blog_desk(request: Request, slug: str, session: DeskSessionOf) -> HTMLResponse:
    app = dateline(request)
    actor = session.actor
    blog = await app.database.read(queries.get_blog, slug)
    require_member(actor, blog.id, blog.title)
    posts = await app.database.read(desk_updates, blog.id)
    reviews = await app.database.read(latest_reviews, [p.id for p in posts])
    claims = await app.database.read(claims_of_posts, posts)
    cards = desk_cards(posts, reviews, actor, claims)
    return desk_page(
        request,
        "blog_desk.html",
        session,
        blog=blog,
        seq=blog.last_seq,
        editor=at_least(actor.role, Role.EDITOR),
        queue=[c for c in cards if c.waiting],
        stream=[c for c in cards if not c.waiting],
        claims=await app.database.read(blog_claims, blog.id),
        nav="home",
        past=_past_range(blog),
    )


def _past_range(blog: Blog) -> dict[str, str]:
    """The moments the page-as-it-stood slider spans, in whole seconds: the coverage so far."""
    now = datetime.now(UTC).replace(microsecond=0)
    began = blog.coverage_start or blog.created_at or now
    if began.microsecond:  # up to the next second: a moment before the start is refused
        began = began.replace(microsecond=0) + timedelta(seconds=1)
    return {"start": iso(began) or "", "end": iso(max(began, now)) or ""}


@router.get("/desk/blogs/{slug}/updates/{post_id}")
async def update_card(
    request: Request, slug: str, post_id: int, session: DeskSessionOf
) -> HTMLResponse:
    """One update's card, as this person sees it (404 if they may not)."""
    app = dateline(request)
    actor = session.actor
    blog = await app.database.read(queries.get_blog, slug)
    post = await app.database.read(queries.get_post, blog.id, post_id)
    if post.kind != "update" or not (
        may_see_post(post, blog, actor) or may_see_history(post, actor)
    ):
        raise NotFound("update", post_id)
    review = (await app.database.read(latest_reviews, [post.id])).get(post.id)
    claims = await app.database.read(claims_of_posts, [post])
    html = app.renderer.template(
        "desk/blog_desk_card.html", card=desk_card(post, review, actor, claims), blog=blog
    )
    return HTMLResponse(html, headers=NO_STORE)
