"""The Jinja2 environment and the filters templates use."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..domain.blog import Blog
from ..domain.sanitise import with_auto_direction
from ..domain.stamps import format_stamp
from ..domain.times import html_iso, zone
from . import embeds


def stamp(instant: datetime | None, blog: Blog) -> str:
    """The update's time in the blog's zone and house style (`UPDATE 2145 GMT`)."""
    if instant is None:
        return ""
    return format_stamp(instant, blog.stamp_format, zone(blog.time_zone))


def clock(instant: datetime | None, blog: Blog) -> str:
    """A plain 24-hour time in the blog's zone, for "updated 21:50"."""
    if instant is None:
        return ""
    return format_stamp(instant, "{HH}:{mm}", zone(blog.time_zone))


def long_date(instant: datetime | None, blog: Blog) -> str:
    if instant is None:
        return ""
    return format_stamp(instant, "{month} {d}, {yyyy}", zone(blog.time_zone))


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("dateline.render", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(stamp=stamp, clock=clock, long_date=long_date, html_iso=html_iso)
    env.filters.update(embeds.filters())
    env.tests["site_path"] = embeds.is_site_path
    env.filters["auto_direction"] = with_auto_direction
    env.filters["urlquote"] = lambda value: quote(str(value), safe="")
    return env
