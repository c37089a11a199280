"""Markdown bodies into blocks: how a reporter types an update.

Paragraphs and lists become rich text; `## Heading` a heading; a `> quote`
whose last line starts with a dash a quote with attribution; an image alone on
its line an image block; a URL alone on its line an embed (a social post, a
video or a link card, by what the URL points at, filled in by a capture); and a
tweet in the archive's text form (`TEXT — Name (@handle) Month D, YYYY`, as a
paragraph or a quote) a social-post snapshot.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .blocks import Block, Heading, Image, Quote, SocialPost, Text
from .embeds import embed_for_url, social_post_from_text
from .errors import Invalid
from .sanitise import plain_text, sanitise_html
from .tweet_text import has_signature

MAX_BODY = 50_000
_md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_LONE_URL = re.compile(r"^\s*<?(https?://[^\s<>]+)>?\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATTRIBUTION = re.compile(r"^\s*(?:—|–|--|―)\s*(.+)$", re.S)


def blocks_from_markdown(body: str) -> tuple[Block, ...]:
    """Split a Markdown body into blocks, in order."""
    if len(body) > MAX_BODY:
        raise Invalid.one("body", f"is {len(body):,} characters; the limit is {MAX_BODY:,}")
    tokens = _md.parse(_isolate_lone_urls(body))
    blocks: list[Block] = []
    for group in _top_level_groups(tokens):
        block = _block_from_group(group)
        if block is None:
            continue
        previous = blocks[-1] if blocks else None
        if isinstance(block, Text) and isinstance(previous, Text):
            blocks[-1] = Text(html=previous.html + "\n" + block.html)
        else:
            blocks.append(block)
    return tuple(blocks)


def _isolate_lone_urls(body: str) -> str:
    """Give a URL alone on its line blank lines around it, so it forms its own paragraph."""
    out: list[str] = []
    fence = ""  # the marker that opened the code block we are in, if any
    for line in body.replace("\r\n", "\n").split("\n"):
        marker = _FENCE.match(line)
        if marker and not fence:
            fence = marker.group(1)
        elif marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
            fence = ""
        # Four spaces or a tab of indent make a line code, not an embed.
        indented = line.startswith(("    ", "\t"))
        if not fence and not marker and not indented and _LONE_URL.match(line):
            out.extend(["", line.strip(), ""])
        else:
            out.append(line)
    return "\n".join(out)


def _top_level_groups(tokens: list[Token]) -> list[list[Token]]:
    groups: list[list[Token]] = []
    depth = 0
    current: list[Token] = []
    for token in tokens:
        current.append(token)
        depth += token.nesting
        if depth == 0:
            groups.append(current)
            current = []
    return groups


def _block_from_group(group: list[Token]) -> Block | None:
    first = group[0]
    if first.type == "paragraph_open":
        inline = group[1]
        lone = _LONE_URL.match(inline.content)
        if lone:
            return embed_for_url(lone.group(1), field="body")
        tweet = _tweet(inline.content)
        if tweet is not None:
            return tweet
        image = _lone_image(inline)
        if image is not None:
            return image
    if first.type == "heading_open":
        level = min(max(int(first.tag[1]), 2), 4)
        text = plain_text(_render(group))
        return Heading(text=text, level=level) if text else None
    if first.type == "blockquote_open":
        return _quote(group)
    if first.type == "hr":
        return None
    html = sanitise_html(_render(group)).strip()
    return Text(html=html) if plain_text(html) else None


def _lone_image(inline: Token) -> Image | None:
    children = [
        c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())
    ]
    if len(children) != 1 or children[0].type != "image":
        return None
    image = children[0]
    src = str(image.attrGet("src") or "")
    if not src.startswith(("http://", "https://", "/")):
        return None
    alt = image.content.strip()
    if not alt:
        raise Invalid.one("body", f"the image {src} needs alt text: ![what it shows]({src})")
    return Image(url=src, alt=alt, caption=str(image.attrGet("title") or ""))


def _tweet(markdown: str) -> SocialPost | None:
    """A paragraph (or quote) that is a tweet in its text form, as a social post."""
    if not has_signature(markdown.strip().rsplit("\n", 1)[-1]):
        return None
    return social_post_from_text(plain_text(_md.renderInline(markdown)))


def _quote(group: list[Token]) -> Quote | SocialPost | None:
    paragraphs = [t.content.strip() for t in group if t.type == "inline" and t.content.strip()]
    if not paragraphs:
        return None
    tweet = _tweet("\n\n".join(paragraphs))
    if tweet is not None:
        return tweet
    attribution = ""
    last = paragraphs[-1].split("\n")
    match = _ATTRIBUTION.match(last[-1])
    if match:
        attribution = match.group(1).strip()
        rest = "\n".join(last[:-1]).strip()
        paragraphs = paragraphs[:-1] + ([rest] if rest else [])
    text = "\n\n".join(plain_text(_md.renderInline(p)) for p in paragraphs)
    return Quote(text=text, attribution=attribution) if text else None


def _render(group: list[Token]) -> str:
    return str(_md.renderer.render(group, _md.options, {}))
