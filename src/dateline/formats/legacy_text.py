"""Import a legacy live blog from its text (or its HTML, read as lines).

Updates come newest first, each opened by `UPDATE HHMM GMT:`; the words that
follow are the update: paragraphs, tweets in their text form (which become
social-post snapshots, exactly as Markdown bodies and captures make them),
statements introduced by "X said:" (which become quotes), headings. The intro
entry (`ORIGINAL ENTRY:`) comes last, with its section headings; `Claim: …`
lines stay headings, word for word.

Times stay exact: the marker's clock time on the update's day, in the zone the
marker names (GMT, an offset) or the one given on import. The day is the one
given on import for the newest update, or else read from the dates of the posts
embedded in the updates; reading down, a time later than the one above it
belongs to the day before (0015 above 2350 means 2350 was yesterday).
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from ..domain.blocks import block_to_dict
from ..domain.embeds import social_post_from_text
from ..domain.scripts import guess_language, text_direction
from ..domain.tweet_text import SIGNATURE
from .legacy_lines import (
    Marker,
    after_label,
    has_signature,
    kind_of,
    read_marker,
    tweet_length,
    tweet_limit,
)
from .plan import ImportPlan, PlannedPost, Unplaced, unreadable

_SPEECH = re.compile(
    r"\b(said|says|told|tells|declared|declares|added|adds|continued|continues|stated|wrote|"
    r"writes|announced|spoke with|speaks to|spoke to|explained|insisted|warned)\b",
    re.IGNORECASE,
)
_STATUS = re.compile(r"^https://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status/\d+")
_ASIDE = re.compile(r"\s+[—–]\s+.*?\s+[—–]\s*")


@dataclass(frozen=True)
class Line:
    """One line of the file, with the link and picture it carried when it was HTML."""

    number: int
    text: str
    href: str = ""
    image: str = ""
    image_alt: str = ""


@dataclass
class _Section:
    """An update (or the intro) as read: its marker and its lines."""

    start: Line
    marker: Marker | None
    lines: list[Line] = field(default_factory=list)


def lines_of_text(text: str) -> list[Line]:
    return [Line(n, raw.rstrip()) for n, raw in enumerate(text.splitlines(), start=1)]


def looks_like_legacy(lines: Sequence[Line]) -> bool:
    """Does this read as a legacy live blog: at least one update marker or an intro label?"""
    return any(kind_of(line.text) in ("marker", "intro") for line in lines)


def plan_legacy(
    lines: Sequence[Line], *, day: date | None, zone: tzinfo, format_name: str = "legacy-text"
) -> ImportPlan:
    """Read the lines into a plan: the blog's strip, its updates and its intro entry."""
    plan = ImportPlan(format=format_name)
    head, sections, intro = _split(lines, plan)
    if not sections and intro is None:
        raise unreadable("line 1", "no `UPDATE HHMM GMT:` marker and no `ORIGINAL ENTRY:` found")
    _read_strip(head, plan)
    built = [(section, _blocks(section, plan)) for section in sections]
    times = _times(
        [s.marker for s in sections if s.marker], [b for _, b in built], day=day, zone=zone
    )
    for (section, (blocks, _)), when in zip(built, times, strict=True):
        if not blocks:
            raise unreadable(f"line {section.start.number}", "this update has no words")
        plan.posts.append(PlannedPost("update", when, blocks, f"line {section.start.number}"))
    if intro is not None:
        blocks, _ = _blocks(intro, plan)
        # The intro opened the coverage: it is dated at the start of the first update's day.
        first = min(times) if times else _at(day or date.today(), time(0), zone)
        opened = _at(first.astimezone(zone).date(), time(0), zone)
        if blocks:
            plan.posts.append(PlannedPost("intro", opened, blocks, f"line {intro.start.number}"))
    plan.posts.sort(key=lambda p: (p.published_at, p.kind != "intro"))
    plan.blog.update(_blog_fields(plan, sections, zone))
    return plan


def _split(
    lines: Sequence[Line], plan: ImportPlan
) -> tuple[list[Line], list[_Section], _Section | None]:
    head: list[Line] = []
    sections: list[_Section] = []
    intro: _Section | None = None
    current: _Section | None = None
    for line in lines:
        kind = kind_of(line.text)
        if kind == "marker":
            marker = read_marker(line.text)
            current = _Section(line, marker, [Line(line.number, marker.rest)] if marker else [])
            sections.append(current)
        elif kind == "intro":
            if intro is not None:
                raise unreadable(f"line {line.number}", "a second `ORIGINAL ENTRY:`")
            current = intro = _Section(line, None, [Line(line.number, after_label(line.text))])
        elif current is None:
            head.append(line)
        elif kind == "jump":
            continue
        else:
            current.lines.append(line)
    return head, sections, intro


def _read_strip(head: list[Line], plan: ImportPlan) -> None:
    """The labels above the first update: cover caption, featured link; the rest is reported."""
    index = 0
    while index < len(head):
        line = head[index]
        kind = kind_of(line.text)
        where = f"line {line.number}"
        if kind == "photo":
            caption = after_label(line.text)
            if line.image:
                plan.blog["cover"] = {
                    "url": line.image, "alt": line.image_alt or caption, "caption": caption,
                }  # fmt: skip
            else:
                plan.unplaced.append(Unplaced(where, caption, "a cover caption with no picture"))
        elif kind == "feature":
            title = head[index + 1] if index + 1 < len(head) else None
            label = line.text.strip().capitalize()
            if title is not None and title.href:
                links = plan.blog.setdefault("featured_links", [])
                links.append({"label": label, "title": title.text.strip(), "url": title.href})
                index += 1
            elif title is not None:
                plan.unplaced.append(
                    Unplaced(
                        where, f"{label}: {title.text.strip()}", "a featured link with no address"
                    )
                )
                index += 1
        elif kind not in ("label", "jump", "blank"):
            plan.unplaced.append(Unplaced(where, line.text.strip(), "text above the first update"))
        index += 1


def _blocks(section: _Section, plan: ImportPlan) -> tuple[list[dict[str, Any]], list[date]]:
    """The blocks of one update, and the days of the posts embedded in it."""
    lines = [line for line in section.lines if line.text.strip()]
    # The words after the marker are the update's own, never part of a tweet below them.
    opened = bool(lines) and lines[0].number == section.start.number
    tweets = _tweet_spans(lines, after=0 if opened else -1)
    blocks: list[dict[str, Any]] = []
    days: list[date] = []
    quoting: str | None = None  # the speaker while the lines are their statement
    index = 0
    while index < len(lines):
        line = lines[index]
        span = tweets.get(index)
        if span is not None:
            text = "\n".join(lines[i].text.strip() for i in range(index, span + 1))
            # Saved HTML links the signature's date to the post: that gives its exact time.
            status = lines[span].href if _STATUS.search(lines[span].href) else ""
            block = social_post_from_text(text, url=status)
            assert block is not None  # the span ends with a signature
            blocks.append(block_to_dict(block))
            if isinstance(block.posted_at, date):
                days.append(
                    block.posted_at.date()
                    if isinstance(block.posted_at, datetime)
                    else block.posted_at
                )
            quoting = None
            index = span + 1
            continue
        text = line.text.strip()
        kind = kind_of(text)
        if kind in ("claim", "heading"):
            blocks.append({"type": "heading", "text": text, "level": 3, **_language(text)})
            quoting = None
        elif quoting is not None and not _SPEECH.search(text) and quoting not in text:
            blocks.append(
                {"type": "quote", "text": text, "attribution": quoting, **_language(text)}
            )
        else:
            blocks.append(_paragraph(text))
            quoting = _speaker(text) if text.endswith(":") else None
        index += 1
    return _merge_quotes(blocks), days


def _tweet_spans(lines: list[Line], *, after: int = -1) -> dict[int, int]:
    """Where each tweet starts and the line its signature ends it on.

    A tweet's words run up from its signature to the line after whatever came
    before it: another tweet, a line that introduces it ("… tweets:"), the
    update's marker, or as far as a tweet could be long then.
    """
    spans: dict[int, int] = {}
    taken = after  # the last line already in a tweet (or the marker's own words)
    for end, line in enumerate(lines):
        if not has_signature(line.text):
            continue
        snapshot_day = _signature_day(line.text)
        limit = tweet_limit(snapshot_day)
        alone = _signature_alone(line.text)
        start = end - 1 if alone else end
        if start <= taken:
            continue  # a signature with no words of its own: leave it as text
        length = tweet_length(_words(line.text)) if not alone else 0
        length += tweet_length(lines[start].text) if alone else 0
        while start - 1 > taken:
            above = lines[start - 1].text.strip()
            if above.endswith(":") or kind_of(above) != "text":
                break
            if length + 1 + tweet_length(above) > limit:
                break
            length += 1 + tweet_length(above)
            start -= 1
        spans[start] = end
        taken = end
    return spans


def _signature_alone(text: str) -> bool:
    return text.strip().startswith(("—", "–", "―", "--", "&mdash;"))


def _words(text: str) -> str:
    """A line's words before the signature that ends it."""
    match = SIGNATURE.search(text.rstrip())
    return text[: match.start()] if match else text


def _signature_day(text: str) -> date | None:
    block = social_post_from_text(text)
    when = block.posted_at if block else None
    return when if isinstance(when, date) and not isinstance(when, datetime) else None


def _speaker(text: str) -> str | None:
    """Who speaks in a line like "X told reporters:" (the words before the verb)."""
    match = _SPEECH.search(text)
    if match is None:
        return None
    who = text[: match.start()].strip()
    if who.upper().startswith("UPDATE"):
        return None
    who = _ASIDE.sub(" ", who).strip(" ,—–")
    # "On Sunday, Jane Doe" → "Jane Doe": a short scene-setting phrase is not the speaker.
    lead, _, rest = who.partition(", ")
    if rest and len(lead) <= 20:
        who = rest
    return who if 0 < len(who) <= 100 else ""


def _merge_quotes(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Consecutive lines of one statement make one quote, paragraphs kept."""
    out: list[dict[str, Any]] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            block["type"] == "quote"
            and previous is not None
            and previous["type"] == "quote"
            and previous["attribution"] == block["attribution"]
            and previous.get("dir") == block.get("dir")
        ):
            previous["text"] += "\n\n" + block["text"]
        else:
            out.append(block)
    for block in out:
        if block["type"] == "quote" and not block["attribution"]:
            del block["attribution"]
    return out


def _paragraph(text: str) -> dict[str, Any]:
    return {"type": "text", "html": f"<p>{html.escape(text, quote=False)}</p>", **_language(text)}


def _language(text: str) -> dict[str, str]:
    """Right-to-left text says so (and its language, when the script tells it)."""
    if text_direction(text) != "rtl":
        return {}
    lang = guess_language(text)
    return {"dir": "rtl", **({"lang": lang} if lang else {})}


def _times(
    markers: list[Marker],
    built: list[tuple[list[dict[str, Any]], list[date]]],
    *,
    day: date | None,
    zone: tzinfo,
) -> list[datetime]:
    """Each update's instant: its marker's time on its day (see the module's note)."""
    if not markers:
        return []
    minutes = [m.hour * 60 + m.minute for m in markers]
    rises = sum(1 for a, b in itertools.pairwise(minutes) if b > a)
    newest_first = rises <= (len(minutes) - 1) / 2
    step = -1 if newest_first else 1
    offsets = [0]
    for before, now in itertools.pairwise(minutes):
        crossed = now > before if newest_first else now < before
        offsets.append(offsets[-1] + (step if crossed else 0))
    if day is None:
        # A post embedded in an update was posted on the update's day or before it.
        candidates = [
            max(days) - timedelta(days=offset)
            for (_, days), offset in zip(built, offsets, strict=True)
            if days
        ]
        if not candidates:
            raise unreadable(
                "line 1", "no date in the file: give the day of the first update (--date)"
            )
        day = max(candidates)
    out = []
    for marker, offset in zip(markers, offsets, strict=True):
        clock = time(marker.hour, marker.minute)
        out.append(_at(day + timedelta(days=offset), clock, marker.offset or zone))
    return out


def _at(day: date, clock: time, zone: tzinfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _blog_fields(plan: ImportPlan, sections: list[_Section], zone: tzinfo) -> dict[str, Any]:
    """What the file says about the blog itself: its span, zone and stamp style."""
    fields: dict[str, Any] = {"status": "ended"}
    if plan.posts:
        fields["coverage_start"] = plan.posts[0].published_at
        fields["coverage_end"] = plan.posts[-1].published_at
    words = [s.marker.zone_word for s in sections if s.marker and s.marker.zone_word]
    if words and all(s.marker and s.marker.offset is UTC for s in sections):
        fields["time_zone"] = "UTC"
        fields["stamp_format"] = f"UPDATE {{HH}}{{mm}} {words[0]}"
    else:
        fields["time_zone"] = getattr(zone, "key", "UTC")
        fields["stamp_format"] = "UPDATE {HH}{mm}"
    # The blog's language: what most of its own words (not the posts it quotes) are in.
    own = " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", b["html"]))
        for post in plan.posts
        for b in post.blocks
        if b["type"] == "text"
    )
    if language := guess_language(own[:20_000]):
        fields["language"] = language
    intro = plan.intro
    first = intro.blocks[0] if intro and intro.blocks else None
    if first is not None and first["type"] == "text":
        title = html.unescape(re.sub(r"<[^>]+>", "", first["html"]))
        fields["title"] = title if len(title) <= 200 else title[:199].rstrip() + "…"
    else:
        fields["title"] = "Imported live blog"
    return fields
