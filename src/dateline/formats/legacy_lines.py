"""A legacy live blog's text, line by line: what each line is.

Archived live blogs (copied from the page, or saved as HTML) read as lines: a
strip of labels at the top (`PHOTO: …`, `LATEST`, `MONDAY FEATURE` and its
title, `Jump to Original Entry`), then updates newest first, each opened by a
marker (`UPDATE 2145 GMT: …`), and at the bottom the intro entry (`ORIGINAL
ENTRY: …`) with its section headings. Tweets read as their text followed by a
signature (`— Name (@handle) December 12, 2016`). This module names each line;
`legacy_text.py` builds the updates from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, timedelta, timezone
from typing import Literal

from ..domain.tweet_text import SIGNATURE

LineKind = Literal[
    "photo", "label", "feature", "jump", "marker", "intro", "claim", "heading", "text", "blank"
]

_MARKER = re.compile(
    r"^\s*UPDATE\s+(?P<hour>\d{1,2}):?(?P<minute>\d{2})\s*"
    r"(?P<zone>GMT|UTC|Z)?\s*(?P<offset>[+\-\u2212]\d{1,2}(?::?\d{2})?)?\s*[:.—–-]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_INTRO = re.compile(r"^\s*ORIGINAL ENTRY\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_PHOTO = re.compile(r"^\s*PHOTO\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
_FEATURE = re.compile(
    r"^\s*(?:(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY\s+|WEEKEND\s+)?FEATURE\s*$", re.IGNORECASE
)
_LABELS = re.compile(r"^\s*(LATEST|BREAKING|LIVE)\s*$", re.IGNORECASE)
_JUMP = re.compile(r"^\s*Jump to (the )?Original Entry\s*$", re.IGNORECASE)
_CLAIM = re.compile(r"^\s*Claim\s*:\s*\S", re.IGNORECASE)
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "vs",
        "via",
        "de",
        "la",
        "le",
        "el",
    ]
)
# 2016's tweets held 140 characters (pictures not counted, each link 23); 280 since Nov 2017.
_LONGER_TWEETS = date(2017, 11, 7)
_LINK = re.compile(r"https?://\S+")
_PIC = re.compile(r"\s*(?:https?://)?pic\.(?:twitter|x)\.com/\w+", re.IGNORECASE)


@dataclass(frozen=True)
class Marker:
    """`UPDATE 2145 GMT:` read: the clock time, and its zone if the marker says."""

    hour: int
    minute: int
    offset: timezone | None  # None: the zone given on import (`--tz`)
    zone_word: str  # "GMT", "UTC" or "" as written
    rest: str  # the text after the marker: the update's first paragraph


def read_marker(line: str) -> Marker | None:
    match = _MARKER.match(line)
    if match is None:
        return None
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        return None
    offset = None
    if match["offset"]:
        raw = match["offset"].replace("\u2212", "-").replace(":", "")
        sign = -1 if raw[0] == "-" else 1
        digits = raw[1:]
        hours, minutes = (
            (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        )
        offset = timezone(sign * timedelta(hours=hours, minutes=minutes))
    elif match["zone"]:
        offset = UTC
    return Marker(hour, minute, offset, (match["zone"] or "").upper(), match["rest"].strip())


def kind_of(line: str) -> LineKind:
    """What a line is, by its own words (tweets are found separately: they span lines)."""
    if not line.strip():
        return "blank"
    if _PHOTO.match(line):
        return "photo"
    if _LABELS.match(line):
        return "label"
    if _FEATURE.match(line):
        return "feature"
    if _JUMP.match(line):
        return "jump"
    if read_marker(line):
        return "marker"
    if _INTRO.match(line):
        return "intro"
    if _CLAIM.match(line):
        return "claim"
    if is_heading(line):
        return "heading"
    return "text"


def after_label(line: str) -> str:
    """The words after `PHOTO:` or `ORIGINAL ENTRY:`."""
    for pattern in (_PHOTO, _INTRO):
        match = pattern.match(line)
        if match:
            return match["rest"].strip()
    return line.strip()


def is_heading(line: str) -> bool:
    """A short line in title case with no closing punctuation: a section heading."""
    text = line.strip()
    if not 3 <= len(text) <= 120 or text[-1] in '.:;,!?"”\u2019)…' or has_signature(text):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w\u2019'-]*", text) if w.lower() not in _SMALL_WORDS]
    if len(words) < 2:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.75


def has_signature(line: str) -> bool:
    return SIGNATURE.search(line.rstrip()) is not None


def tweet_length(text: str) -> int:
    """How long Twitter counted a tweet: pictures free, each link 23."""
    text = _PIC.sub("", text)
    return len(_LINK.sub("x" * 23, text))


def tweet_limit(posted: date | None) -> int:
    return 280 if posted is None or posted >= _LONGER_TWEETS else 140
