"""Turns domain objects into HTML: update fragments (cached per version) and pages."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..domain.blog import Blog
from ..domain.post import Post
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


class Renderer:
    """One renderer per application; safe to share (the cache is bounded)."""

    def __init__(self, urls: Urls) -> None:
        self.urls = urls
        self.asset_version = urls.asset_version
        self._env = environment()
        self._fragments: OrderedDict[tuple[Any, ...], Markup] = OrderedDict()

    def update(self, post: Post, blog: Blog, *, variant: str = "stream") -> Markup:
        """An update as an <article>; `variant` is "stream", "pinned" or "intro"."""
        # A fragment depends only on the post's version and the blog's settings.
        key = (post.id, post.version, blog.id, blog.version, variant)
        html = self._fragments.get(key)
        if html is not None:
            self._fragments.move_to_end(key)
            return html
        template = self._env.get_template("update.html")
        # Safe: autoescaped templates; user HTML inside was sanitised on the way in.
        html = Markup(template.render(post=post, blog=blog, variant=variant, **self._common()))  # noqa: S704
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

    def update_page(self, blog: Blog, post: Post, context_cursor: str) -> str:
        """One update on its own page; `context_cursor` opens the stream at it."""
        template = self._env.get_template("update_page.html")
        return template.render(
            blog=blog, post=post, context_cursor=context_cursor, render=self, **self._common()
        )

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

    def _common(self) -> dict[str, Any]:
        return {"urls": self.urls}
