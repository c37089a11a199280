"""Turns domain objects into HTML: update fragments (cached per version) and pages."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..domain.blog import Blog
from ..domain.claims import Claim, ClaimRef
from ..domain.post import Post
from ..store.claim_queries import Dossier
from ..urls import Urls
from .environment import environment, stamp

FRAGMENT_CACHE_SIZE = 4096


@dataclass(frozen=True)
class PageView:
    """Everything the reader page shows, read from one consistent snapshot."""

    blog: Blog
    seq: int
    updates: list[Post]
    next_cursor: str | None
    pinned: Post | None
    key_events: list[Post]
    intro: Post | None
    cursor: str | None = None
    # The claims the updates shown carry, as they now stand, by id.
    claims: Mapping[int, Claim] = field(default_factory=dict)
    # The blog's settled claims (confirmed or false), for the page's ClaimReview JSON-LD.
    settled_claims: Sequence[Dossier] = ()


class Renderer:
    """One renderer per application; safe to share (the cache is bounded)."""

    def __init__(self, urls: Urls) -> None:
        self.urls = urls
        self.asset_version = urls.asset_version
        self._env = environment()
        self._fragments: OrderedDict[tuple[Any, ...], Markup] = OrderedDict()

    def update(
        self,
        post: Post,
        blog: Blog,
        *,
        variant: str = "stream",
        claims: Mapping[int, Claim] | None = None,
        shared: bool = True,
    ) -> Markup:
        """An update as an <article>; `variant` is "stream", "pinned" or "intro".
        `shared`: with its share links (live frames go without: see share.html).

        `claims` holds (at least) the claims the update carries, as they stand:
        each shows as a badge with its status.
        """
        carried = [(ref, claims[ref.id]) for ref in post.claims if claims and ref.id in claims]
        # A fragment depends only on the post's version, the blog's settings and
        # the versions of the claims it carries.
        marks = tuple((claim.id, claim.version) for _, claim in carried)
        key = (post.id, post.version, blog.id, blog.version, variant, marks, shared)
        html = self._fragments.get(key)
        if html is not None:
            self._fragments.move_to_end(key)
            return html
        template = self._env.get_template("update.html")
        context = {"post": post, "blog": blog, "variant": variant, "shared": shared}
        context.update(_placed(carried))
        # Safe: autoescaped templates; user HTML inside was sanitised on the way in.
        html = Markup(template.render(**context, **self._common()))  # noqa: S704
        self._fragments[key] = html
        if len(self._fragments) > FRAGMENT_CACHE_SIZE:
            self._fragments.popitem(last=False)
        return html

    def key_event_item(self, post: Post, blog: Blog, *, on_page: bool = False) -> Markup:
        """The update's entry in the key-events list; `on_page`: link within the page."""
        template = self._env.get_template("key_event.html")
        html = template.render(post=post, blog=blog, on_page=on_page, **self._common())
        return Markup(html)  # noqa: S704 (autoescaped)

    def blog_header(self, blog: Blog) -> Markup:
        template = self._env.get_template("blog_header.html")
        return Markup(template.render(blog=blog, **self._common()))  # noqa: S704 (autoescaped)

    def page(self, view: PageView) -> str:
        template = self._env.get_template("blog.html")
        return template.render(view=view, blog=view.blog, render=self, **self._common())

    def update_page(
        self,
        blog: Blog,
        post: Post,
        context_cursor: str,
        claims: Mapping[int, Claim] | None = None,
    ) -> str:
        """One update on its own page; `context_cursor` opens the stream at it."""
        template = self._env.get_template("update_page.html")
        return template.render(
            blog=blog, post=post, context_cursor=context_cursor, claims=claims or {},
            render=self, **self._common(),
        )  # fmt: skip

    def claim_verdict(self, claim: Claim, blog: Blog) -> Markup:
        """A claim's status as its badges show it: what a live claim change replaces."""
        template = self._env.get_template("claim_verdict.html")
        return Markup(template.render(claim=claim, blog=blog, **self._common()))  # noqa: S704

    def index_page(self, blogs: list[Blog]) -> str:
        template = self._env.get_template("index.html")
        return template.render(blogs=blogs, **self._common())

    def api_docs_page(self) -> str:
        return self._env.get_template("api_docs.html").render(**self._common())

    def error_page(
        self, status: int, title: str, message: str, *, back: tuple[str, str] | None = None
    ) -> str:
        """An error for a reader; `back` is (url, label) of the way onward, if not the home."""
        template = self._env.get_template("error.html")
        return template.render(
            status=status, title=title, message=message, back=back, **self._common()
        )

    def stamp(self, post: Post, blog: Blog) -> str:
        return stamp(post.published_at, blog)

    def template(self, name: str, **context: Any) -> str:
        """A page of its own (claims, corrections, the page as it stood), by template name."""
        return self._env.get_template(name).render(render=self, **context, **self._common())

    def add_global(self, name: str, value: Any) -> None:
        """Give templates something a higher layer builds (web's page metadata)."""
        self._env.globals[name] = value

    def _common(self) -> dict[str, Any]:
        return {"urls": self.urls}


def _placed(carried: list[tuple[ClaimRef, Claim]]) -> dict[str, Any]:
    """Claims marked on a quoted passage go beside it; the others head the update."""
    quoted: dict[int, list[tuple[ClaimRef, Claim]]] = {}
    for ref, claim in carried:
        if ref.quote is not None:
            quoted.setdefault(ref.quote, []).append((ref, claim))
    return {"loose_claims": [c for c in carried if c[0].quote is None], "quoted_claims": quoted}
