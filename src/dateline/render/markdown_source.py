"""An update's blocks as the Markdown a reporter types: what the desk's editor opens.

The inverse of `domain/body.py` for what a reporter writes (text, headings,
quotes with attribution, lists, links); an embed or picture becomes its URL
alone on its line, and `keep_embeds` gives such a block back its snapshot on
save, so editing the words around a captured post never loses its capture.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdownify import markdownify

from ..domain.blocks import Block, Heading, Image, LinkCard, Quote, SocialPost, Text, Video

_EMBEDS = (SocialPost, Video, LinkCard, Image)


def markdown_of(blocks: Sequence[Block]) -> str:
    """The blocks as Markdown, one paragraph (or more) per block."""
    return "\n\n".join(part for part in (_block(b) for b in blocks) if part).strip()


def _block(block: Block) -> str:
    if isinstance(block, Text):
        markdown: str = markdownify(block.html, heading_style="ATX", bullets="-")
        return markdown.strip()
    if isinstance(block, Heading):
        return "#" * block.level + " " + block.text
    if isinstance(block, Quote):
        lines = [f"> {line}" if line else ">" for line in block.text.split("\n")]
        if block.attribution:
            lines += [">", f"> — {block.attribution}"]
        return "\n".join(lines)
    if isinstance(block, Image):
        title = f' "{block.caption}"' if block.caption else ""
        return f"![{block.alt}]({block.url}{title})" if block.url else ""
    if isinstance(block, _EMBEDS):
        return block.url
    return ""


def keep_embeds(before: Sequence[Block], after: Sequence[Block]) -> tuple[Block, ...]:
    """`after`, with each embed or picture that was already there replaced by the old block.

    Matched by type and URL: the old block carries its snapshot (or uploaded picture).
    """
    old = {(type(b), b.url): b for b in before if isinstance(b, _EMBEDS) and b.url}
    old_pictures = {b.url: b for b in before if isinstance(b, Image)}
    kept: list[Block] = []
    for block in after:
        if isinstance(block, Image) and block.url in old_pictures:
            kept.append(old_pictures[block.url])
        elif isinstance(block, _EMBEDS) and (type(block), block.url) in old:
            kept.append(old[(type(block), block.url)])
        else:
            kept.append(block)
    return tuple(kept)
