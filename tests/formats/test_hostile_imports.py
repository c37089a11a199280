"""A hostile file cannot carry script in: imported words meet the rules typed words meet."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from bs4 import BeautifulSoup

from dateline.domain.errors import Invalid
from dateline.domain.sanitise import sanitise_html
from dateline.formats.export_json import export_bytes
from dateline.render.renderer import Renderer
from dateline.store import migrate
from dateline.store.database import Database
from dateline.urls import Urls
from tests.formats.importing import record_of, run_import
from tests.formats.newsroom_day import SLUG, build_newsroom_day
from tests.security.xss_vectors import ONE_LINE, VECTORS
from tests.store.desk import whole_record

# What must never reach a reader's page from an imported file (words about it may).
SCHEMES = re.compile(r"^\s*(javascript|vbscript|data:text/html)", re.I)
ELEMENTS = ("script", "iframe", "object", "embed", "base", "meta", "form", "svg", "math", "style")


def dangers(html: str) -> list[str]:
    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        if element.name in ELEMENTS:
            found.append(element.name)
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on") or name == "style" or SCHEMES.match(text):
                found.append(f"{element.name} {name}={text[:40]}")
    return found


@pytest.fixture
def database(tmp_path):
    handle = Database(f"sqlite:///{tmp_path / 'import.db'}")
    migrate.upgrade(handle)
    yield handle
    handle.close()


def rendered(database: Database, slug: str) -> str:
    record = record_of(database, slug)
    renderer = Renderer(Urls("http://dateline.test"))
    return "".join(renderer.update(p, record.blog) for p in record.posts) + str(
        renderer.blog_header(record.blog)
    )


def test_no_vector_survives_a_legacy_text_import(database):
    lines = [
        f"UPDATE {23 - i // 60:02d}{59 - i % 60:02d} GMT: Before {v} after"
        for i, v in enumerate(ONE_LINE)
    ]
    run_import(database, "\n".join(lines).encode(), "hostile", day=date(2024, 1, 1))
    html = rendered(database, "hostile")
    assert html.count('<article class="update') == len(ONE_LINE)
    assert dangers(html) == []


def test_no_vector_survives_a_live_blog_page(database):
    updates = [
        {
            "datePublished": f"2024-05-01T{10 + i // 60:02d}:{i % 60:02d}:00Z",
            "headline": v,
            "articleBody": f"<p>Before {v} after</p>",
        }
        for i, v in enumerate(VECTORS)
    ]
    data = {"@type": "LiveBlogPosting", "headline": VECTORS[0], "description": VECTORS[1],
            "liveBlogUpdate": updates}  # fmt: skip
    script = json.dumps(data).replace("</", "<\\/")
    page = f'<html><head><script type="application/ld+json">{script}</script></head></html>'
    run_import(database, page.encode(), "hostile")
    html = rendered(database, "hostile")
    assert html.count('<article class="update') == len(VECTORS)
    assert dangers(html) == []
    for post in record_of(database, "hostile").posts:
        for block in post.blocks:
            if hasattr(block, "html"):
                assert block.html == sanitise_html(block.html)


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    handle = Database(f"sqlite:///{tmp_path_factory.mktemp('newsroom') / 'newsroom.db'}")
    migrate.upgrade(handle)
    build_newsroom_day(handle, other_first=False)
    yield handle, export_bytes(record_of(handle, SLUG))
    handle.close()


@pytest.fixture
def export(newsroom) -> dict:
    """A fresh copy of the export for each test to damage."""
    return json.loads(newsroom[1])


def first_text(blocks: list[dict]) -> int:
    return next(i for i, b in enumerate(blocks) if b["type"] == "text")


@pytest.mark.parametrize("vector", VECTORS[:12])
def test_an_export_carrying_script_is_refused_naming_the_element(newsroom, export, vector):
    database = newsroom[0]
    index = next(i for i, p in enumerate(export["posts"]) if p["status"] == "published"
                 and any(b["type"] == "text" for b in p["blocks"]))  # fmt: skip
    block = first_text(export["posts"][index]["blocks"])
    export["posts"][index]["blocks"][block]["html"] = f"<p>Before {vector} after</p>"
    before = whole_record(database)
    with pytest.raises(Invalid) as error:
        run_import(database, json.dumps(export).encode(), "tampered")
    assert f"posts[{index}].blocks[{block}].html" in str(error.value)
    assert whole_record(database) == before


def test_a_revision_carrying_script_is_refused_too(newsroom, export):
    database = newsroom[0]
    index = next(i for i, r in enumerate(export["revisions"]) if any(
        b["type"] == "text" for b in r["snapshot"]["blocks"]))  # fmt: skip
    block = first_text(export["revisions"][index]["snapshot"]["blocks"])
    export["revisions"][index]["snapshot"]["blocks"][block]["html"] = (
        '<a href="javascript:x()">a</a>'
    )
    with pytest.raises(Invalid) as error:
        run_import(database, json.dumps(export).encode(), "tampered")
    assert f"revisions[{index}].snapshot.blocks[{block}].html" in str(error.value)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda e: e.update(version=99), "version: this Dateline reads exports of version 1"),
        (lambda e: e["blog"].update(slug="Not A Slug"), "blog.slug"),
        (lambda e: e["posts"][0].update(published_at="yesterday"), "posts[0]"),
        (lambda e: e["revisions"][0].update(post_id=999999), "revisions[0].post_id"),
        (lambda e: e["changes"][1].update(seq=1), "changes[1].seq: sequence numbers must rise"),
        (lambda e: e["posts"][0].update(blocks="words"), "posts[0].blocks: must be a list"),
        (lambda e: e["claims"][0].update(statement="a\x00b"), "claims[0].statement"),
        (lambda e: e["sources"][0].update(kind="oracle"), "sources[0].kind"),
        (lambda e: e["posts"][0].update(authors=["x" * 500]), "posts[0].authors"),
    ],
    ids=[
        "version",
        "slug",
        "time",
        "orphan-revision",
        "seq",
        "blocks",
        "claim",
        "source",
        "author",
    ],
)
def test_a_damaged_export_names_the_element_and_imports_nothing(newsroom, export, change, where):
    database = newsroom[0]
    change(export)
    before = whole_record(database)
    with pytest.raises(Invalid) as error:
        run_import(database, json.dumps(export).encode(), "damaged")
    assert where in str(error.value)
    assert whole_record(database) == before


@pytest.mark.parametrize(
    "content",
    [
        b'{"format": "dateline-export", "blog": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
        b'<html><head><script type="application/ld+json">'
        + b"[" * 200_000
        + b"]" * 200_000
        + b"</script></head><body><p>x</p></body></html>",
    ],
    ids=["export", "json-ld"],
)
def test_a_file_nested_too_deeply_is_refused_not_a_crash(database, content):
    with pytest.raises(Invalid, match="nested too deeply"):
        run_import(database, content, "deep")
