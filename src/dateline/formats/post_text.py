"""An update as plain text, and a headline for it: what JSON-LD, feeds and oEmbed quote."""

from __future__ import annotations

from ..domain.blocks import Block, Heading, Image, LinkCard, Quote, SocialPost, Text, Video
from ..domain.blog import Blog
from ..domain.post import Post
from ..domain.sanitise import plain_text

HEADLINE_LIMIT = 110  # schema.org's guidance for `headline`


def block_text(block: Block) -> str:
    if isinstance(block, Text):
        return plain_text(block.html)
    if isinstance(block, Heading):
        return block.text
    if isinstance(block, Quote):
        return f"“{block.text}”" + (f" — {block.attribution}" if block.attribution else "")
    if isinstance(block, SocialPost):
        who = " ".join(
            p for p in (block.author_name, f"(@{block.handle})" if block.handle else "") if p
        )
        return " ".join(p for p in (f"{who}:" if who else "", block.text, block.url) if p)
    if isinstance(block, Image):
        return block.caption or block.alt
    if isinstance(block, Video):
        return " ".join(p for p in (block.title or block.caption, block.url) if p)
    if isinstance(block, LinkCard):
        return " ".join(p for p in (block.title, block.url) if p)
    return ""


def post_text(post: Post) -> str:
    """The update's words, block by block, a blank line between blocks."""
    return "\n\n".join(t for t in (block_text(b).strip() for b in post.blocks) if t)


def headline(post: Post, blog: Blog) -> str:
    """The key-event title, else the update's first words, else the blog's title."""
    if post.key_event:
        return post.key_event
    words = " ".join(post_text(post).split())
    if not words:
        return blog.title
    if len(words) <= HEADLINE_LIMIT:
        return words
    return words[: HEADLINE_LIMIT - 1].rsplit(" ", 1)[0] + "…"
