"""Tweets in their text form: `TEXT pic.twitter.com/… — Name (@handle) Month D, YYYY`.

That is how a tweet reads once its embed script is gone: in archived live
blogs, in copies of pages, and in the HTML of X's own oEmbed answer. Both the
importer and the capture of a live tweet read it here, so an archived tweet
becomes the same snapshot as a captured one.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from .blocks import Media
from .snapshots import Snapshot

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = (
    rf"(?P<date>(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}}))"
)
# "— Name (@handle) December 12, 2016" at the end of the text; the dash may touch the
# text before it ("…killing us— Rami Zien (@Rami_Zien) December 12, 2016").
SIGNATURE = re.compile(
    r"(?:—|&mdash;|–|―|--|(?<!\S)-(?=\s))\s*"
    r"(?P<name>(?:(?!\s-\s)[^\n—–―])+?)\s*\((?P<handle>@\w{1,15})\)"
    rf"(?:\s+{_DATE})?\s*$",
    re.IGNORECASE,
)
_PIC = re.compile(r"\s*(?:https?://)?pic\.(?:twitter|x)\.com/(\w+)", re.IGNORECASE)
# Status ids since November 2010 carry their time: milliseconds since this epoch, << 22.
_SNOWFLAKE_EPOCH_MS = 1288834974657
_FIRST_SNOWFLAKE = 29_700_859_247


def has_signature(text: str) -> bool:
    """True when `text` (a line, or a whole tweet) ends with a tweet's signature."""
    return SIGNATURE.search(text.rstrip()) is not None


def tweet_from_text(text: str, *, url: str = "") -> Snapshot | None:
    """The snapshot of a tweet in its text form, or None when `text` has no signature.

    `url` is the tweet's canonical URL when known (a capture knows it; an archive
    rarely does): it gives the exact posting time, not only the day. Without one
    the snapshot links to the author's profile.
    """
    body = text.replace("\r\n", "\n").strip()
    match = SIGNATURE.search(body)
    if match is None:
        return None
    words = body[: match.start()].rstrip()
    pictures = [m.group(1) for m in _PIC.finditer(words)]
    words = _tidy(_PIC.sub("", words))
    handle = match.group("handle")
    media = tuple(Media(url=f"https://pic.twitter.com/{code}", kind="image") for code in pictures)
    snapshot = Snapshot(
        url=url or f"https://x.com/{handle[1:]}",
        provider="x",
        author_name=match.group("name").strip(),
        handle=handle,
        text=words,
        posted_at=_posted(match, url),
        media=media,
    )
    return snapshot.with_text_language()


def text_form(snapshot: Snapshot) -> str:
    """The inverse, for exports and archives: `TEXT pic.twitter.com/… — Name (@handle) Date`."""
    pictures = " ".join(m.url.removeprefix("https://") for m in snapshot.media if "//pic." in m.url)
    when = snapshot.posted_at
    day = when.date() if isinstance(when, datetime) else when
    signature = f"— {snapshot.author_name} ({snapshot.handle})"
    if day is not None:
        signature += f" {day:%B} {day.day}, {day.year}"
    words = " ".join(part for part in (snapshot.text, pictures) if part)
    return f"{words}\n{signature}"


def time_from_status_id(status_id: str) -> datetime | None:
    """When a tweet was posted, read from its id (ids since late 2010 carry the time)."""
    if not status_id.isdigit() or int(status_id) < _FIRST_SNOWFLAKE:
        return None
    milliseconds = (int(status_id) >> 22) + _SNOWFLAKE_EPOCH_MS
    return datetime.fromtimestamp(milliseconds / 1000, UTC).replace(microsecond=0)


def _posted(match: re.Match[str], url: str) -> datetime | date | None:
    status = re.search(r"/status(?:es)?/(\d+)", url)
    exact = time_from_status_id(status.group(1)) if status else None
    if exact is not None:
        return exact
    if not match.group("date"):
        return None
    month = match.group("m1") or match.group("m2")
    day = match.group("d1") or match.group("d2")
    year = match.group("y1") or match.group("y2")
    try:
        return date(int(year), _MONTHS[month.lower()], int(day))
    except ValueError:
        return None


def _tidy(words: str) -> str:
    """Trim each line; keep line breaks and blank lines between paragraphs."""
    lines = [line.strip() for line in words.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
