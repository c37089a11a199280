"""The site: who publishes it. Used by the JSON-LD, the feeds, oEmbed and sitemaps.

The environment (`DATELINE_PUBLISHER_NAME` …) gives the defaults; what an admin
sets (CLI, API, desk) is stored and wins over them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from .fields import FieldReader
from .language import is_language_tag


@dataclass(frozen=True)
class Site:
    publisher_name: str = "Dateline"
    # The publisher's logo: an http(s) URL, or a path on this site (an uploaded picture).
    publisher_logo: str = ""
    # The newsroom's home page (schema.org `publisher.url`, the feeds' home link).
    home_url: str = ""
    # The language of pages that have none of their own (the index, the site-wide feed).
    language: str = "en"


SITE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Site))


def check_site_fields(raw: Mapping[str, Any]) -> dict[str, str]:
    """The site settings given in `raw`, cleaned; an empty logo or home URL clears it."""
    r = FieldReader(raw)
    out: dict[str, str] = {}
    for name in raw:
        if name not in SITE_FIELDS:
            r.problems.add(
                name, f"is not a site setting; the settings are {', '.join(SITE_FIELDS)}"
            )
    if r.given("publisher_name"):
        out["publisher_name"] = r.text("publisher_name", limit=200, multiline=False)
    for name in ("publisher_logo", "home_url"):
        if name in raw and raw[name] in ("", None):
            out[name] = ""
        elif r.given(name):
            out[name] = r.url(name, allow_path=name == "publisher_logo")
    if r.given("language"):
        language = r.text("language", limit=35, multiline=False)
        if language and not is_language_tag(language):
            r.problems.add("language", f"{language!r} is not a language tag such as 'en' or 'ar'")
        elif language:
            out["language"] = language
    r.problems.raise_if_any()
    return out


def site_from(defaults: Site, stored: Mapping[str, str]) -> Site:
    """The site as it stands: the stored settings over the environment's defaults."""
    known = {k: v for k, v in stored.items() if k in SITE_FIELDS}
    return Site(**{**{f: getattr(defaults, f) for f in SITE_FIELDS}, **known})
