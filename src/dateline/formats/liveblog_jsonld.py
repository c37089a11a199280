"""Import any page that carries schema.org `LiveBlogPosting` JSON-LD.

Large publishers put the whole live blog in the page as JSON-LD (Google asks for
it): the headline, description, coverage times and each `liveBlogUpdate` with
its time, headline and body. Times may carry any offset; they are kept exact, in
UTC. HTML bodies go through the same block rules as typed ones (sanitised).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from ..domain.errors import Invalid
from ..domain.times import parse_instant
from .plan import ImportPlan, PlannedPost, unreadable

_TYPES = ("LiveBlogPosting",)


class _JsonLdScripts(HTMLParser):
    """The text of every `<script type="application/ld+json">`, with its line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._inside: int | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("type") or ""
        if tag == "script" and kind.strip().lower() == "application/ld+json":
            self._inside = self.getpos()[0]
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._inside is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inside is not None:
            self.found.append((self._inside, "".join(self._text)))
            self._inside = None


def json_ld_scripts(page: str) -> list[tuple[int, str]]:
    parser = _JsonLdScripts()
    parser.feed(page)
    parser.close()
    return parser.found


def find_live_blog(page: str) -> tuple[int, dict[str, Any]] | None:
    """The page's LiveBlogPosting (and the line of its script), or None when it has none.

    A script that is not JSON is an error naming its line: the page meant to say something.
    """
    for line, text in json_ld_scripts(page):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise unreadable(
                f"line {line + error.lineno - 1}", f"the JSON-LD is not JSON ({error.msg})"
            ) from None
        except RecursionError:
            raise unreadable(f"line {line}", "the JSON-LD is nested too deeply") from None
        for node in _nodes(data):
            kinds = node.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(k in _TYPES for k in kinds):
                return line, node
    return None


def plan_json_ld(page: str) -> ImportPlan:
    found = find_live_blog(page)
    if found is None:
        raise unreadable("page", "no LiveBlogPosting JSON-LD in it")
    line, node = found
    plan = ImportPlan(format="json-ld")
    blog: dict[str, Any] = {"title": _line(node.get("headline") or node.get("name"))}
    if not blog["title"]:
        raise unreadable(f"line {line}: LiveBlogPosting.headline", "is missing")
    if description := _text(node.get("description")):
        blog["summary"] = description
    if language := _text(node.get("inLanguage")):
        blog["language"] = language
    for ours, theirs in (
        ("coverage_start", "coverageStartTime"),
        ("coverage_end", "coverageEndTime"),
    ):
        if node.get(theirs):
            blog[ours] = _instant(node[theirs], f"line {line}: LiveBlogPosting.{theirs}")
    blog["status"] = "ended" if blog.get("coverage_end") else "live"
    plan.blog = blog
    updates = node.get("liveBlogUpdate") or []
    updates = updates if isinstance(updates, list) else [updates]
    for index, update in enumerate(updates):
        where = f"line {line}: liveBlogUpdate[{index}]"
        if not isinstance(update, dict):
            raise unreadable(where, "is not an object")
        plan.posts.append(_update(update, where))
    plan.posts.sort(key=lambda p: p.published_at)
    return plan


def _update(update: dict[str, Any], where: str) -> PlannedPost:
    when = update.get("datePublished") or update.get("dateCreated")
    if not when:
        raise unreadable(f"{where}.datePublished", "is missing: every update needs its time")
    published = _instant(when, f"{where}.datePublished")
    blocks: list[dict[str, Any]] = []
    headline = _line(update.get("headline"))
    lang = _text(update.get("inLanguage"))
    common = {"lang": lang} if lang else {}
    if headline:
        blocks.append({"type": "heading", "text": headline, "level": 3, **common})
    body = update.get("articleBody") or update.get("text") or update.get("description")
    body = _text(body)
    if body:
        blocks.append({"type": "text", "html": _as_html(body), **common})
    if not blocks:
        raise unreadable(where, "has neither a headline nor an articleBody")
    return PlannedPost("update", published, blocks, where)


def _as_html(body: str) -> str:
    """HTML as it came (the block rules sanitise it); plain text as paragraphs."""
    if "<" in body and ">" in body:
        return body
    from html import escape

    paragraphs = [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p, quote=False)}</p>".replace("\n", "<br>") for p in paragraphs)


def _instant(value: object, where: str) -> Any:
    try:
        return parse_instant(value, "time")
    except Invalid as error:
        raise unreadable(where, error.errors[0].message) from None


def _text(value: object) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    if isinstance(value, dict):
        value = value.get("@value", "")
    return value.strip() if isinstance(value, str) else ""


def _line(value: object) -> str:
    """A title: one line, however the page wrapped it."""
    return " ".join(_text(value).split())


def _nodes(data: object) -> Iterator[dict[str, Any]]:
    """Every object at the top of a JSON-LD document: a list, a `@graph`, or one object."""
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _nodes(data["@graph"])
        yield data
