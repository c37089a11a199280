"""The rules every input field follows: one text rule, one URL rule, one reader.

Text must be valid Unicode without control characters (a lone surrogate or a
NUL breaks a database or a page long after it was typed), and within its
length limit, which is checked before any other work. A URL is an http(s)
address or a path on this site — never `//host/x` or `/\\host/x`, which a
browser reads as another site. Blocks, blogs, posts, people and imports all
read their fields through `FieldReader`, so each rule exists once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from .errors import Collector, Invalid
from .times import parse_instant

MAX_URL = 2000
# Never in a URL as typed (RFC 3986 has them percent-encoded): `\\host` tricks and markup.
_NOT_IN_URLS = frozenset('\\<>"`')
# C0 controls except tab and newline, DEL, C1 controls, lone surrogates, non-characters.
_BAD_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_HOST = re.compile(r"^[\w.-]+\Z|^[0-9a-f:.]+\Z")  # names in any script; IPv6 unbracketed


def text_problem(value: str, *, limit: int, multiline: bool = True) -> str | None:
    """What is wrong with a piece of text, or None. Length first: it costs nothing."""
    if len(value) > limit:
        return f"is {len(value):,} characters; the limit is {limit:,}"
    bad = _BAD_CHARACTERS.search(value)
    if bad:
        return f"contains a character that cannot be shown (U+{ord(bad.group()):04X})"
    if not multiline and "\n" in value.strip():
        return "must be on one line"
    return None


def showable(value: str) -> str:
    """Text from elsewhere (a captured post) with what cannot be shown taken out."""
    return _BAD_CHARACTERS.sub("", value)


def clean_text(value: str) -> str:
    """Text as it is kept: Windows line ends made plain, outer spaces trimmed."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def url_problem(value: str, *, allow_path: bool = False) -> str | None:
    """What is wrong with a URL a user gave, or None."""
    if len(value) > MAX_URL:
        return f"is {len(value):,} characters; the limit is {MAX_URL:,}"
    wanted = "an http(s) URL or a path on this site" if allow_path else "an http(s) URL"
    refusal = f"{value[:80]!r} is not {wanted}"
    if _BAD_CHARACTERS.search(value) or any(c.isspace() or c in _NOT_IN_URLS for c in value):
        return refusal
    if value.startswith("/") and not value.startswith("//"):
        return None if allow_path else refusal
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or "@" in parts.netloc:
        return refusal
    try:
        host = parts.hostname or ""
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        return refusal
    return None if _HOST.match(host) else refusal


def is_safe_link(value: str) -> bool:
    """May rich text link here? http(s), a path on this site, mailto:, tel: or a fragment."""
    if value.startswith("#"):
        return not _BAD_CHARACTERS.search(value)
    if value.lower().startswith(("mailto:", "tel:")):
        return not (_BAD_CHARACTERS.search(value) or "\\" in value)
    return url_problem(value, allow_path=True) is None


class FieldReader:
    """Reads the fields of one JSON object, collecting every problem, not just the first."""

    def __init__(self, raw: Mapping[str, Any], problems: Collector | None = None) -> None:
        self.raw = raw
        self.problems = problems or Collector()

    def given(self, name: str) -> bool:
        return name in self.raw and self.raw[name] is not None

    def text(
        self,
        name: str,
        *,
        required: bool = True,
        limit: int,
        multiline: bool = True,
        message: str = "",
    ) -> str:
        value = self._string(name, required=required, message=message)
        if value is None:
            return ""
        problem = text_problem(value, limit=limit, multiline=multiline)
        if problem:
            self.problems.add(name, problem)
            return ""
        value = clean_text(value)
        if required and not value:
            self.problems.add(name, message or "is required")
        return value

    def url(self, name: str, *, required: bool = True, allow_path: bool = False) -> str:
        value = self._string(name, required=required)
        if value is None:
            return ""
        problem = url_problem(value.strip(), allow_path=allow_path)
        if problem:
            self.problems.add(name, problem)
            return ""
        return value.strip()

    def _string(self, name: str, *, required: bool, message: str = "") -> str | None:
        """The field's text, or None (with a problem noted if it was needed or not text)."""
        value = self.raw.get(name)
        if value is None or value == "":
            if required:
                self.problems.add(name, message or "is required")
            return None
        if not isinstance(value, str):
            self.problems.add(name, "must be a string")
            return None
        return value

    def integer(self, name: str, *, required: bool = True, low: int, high: int) -> int | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.problems.add(name, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problems.add(name, "must be a whole number")
            return None
        if not low <= value <= high:
            self.problems.add(name, f"must be between {low} and {high}")
            return None
        return value

    def boolean(self, name: str) -> bool | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.problems.add(name, "must be true or false")
            return None
        return value

    def choice(
        self, name: str, options: Sequence[str], *, required: bool = True, message: str = ""
    ) -> str:
        value = self.raw.get(name)
        if value is None or value == "":
            if required:
                self.problems.add(name, message or "is required")
            return ""
        if not isinstance(value, str) or value not in options:
            self.problems.add(name, message or f"must be one of: {', '.join(options)}")
            return ""
        return value

    def instant(self, name: str, *, required: bool = True) -> datetime | None:
        value = self.raw.get(name)
        if value in (None, ""):
            if required:
                self.problems.add(name, "is required")
            return None
        try:
            return parse_instant(value, name)
        except Invalid as error:
            self.problems.extend(error)
            return None

    def names(self, name: str, *, most: int, length: int) -> tuple[str, ...]:
        """A short list of short one-line texts (authors, tags, handles)."""
        value = self.raw.get(name)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            self.problems.add(name, "must be a list of strings")
            return ()
        if len(value) > most:
            self.problems.add(name, f"has {len(value)} entries; the limit is {most}")
            return ()
        out = []
        for index, item in enumerate(value):
            problem = text_problem(item, limit=length, multiline=False)
            if problem:
                self.problems.add(f"{name}[{index}]", problem)
            elif clean_text(item):
                out.append(clean_text(item))
        return tuple(out)

    def items(self, name: str, *, most: int, what: str) -> list[tuple[int, Mapping[str, Any]]]:
        """A list of objects with their places, its length checked before any item is read."""
        value = self.raw.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.add(name, f"must be a list of {what}")
            return []
        if len(value) > most:
            self.problems.add(name, f"has {len(value)} entries; the limit is {most}")
            return []
        out: list[tuple[int, Mapping[str, Any]]] = []
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append((index, item))
            else:
                self.problems.add(f"{name}[{index}]", f"must be an object {what}")
        return out

    def nested(self, name: str, raw: Mapping[str, Any]) -> FieldReader:
        """A reader for an object inside this one; its problems are named `name.field`."""
        return _Nested(raw, self.problems, prefix=f"{name}.")


class _Nested(FieldReader):
    def __init__(self, raw: Mapping[str, Any], problems: Collector, prefix: str) -> None:
        super().__init__(raw, _PrefixedCollector(problems, prefix))


class _PrefixedCollector(Collector):
    def __init__(self, outer: Collector, prefix: str) -> None:
        super().__init__()
        self.errors = outer.errors  # one list: problems land in the outer collector
        self._prefix = prefix

    def add(self, field: str, message: str) -> None:
        super().add(self._prefix + field, message)

    def extend(self, error: Invalid, prefix: str = "") -> None:
        super().extend(error, prefix=self._prefix + prefix)
