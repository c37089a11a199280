"""Update stamps: how each update's time reads on the page, in the blog's own zone.

A stamp format is a pattern of tokens in braces, so a desk can match its house
style: `UPDATE {HH}{mm} {tz}` gives `UPDATE 2145 GMT`, `{HH}:{mm}` gives `21:45`,
`{h}.{mm}{ampm}` gives `9.45pm`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from .errors import Invalid

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _hour12(t: datetime) -> int:
    return t.hour % 12 or 12


TOKENS: dict[str, Callable[[datetime], str]] = {
    "HH": lambda t: f"{t.hour:02d}",
    "H": lambda t: str(t.hour),
    "hh": lambda t: f"{_hour12(t):02d}",
    "h": lambda t: str(_hour12(t)),
    "mm": lambda t: f"{t.minute:02d}",
    "ampm": lambda t: "am" if t.hour < 12 else "pm",
    "AMPM": lambda t: "AM" if t.hour < 12 else "PM",
    "tz": lambda t: t.tzname() or "",
    "d": lambda t: str(t.day),
    "dd": lambda t: f"{t.day:02d}",
    "month": lambda t: _MONTHS[t.month - 1],
    "mon": lambda t: _MONTHS[t.month - 1][:3],
    "MM": lambda t: f"{t.month:02d}",
    "yyyy": lambda t: str(t.year),
    "weekday": lambda t: _WEEKDAYS[t.weekday()],
}

PRESETS: dict[str, str] = {
    "wire": "UPDATE {HH}{mm} {tz}",
    "24h": "{HH}:{mm}",
    "12h": "{h}.{mm}{ampm}",
}

_TOKEN = re.compile(r"\{([A-Za-z]+)\}")


def check_stamp_format(pattern: str, field: str = "stamp_format") -> str:
    """Return the pattern (a preset name resolved) or raise naming the bad token."""
    pattern = PRESETS.get(pattern, pattern)
    if not pattern.strip():
        raise Invalid.one(field, "is empty; try {HH}:{mm}")
    if len(pattern) > 80:
        raise Invalid.one(field, "is longer than 80 characters")
    unknown = [t for t in _TOKEN.findall(pattern) if t not in TOKENS]
    if unknown:
        known = " ".join("{" + t + "}" for t in TOKENS)
        raise Invalid.one(field, f"unknown token {{{unknown[0]}}}; the tokens are: {known}")
    if not _TOKEN.search(pattern):
        raise Invalid.one(field, "has no time in it; include tokens such as {HH}:{mm}")
    return pattern


def format_stamp(instant: datetime, pattern: str, zone: ZoneInfo) -> str:
    """Render `instant` in `zone` with a checked `pattern`."""
    local = instant.astimezone(zone)
    return _TOKEN.sub(lambda m: TOKENS[m.group(1)](local), pattern)
