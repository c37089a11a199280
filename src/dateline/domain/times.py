"""Instants in UTC, as the API and the store carry them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import Invalid


def parse_instant(value: object, field: str) -> datetime:
    """Parse an ISO 8601 instant with a zone (`2016-12-12T21:45:00Z`) into aware UTC."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
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
    return parsed.astimezone(UTC)


def iso(instant: datetime | None) -> str | None:
    """Format an instant for the API: UTC, `Z` suffix, no microseconds noise."""
    if instant is None:
        return None
    instant = instant.astimezone(UTC)
    text = instant.isoformat(timespec="microseconds" if instant.microsecond else "seconds")
    return text.replace("+00:00", "Z")


def zone(name: str, field: str = "time_zone") -> ZoneInfo:
    """The IANA zone called `name`, or a clear error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid.one(
            field, f"{name!r} is not a time zone; use an IANA name such as Europe/London"
        ) from None
