"""The static archive: a blog as one folder a library, a court or a reader opens years later.

`index.html` (every published update, the intro entry, the claims and the listed
corrections), `updates/<id>.html` (each update on its own page), `dateline.css`
and `media/` (the pictures Dateline kept). The same renderer and block templates
as the live page draw it, with links made relative to the folder; there is no
script, and nothing is loaded from any other host: a picture Dateline did not keep
becomes a link to where it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from ..domain.blocks import Block, Image, Text
from ..domain.blog import Blog
from ..domain.post import Post
from ..store.blog_record import BlogRecord
from ..urls import Urls
from .renderer import Renderer

STYLESHEET = "dateline.css"


class ArchiveUrls(Urls):
    """Links within the archive's folder; `prefix` leads from a page back to its root."""

    offline = True  # templates leave out what needs a site (share links)

    def __init__(self, prefix: str = "") -> None:
        super().__init__("http://archive.invalid")
        self.prefix = prefix

    def path(self, path: str) -> str:
        return self.prefix + path.lstrip("/")

    def absolute(self, path: str) -> str:
        return self.path(path)

    def home(self, *, absolute: bool = False) -> str:
        return self.prefix + "index.html"

    def blog(self, slug: str, *, cursor: str | None = None, at: str | None = None,
             absolute: bool = False) -> str:  # fmt: skip
        return self.prefix + "index.html"

    def update(self, slug: str, post_id: int, *, absolute: bool = False) -> str:
        return f"{self.prefix}updates/{int(post_id)}.html"

    def claims(self, slug: str, *, absolute: bool = False) -> str:
        return self.prefix + "index.html#record"

    def claim(self, slug: str, claim_id: int, *, absolute: bool = False) -> str:
        return self.prefix + f"index.html#claim-{int(claim_id)}"

    def corrections(self, slug: str, *, absolute: bool = False) -> str:
        return self.prefix + "index.html#record"

    def static(self, name: str) -> str:
        return self.prefix + name

    def media(self, name: str, *, absolute: bool = False) -> str:
        return f"{self.prefix}media/{quote(name, safe='')}"


@dataclass(frozen=True)
class Archive:
    """The archive's pages by path within the folder, and the media files it needs."""

    pages: dict[str, str]
    media_names: list[str]


def build_archive(record: BlogRecord, exported_at: datetime) -> Archive:
    """Render every page of the archive (in memory: the caller writes the folder)."""
    blog = _offline_blog(record.blog)
    public = [_offline(p) for p in record.posts if p.status == "published"]
    updates = sorted(
        (p for p in public if p.kind == "update"),
        key=lambda p: (p.published_at or exported_at, p.id),
        reverse=blog.order == "newest",
    )
    intro = next((p for p in public if p.kind == "intro"), None)
    claims = {c.id: c for c in record.claims.claims}
    top, below = Renderer(ArchiveUrls("")), Renderer(ArchiveUrls("../"))
    pages = {
        "index.html": top.template(
            "archive_page.html",
            blog=blog,
            updates=updates,
            intro=intro,
            claims=claims,
            key_events=[p for p in updates if p.key_event],
            claim_list=record.claims.claims,
            corrections=[c for c in record.claims.corrections if c.kind != "minor"],
            exported_at=exported_at,
        )
    }
    for post in updates:
        pages[f"updates/{post.id}.html"] = below.template(
            "archive_update.html", blog=blog, post=post, claims=claims
        )
    return Archive(pages, _media_names(record, public))


def write_archive(archive: Archive, folder: Path, pictures: Mapping[str, bytes]) -> list[str]:
    """Write the folder; returns the media files that were not to be had."""
    (folder / "updates").mkdir(parents=True, exist_ok=True)
    (folder / "media").mkdir(exist_ok=True)
    for name, html in archive.pages.items():
        (folder / name).write_text(html, encoding="utf-8")
    css = files("dateline").joinpath("web", "static", STYLESHEET).read_bytes()
    (folder / STYLESHEET).write_bytes(css)
    missing = []
    for name in archive.media_names:
        content = pictures.get(name)
        if content is None:
            missing.append(name)
        else:
            (folder / "media" / name).write_bytes(content)
    return missing


def _media_names(record: BlogRecord, posts: list[Post]) -> list[str]:
    names = {r.name for item in record.media for r in item.renditions}
    for post in posts:
        for block in post.blocks:
            names.update(m.file for m in getattr(block, "media", ()) if m.file)
    return sorted(names)


def _offline_blog(blog: Blog) -> Blog:
    """The cover only when Dateline holds the picture; a picture elsewhere is not loaded."""
    cover = blog.cover
    if cover is not None and cover.url.startswith("/media/"):
        return replace(blog, cover=replace(cover, url="media/" + cover.url.removeprefix("/media/")))
    return replace(blog, cover=None) if cover is not None else blog


def _offline(post: Post) -> Post:
    return replace(post, blocks=tuple(_offline_block(b) for b in post.blocks))


def _offline_block(block: Block) -> Block:
    """A picture Dateline did not keep becomes a link to where it was."""
    if isinstance(block, Image) and not block.renditions and block.url:
        from html import escape

        words = escape(block.alt or block.caption or "Picture", quote=False)
        link = (
            f'<p><a href="{escape(block.url)}">Picture: {words}</a> (not kept in this archive)</p>'
        )
        return Text(html=link, lang=block.lang, dir=block.dir)
    return block
