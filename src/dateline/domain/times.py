"""Instants in UTC, as the API and the store carry them, and the zones blogs show them in."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from .errors import Invalid

# Instants Dateline accepts: wide enough for any archive, narrow enough that every
# one of them can be shown in every time zone (year 1 in New York cannot).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def parse_instant(value: object, field: str) -> datetime:
    """Parse an ISO 8601 instant with a zone (`2016-12-12T21:45:00Z`) into aware UTC."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and len(value) <= 64:
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            raise Invalid.one(
                field, f"{value!r} is not an ISO 8601 time such as 2016-12-12T21:45:00Z"
            ) from None
    else:
        raise Invalid.one(field, "must be an ISO 8601 time such as 2016-12-12T21:45:00Z")
    if parsed.tzinfo is None:
        raise Invalid.one(field, "needs a zone: end it with Z for UTC or an offset like +01:00")
    try:
        instant = parsed.astimezone(UTC)
    except OverflowError:
        instant = EARLIEST - (LATEST - EARLIEST)  # out of range either way
    if not EARLIEST <= instant < LATEST:
        raise Invalid.one(field, "must be between the years 1900 and 2199")
    return instant


def iso(instant: datetime | None, *, digits: int = 6) -> str | None:
    """Format an instant: UTC, `Z` suffix, fractions only when there are any.

    The API keeps microseconds; HTML's `datetime` attribute allows at most three
    fractional digits (`html_iso`).
    """
    if instant is None:
        return None
    instant = instant.astimezone(UTC)
    spec = (
        "seconds" if not instant.microsecond else "milliseconds" if digits == 3 else "microseconds"
    )
    return instant.isoformat(timespec=spec).replace("+00:00", "Z")


def html_iso(instant: datetime | None) -> str | None:
    """An instant for HTML's `datetime` attribute."""
    return iso(instant, digits=3)


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def zone(name: str, field: str = "time_zone") -> ZoneInfo:
    """The IANA zone called `name`, or a clear error (only real zones, never a folder)."""
    if not isinstance(name, str) or name not in _zone_names():
        raise Invalid.one(
            field, f"{str(name)[:80]!r} is not a time zone; use an IANA name such as Europe/London"
        )
    return ZoneInfo(name)
