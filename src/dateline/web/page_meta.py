"""What the head of a reader page tells machines: search engines (JSON-LD, robots),
social networks (Open Graph, Twitter cards), feed readers and oEmbed consumers.

Templates call `page_meta.blog(view)` and `page_meta.update(blog, post)`; this is
the one place that knows the site's settings and the formats' builders.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from ..domain.blog import Blog
from ..domain.post import Post
from ..domain.site import Site
from ..formats.json_ld import absolute, blog_posting, live_blog_posting, script_tag
from ..formats.post_text import headline, post_text
from ..render.renderer import PageView
from ..urls import Urls

DESCRIPTION_LIMIT = 200


class PageMeta:
    def __init__(self, urls: Urls, site: Callable[[], Site]) -> None:
        self.urls = urls
        self._site = site

    def blog(self, view: PageView) -> Markup:
        blog, site = view.blog, self._site()
        shown = [p for p in (view.pinned, *view.updates) if p is not None]
        updates = list({p.id: p for p in shown}.values())
        document = live_blog_posting(blog, updates, site, self.urls, dossiers=view.settled_claims)
        page = self.urls.blog(blog.slug, absolute=True)
        tags = [
            *self._robots(blog, paged=view.cursor is not None),
            *self._social(blog, site, blog.title, blog.summary or blog.title, page, "website"),
            self._alternates(blog, page),
            script_tag(document),
        ]
        return Markup("\n").join(tags)

    def update(self, blog: Blog, post: Post) -> Markup:
        site = self._site()
        page = self.urls.update(blog.slug, post.id, absolute=True)
        text = " ".join(post_text(post).split())
        description = _shorten(text) or blog.summary or blog.title
        tags = [
            *self._robots(blog, paged=False),
            *self._social(blog, site, headline(post, blog), description, page, "article"),
            self._alternates(blog, page),
            script_tag(blog_posting(post, blog, site, self.urls, standalone=True)),
        ]
        return Markup("\n").join(tags)

    @staticmethod
    def _robots(blog: Blog, *, paged: bool) -> list[Markup]:
        # Paged views already say "noindex, follow" in the template.
        if blog.noindex and not paged:
            return [Markup('<meta name="robots" content="noindex, nofollow">')]
        return []

    def _social(
        self, blog: Blog, site: Site, title: str, description: str, url: str, kind: str
    ) -> list[Markup]:
        image = absolute(self.urls, blog.cover.url if blog.cover else site.publisher_logo)
        properties = [
            ("og:type", kind),
            ("og:site_name", site.publisher_name),
            ("og:title", title),
            ("og:description", _shorten(description)),
            ("og:url", url),
            ("og:locale", blog.language.replace("-", "_")),
        ]
        if image:
            properties.append(("og:image", image))
            if blog.cover:
                properties.append(("og:image:alt", blog.cover.alt))
        names = [
            ("twitter:card", "summary_large_image" if image else "summary"),
            ("twitter:title", title),
            ("twitter:description", _shorten(description)),
        ]
        if image:
            names.append(("twitter:image", image))
        return [
            *(Markup('<meta property="{}" content="{}">').format(k, v) for k, v in properties),
            *(Markup('<meta name="{}" content="{}">').format(k, v) for k, v in names),
        ]

    def _alternates(self, blog: Blog, page: str) -> Markup:
        link = Markup('<link rel="alternate" type="{}" title="{}" href="{}">')
        return Markup("\n").join(
            [
                link.format("application/atom+xml", f"{blog.title} (Atom)",
                            self.urls.feed(blog.slug, "atom")),
                link.format("application/feed+json", f"{blog.title} (JSON Feed)",
                            self.urls.feed(blog.slug, "json")),
                link.format("application/json+oembed", blog.title, self.urls.oembed(page)),
            ]
        )  # fmt: skip


def _shorten(text: str) -> str:
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    return text[: DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0] + "…"
